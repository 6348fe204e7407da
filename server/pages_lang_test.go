package server_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/i18n"
	"koppel/server"
)

// dutchLeft finds the first Dutch tell-tale word in the text a reader of
// a page sees and hears: its title, body text, placeholders, labels for
// screen readers and titles. Content marked translate="no" (names and
// texts that users wrote, in the language they wrote them), content
// marked as in another language (lang="nl": text Koppel has only in Dutch
// so far, such as the legal reasons of an eligibility verdict; the clause
// texts) and the language switch are left out.
func dutchLeft(doc *goquery.Document, l i18n.Lang) string {
	// What is marked translate="no" is also taken out where it is quoted
	// elsewhere: an enterprise's name in the page title or a map's title.
	var quoted []string
	doc.Find("[translate=no]").Each(func(_ int, s *goquery.Selection) {
		if q := strings.TrimSpace(s.Text()); q != "" {
			quoted = append(quoted, q)
		}
	})
	sort.Slice(quoted, func(i, j int) bool { return len(quoted[i]) > len(quoted[j]) })
	doc.Find("body [lang]").Each(func(_ int, s *goquery.Selection) {
		if v, _ := s.Attr("lang"); v != string(l) {
			s.Remove()
		}
	})
	doc.Find("[translate=no], .langs, script, style").Remove()
	var text strings.Builder
	text.WriteString(doc.Find("title").Text() + "\n" + doc.Find("body").Text())
	doc.Find("[placeholder], [aria-label], [title], [alt]").Each(func(_ int, s *goquery.Selection) {
		for _, a := range []string{"placeholder", "aria-label", "title", "alt"} {
			if v, ok := s.Attr(a); ok {
				text.WriteString("\n" + v)
			}
		}
	})
	s := text.String()
	for _, q := range quoted {
		s = strings.ReplaceAll(s, q, " ")
	}
	return i18n.DutchLeft(l, s)
}

// morePages are pages TestPagesRender does not list, rendered in every
// language too.
var morePages = []struct {
	path, who string
	want      []string
}{
	{"/ondernemingen/" + string(kboB), "anonymous", []string{"main h1", "ul.offerings li"}},
	{"/?q=poetsen&postcode=Nergensdorp", "anonymous", []string{"#postcode-error"}},
	{"/resultaten", "admin", []string{"main h1"}},
	{"/meldingen", "supplierA", []string{"main h1", "input[name=modus]"}},
	{"/lijsten", "buyerA", []string{"main h1", "form.new-list"}},
	{"/aanvragen", "buyerA", []string{"main h1"}},
	{"/aanvragen", "supplierA", []string{"main h1"}},
	{"/beheer/aankondigingen", "admin", []string{"main h1"}},
	{"/beheer/meldingen", "admin", []string{"main h1"}},
	{"/beheer/toegang", "admin", []string{"main h1"}},
	{"/toegang", "anonymous", []string{"main h1", "input#email"}},
	{"/opdrachten/published-A/afdrukken", "buyerA", []string{"section.print-lot h2"}},
	{"/opdrachten/published-A/percelen/1/uitslag", "buyerA", []string{"form.outcome-form"}},
	{"/capaciteit", "anonymous", []string{"main h1"}},
	{"/mijn-aankopen", "buyerA", []string{"main h1"}},
}

// translatedPages are the pages converted to the catalogue: in French and
// English they must not show a Dutch word.
var translatedPages = map[string]bool{"/": true, "/ondernemingen/" + string(kboA): true, "/opdrachten/published-A": true, "/clausule": true, "/mijn-aanbod": true, "/ondernemingen": true, "/opdrachten": true, "/aanmelden": true, "/opdrachten/nieuw": true, "/mijn-opdrachten": true, "/opdrachten/draft-A/bewerken": true, "/opdrachten/draft-A/verwijderen": true, "/stages": true, "/stages/nieuw": true, "/aanvragen/nieuw": true, "/beheer/erkenningen": true, "/beheer/tokens": true}

// TestPagesEveryLanguage renders every page of pageCases and morePages in every
// language: status 200, <html lang>, the page's key elements, no key
// missing from the catalogue and, on translated pages, no Dutch word left
// in French or English.
func TestPagesEveryLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	before := len(i18n.Missing())
	cases := append([]struct {
		path, who string
		want      []string
	}{}, pageCases...)
	cases = append(cases, morePages...)
	for _, tt := range cases {
		translated := translatedPages[strings.SplitN(tt.path, "?", 2)[0]]
		for _, p := range morePages {
			translated = translated || p.path == tt.path
		}
		for _, l := range i18n.Langs {
			t.Run(string(l)+tt.path, func(t *testing.T) {
				sep := "?"
				if strings.Contains(tt.path, "?") {
					sep = "&"
				}
				resp, body := f.do(t, tt.who, "GET", tt.path+sep+"lang="+string(l), "", "")
				if resp.StatusCode != 200 {
					t.Fatalf("status %d: %.300s", resp.StatusCode, body)
				}
				doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if got, _ := doc.Find("html").Attr("lang"); got != string(l) {
					t.Errorf("html lang = %q, want %s", got, l)
				}
				for _, sel := range tt.want {
					if doc.Find(sel).Length() == 0 {
						t.Errorf("no element matches %q", sel)
					}
				}
				if doc.Find(".langs a[hreflang]").Length() != len(i18n.Langs)-1 {
					t.Errorf("the language switch does not link the %d other languages", len(i18n.Langs)-1)
				}
				if l != i18n.NL && translated {
					if w := dutchLeft(doc, l); w != "" {
						t.Errorf("Dutch left in the %s page: …%s…", l, w)
					}
				}
			})
		}
	}
	if m := i18n.Missing(); len(m) > before {
		t.Errorf("keys missing from the catalogue: %v", m)
	}
}

// TestLanguageChoice follows the order of choice: ?lang= (which sets the
// cookie), the cookie, Accept-Language, Dutch.
func TestLanguageChoice(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	get := func(path, cookie, accept string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest("GET", f.srv.URL()+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: "lang", Value: cookie})
		}
		if accept != "" {
			req.Header.Set("Accept-Language", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		l, _ := doc.Find("html").Attr("lang")
		return resp, l
	}
	for _, tt := range []struct {
		path, cookie, accept, want string
		setsCookie                 bool
	}{
		{"/", "", "", "nl", false},
		{"/", "", "fr-BE,fr;q=0.9", "fr", false},
		{"/", "", "de-DE,en;q=0.5", "en", false},
		{"/", "en", "fr-BE", "en", false},
		{"/?lang=fr", "en", "nl", "fr", true},
		{"/?lang=xx", "", "en", "en", false},
		{"/", "xx", "", "nl", false},
	} {
		resp, got := get(tt.path, tt.cookie, tt.accept)
		if got != tt.want {
			t.Errorf("%s cookie %q Accept-Language %q: lang %q, want %q", tt.path, tt.cookie, tt.accept, got, tt.want)
		}
		var set *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == "lang" {
				set = c
			}
		}
		if (set != nil) != tt.setsCookie || (set != nil && (set.Value != tt.want || set.MaxAge < 30*24*3600)) {
			t.Errorf("%s: lang cookie %v, want one: %v", tt.path, set, tt.setsCookie)
		}
		if cl := resp.Header.Get("Content-Language"); cl != tt.want {
			t.Errorf("%s: Content-Language %q", tt.path, cl)
		}
	}
	// The switch keeps the page and its query, with lang replaced.
	_, body := f.do(t, "anonymous", "GET", "/ondernemingen?q=poetsen&lang=en", "", "")
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	href, _ := doc.Find(".langs a[hreflang=fr]").Attr("href")
	if href != "/ondernemingen?lang=fr&q=poetsen" {
		t.Errorf("switch to French links %q", href)
	}
	if doc.Find(".langs [aria-current]").Text() != "EN" {
		t.Errorf("the switch does not mark English as current")
	}
}

// TestSearchProblemsTranslated: the place and distance problems beside
// the search form are in the page's language.
func TestSearchProblemsTranslated(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tt := range []struct{ path, sel, want string }{
		{"/?q=poetsen&postcode=Nergensdorp&lang=en", "#postcode-error", "We do not know the place \"Nergensdorp\""},
		{"/?q=poetsen&postcode=Nergensdorp&lang=fr", "#postcode-error", "Nous ne connaissons pas le lieu «\u00a0Nergensdorp\u00a0»"},
		{"/?q=poetsen&radius_km=veel&postcode=9000&lang=en", "#radius-error", "Distance \"veel\": give a number of km"},
		{"/?q=poetsen&radius_km=30&lang=fr", "#radius-error", "Indiquez aussi un lieu ou un code postal"},
		{"/?q=poetsen&radius_km=30", "#radius-error", "Geef ook een plaats of postcode"},
	} {
		_, body := f.do(t, "anonymous", "GET", tt.path, "", "")
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if got := doc.Find(tt.sel).Text(); !strings.Contains(got, tt.want) {
			t.Errorf("%s: %s = %q, want %q", tt.path, tt.sel, got, tt.want)
		}
	}
}
