package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
)

func (s *Server) shortlistPageRoutes() []route {
	return []route{
		{Method: "GET", Path: "/lijsten", Summary: "Mijn lijsten: the caller's shortlists", Page: true, Roles: buyerOrAdmin, Handler: s.handleShortlistsPage},
		{Method: "POST", Path: "/lijsten", Summary: "Create a shortlist (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleShortlistCreateForm},
		{Method: "POST", Path: "/lijsten/bewaren", Summary: "Save enterprises, offerings or matches of a lot in a shortlist, a new one or an existing one (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleShortlistSaveForm},
		{Method: "GET", Path: "/lijsten/:id", Summary: "A shortlist page (its owner)", Page: true, Roles: buyerOrAdmin, Handler: s.handleShortlistPage},
		{Method: "POST", Path: "/lijsten/:id/naam", Summary: "Rename a shortlist (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleShortlistRenameForm},
		{Method: "POST", Path: "/lijsten/:id/verwijderen", Summary: "Delete a shortlist (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleShortlistDeleteForm},
		{Method: "POST", Path: "/lijsten/:id/delen", Summary: "Share a shortlist through a new secret link (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleShortlistShareForm},
		{Method: "POST", Path: "/lijsten/:id/niet-delen", Summary: "Stop sharing a shortlist (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleShortlistUnshareForm},
		{Method: "POST", Path: "/lijsten/:id/items/:item/uitgenodigd", Summary: "Mark an enterprise of a lot invited, or not (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleShortlistInviteForm},
		{Method: "POST", Path: "/lijsten/:id/items/:item/verwijderen", Summary: "Remove an entry from a shortlist (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleShortlistRemoveForm},
		{Method: "GET", Path: "/gedeeld/:secret", Summary: "A shared shortlist, read-only", Page: true, Rate: rateSearch, Handler: s.handleSharedShortlistPage},
	}
}

// saveForm is the "Bewaar in een lijst" form of a page: the caller's
// lists to choose from or a new list's name. Checkboxes elsewhere on the
// page belong to it through their form attribute (ID).
type saveForm struct {
	ID    string
	Lists []*koppel.Shortlist
	// Tender and Lot are set on a lot's form: its matches are saved with
	// the lot's explanation and verdict.
	Tender, Lot string
	// Item is set on an enterprise's page: the one entry to save.
	Item   string
	Back   string
	Button string
	CSRF   string
}

// saveFormFor returns the save form of a page for buyers and admins; nil
// for anyone else.
func (s *Server) saveFormFor(c *gin.Context, id, button string) *saveForm {
	p := caller(c)
	if s.Shortlists == nil || p.role() != koppel.RoleBuyer && !p.isAdmin() {
		return nil
	}
	lists, err := s.Shortlists.FindShortlists(c.Request.Context(), shortlistOwner(p))
	if err != nil {
		s.logger().Warn("read shortlists", "err", err)
	}
	return &saveForm{ID: id, Lists: lists, Back: c.Request.URL.RequestURI(), Button: button, CSRF: s.csrfToken(c)}
}

// forLot returns a copy of the form for lot id of tender.
func (f *saveForm) forLot(tender, lot string) *saveForm {
	if f == nil {
		return nil
	}
	g := *f
	g.ID, g.Tender, g.Lot = "bewaar-perceel-"+lot, tender, lot
	return &g
}

// shortlistsPage is the Mijn lijsten page.
type shortlistsPage struct {
	Lists []*koppel.Shortlist
	Error string
	Name  string
	Back  string // the page a refused save came from
}

// shortlistPage is one list's page; ReadOnly for its share link.
type shortlistPage struct {
	L        *koppel.Shortlist
	ReadOnly bool
	ShareURL string
	Download downloadLinks
	Back     string
	Saved    string
	Error    string
	Invited  int
}

func (s *Server) handleShortlistsPage(c *gin.Context) {
	s.renderShortlists(c, http.StatusOK, shortlistsPage{})
}

func (s *Server) renderShortlists(c *gin.Context, status int, data shortlistsPage) {
	if s.Shortlists != nil {
		lists, err := s.Shortlists.FindShortlists(c.Request.Context(), shortlistOwner(caller(c)))
		if err != nil {
			s.writeError(c, err)
			return
		}
		data.Lists = lists
	}
	s.render(c, status, "shortlists", tr(c, "nav.my_lists"), data)
}

func (s *Server) handleShortlistCreateForm(c *gin.Context) {
	l, err := s.createShortlist(c, c.PostForm("name"))
	if koppel.ErrorCode(err) == koppel.EINVALID || koppel.ErrorCode(err) == koppel.ECONFLICT {
		s.renderShortlists(c, http.StatusBadRequest, shortlistsPage{Error: s.userMessage(c, err), Name: c.PostForm("name")})
		return
	} else if err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/lijsten/"+l.ID)
}

// handleShortlistSaveForm saves the ticked entries (item: a company number,
// or number/offering code) in the chosen list, or in a new one named
// nieuwe_naam, and shows the list.
func (s *Server) handleShortlistSaveForm(c *gin.Context) {
	items := c.PostFormArray("item")
	back := backPath(c.PostForm("terug"))
	fail := func(err error) {
		if code := koppel.ErrorCode(err); code != koppel.EINVALID && code != koppel.ECONFLICT {
			s.writeError(c, err)
			return
		}
		s.renderShortlists(c, http.StatusBadRequest, shortlistsPage{Error: "Niet bewaard: " + koppel.ErrorMessage(err), Name: c.PostForm("nieuwe_naam"), Back: back})
	}
	if len(items) == 0 {
		fail(koppel.Errorf(koppel.EINVALID, "vink eerst aan wat u wilt bewaren").WithKey("error.shortlist_tick"))
		return
	}
	if len(items) > koppel.MaxShortlistItems {
		fail(koppel.Errorf(koppel.EINVALID, "een lijst houdt ten hoogste %d ondernemingen of diensten", koppel.MaxShortlistItems).WithKey("error.shortlist_full", "Max", koppel.MaxShortlistItems))
		return
	}
	ctx, p := c.Request.Context(), caller(c)
	var entries []koppel.ShortlistItem
	for _, v := range items {
		kbo, offering, _ := strings.Cut(v, "/")
		it, err := s.shortlistItem(ctx, p, ShortlistItemRequest{KBO: kbo, Offering: offering, TenderID: c.PostForm("tender"), LotID: c.PostForm("perceel")})
		if err != nil {
			fail(err)
			return
		}
		entries = append(entries, it)
	}
	id := c.PostForm("lijst")
	if id == "" {
		l, err := s.createShortlist(c, c.PostForm("nieuwe_naam"))
		if err != nil {
			fail(err)
			return
		}
		id = l.ID
	}
	c.Params = append(c.Params, gin.Param{Key: "id", Value: id})
	if _, err := s.changeShortlist(c, func(l *koppel.Shortlist) error { return addItems(l, entries) }); err != nil {
		fail(err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/lijsten/"+url.PathEscape(id)+"?"+url.Values{"bewaard": {itoa(len(entries))}, "terug": {back}}.Encode())
}

func itoa(n int) string { return dutchNum(float64(n), 0) }

// withQuery adds a parameter to a local path.
func withQuery(path, key, value string) string {
	u, err := url.Parse(path)
	if err != nil {
		return "/"
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

func (s *Server) handleShortlistPage(c *gin.Context) {
	l, err := s.ownShortlist(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	data := shortlistPage{L: l, Download: downloads("/api/v1/shortlists/"+url.PathEscape(l.ID), nil, ""), Error: c.Query("fout"), Invited: countInvited(l)}
	if t := c.Query("terug"); t != "" {
		data.Back = backPath(t)
	}
	if n := c.Query("bewaard"); n != "" {
		data.Saved = n
	}
	if l.Share != "" {
		scheme := "http"
		if s.requestIsTLS(c) {
			scheme = "https"
		}
		data.ShareURL = scheme + "://" + c.Request.Host + "/gedeeld/" + l.Share
	}
	s.render(c, http.StatusOK, "shortlist", l.Name, data)
}

func (s *Server) handleSharedShortlistPage(c *gin.Context) {
	l, err := s.sharedShortlist(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	l.Owner, l.Share = "", ""
	data := shortlistPage{L: l, ReadOnly: true, Download: downloads("/api/v1/shared/shortlists/"+url.PathEscape(c.Param("secret")), nil, ""), Invited: countInvited(l)}
	c.Header("Referrer-Policy", "no-referrer") // the secret is in the URL
	c.Header("X-Robots-Tag", "noindex")
	s.render(c, http.StatusOK, "shortlist", l.Name, data)
}

// changeForm changes the list with fn and shows it again; a refused change
// is shown on the list's page.
func (s *Server) changeForm(c *gin.Context, fn func(l *koppel.Shortlist) error) {
	_, err := s.changeShortlist(c, fn)
	target := "/lijsten/" + url.PathEscape(c.Param("id"))
	if code := koppel.ErrorCode(err); code == koppel.EINVALID {
		target = withQuery(target, "fout", s.userMessage(c, err))
	} else if err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, target)
}

func (s *Server) handleShortlistRenameForm(c *gin.Context) {
	s.changeForm(c, func(l *koppel.Shortlist) error {
		l.Name = c.PostForm("name")
		return nil
	})
}

func (s *Server) handleShortlistDeleteForm(c *gin.Context) {
	if _, err := s.ownShortlist(c); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Shortlists.DeleteShortlist(c.Request.Context(), c.Param("id")); err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/lijsten")
}

func (s *Server) handleShortlistShareForm(c *gin.Context) {
	s.changeForm(c, func(l *koppel.Shortlist) error {
		l.Share = randomID()
		return nil
	})
}

func (s *Server) handleShortlistUnshareForm(c *gin.Context) {
	s.changeForm(c, func(l *koppel.Shortlist) error {
		l.Share = ""
		return nil
	})
}

func (s *Server) handleShortlistInviteForm(c *gin.Context) {
	s.changeForm(c, func(l *koppel.Shortlist) error {
		return markInvited(l, c.Param("item"), c.PostForm("uitgenodigd") == "1")
	})
}

func (s *Server) handleShortlistRemoveForm(c *gin.Context) {
	s.changeForm(c, func(l *koppel.Shortlist) error { return removeItem(l, c.Param("item")) })
}
