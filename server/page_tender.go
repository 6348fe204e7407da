package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/match"
)

// tenderListPage is what the Opdrachten page shows.
type tenderListPage struct {
	Tenders []tenderSummary
	Total   int
	Pager   pager
}

type tenderSummary struct {
	*koppel.Tender
	Places  []string
	Clauses []string
}

type tenderPage struct {
	T    *koppel.Tender
	Lots []lotView
	Own  bool
}

type lotView struct {
	*koppel.Lot
	Matches *match.LotMatches
	CPV     []cpvView
	Clauses []clauseView
	Period  string
	Value   string
	Volume  string
}

type clauseView struct {
	Label  string
	Detail string
}

func (s *Server) handleTenderListPage(c *gin.Context) {
	page, size, err := pageParams(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	p := caller(c)
	f := koppel.TenderFilter{HideDrafts: !p.isAdmin(), Offset: (page - 1) * size, Limit: size}
	if p.role() == koppel.RoleBuyer {
		f.DraftsOf = p.Token.Buyer
	}
	list, total, err := s.Tenders.FindTenders(c.Request.Context(), f)
	if err != nil {
		s.writeError(c, err)
		return
	}
	data := tenderListPage{Total: total, Pager: newPager(c, page, size, total)}
	for _, t := range list {
		data.Tenders = append(data.Tenders, summarizeTender(t))
	}
	s.render(c, http.StatusOK, "tenders", "Opdrachten", data)
}

func summarizeTender(t *koppel.Tender) tenderSummary {
	ts := tenderSummary{Tender: t}
	seenP, seenC := map[string]bool{}, map[string]bool{}
	for _, l := range t.Lots {
		if l.City != "" && !seenP[l.City] {
			seenP[l.City] = true
			ts.Places = append(ts.Places, l.City)
		}
		for _, cl := range l.Clauses {
			if info, ok := cl.Kind.Info(); ok && !seenC[info.Label] {
				seenC[info.Label] = true
				ts.Clauses = append(ts.Clauses, info.Label)
			}
		}
	}
	return ts
}

func (s *Server) handleTenderPage(c *gin.Context) {
	t, err := s.findVisibleTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	data := tenderPage{T: t, Own: ownsTender(caller(c), t)}
	matches, err := s.Matcher.MatchTender(c.Request.Context(), t, match.Options{Size: 5})
	if err != nil {
		s.writeError(c, err)
		return
	}
	for i := range t.Lots {
		l := &t.Lots[i]
		lv := lotView{Lot: l}
		if i < len(matches.Lots) {
			lv.Matches = &matches.Lots[i]
		}
		for _, code := range l.CPV {
			cv := cpvView{Code: string(code)}
			if s.Reference != nil {
				if e, ok := s.Reference.CPV(code); ok {
					cv.Code, cv.Label = e.Full(), e.NL
				}
			}
			lv.CPV = append(lv.CPV, cv)
		}
		for _, cl := range l.Clauses {
			info, _ := cl.Kind.Info()
			cv := clauseView{Label: info.Label, Detail: cl.Text}
			if cl.Weight > 0 {
				cv.Label += " (" + dutchNum(cl.Weight, 1) + " %)"
			}
			lv.Clauses = append(lv.Clauses, cv)
		}
		switch {
		case !l.Start.IsZero() && !l.End.IsZero():
			lv.Period = l.Start.Dutch() + " – " + l.End.Dutch()
		case !l.Start.IsZero():
			lv.Period = "vanaf " + l.Start.Dutch()
		}
		if l.VolumeFTE > 0 {
			lv.Volume = dutchNum(l.VolumeFTE, 1) + " VTE"
		}
		if l.Value > 0 {
			lv.Value = "€ " + dutchNum(l.Value, 0)
		}
		data.Lots = append(data.Lots, lv)
	}
	s.render(c, http.StatusOK, "tender", t.Title, data)
}
