package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/importers"
	"koppel/ingest"
	"koppel/search"
)

func (s *Server) tenderRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/tenders", Summary: "Published tenders (and the caller's own drafts)", Tag: "tenders",
			Query: append([]param{
				{Name: "q", In: "query", Type: "string", Description: "free text over tenders and lots"},
				{Name: "status", In: "query", Type: "string", Description: "published, announced (prior information notices of reserved lots) and own drafts by default; or one of published, announced, closed, withdrawn, draft (own drafts)"},
				{Name: "clause", In: "query", Type: "string", Description: "clause kind, e.g. res-ws"},
				{Name: "buyer_type", In: "query", Type: "string", Description: "eForms buyer-legal-type"},
				{Name: "cpv", In: "query", Type: "string"},
				{Name: "province", In: "query", Type: "string"},
				{Name: "postcode", In: "query", Type: "string"},
				{Name: "radius_km", In: "query", Type: "number"},
				{Name: "deadline_after", In: "query", Type: "string", Description: "date, 2027-01-31"},
			}, pageParamsDoc...),
			Rate: rateSearch, Response: search.TenderResult{}, Handler: s.handleTenderList},
		{Method: "POST", Path: "/api/v1/tenders", Summary: "Create a tender (buyer or admin)", Tag: "tenders",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: koppel.Tender{}, Response: koppel.Tender{}, Handler: s.handleTenderCreate},
		{Method: "POST", Path: "/api/v1/tenders/import", Summary: "Import tenders: an eForms XML notice or a tender spreadsheet (multipart field file, or the raw body with its Content-Type)", Tag: "tenders",
			Roles: buyerOrAdmin, Body: bodyUpload, Rate: rateWrite, Response: ingest.TenderResult{}, Handler: s.handleTenderImport},
		{Method: "GET", Path: "/api/v1/tenders/template.xlsx", Summary: "The tender spreadsheet template (one row per lot)", Tag: "tenders", ContentType: xlsxType, Handler: s.handleTenderTemplate},
		{Method: "GET", Path: "/api/v1/tenders/:id", Summary: "One tender; a draft only for its buyer and admins", Tag: "tenders", Response: koppel.Tender{}, Handler: s.handleTenderView},
		{Method: "PUT", Path: "/api/v1/tenders/:id", Summary: "Replace a tender (its buyer or an admin)", Tag: "tenders",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: koppel.Tender{}, Response: koppel.Tender{}, Handler: s.handleTenderPut},
		{Method: "DELETE", Path: "/api/v1/tenders/:id", Summary: "Delete a tender (its buyer or an admin)", Tag: "tenders",
			Roles: buyerOrAdmin, Rate: rateWrite, Handler: s.handleTenderDelete},
	}
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
		return nil, koppel.Errorf(koppel.ENOTFOUND, "opdracht %q bestaat niet", id).WithKey("error.tender_not_found", "ID", id)
	}
	return t, nil
}

// findOwnTender returns the tender of the URL when the caller may change
// it: its buyer account or an admin. A tender the caller cannot see
// answers ENOTFOUND, one it can see but not change EFORBIDDEN.
func (s *Server) findOwnTender(c *gin.Context) (*koppel.Tender, error) {
	t, err := s.findVisibleTender(c)
	if err != nil {
		return nil, err
	}
	if !ownsTender(caller(c), t) {
		return nil, forbiddenErr("tender", t.ID)
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
	c.JSON(http.StatusOK, res)
}

// tenderQuery reads a tender search from the URL, limited to what the
// caller may see (koppel.Viewer.SeesTender): published tenders and the
// drafts the caller sees (a buyer's own, all for an admin), or only the
// status asked for.
func tenderQuery(c *gin.Context) (search.TenderQuery, error) {
	q := search.TenderQuery{Text: c.Query("q"), Clause: koppel.ClauseKind(c.Query("clause")), BuyerType: c.Query("buyer_type"),
		CPV: c.Query("cpv"), Province: c.Query("province"), Postcode: c.Query("postcode")}
	var err error
	if q.Page, q.Size, err = pageParams(c); err != nil {
		return q, err
	}
	if q.RadiusKm, err = radiusParam(c); err != nil {
		return q, err
	}
	if v := c.Query("deadline_after"); v != "" {
		if q.DeadlineAfter, err = koppel.ParseDate(v); err != nil {
			return q, err
		}
	}
	q.Viewer = caller(c).viewer()
	switch st := koppel.TenderStatus(c.Query("status")); st {
	case "":
	case koppel.TenderPublished, koppel.TenderClosed, koppel.TenderDraft, koppel.TenderAnnounced, koppel.TenderWithdrawn:
		// status=draft lists only the drafts the caller sees: a buyer's own,
		// all for an admin, none for anyone else.
		q.Statuses = []koppel.TenderStatus{st}
	default:
		return q, koppel.Errorf(koppel.EINVALID, "onbekende status %q: kies draft (ontwerp), published (gepubliceerd), announced (aangekondigd), closed (afgesloten) of withdrawn (ingetrokken)", st).WithKey("error.tender_status", "Value", string(st))
	}
	return q, nil
}

func (s *Server) handleTenderCreate(c *gin.Context) {
	var t koppel.Tender
	if err := decodeJSON(c, &t); err != nil {
		s.writeError(c, err)
		return
	}
	p := caller(c)
	switch {
	case !p.isAdmin() && t.ID != "":
		// Koppel chooses a buyer's tender IDs: a chosen ID could clash with
		// another buyer's draft, and the answer would tell it exists.
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "laat het veld id weg: Koppel kiest het id van een nieuwe opdracht zelf (u vindt het in het antwoord)").WithKey("error.tender_id_given"))
		return
	case t.ID == "":
		t.ID = newTenderID()
	case !koppel.ValidTenderID(t.ID):
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "het kenmerk %q van de opdracht mag hoogstens %d letters, cijfers, '-' en '_' hebben", t.ID, koppel.MaxTenderIDLen).WithKey("error.tender_id_form", "ID", t.ID, "Max", koppel.MaxTenderIDLen))
		return
	default: // an admin's ID; admins see every tender, so a clash tells nothing
		if _, err := s.Tenders.FindTenderByID(c.Request.Context(), t.ID); err == nil {
			s.writeError(c, koppel.Errorf(koppel.ECONFLICT, "er bestaat al een opdracht met id %q", t.ID).WithKey("error.tender_id_taken", "ID", t.ID))
			return
		}
	}
	if !p.isAdmin() {
		p.claim(&t, nil)
	} else if t.Source.Kind == "" {
		t.Source.Kind = "form"
	}
	s.saveTender(c, &t, http.StatusCreated)
}

// claim makes t a tender of buyer account p, whatever the request said: p
// owns it, its buyer is p's organisation (old's name when editing a
// tender that has one, e.g. from a notice), and its source is old's or the
// form; only an eForms import of the buyer's own notice, or an admin, sets a
// notice ID.
func (p principal) claim(t *koppel.Tender, old *koppel.Tender) {
	t.Owner = p.Token.Buyer
	t.Buyer.Name = p.Token.Buyer
	t.Source = koppel.TenderSource{Kind: "form"}
	if old != nil {
		t.Owner, t.Source = old.Owner, old.Source
		if old.Buyer.Name != "" {
			t.Buyer.Name = old.Buyer.Name
		}
	}
}

func (s *Server) handleTenderPut(c *gin.Context) {
	old, err := s.findOwnTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var t koppel.Tender
	if err := decodeJSON(c, &t); err != nil {
		s.writeError(c, err)
		return
	}
	if t.ID != "" && t.ID != old.ID {
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "het id in de gegevens (%s) verschilt van dat in de URL (%s)", t.ID, old.ID).WithKey("error.tender_id_mismatch", "Body", t.ID, "URL", old.ID))
		return
	}
	owner := t.Owner
	t.ID, t.Owner, t.CreatedAt = old.ID, old.Owner, old.CreatedAt
	if p := caller(c); !p.isAdmin() {
		p.claim(&t, old)
	} else {
		if owner != "" {
			t.Owner = owner // an admin gives the tender (and its notice) to a buyer account
		}
		if t.Source.Kind == "" {
			t.Source = old.Source
		}
	}
	if t.Status == "" {
		t.Status = old.Status // an edit does not unpublish
	}
	s.saveTender(c, &t, http.StatusOK)
}

func (s *Server) saveTender(c *gin.Context, t *koppel.Tender, status int) {
	if err := s.storeTender(c, t); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(status, t)
}

// storeTender validates and stores t, and answers only once the change is
// searchable: every route that writes a tender goes through it.
func (s *Server) storeTender(c *gin.Context, t *koppel.Tender) error {
	if err := t.Validate(s.Reference); err != nil {
		return err
	}
	if err := s.Tenders.PutTender(c.Request.Context(), t); err != nil {
		return err
	}
	if err := s.syncTenders(c); err != nil {
		return err
	}
	if t.Status == koppel.TenderPublished {
		// The key is the tender's: a published tender edited later is
		// announced once.
		s.notify(c.Request.Context(), koppel.Event{
			Key: string(koppel.EventTenderPublished) + "/" + t.ID, Kind: koppel.EventTenderPublished,
			Subject: t.ID, Buyer: t.Owner,
		})
	}
	return nil
}

func (s *Server) handleTenderDelete(c *gin.Context) {
	t, err := s.findOwnTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Tenders.DeleteTender(c.Request.Context(), t.ID); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.syncTenders(c); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// handleTenderTemplate sends the tender template in the request's
// language.
func (s *Server) handleTenderTemplate(c *gin.Context) {
	var buf bytes.Buffer
	l := lang(c)
	if err := importers.WriteTenderTemplateIn(&buf, s.Importer.Ref, l); err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+importers.TenderTemplateFile(l)+`"`)
	c.Data(http.StatusOK, xlsxType, buf.Bytes())
}

func (s *Server) handleTenderImport(c *gin.Context) {
	name, data, err := s.readUploadedFile(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	p := caller(c)
	res, err := s.Importer.Tenders(c.Request.Context(), s.Tenders, p.tenderRequest(name, data))
	if err != nil {
		s.CountImport("tenders", "failed")
		s.writeError(c, err)
		return
	}
	s.CountImport("tenders", "imported")
	s.announceImported(c.Request.Context(), res)
	local := *res
	local.Problems = localProblems(lang(c), res.Problems)
	c.JSON(http.StatusCreated, &local)
}

// announceImported tells the alerts of the published tenders an upload
// created or changed, as a tender saved on the web is announced (once per
// tender). The tenders are stored: a failure is logged, not answered.
func (s *Server) announceImported(ctx context.Context, res *ingest.TenderResult) {
	if s.Notifier == nil {
		return
	}
	if err := ingest.AnnouncePublished(ctx, s.Tenders, res, s.notify); err != nil {
		s.logger().Error("imported tenders not announced", "err", err)
	}
}

func newTenderID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "T-" + strings.ToUpper(hex.EncodeToString(b[:]))
}

// tenderRequest is an import of file name by p: a buyer's imports are its
// own and replace only its own tenders, or those of its own notices.
func (p principal) tenderRequest(name string, data []byte) ingest.TenderRequest {
	req := ingest.TenderRequest{File: name, Data: data, MayReplace: func(t *koppel.Tender) bool { return ownsTender(p, t) }}
	if !p.isAdmin() {
		req.Owner, req.BuyerID, req.ByBuyer = p.Token.Buyer, p.Token.BuyerID, true
	}
	return req
}
