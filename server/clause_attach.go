package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/clauses"
	"koppel/i18n"
)

// clauseAttachRoutes put a drafted clause on a lot of the caller's own
// tender: the buttons "Voeg deze clausule toe aan perceel N" of the clause
// assistant, and the same in the API.
func (s *Server) clauseAttachRoutes() []route {
	return []route{
		{Method: "POST", Path: "/api/v1/tenders/:id/lots/:lot/clauses", Summary: "Put a social clause on a lot (its buyer or an admin): it takes the place of the lot's clause of that kind; the eForms codes come from the clause catalogue", Tag: "clauses",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: ClauseAttachRequest{}, Response: koppel.Tender{}, Handler: s.handleClauseAttach},
		{Method: "POST", Path: "/opdrachten/:id/clausule", Summary: "Put the drafted clause on a lot of the tender (form; its buyer or an admin)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleClauseAttachForm},
	}
}

// ClauseAttachRequest is the clause to put on a lot.
type ClauseAttachRequest struct {
	Kind koppel.ClauseKind `json:"kind"`
	Text string            `json:"text,omitempty"`
	// Weight is an award criterion's weight in percent (BT-541).
	Weight float64 `json:"weight,omitempty"`
}

// clauseAttach is the offer on the clause assistant's page to put the
// drafted clause on a lot of the buyer's tender.
type clauseAttach struct {
	TenderID, Title string
	Lots            []koppel.Lot
	Kind            koppel.ClauseKind
	Text, Weight    string
	// Lang is the language of Text: see attachLanguage.
	Lang string
}

// attachOffer returns the offer for the tender with id when the caller
// may change it, else nil.
func (s *Server) attachOffer(c *gin.Context, id string, d *clauses.Draft) *clauseAttach {
	if id == "" || d == nil {
		return nil
	}
	t, err := s.Tenders.FindTenderByID(c.Request.Context(), id)
	if err != nil || !ownsTender(caller(c), t) {
		return nil
	}
	a := &clauseAttach{TenderID: t.ID, Title: t.Title, Lots: t.Lots, Kind: d.Kind, Text: d.TextNL, Lang: "nl"}
	if attachLanguage(t, lang(c)) == "fr" && d.TextFR != "" {
		a.Text, a.Lang = d.TextFR, "fr"
	}
	if w, ok := d.EForms["BT-541"]; ok {
		a.Weight, _ = w.(string)
	}
	return a
}

// attachLanguage is the language of the clause text offered to put on t:
// the language t is written in when it says one, else the reader's when
// that is French. The clause texts exist in Dutch and French, the languages
// of a Belgian tender; otherwise Dutch.
func attachLanguage(t *koppel.Tender, reader i18n.Lang) string {
	if l, ok := koppel.ParseLanguage(t.Language); ok && t.Language != "" {
		return l
	}
	if reader == i18n.FR {
		return "fr"
	}
	return "nl"
}

// attachClause puts the clause on lot lotID of t and stores t.
func (s *Server) attachClause(c *gin.Context, t *koppel.Tender, lotID string, req ClauseAttachRequest) error {
	cl, err := clauses.Load().LotClause(req.Kind, req.Text, req.Weight)
	if err != nil {
		return err
	}
	for i := range t.Lots {
		if t.Lots[i].ID == lotID {
			t.Lots[i].AttachClause(cl)
			t.UpdatedAt = timeNow().UTC()
			return s.storeTender(c, t)
		}
	}
	return koppel.Errorf(koppel.ENOTFOUND, "opdracht %s heeft geen perceel %q", t.ID, lotID).WithKey("error.lot_not_found", "Tender", t.ID, "Lot", lotID)
}

func (s *Server) handleClauseAttach(c *gin.Context) {
	t, err := s.findOwnTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var req ClauseAttachRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.attachClause(c, t, c.Param("lot"), req); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, t)
}

func (s *Server) handleClauseAttachForm(c *gin.Context) {
	t, err := s.findOwnTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	req := ClauseAttachRequest{Kind: koppel.ClauseKind(c.PostForm("kind")), Text: c.PostForm("text")}
	if w := c.PostForm("weight"); w != "" {
		if req.Weight, err = strconv.ParseFloat(strings.Replace(w, ",", ".", 1), 64); err != nil {
			s.writeError(c, koppel.Errorf(koppel.EINVALID, "gewicht %q: geef een percentage, bv. 15", w).WithKey("error.clause_weight_value", "Value", w))
			return
		}
	}
	lot := c.PostForm("lot")
	if err := s.attachClause(c, t, lot, req); err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/opdrachten/"+t.ID+"#perceel-"+url.PathEscape(lot))
}
