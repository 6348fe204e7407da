package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
)

// bodyEditForm bounds the Opdracht bewerken form: every lot of a tender
// (up to koppel.MaxLots) comes back with its fields.
const bodyEditForm int64 = 1 << 20

// tenderEditRoutes are the pages and API routes with which a buyer manages
// its own tenders: edit, close, withdraw, delete a draft (publishing is
// handleTenderPublish). Only the tender's buyer account or an admin
// passes findOwnTender; someone else's draft answers 404, someone else's
// published tender 403.
func (s *Server) tenderEditRoutes() []route {
	return []route{
		{Method: "PATCH", Path: "/api/v1/tenders/:id", Summary: "Change a tender's status (its buyer or an admin): published (from draft), closed or withdrawn (from published or announced)", Tag: "tenders",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: TenderPatch{}, Response: koppel.Tender{}, Handler: s.handleTenderPatch},
		{Method: "GET", Path: "/opdrachten/:id/bewerken", Summary: "Edit a tender (form; its buyer or an admin)", Page: true, Roles: buyerOrAdmin, Handler: s.handleTenderEditPage},
		{Method: "POST", Path: "/opdrachten/:id/bewerken", Summary: "Save an edited tender (form)", Page: true, Roles: buyerOrAdmin, Body: bodyEditForm, Rate: rateWrite, Handler: s.handleTenderEditForm},
		{Method: "POST", Path: "/opdrachten/:id/sluiten", Summary: "Close a published tender (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.tenderStatusForm(koppel.TenderClosed)},
		{Method: "POST", Path: "/opdrachten/:id/intrekken", Summary: "Withdraw a published tender (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.tenderStatusForm(koppel.TenderWithdrawn)},
		{Method: "GET", Path: "/opdrachten/:id/verwijderen", Summary: "Confirm deleting a draft tender", Page: true, Roles: buyerOrAdmin, Handler: s.handleTenderDeletePage},
		{Method: "POST", Path: "/opdrachten/:id/verwijderen", Summary: "Delete a draft tender (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleTenderDeleteForm},
	}
}

// TenderPatch is the body of PATCH /api/v1/tenders/{id}: the status to
// move the tender to.
type TenderPatch struct {
	Status koppel.TenderStatus `json:"status"`
}

func (s *Server) handleTenderPatch(c *gin.Context) {
	t, err := s.findOwnTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var p TenderPatch
	if err := decodeJSON(c, &p); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.changeTenderStatus(c, t, p.Status); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}

// changeTenderStatus moves t to status to (koppel.Tender.ChangeStatus) and
// stores it; a tender already in that status is left as it is.
func (s *Server) changeTenderStatus(c *gin.Context, t *koppel.Tender, to koppel.TenderStatus) error {
	from := t.Status
	if err := t.ChangeStatus(to); err != nil || t.Status == from {
		return err
	}
	t.UpdatedAt = timeNow().UTC()
	return s.storeTender(c, t)
}

// tenderStatusForm is the button on the tender page that moves the tender
// to status to, then shows the tender again, saying what changed
// (statusNotice).
func (s *Server) tenderStatusForm(to koppel.TenderStatus) gin.HandlerFunc {
	return func(c *gin.Context) {
		t, err := s.findOwnTender(c)
		if err != nil {
			s.writeError(c, err)
			return
		}
		if err := s.changeTenderStatus(c, t, to); err != nil {
			s.writeError(c, err)
			return
		}
		c.Redirect(http.StatusSeeOther, "/opdrachten/"+t.ID+"?status="+string(to))
	}
}

// tenderForm fills the tender form from a stored tender, one slot per lot
// and empty slots up to maxFormLots (one more when the tender has that
// many, up to koppel.MaxLots), so that a lot can be added.
func (s *Server) tenderForm(lang i18n.Lang, t *koppel.Tender, fixed bool) newTenderForm {
	f := newTenderForm{Title: t.Title, Buyer: t.Buyer.Name, BuyerFixed: fixed, Description: t.Description, Status: string(t.Status), lang: lang}
	if !t.Deadline.IsZero() {
		f.Deadline = t.Deadline.Dutch()
	}
	for i := range t.Lots {
		l := &t.Lots[i]
		lf := lotForm{N: i + 1, ID: l.ID, Title: l.Title, Description: l.Description, CPV: s.cpvField(l.CPV), Postcode: l.Postcode, Clauses: s.clauseViews(lang, l.Clauses), Groups: groupCodes(l.TargetGroups)}
		if !l.Start.IsZero() {
			lf.Start = l.Start.Dutch()
		}
		if !l.End.IsZero() {
			lf.End = l.End.Dutch()
		}
		if l.VolumeFTE > 0 {
			lf.Volume = strings.Replace(strconv.FormatFloat(l.VolumeFTE, 'f', -1, 64), ".", ",", 1)
		}
		if len(l.Clauses) > 0 {
			lf.Clause = string(l.Clauses[0].Kind)
		}
		f.Lots = append(f.Lots, lf)
	}
	for n := len(f.Lots) + 1; n <= max(maxFormLots, len(t.Lots)+1) && n <= koppel.MaxLots; n++ {
		f.Lots = append(f.Lots, lotForm{N: n})
	}
	return f
}

// cpvField writes CPV codes as the form's field shows them: with their
// check digit, separated by "; ".
func (s *Server) cpvField(codes []koppel.CPV) string {
	out := make([]string, 0, len(codes))
	for _, code := range codes {
		full := string(code)
		if s.Reference != nil {
			if e, ok := s.Reference.CPV(code); ok {
				full = e.Full()
			}
		}
		out = append(out, full)
	}
	return strings.Join(out, "; ")
}

func (s *Server) handleTenderEditPage(c *gin.Context) {
	t, err := s.findOwnTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.render(c, http.StatusOK, "newtender", tr(c, "newtender.edit_title"), newTenderPage{Form: s.tenderForm(lang(c), t, !caller(c).isAdmin()), Kinds: koppel.ClauseKinds, Edit: t})
}

// handleTenderEditForm saves the edited tender: the form's fields on top
// of the stored tender, whose ID, owner, source, status, language and
// buyer details stay; a buyer's organisation stays what it was.
func (s *Server) handleTenderEditForm(c *gin.Context) {
	old, err := s.findOwnTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	t := *old
	t.UpdatedAt = timeNow().UTC()
	f, slots := s.readTenderForm(c, &t, old)
	if f.BuyerFixed || strings.TrimSpace(f.Buyer) == "" {
		t.Buyer.Name, f.Buyer = old.Buyer.Name, old.Buyer.Name // an admin who leaves it empty keeps it
	}
	f.Status = string(t.Status)
	if err := t.Validate(s.Reference); err != nil {
		f.addValidation(err, slots)
	}
	if f.Errors.Any() {
		f.Errors.sort()
		s.render(c, http.StatusBadRequest, "newtender", tr(c, "newtender.edit_title"), newTenderPage{Form: f, Kinds: koppel.ClauseKinds, Edit: old})
		return
	}
	if err := s.storeTender(c, &t); err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/opdrachten/"+t.ID)
}

// draftOnly refuses to delete a tender that is not a draft from the page:
// a published tender was seen by enterprises, so it is withdrawn instead.
func draftOnly(t *koppel.Tender) error {
	if t.Status != koppel.TenderDraft {
		return koppel.Errorf(koppel.ECONFLICT, "alleen een ontwerp kunt u verwijderen; deze opdracht is %s. Trek een gepubliceerde opdracht in of sluit ze af.", t.Status.Label()).
			WithKey("error.api_delete_draft_only", "Status", statusText(t.Status))
	}
	return nil
}

// statusText says a tender's status in the reader's language, as the
// tender page's labels do ("gepubliceerd", "publié", "published").
func statusText(st koppel.TenderStatus) i18n.Localized {
	return func(l i18n.Lang) string {
		if st == koppel.TenderPublished {
			return i18n.T(l, "api.status_published")
		}
		return i18n.T(l, "status."+string(st))
	}
}

func (s *Server) handleTenderDeletePage(c *gin.Context) {
	t, err := s.findOwnTender(c)
	if err == nil {
		err = draftOnly(t)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.render(c, http.StatusOK, "tenderdelete", tr(c, "tender.delete_draft"), t)
}

func (s *Server) handleTenderDeleteForm(c *gin.Context) {
	t, err := s.findOwnTender(c)
	if err == nil {
		err = draftOnly(t)
	}
	if err == nil {
		err = s.Tenders.DeleteTender(c.Request.Context(), t.ID)
	}
	if err == nil {
		err = s.syncTenders(c)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/mijn-opdrachten")
}
