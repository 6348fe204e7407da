package server

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/clauses"
	"koppel/match"
)

// printMatches is the number of enterprises the printable page shows per
// lot: with the lot's details and its market scan they fit one A4 page,
// so that the printed document has one page per lot.
const printMatches = 5

func (s *Server) printRoutes() []route {
	return []route{
		{Method: "GET", Path: "/opdrachten/:id/afdrukken", Summary: "Printable page of a tender's matches and market scans, one page per lot", Page: true, Rate: rateSearch, Handler: s.handleTenderPrintPage},
	}
}

// printPage is the printable page of a tender: per lot of one page of its
// lots, the best matches and (buyers, admins) the market scan.
type printPage struct {
	T     *koppel.Tender
	Lots  []printLot
	Query string // what was asked, printed on every page
	Date  string
	Back  string
	// When says where the tender stands in time (tenderWhen).
	When string
}

type printLot struct {
	*koppel.Lot
	Matches *match.LotMatches
	Scan    *DraftResponse
	CPV     []cpvView
}

func (s *Server) handleTenderPrintPage(c *gin.Context) {
	t, err := s.findVisibleTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	mp, err := readMatchPage(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	w := lotWindow(t, mp.lots, defaultLotsPerPage)
	ctx := c.Request.Context()
	res, err := s.Matcher.MatchTender(ctx, w, match.Options{Size: printMatches, IncludeIneligible: mp.all})
	if err != nil {
		s.writeError(c, err)
		return
	}
	p := caller(c)
	scans := p.role() == koppel.RoleBuyer || p.isAdmin()
	data := printPage{T: t, Date: timeNow().In(brussels()).Format("02/01/2006 15:04"), Back: "/opdrachten/" + url.PathEscape(t.ID)}
	outcomes, err := s.tenderOutcomes(c.Request.Context(), t.ID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	data.When = tenderWhen(lang(c), t.Status, t.Deadline, len(t.Lots), outcomes, koppel.DateOf(timeNow()))
	first := (mp.lots-1)*defaultLotsPerPage + 1
	data.Query = tr(c, "print.query", "ID", t.ID, "First", first, "Last", first+len(w.Lots)-1, "Total", len(t.Lots), "N", printMatches)
	if mp.all {
		data.Query += tr(c, "print.query_all")
	}
	if scans {
		data.Query += tr(c, "print.query_scans")
	}
	if mp.lots > 1 {
		data.Back += "?percelen=" + strconv.Itoa(mp.lots)
	}
	for i := range w.Lots {
		l := &w.Lots[i]
		pl := printLot{Lot: l}
		if i < len(res.Lots) {
			pl.Matches = &res.Lots[i]
		}
		for _, code := range l.CPV {
			cv := cpvView{Code: string(code)}
			if s.Reference != nil {
				if e, ok := s.Reference.CPV(code); ok {
					cv.Code, cv.Label = e.Full(), cpvLabel(lang(c), e)
				}
			}
			pl.CPV = append(pl.CPV, cv)
		}
		if scans && s.Candidates != nil {
			if pl.Scan, err = s.draftForLot(ctx, l, "", clauses.TemplateParams{Buyer: t.Buyer.Name, Object: objectText(l), ObjectFR: objectTextFR(l)}); err != nil {
				s.writeError(c, err)
				return
			}
		}
		data.Lots = append(data.Lots, pl)
	}
	s.render(c, http.StatusOK, "tender_print", tr(c, "print.title", "Title", t.Title), data)
}
