package server

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/clauses"
	"koppel/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageTemplates are parsed once at start: per language, one template set
// per page, each with the shared layout and the functions of that language
// (see langFuncs).
var pageTemplates = parseAllPages()

func parseAllPages() map[i18n.Lang]map[string]*template.Template {
	out := map[i18n.Lang]map[string]*template.Template{}
	for _, l := range i18n.Langs {
		out[l] = parsePages(l)
	}
	return out
}

// Files named _*.html are partials shared by all pages.
func parsePages(l i18n.Lang) map[string]*template.Template {
	layout := template.Must(template.New("layout").Funcs(templateFuncs).Funcs(langFuncs(l)).ParseFS(templateFS, "templates/layout.html", "templates/_*.html"))
	pages := map[string]*template.Template{}
	names, _ := fs.Glob(templateFS, "templates/*.html")
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		pages[name] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, n))
	}
	return pages
}

// templateFuncs are the helpers templates may call.
var templateFuncs = template.FuncMap{
	"kindLabel":   kindLabel,
	"telHref":     telHref,
	"webHref":     webHref,
	"webLabel":    webLabel,
	"deref":       func(f *float64) float64 { return *f },
	"plural":      plural,
	"facts":       facts,
	"fieldOf":     fieldOf,
	"sector":      clauses.Sector,
	"groupChecks": groupChecks,
	"groupLabels": groupLabels,
	"byKind": func(m map[koppel.ClauseKind]clauses.KindCount, k string) clauses.KindCount {
		return m[koppel.ClauseKind(k)]
	},
}

// langFuncs are the template functions bound to a language: messages
// from the catalogue ({{t "search.title"}}, {{t "key" "Name" .X}},
// {{tn "tender.count" .N}}), its code ({{lang}}) and its formats of
// numbers, money and dates.
func langFuncs(l i18n.Lang) template.FuncMap {
	t := func(key string, args ...any) string { return i18n.T(l, key, args...) }
	return template.FuncMap{
		"lang":     func() string { return string(l) },
		"language": func(code string) string { return languageLabel(l, code) },
		"province": func(dutch string) string { return provinceName(l, dutch) },
		"colon":    func() string { return i18n.T(l, "display.colon") },
		"t":        t,
		"tf":       t,
		"tn":       func(key string, n int, args ...any) string { return i18n.N(l, key, n, args...) },
		"fte":      func(f float64) string { return i18n.Number(l, f, 1) },
		"num":      func(f float64, decimals int) string { return i18n.Number(l, f, decimals) },
		"percent":  func(f float64) string { return i18n.Percent(l, f) },
		"euro":     func(f float64) string { return i18n.Euro(l, math.Round(f)) },
		"date":     func(t time.Time) string { return i18n.Date(t.In(brussels())) },
		"dateTime": func(t time.Time) string { return i18n.DateTime(t.In(brussels())) },
		"categoryLabel": func(c koppel.Category) string {
			return enumLabel(l, "category.", string(c), c.Label())
		},
		"formLabel": func(f koppel.WorkForm) string { return enumLabel(l, "workform.", string(f), f.Label()) },
		"targetGroupLabel": func(g koppel.TargetGroup) string {
			return enumLabel(l, "targetgroup.", string(g), g.Label())
		},
		"sectorSentence": func(s *clauses.SectorFigures) string { return sectorSentence(l, s) },
		"eforms":         func(codes map[string]any) []eformsRow { return eformsRows(l, codes) },
		"internshipWork": func(w koppel.InternshipWork) string {
			return enumLabel(l, "internshipwork.", string(w), w.Label())
		},
		"needWord": func(w string) string { return enumLabel(l, "needword.", w, w) },
		"groupChecks": func(selected []string) []groupCheck {
			out := groupChecks(selected)
			for i := range out {
				out[i].Label = enumLabel(l, "targetgroup.", out[i].Code, out[i].Label)
			}
			return out
		},
		"groupLabels": func(gs []koppel.TargetGroup) string { return groupLabelsIn(l, gs) },
		"enum":        func(prefix, value, dutch string) string { return enumLabel(l, prefix, value, dutch) },
		"verdict": func(v koppel.Eligibility) string {
			return enumLabel(l, "verdict.", string(v), verdictText(v))
		},
		"kindLabel": func(k koppel.ClauseKind) string {
			return enumLabel(l, "clausekind.", string(k), kindLabel(k))
		},
	}
}

// pageData is what every page template gets.
type pageData struct {
	Title string
	// Lang is the page's language; LangLinks the switch in the header.
	Lang      i18n.Lang
	LangLinks []langLink
	Who       string      // who is signed in, for the header
	Role      koppel.Role // the signed-in role, for the menu
	CSRF      string
	Data      any
	// NeedsWaiting counts the needs a signed-in enterprise has not
	// answered yet (see needsWaiting).
	NeedsWaiting int
}

// render writes a page with status.
func (s *Server) render(c *gin.Context, status int, page, title string, data any) {
	pd := pageData{Title: title, Lang: lang(c), LangLinks: langLinks(c), CSRF: s.csrfToken(c), Data: data}
	if p := caller(c); p.Session != nil {
		pd.Who, pd.Role = describeTokenIn(pd.Lang, p.Token), p.Token.Role
		if p.Token.Role == koppel.RoleSupplier && s.Enterprises != nil {
			// People know their enterprise by its name, not its number.
			if e, err := s.Enterprises.FindEnterpriseByKBO(c.Request.Context(), p.Token.Enterprise); err == nil && e.Name != "" {
				pd.Who = e.Name + " (" + p.Token.Enterprise.String() + ")"
			}
		}
		pd.NeedsWaiting = s.needsWaiting(c, p)
	}
	var buf bytes.Buffer
	if err := pageTemplates[pd.Lang][page].ExecuteTemplate(&buf, "layout", pd); err != nil {
		// Not writeError: it renders a page too, and could fail again.
		s.logger().Error("render page", "page", page, "err", err, "request_id", requestID(c))
		c.String(http.StatusInternalServerError, "Er ging iets mis.")
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// describeToken says in words who holds a token.
func describeToken(t *koppel.Token) string { return describeTokenIn(i18n.NL, t) }

// describeTokenIn says in lang who holds a token, for the header.
func describeTokenIn(l i18n.Lang, t *koppel.Token) string {
	switch t.Role {
	case koppel.RoleSupplier:
		return i18n.T(l, "role.supplier") + " " + t.Enterprise.String()
	case koppel.RoleBuyer:
		return i18n.T(l, "role.buyer") + " " + t.Buyer
	}
	return i18n.T(l, "role.admin")
}

// wantsHTML reports whether an error should be an HTML page rather than a
// problem document: a request to a web page past its role check, or a
// browser asking for a page outside the API.
func wantsHTML(c *gin.Context) bool {
	if c.GetBool(pageKey) {
		return true
	}
	p := c.Request.URL.Path
	if strings.HasPrefix(p, "/api/") || p == "/healthz" || p == "/readyz" || p == "/metrics" {
		return false
	}
	return strings.Contains(c.GetHeader("Accept"), "text/html")
}

// pageKey marks a request to a web page that passed the role check: its
// errors (the rate limit, a missing enterprise) are HTML pages whatever the
// client's Accept header says.
const pageKey = "koppel.page"

func markPage(c *gin.Context) { c.Set(pageKey, true) }

func (s *Server) staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	return http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
}

// pageRoutes are the web pages (the sign-in pages are in authRoutes).
func (s *Server) pageRoutes() []route {
	return []route{
		{Method: "GET", Path: "/", Summary: "Search page (home)", Page: true, Rate: rateSearch, Handler: s.handleSearchPage},
		{Method: "GET", Path: "/ondernemingen", Summary: "Directory page: search the enterprises", Page: true, Rate: rateSearch, Handler: s.handleDirectoryPage},
		{Method: "GET", Path: "/ondernemingen/:kbo", Summary: "Enterprise profile page", Page: true, Handler: s.handleEnterprisePage},
		{Method: "GET", Path: "/mijn-aanbod", Summary: "Supplier page: template, upload, report, catalogue", Page: true, Roles: supplierAdmin, Rate: rateSearch, Handler: s.handleSupplierPage},
		{Method: "POST", Path: "/mijn-aanbod", Summary: "Supplier page: upload a catalogue (form)", Page: true, Roles: supplierAdmin, Body: bodyUpload, Rate: rateWrite, Handler: s.handleSupplierUpload},
		{Method: "POST", Path: "/mijn-aanbod/bevestigen", Summary: "Supplier page: apply a previewed replace (form)", Page: true, Roles: supplierAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleSupplierConfirm},
		{Method: "POST", Path: "/mijn-aanbod/annuleren", Summary: "Supplier page: cancel a previewed replace (form)", Page: true, Roles: supplierAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleSupplierCancel},
		{Method: "GET", Path: "/clausule", Summary: "Clause assistant page", Page: true, Roles: buyerOrAdmin, Handler: s.handleClausePage},
		{Method: "POST", Path: "/clausule", Summary: "Clause assistant: scan and draft (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleClauseForm},
		{Method: "GET", Path: "/opdrachten", Summary: "Tenders page", Page: true, Rate: rateSearch, Handler: s.handleTenderListPage},
		{Method: "GET", Path: "/opdrachten/nieuw", Summary: "New tender page (buyer)", Page: true, Roles: buyerOrAdmin, Handler: s.handleNewTenderPage},
		{Method: "POST", Path: "/opdrachten/nieuw", Summary: "Create a tender (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleNewTenderForm},
		{Method: "POST", Path: "/opdrachten/opladen", Summary: "Upload an eForms notice or tender spreadsheet (form)", Page: true, Roles: buyerOrAdmin, Body: bodyUpload, Rate: rateWrite, Handler: s.handleNewTenderUpload},
		{Method: "GET", Path: "/opdrachten/:id", Summary: "Tender page (one page of lots, each with its matches)", Page: true, Rate: rateSearch, Handler: s.handleTenderPage},
		{Method: "POST", Path: "/opdrachten/:id/publiceren", Summary: "Publish a draft tender (form; its buyer or an admin)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleTenderPublish},
	}
}
