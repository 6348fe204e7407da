package server

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/ingest"
)

func (s *Server) tenderRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/tenders", Summary: "Published tenders (and the caller's own drafts)", Tag: "tenders",
			Query: append([]param{{Name: "status", In: "query", Type: "string", Description: "draft, published or closed"}}, pageParamsDoc...),
			Rate:  rateSearch, Response: TenderList{}, Handler: s.handleTenderList},
		{Method: "POST", Path: "/api/v1/tenders", Summary: "Create a tender (buyer or admin)", Tag: "tenders",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: koppel.Tender{}, Response: koppel.Tender{}, Handler: s.handleTenderCreate},
		{Method: "POST", Path: "/api/v1/tenders/import", Summary: "Import tenders: an eForms XML notice or a tender spreadsheet (multipart field file, or the raw body with its Content-Type)", Tag: "tenders",
			Roles: buyerOrAdmin, Body: bodyUpload, Rate: rateWrite, Response: ingest.TenderResult{}, Handler: s.handleTenderImport},
		{Method: "GET", Path: "/api/v1/tenders/:id", Summary: "One tender; a draft only for its buyer and admins", Tag: "tenders", Response: koppel.Tender{}, Handler: s.handleTenderView},
		{Method: "PUT", Path: "/api/v1/tenders/:id", Summary: "Replace a tender (its buyer or an admin)", Tag: "tenders",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: koppel.Tender{}, Response: koppel.Tender{}, Handler: s.handleTenderPut},
		{Method: "DELETE", Path: "/api/v1/tenders/:id", Summary: "Delete a tender (its buyer or an admin)", Tag: "tenders",
			Roles: buyerOrAdmin, Rate: rateWrite, Handler: s.handleTenderDelete},
	}
}

// TenderList is a page of tenders.
type TenderList struct {
	Tenders []*koppel.Tender `json:"tenders"`
	Total   int              `json:"total"`
	Page    int              `json:"page"`
	Size    int              `json:"size"`
}

// findVisibleTender returns the tender if the caller may see it, and
// ENOTFOUND otherwise: someone else's draft does not exist for the caller.
func (s *Server) findVisibleTender(c *gin.Context) (*koppel.Tender, error) {
	id := c.Param("id")
	t, err := s.Tenders.FindTenderByID(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	if !canSeeTender(caller(c), t) {
		return nil, koppel.Errorf(koppel.ENOTFOUND, "opdracht %q bestaat niet", id)
	}
	return t, nil
}

func (s *Server) handleTenderView(c *gin.Context) {
	t, err := s.findVisibleTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}

func (s *Server) handleTenderList(c *gin.Context) {
	page, size, err := pageParams(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	status := koppel.TenderStatus(c.Query("status"))
	if status != "" && !slices.Contains([]koppel.TenderStatus{koppel.TenderDraft, koppel.TenderPublished, koppel.TenderClosed}, status) {
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "status %q is ongeldig: draft, published of closed", status))
		return
	}
	p := caller(c)
	f := koppel.TenderFilter{Status: status, HideDrafts: !p.isAdmin(), Offset: (page - 1) * size, Limit: size}
	if p.role() == koppel.RoleBuyer {
		f.DraftsOf = p.Token.Buyer
	}
	list, total, err := s.Tenders.FindTenders(c.Request.Context(), f)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, TenderList{Tenders: list, Total: total, Page: page, Size: size})
}

func (s *Server) handleTenderCreate(c *gin.Context) {
	var t koppel.Tender
	if err := decodeJSON(c, &t); err != nil {
		s.writeError(c, err)
		return
	}
	p := caller(c)
	if !p.isAdmin() {
		t.Owner = p.Token.Buyer // a buyer always owns what it creates
	}
	if t.ID == "" {
		t.ID = newTenderID()
	} else if _, err := s.Tenders.FindTenderByID(c.Request.Context(), t.ID); err == nil {
		s.writeError(c, koppel.Errorf(koppel.ECONFLICT, "er bestaat al een opdracht met id %q", t.ID))
		return
	}
	if t.Source.Kind == "" {
		t.Source.Kind = "form"
	}
	s.saveTender(c, &t, http.StatusCreated)
}

func (s *Server) handleTenderPut(c *gin.Context) {
	old, err := s.findVisibleTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if !ownsTender(caller(c), old) {
		s.forbidden(c, "opdracht "+old.ID)
		return
	}
	var t koppel.Tender
	if err := decodeJSON(c, &t); err != nil {
		s.writeError(c, err)
		return
	}
	if t.ID != "" && t.ID != old.ID {
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "het id in de gegevens (%s) verschilt van dat in de URL (%s)", t.ID, old.ID))
		return
	}
	t.ID, t.Owner, t.CreatedAt = old.ID, old.Owner, old.CreatedAt
	if caller(c).isAdmin() && t.Owner == "" {
		t.Owner = old.Owner
	}
	if t.Source.Kind == "" {
		t.Source = old.Source
	}
	if t.Status == "" {
		t.Status = old.Status // an edit does not unpublish
	}
	s.saveTender(c, &t, http.StatusOK)
}

func (s *Server) saveTender(c *gin.Context, t *koppel.Tender, status int) {
	if err := t.Validate(s.Reference); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Tenders.PutTender(c.Request.Context(), t); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.sync(c); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(status, t)
}

func (s *Server) handleTenderDelete(c *gin.Context) {
	t, err := s.findVisibleTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if !ownsTender(caller(c), t) {
		s.forbidden(c, "opdracht "+t.ID)
		return
	}
	if err := s.Tenders.DeleteTender(c.Request.Context(), t.ID); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.sync(c); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) handleTenderImport(c *gin.Context) {
	name, data, err := s.readUploadedFile(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	p := caller(c)
	req := ingest.TenderRequest{File: name, Data: data, MayReplace: func(t *koppel.Tender) bool { return ownsTender(p, t) }}
	if !p.isAdmin() {
		req.Owner = p.Token.Buyer
	}
	res, err := s.Importer.Tenders(c.Request.Context(), s.Tenders, req)
	if err != nil {
		s.CountImport("tenders", "failed")
		s.writeError(c, err)
		return
	}
	s.CountImport("tenders", "imported")
	c.JSON(http.StatusCreated, res)
}

func newTenderID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "T-" + strings.ToUpper(hex.EncodeToString(b[:]))
}
