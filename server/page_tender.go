package server

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/match"
	"koppel/search"
)

// tenderListPage is what the Opdrachten page shows: the same search, and
// the same visibility, as GET /api/v1/tenders.
type tenderListPage struct {
	Q      string
	Result *search.TenderResult
	Rows   []tenderRow
	Pager  pager
}

type tenderRow struct {
	search.TenderHit
	Title   template.HTML
	Places  []string
	Clauses []string
}

type tenderPage struct {
	T    *koppel.Tender
	Lots []lotView
	Own  bool
	// Contacts of the matched enterprises, so a buyer can call them.
	Contacts map[koppel.KBO]koppel.Contact
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
	q, err := tenderQuery(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	res, err := s.Search.Tenders(c.Request.Context(), q)
	if err != nil {
		s.writeError(c, err)
		return
	}
	data := tenderListPage{Q: q.Text, Result: res, Pager: newPager(c, res.Page, res.Size, res.Total)}
	for _, h := range res.Hits {
		row := tenderRow{TenderHit: h, Title: template.HTML(template.HTMLEscapeString(h.Tender.Title))}
		if hl := h.Highlights["title"]; len(hl) > 0 {
			row.Title = template.HTML(hl[0]) // escaped by the searcher, <mark> only
		}
		seenP, seenC := map[string]bool{}, map[string]bool{}
		for _, l := range h.Tender.Lots {
			if l.Municipality != "" && !seenP[l.Municipality] {
				seenP[l.Municipality] = true
				row.Places = append(row.Places, l.Municipality)
			}
			for _, k := range l.Clauses {
				if label := kindLabel(k); !seenC[label] {
					seenC[label] = true
					row.Clauses = append(row.Clauses, label)
				}
			}
		}
		data.Rows = append(data.Rows, row)
	}
	s.render(c, http.StatusOK, "tenders", "Opdrachten", data)
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
			s.addContacts(c, &data, lv.Matches.Matches)
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

// addContacts reads the contact details of the matched enterprises that
// are not known yet: at most the page size of matches per lot.
func (s *Server) addContacts(c *gin.Context, data *tenderPage, ms []match.Match) {
	for _, m := range ms {
		if _, ok := data.Contacts[m.Enterprise.KBO]; ok {
			continue
		}
		if data.Contacts == nil {
			data.Contacts = map[koppel.KBO]koppel.Contact{}
		}
		if e, err := s.Enterprises.FindEnterpriseByKBO(c.Request.Context(), m.Enterprise.KBO); err == nil {
			data.Contacts[m.Enterprise.KBO] = e.Contact
		}
	}
}
