package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
)

// maxMyTenders is the most tenders Mijn opdrachten lists: the newest, a
// page of the store's largest size.
const maxMyTenders = 500

// myTendersPage is the Mijn opdrachten page: the caller's tenders grouped
// by status.
type myTendersPage struct {
	Groups []tenderGroup
	Total  int
	// Shown is how many tenders the page lists when Total is larger.
	Shown int
}

// tenderGroup is one heading of Mijn opdrachten.
type tenderGroup struct {
	Status koppel.TenderStatus
	Title  string
	Empty  string // what the page says when the group is empty
	Rows   []myTenderRow
}

type myTenderRow struct {
	ID, Title, Updated string
	// When says where the tender stands in time (tenderWhen).
	When   string
	Lots   int
	Status koppel.TenderStatus
	// Expired: published, but its deadline has passed (the server closes
	// it within the hour); it is listed with the closed ones.
	Expired bool
}

// myTenderGroups are the groups of Mijn opdrachten, in the order a tender
// goes through them.
func myTenderGroups() []tenderGroup {
	return []tenderGroup{
		{Status: koppel.TenderDraft, Title: "Ontwerpen", Empty: "Geen ontwerpen. Een nieuwe opdracht begint als ontwerp: alleen u ziet ze."},
		{Status: koppel.TenderPublished, Title: "Gepubliceerd", Empty: "Geen gepubliceerde opdrachten."},
		{Status: koppel.TenderAnnounced, Title: "Aangekondigd"},
		{Status: koppel.TenderClosed, Title: "Afgesloten", Empty: "Geen afgesloten opdrachten."},
		{Status: koppel.TenderWithdrawn, Title: "Ingetrokken"},
	}
}

func (s *Server) myTenderRoutes() []route {
	return []route{
		{Method: "GET", Path: "/mijn-opdrachten", Summary: "Mijn opdrachten: the buyer's tenders by status (an admin: all)", Page: true, Roles: buyerOrAdmin, Rate: rateSearch, Handler: s.handleMyTendersPage},
	}
}

// handleMyTendersPage lists the caller's tenders, newest first, grouped
// by status: a buyer's own, every tender for an admin.
func (s *Server) handleMyTendersPage(c *gin.Context) {
	p := caller(c)
	f := koppel.TenderFilter{Limit: maxMyTenders}
	if !p.isAdmin() {
		f.Owner = p.Token.Buyer
	}
	list, total, err := s.Tenders.FindTenders(c.Request.Context(), f)
	if err != nil {
		s.writeError(c, err)
		return
	}
	data := myTendersPage{Groups: myTenderGroups(), Total: total, Shown: len(list)}
	today := koppel.DateOf(timeNow())
	for _, t := range list {
		row := myTenderRow{ID: t.ID, Title: t.Title, Lots: len(t.Lots), Status: t.Status, Expired: t.Expired(today), Updated: koppel.DateOf(t.UpdatedAt).Dutch()}
		outcomes, err := s.tenderOutcomes(c.Request.Context(), t.ID)
		if err != nil {
			s.writeError(c, err)
			return
		}
		row.When = tenderWhen(lang(c), t.Status, t.Deadline, len(t.Lots), outcomes, today)
		st := t.Status
		if row.Expired {
			st = koppel.TenderClosed
		}
		for i := range data.Groups {
			if data.Groups[i].Status == st {
				data.Groups[i].Rows = append(data.Groups[i].Rows, row)
			}
		}
	}
	s.render(c, http.StatusOK, "mytenders", tr(c, "nav.my_tenders"), data)
}
