package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/export"
	"koppel/i18n"
	"koppel/match"
)

// ShortlistStore keeps the shortlists; *store.Store implements it.
type ShortlistStore = koppel.ShortlistService

func (s *Server) shortlistRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/shortlists", Summary: "The caller's shortlists (its buyer organisation's)", Tag: "shortlists",
			Roles: buyerOrAdmin, Response: []*koppel.Shortlist{}, Handler: s.handleShortlistList},
		{Method: "POST", Path: "/api/v1/shortlists", Summary: "Create a shortlist", Tag: "shortlists",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: ShortlistRequest{}, Response: koppel.Shortlist{}, Handler: s.handleShortlistCreate},
		{Method: "GET", Path: "/api/v1/shortlists/:id", Summary: "One shortlist (its owner); format=xlsx|csv downloads it", Tag: "shortlists",
			Roles: buyerOrAdmin, Rate: rateSearch, Response: koppel.Shortlist{}, Export: true, Handler: s.handleShortlistView},
		{Method: "PUT", Path: "/api/v1/shortlists/:id", Summary: "Rename a shortlist", Tag: "shortlists",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: ShortlistRequest{}, Response: koppel.Shortlist{}, Handler: s.handleShortlistRename},
		{Method: "DELETE", Path: "/api/v1/shortlists/:id", Summary: "Delete a shortlist (and its share link)", Tag: "shortlists",
			Roles: buyerOrAdmin, Rate: rateWrite, Handler: s.handleShortlistDelete},
		{Method: "POST", Path: "/api/v1/shortlists/:id/items", Summary: "Save an enterprise, one of its offerings, or a match of a lot (kept as it is now) in the shortlist", Tag: "shortlists",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: ShortlistItemRequest{}, Response: koppel.Shortlist{}, Handler: s.handleShortlistAdd},
		{Method: "PUT", Path: "/api/v1/shortlists/:id/items/:item", Summary: "Mark an enterprise saved from a lot as invited (uitgenodigd), or not", Tag: "shortlists",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: ShortlistItemPatch{}, Response: koppel.Shortlist{}, Handler: s.handleShortlistMark},
		{Method: "DELETE", Path: "/api/v1/shortlists/:id/items/:item", Summary: "Remove an entry from the shortlist", Tag: "shortlists",
			Roles: buyerOrAdmin, Rate: rateWrite, Handler: s.handleShortlistRemove},
		{Method: "POST", Path: "/api/v1/shortlists/:id/share", Summary: "Share the shortlist read-only: a new secret link (the previous one stops working)", Tag: "shortlists",
			Roles: buyerOrAdmin, Rate: rateWrite, Response: ShortlistShare{}, Handler: s.handleShortlistShare},
		{Method: "DELETE", Path: "/api/v1/shortlists/:id/share", Summary: "Stop sharing the shortlist: its link stops working", Tag: "shortlists",
			Roles: buyerOrAdmin, Rate: rateWrite, Handler: s.handleShortlistUnshare},
		{Method: "GET", Path: "/api/v1/shared/shortlists/:secret", Summary: "A shared shortlist, read-only, for anyone with its link; format=xlsx|csv downloads it", Tag: "shortlists",
			Rate: rateSearch, Response: SharedShortlist{}, Export: true, Handler: s.handleSharedShortlist},
	}
}

// ShortlistRequest names a list.
type ShortlistRequest struct {
	Name string `json:"name"`
}

// ShortlistItemRequest saves an enterprise (kbo), one of its offerings
// (offering: its code), or its match of a lot (tender_id and lot_id: the
// explanation and verdict are kept as Koppel gives them now).
type ShortlistItemRequest struct {
	KBO      string `json:"kbo"`
	Offering string `json:"offering,omitempty"`
	TenderID string `json:"tender_id,omitempty"`
	LotID    string `json:"lot_id,omitempty"`
}

// ShortlistItemPatch marks an entry invited or not.
type ShortlistItemPatch struct {
	Invited *bool `json:"invited"`
}

// ShortlistShare is the read-only link of a list.
type ShortlistShare struct {
	Secret string `json:"secret"`
	// URL is the page of the shared list; API is its JSON.
	URL string `json:"url"`
	API string `json:"api"`
}

// SharedShortlist is a list as its share link shows it: without its owner
// and secret.
type SharedShortlist struct {
	Name      string                 `json:"name"`
	Items     []koppel.ShortlistItem `json:"items"`
	UpdatedAt string                 `json:"updated_at"`
}

// shortlistOwner is who owns the lists the caller makes: its buyer
// organisation, as for tenders, or the admin's token.
func shortlistOwner(p principal) string {
	if p.role() == koppel.RoleBuyer {
		return p.Token.Buyer
	}
	return "admin:" + p.Token.ID
}

// shortID returns n random bytes in hex: the IDs of lists and entries.
func shortID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// ownShortlist reads the list of the URL's :id; another owner's list does
// not exist for the caller (404), as another buyer's draft.
func (s *Server) ownShortlist(c *gin.Context) (*koppel.Shortlist, error) {
	if s.Shortlists == nil {
		return nil, koppel.Errorf(koppel.ENOTFOUND, "lijsten zijn niet beschikbaar").WithKey("error.api_lists_unavailable")
	}
	l, err := s.Shortlists.FindShortlistByID(c.Request.Context(), c.Param("id"))
	if err != nil {
		return nil, err
	}
	if p := caller(c); !p.isAdmin() && shortlistOwner(p) != l.Owner {
		return nil, koppel.Errorf(koppel.ENOTFOUND, "lijst %q niet gevonden", c.Param("id")).WithKey("error.shortlist_not_found", "ID", c.Param("id"))
	}
	return l, nil
}

// createShortlist makes a new, empty list for the caller.
func (s *Server) createShortlist(c *gin.Context, name string) (*koppel.Shortlist, error) {
	if s.Shortlists == nil {
		return nil, koppel.Errorf(koppel.EUNAVAILABLE, "lijsten zijn niet beschikbaar").WithKey("error.api_lists_unavailable")
	}
	now := timeNow().UTC()
	l := &koppel.Shortlist{ID: shortID(8), Owner: shortlistOwner(caller(c)), Name: name, Items: []koppel.ShortlistItem{}, CreatedAt: now, UpdatedAt: now}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	if err := s.Shortlists.PutShortlist(c.Request.Context(), l); err != nil {
		return nil, err
	}
	return l, nil
}

// changeShortlist checks that the caller owns the list, then changes it
// with fn in one transaction, validated, with its UpdatedAt set.
func (s *Server) changeShortlist(c *gin.Context, fn func(l *koppel.Shortlist) error) (*koppel.Shortlist, error) {
	if _, err := s.ownShortlist(c); err != nil {
		return nil, err
	}
	return s.Shortlists.UpdateShortlist(c.Request.Context(), c.Param("id"), func(l *koppel.Shortlist) error {
		if err := fn(l); err != nil {
			return err
		}
		l.UpdatedAt = timeNow().UTC()
		return l.Validate()
	})
}

// shortlistItem makes the entry a request asks for, from the store and
// the matcher, never from what the client says about it. Returns EINVALID
// for an unknown enterprise or offering, ENOTFOUND for a tender the caller
// may not see.
func (s *Server) shortlistItem(ctx context.Context, p principal, req ShortlistItemRequest) (koppel.ShortlistItem, error) {
	var it koppel.ShortlistItem
	kbo, err := koppel.ParseKBO(req.KBO)
	if err != nil {
		return it, err
	}
	e, err := s.Enterprises.FindEnterpriseByKBO(ctx, kbo)
	if koppel.ErrorCode(err) == koppel.ENOTFOUND {
		return it, koppel.Errorf(koppel.EINVALID, "onderneming %s bestaat niet in Koppel", kbo).WithKey("error.enterprise_not_found", "KBO", kbo.String())
	} else if err != nil {
		return it, err
	}
	it = koppel.ShortlistItem{ID: shortID(6), KBO: kbo, Name: e.Name, AddedAt: timeNow().UTC()}
	if req.Offering != "" {
		o, err := s.Offerings.FindOffering(ctx, kbo, req.Offering)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			return it, koppel.Errorf(koppel.EINVALID, "onderneming %s biedt geen dienst met code %q aan", kbo, req.Offering).WithKey("error.offering_not_offered", "KBO", kbo.String(), "Code", req.Offering)
		} else if err != nil {
			return it, err
		}
		it.Offering, it.OfferingTitle = o.ID, o.Title
	}
	if req.TenderID == "" && req.LotID == "" {
		return it, nil
	}
	t, err := s.Tenders.FindTenderByID(ctx, req.TenderID)
	if err == nil && !canSeeTender(p, t) {
		err = koppel.Errorf(koppel.ENOTFOUND, "opdracht %q niet gevonden", req.TenderID).WithKey("error.tender_not_found", "ID", req.TenderID)
	}
	if err != nil {
		return it, err
	}
	i := slices.IndexFunc(t.Lots, func(l koppel.Lot) bool { return l.ID == req.LotID })
	if i < 0 {
		return it, koppel.Errorf(koppel.EINVALID, "opdracht %s heeft geen perceel %q", t.ID, req.LotID).WithKey("error.lot_not_found", "Tender", t.ID, "Lot", req.LotID)
	}
	w := *t
	w.Lots = t.Lots[i : i+1]
	res, err := s.Matcher.MatchTender(ctx, &w, match.Options{Size: match.MaxSize, IncludeIneligible: true})
	if err != nil {
		return it, err
	}
	for _, lm := range res.Lots {
		for _, m := range lm.Matches {
			if m.Enterprise.KBO != kbo {
				continue
			}
			it.Lot = &koppel.ShortlistLot{TenderID: t.ID, TenderTitle: t.Title, LotID: lm.LotID, LotTitle: lm.Title,
				Rank: m.Rank, Score: m.Score, Parts: m.Explanation.Parts, Explanation: m.Explanation.Text,
				Verdict: m.Eligibility.Verdict, Rule: m.Eligibility.Rule, Reason: m.Eligibility.Reason, LegalBasis: m.Eligibility.LegalBasis, Lang: string(i18n.From(ctx))}
			return it, nil
		}
	}
	return it, koppel.Errorf(koppel.EINVALID, "%s staat niet bij de eerste %d ondernemingen die Koppel voor perceel %s voorstelt", e.Name, match.MaxSize, req.LotID).WithKey("error.not_among_matches", "Name", e.Name, "Max", match.MaxSize, "Lot", req.LotID)
}

// addItems adds entries to a list, leaving out those it holds already.
func addItems(l *koppel.Shortlist, items []koppel.ShortlistItem) error {
	for _, it := range items {
		if !slices.ContainsFunc(l.Items, func(x koppel.ShortlistItem) bool { return it.Same(&x) }) {
			l.Items = append(l.Items, it)
		}
	}
	if len(l.Items) > koppel.MaxShortlistItems {
		return koppel.Errorf(koppel.EINVALID, "een lijst houdt ten hoogste %d ondernemingen of diensten", koppel.MaxShortlistItems).WithKey("error.shortlist_full", "Max", koppel.MaxShortlistItems)
	}
	return nil
}

// findItem returns the index of the entry with the URL's :item.
func findItem(l *koppel.Shortlist, id string) (int, error) {
	i := slices.IndexFunc(l.Items, func(it koppel.ShortlistItem) bool { return it.ID == id })
	if i < 0 {
		return 0, koppel.Errorf(koppel.ENOTFOUND, "deze lijst heeft geen regel %q", id).WithKey("error.api_list_item_not_found", "ID", id)
	}
	return i, nil
}

// markInvited marks an entry of a lot invited on today's date, or not.
func markInvited(l *koppel.Shortlist, id string, invited bool) error {
	i, err := findItem(l, id)
	if err != nil {
		return err
	}
	it := &l.Items[i]
	if it.Lot == nil {
		return koppel.Errorf(koppel.EINVALID, "alleen een onderneming die u bij een perceel bewaarde, kan uitgenodigd zijn").WithKey("error.api_invite_lot_only")
	}
	it.Invited, it.InvitedOn = invited, koppel.Date{}
	if invited {
		it.InvitedOn = koppel.DateOf(timeNow())
	}
	return nil
}

func removeItem(l *koppel.Shortlist, id string) error {
	i, err := findItem(l, id)
	if err != nil {
		return err
	}
	l.Items = slices.Delete(l.Items, i, i+1)
	return nil
}

func (s *Server) handleShortlistList(c *gin.Context) {
	if s.Shortlists == nil {
		c.JSON(http.StatusOK, []*koppel.Shortlist{})
		return
	}
	lists, err := s.Shortlists.FindShortlists(c.Request.Context(), shortlistOwner(caller(c)))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, lists)
}

func (s *Server) handleShortlistCreate(c *gin.Context) {
	var req ShortlistRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	l, err := s.createShortlist(c, req.Name)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, l)
}

func (s *Server) handleShortlistView(c *gin.Context) {
	s.answerShortlist(c, s.ownShortlist, func(l *koppel.Shortlist) any { return l })
}

// answerShortlist answers the list load finds as a file when format= asks
// for one, else as the JSON view makes of it.
func (s *Server) answerShortlist(c *gin.Context, load func(*gin.Context) (*koppel.Shortlist, error), view func(*koppel.Shortlist) any) {
	format, err := exportFormat(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	l, err := load(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if format != "" {
		s.exportShortlist(c, format, l)
		return
	}
	c.JSON(http.StatusOK, view(l))
}

func (s *Server) handleShortlistRename(c *gin.Context) {
	var req ShortlistRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	s.answerChange(c, func(l *koppel.Shortlist) error {
		l.Name = req.Name
		return nil
	})
}

// answerChange changes the list with fn and answers with it.
func (s *Server) answerChange(c *gin.Context, fn func(l *koppel.Shortlist) error) {
	l, err := s.changeShortlist(c, fn)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, l)
}

func (s *Server) handleShortlistDelete(c *gin.Context) {
	if _, err := s.ownShortlist(c); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Shortlists.DeleteShortlist(c.Request.Context(), c.Param("id")); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) handleShortlistAdd(c *gin.Context) {
	var req ShortlistItemRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	if _, err := s.ownShortlist(c); err != nil {
		s.writeError(c, err)
		return
	}
	it, err := s.shortlistItem(c.Request.Context(), caller(c), req)
	if err != nil {
		s.writeError(c, err)
		return
	}
	l, err := s.changeShortlist(c, func(l *koppel.Shortlist) error { return addItems(l, []koppel.ShortlistItem{it}) })
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, l)
}

func (s *Server) handleShortlistMark(c *gin.Context) {
	var req ShortlistItemPatch
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	if req.Invited == nil {
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "geef invited: true of false").WithKey("error.api_invited_bool"))
		return
	}
	s.answerChange(c, func(l *koppel.Shortlist) error { return markInvited(l, c.Param("item"), *req.Invited) })
}

func (s *Server) handleShortlistRemove(c *gin.Context) {
	if _, err := s.changeShortlist(c, func(l *koppel.Shortlist) error { return removeItem(l, c.Param("item")) }); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) handleShortlistShare(c *gin.Context) {
	l, err := s.changeShortlist(c, func(l *koppel.Shortlist) error {
		l.Share = randomID() // 128 random bits
		return nil
	})
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, shareOf(l))
}

func shareOf(l *koppel.Shortlist) ShortlistShare {
	return ShortlistShare{Secret: l.Share, URL: "/gedeeld/" + l.Share, API: "/api/v1/shared/shortlists/" + l.Share}
}

func (s *Server) handleShortlistUnshare(c *gin.Context) {
	if _, err := s.changeShortlist(c, func(l *koppel.Shortlist) error {
		l.Share = ""
		return nil
	}); err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// sharedShortlist reads the list shared with the URL's :secret.
func (s *Server) sharedShortlist(c *gin.Context) (*koppel.Shortlist, error) {
	if s.Shortlists == nil {
		return nil, koppel.Errorf(koppel.ENOTFOUND, "deze gedeelde lijst bestaat niet (meer)").WithKey("error.shared_list_gone")
	}
	return s.Shortlists.FindShortlistByShare(c.Request.Context(), c.Param("secret"))
}

func (s *Server) handleSharedShortlist(c *gin.Context) {
	s.answerShortlist(c, s.sharedShortlist, func(l *koppel.Shortlist) any {
		return SharedShortlist{Name: l.Name, Items: l.Items, UpdatedAt: l.UpdatedAt.Format("2006-01-02T15:04:05Z07:00")}
	})
}

var shortlistExportCols = slices.Concat([]export.Column{
	{Name: "Onderneming", Width: 34},
	{Name: "Ondernemingsnummer", Width: 16},
	{Name: "Dienst", Width: 36},
	{Name: "Code dienst", Width: 12},
	{Name: "Opdracht", Width: 16},
	{Name: "Perceel", Width: 9},
	{Name: "Titel perceel", Width: 30},
	{Name: "Rang", Kind: export.Integer, Width: 7},
}, scoreCols(60), []export.Column{
	{Name: "Bewaard op", Kind: export.Date, Width: 12},
	{Name: "Uitgenodigd", Width: 12},
	{Name: "Uitgenodigd op", Kind: export.Date, Width: 14},
})

// shortlistRow is an entry as a row of shortlistExportCols.
func shortlistRow(l i18n.Lang, it *koppel.ShortlistItem) []any {
	lot := make([]any, 4+len(scoreCols(0))) // empty without a lot
	invited := ""
	if lt := it.Lot; lt != nil {
		lot = append([]any{lt.TenderID, lt.LotID, lt.LotTitle, lt.Rank}, scoreCells(l, lt.Score, lt.Parts, lt.Verdict, lt.Rule, lt.Reason, lt.LegalBasis, lt.Explanation)...)
		invited = yesNo(l, it.Invited)
	}
	return slices.Concat([]any{it.Name, string(it.KBO), it.OfferingTitle, it.Offering}, lot, []any{koppel.DateOf(it.AddedAt), invited, it.InvitedOn})
}

// exportShortlist answers a list as a file.
func (s *Server) exportShortlist(c *gin.Context, format export.Format, l *koppel.Shortlist) {
	f := exportFile{Name: tr(c, "imports.export_file.shortlist") + "-" + safeName(strings.ToLower(l.Name)), Cols: shortlistExportCols,
		About: export.About{Title: tr(c, "imports.export_t_shortlist", "Name", l.Name), Query: l.Name, Sheet: tr(c, "imports.export_s_shortlist"),
			Filters: []export.Field{{Name: tr(c, "imports.export_changed"), Value: l.UpdatedAt.In(brussels()).Format("02/01/2006 15:04")}},
			Notes:   []string{tr(c, "imports.export_n_shortlist")}}}
	s.writeExport(c, format, f, func(w *export.Writer) error {
		for i := range l.Items {
			if err := w.Row(shortlistRow(lang(c), &l.Items[i])...); err != nil {
				return err
			}
		}
		w.AddFilter(tr(c, "imports.export_invited"), fmt.Sprint(countInvited(l)))
		return nil
	})
}

func countInvited(l *koppel.Shortlist) int {
	n := 0
	for _, it := range l.Items {
		if it.Invited {
			n++
		}
	}
	return n
}

// brussels is the time zone dates and times are shown in.
func brussels() *time.Location {
	if loc, err := time.LoadLocation("Europe/Brussels"); err == nil {
		return loc
	}
	return time.UTC
}
