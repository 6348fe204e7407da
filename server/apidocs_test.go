package server

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/i18n"
)

// TestAPIDocsDutch: every API route and query parameter on /api/docs has
// its Dutch text and every Dutch text belongs to a route; the page served
// over HTTP has no English sentences left.
func TestAPIDocsDutch(t *testing.T) {
	checkAPIDocTexts(t, i18n.NL)
	srv := openAPIDocsServer(t)
	doc := apiDocsPage(t, srv, i18n.NL)
	if !strings.Contains(doc.Find("main table").Text(), "aankoper of beheerder") {
		t.Errorf("roles are not named in Dutch: %.300s", doc.Find("main table").Text())
	}

	// A reader in English gets the route table's English, not Dutch.
	doc = apiDocsPage(t, srv, i18n.EN)
	if body := doc.Find("main").Text(); !strings.Contains(body, "The public directory of enterprises") || strings.Contains(body, "De openbare lijst van ondernemingen") || !strings.Contains(body, "administrator, buyer") {
		t.Errorf("API docs in English: %.300s", strings.Join(strings.Fields(body), " "))
	}
	if n := doc.Find("main [lang]").Length(); n != 0 {
		t.Errorf("English API docs mark %d elements with another language, want 0", n)
	}
}

// TestAPIDocsFrench: every API route and query parameter on /api/docs has
// its French text, and the page for a French reader has neither English
// sentences nor Dutch words left, with the roles in French.
func TestAPIDocsFrench(t *testing.T) {
	checkAPIDocTexts(t, i18n.FR)
	doc := apiDocsPage(t, openAPIDocsServer(t), i18n.FR)
	table := doc.Find("main table")
	for _, want := range []string{"La liste publique des entreprises", "administrateur, acheteur", "numéro de page, à partir de 1"} {
		if !strings.Contains(table.Text(), want) {
			t.Errorf("French API docs lack %q: %.300s", want, strings.Join(strings.Fields(table.Text()), " "))
		}
	}
	if n := table.Find("[lang]").Length(); n != 0 {
		t.Errorf("French API docs mark %d elements as another language, want 0", n)
	}
	doc.Find("main table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		if left := i18n.DutchLeft(i18n.FR, rowText(tr)); left != "" {
			t.Errorf("row has Dutch left: %q", left)
		}
	})
	// The French texts name a werkvorm as the pages do (i18n
	// TestFrenchTerms): "forme d’emploi".
	wrong := regexp.MustCompile(`(?i)formes? de travail|types? d['’]entreprises?`)
	for _, texts := range []map[string]string{apiDocTexts[i18n.FR].summary, apiDocTexts[i18n.FR].param} {
		for en, fr := range texts {
			if m := wrong.FindString(fr); m != "" {
				t.Errorf("French text of %q says %q; the pages say forme d’emploi", en, m)
			}
		}
	}
}

// checkAPIDocTexts fails for a route or query parameter without its text
// in l, and for a text of l that belongs to no route.
func checkAPIDocTexts(t *testing.T, l i18n.Lang) {
	t.Helper()
	text := apiDocTexts[l]
	s := &Server{}
	usedRoute, usedParam := map[string]bool{}, map[string]bool{}
	for _, r := range s.routeTable() {
		if r.Page {
			continue
		}
		k := r.Method + " " + r.Path
		if text.summary[k] == "" {
			t.Errorf("route %s has no %s summary (English: %q)", k, l, r.Summary)
		}
		usedRoute[k] = true
		for _, q := range r.Query {
			if q.Description == "" {
				continue
			}
			if text.param[q.Description] == "" {
				t.Errorf("parameter %s of %s has no %s text (English: %q)", q.Name, k, l, q.Description)
			}
			usedParam[q.Description] = true
		}
	}
	for k := range text.summary {
		if !usedRoute[k] {
			t.Errorf("the %s summaries have %q, which is no API route", l, k)
		}
	}
	for k := range text.param {
		if !usedParam[k] {
			t.Errorf("the %s parameter texts have %q, which no route's parameter has", l, k)
		}
	}
}

func openAPIDocsServer(t *testing.T) *Server {
	t.Helper()
	srv := &Server{Addr: "127.0.0.1:0"}
	if err := srv.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(t.Context()) })
	return srv
}

// englishWords give away a sentence of the route table's English.
var englishWords = regexp.MustCompile(`\b(the|and|or an admin|its|with|Create|Delete|One|only|from)\b`)

// apiDocsPage fetches /api/docs for a reader of l (Accept-Language), fails
// unless it lists every API route, and, for a reader other than English,
// fails on a row with English words outside its code.
func apiDocsPage(t *testing.T, srv *Server, l i18n.Lang) *goquery.Document {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL()+"/api/docs", nil)
	req.Header.Set("Accept-Language", string(l))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	rows := doc.Find("main table tbody tr")
	if resp.StatusCode != 200 || rows.Length() < 50 {
		t.Fatalf("%s: status %d, %d rows, want 200 and every API route", l, resp.StatusCode, rows.Length())
	}
	if got := doc.Find("html").AttrOr("lang", ""); got != string(l) {
		t.Errorf("html lang %q, want %q", got, l)
	}
	if l == i18n.EN {
		return doc
	}
	rows.Each(func(_ int, tr *goquery.Selection) {
		text := rowText(tr)
		if w := englishWords.FindString(text); w != "" {
			t.Errorf("%s: row %q has the English word %q", l, strings.Join(strings.Fields(text), " "), w)
		}
	})
	return doc
}

// rowText is the text of a row of the documentation page without its
// method and code (paths and names, the same in every language).
func rowText(tr *goquery.Selection) string {
	text := tr.Find("td").Not(".method").Text()
	for _, code := range tr.Find("code").Nodes {
		text = strings.Replace(text, goquery.NewDocumentFromNode(code).Text(), "", 1)
	}
	return text
}
