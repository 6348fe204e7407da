package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/server"
)

// withContact gives enterprise B (the one with an offering) a phone number
// and a website, and brings the index up to date.
func withContact(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	b, err := f.st.FindEnterpriseByKBO(ctx, kboB)
	if err != nil {
		t.Fatal(err)
	}
	b.Contact = koppel.Contact{Phone: "+32 9 000 12 34", Website: "www.voorbeeld.example", Email: "info@voorbeeld.example"}
	if err := f.st.PutEnterprise(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ix.Apply(ctx, f.st); err != nil {
		t.Fatal(err)
	}
}

func parse(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestHomePageExplainsItself(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	resp, body := f.do(t, "anonymous", "GET", "/", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	doc := parse(t, body)
	if h1 := doc.Find(".intro h1").Text(); h1 == "" {
		t.Error("no visible heading on the home page")
	}
	intro := doc.Find(".intro p").Text()
	for _, w := range []string{"Koppel", "sociale", "voorbehouden opdracht"} {
		if !strings.Contains(intro, w) {
			t.Errorf("intro %q does not mention %q", intro, w)
		}
	}
	var got []string
	doc.Find("ul.common a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		u, err := url.Parse(href)
		if err != nil || u.Path != "/" {
			t.Errorf("one-click link %q is not a search", href)
			return
		}
		got = append(got, u.Query().Get("q"))
	})
	want := []string{"poetsdienst", "groenonderhoud", "fietspunt", "klusjesdienst", "catering", "was en strijk", "kringloop"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("one-click searches %q, want %q", got, want)
	}
	if doc.Find("ul.hits").Length() != 0 {
		t.Error("the bare home page lists offerings before any search")
	}

	// An empty form sent as it is opens the same page, also with the
	// "komt naar deze plaats" box (komt=0, and komt=1 when ticked), which
	// says how to read a place but is no search by itself.
	for _, empty := range []string{"/?q=+&postcode=&radius_km=", "/?q=&postcode=&radius_km=&komt=0&komt=1", "/?q=&postcode=&radius_km=&komt=0"} {
		_, body = f.do(t, "anonymous", "GET", empty, "", "")
		if doc := parse(t, body); doc.Find("ul.hits").Length() != 0 || doc.Find("ul.common a").Length() != 7 {
			t.Errorf("the empty search %s lists offerings instead of the home page", empty)
		}
	}

	// Following a one-click search gives results, without the intro.
	resp, body = f.do(t, "anonymous", "GET", "/?q=poetsdienst", "", "")
	doc = parse(t, body)
	if resp.StatusCode != 200 || doc.Find("ul.hits li").Length() == 0 || doc.Find(".intro").Length() != 0 || doc.Find("ul.common").Length() != 0 {
		t.Errorf("one-click search: status %d, %d hits, intro %d", resp.StatusCode, doc.Find("ul.hits li").Length(), doc.Find(".intro").Length())
	}
}

func TestContactLinks(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	withContact(t, f)
	for _, tc := range []struct{ who, method, path, body string }{
		{"anonymous", "GET", "/?q=poetsen", ""},
		{"anonymous", "GET", "/ondernemingen/" + string(kboB), ""},
		{"anonymous", "GET", "/opdrachten/published-A", ""},
		{"buyerA", "POST", "/clausule", "buyer=Stad+A&title=Poetsen+van+klaslokalen&cpv=90911200&postcode=9000"},
	} {
		t.Run(tc.method+tc.path, func(t *testing.T) {
			ct := ""
			if tc.body != "" {
				ct = "application/x-www-form-urlencoded"
			}
			resp, body := f.do(t, tc.who, tc.method, tc.path, ct, tc.body)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			doc := parse(t, body)
			tel := doc.Find("a[href^='tel:']")
			if href, _ := tel.Attr("href"); href != "tel:+3290001234" || strings.TrimSpace(tel.First().Text()) != "+32 9 000 12 34" {
				t.Errorf("tel link %q %q, want tel:+3290001234 showing the number as written", href, tel.First().Text())
			}
			web := doc.Find("a.web")
			if href, _ := web.Attr("href"); href != "https://www.voorbeeld.example" || web.First().Text() != "www.voorbeeld.example" {
				t.Errorf("website link %q %q", href, web.First().Text())
			}
		})
	}
}

func TestFiltersButton(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	_, body := f.do(t, "anonymous", "GET", "/?q=poetsen&category=schoonmaak", "", "")
	doc := parse(t, body)
	d := doc.Find("section details.filters-phone")
	if d.Length() != 1 || !strings.HasPrefix(d.Find("summary").Text(), "Filters") {
		t.Fatalf("no Filters button above the results")
	}
	if got := d.Find("summary").Text(); !strings.Contains(got, "1 actief") {
		t.Errorf("summary %q does not count the active filter", got)
	}
	// The same filters as the wide layout's column, before the hit list.
	if a, b := d.Find(".facet-list a").Length(), doc.Find("aside.filters-wide a").Length(); a == 0 || a != b {
		t.Errorf("%d filter links behind the button, %d in the column", a, b)
	}
	if d.NextAllFiltered("ul.hits").Length() == 0 {
		t.Error("the Filters button is not above the results")
	}
}

func TestRateLimitedPageIsHTML(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 0.001, SearchBurst: 1})
	var resp *http.Response
	var body string
	for range 2 {
		resp, body = f.do(t, "anonymous", "GET", "/?q=poetsen", "", "") // no Accept header, as curl
	}
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("second search = %d (Retry-After %q), want 429", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("429 page has Content-Type %q, want text/html", ct)
	}
	doc := parse(t, body)
	if h1 := doc.Find("main h1").Text(); h1 != "Even geduld" || !strings.Contains(doc.Find("main p").Text(), "seconden") {
		t.Errorf("429 page: h1 %q, text %q", h1, doc.Find("main p").Text())
	}
	// The API keeps its problem documents.
	resp, body = f.do(t, "buyerA", "GET", "/api/v1/offerings?q=poetsen", "", "")
	resp2, body2 := f.do(t, "buyerA", "GET", "/api/v1/offerings?q=poetsen", "", "")
	if resp2.StatusCode != http.StatusTooManyRequests || !strings.HasPrefix(resp2.Header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("API: %d then %d %q %.100s %.100s", resp.StatusCode, resp2.StatusCode, resp2.Header.Get("Content-Type"), body, body2)
	}
}

func TestMapsOnPages(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tc := range []struct{ path, marker, desc string }{
		{"/?q=poetsen&postcode=9000", "svg.map g.place", "Gezochte plaats: Gent (9000)"},
		// A place read from the words is marked too.
		{"/?q=poetsen+gent", "svg.map g.place", "Gezochte plaats: Gent (9000)"},
		{"/ondernemingen/" + string(kboB), "svg.map g.base", "Vestiging in"},
	} {
		_, body := f.do(t, "anonymous", "GET", tc.path, "", "")
		doc := parse(t, body)
		if doc.Find(tc.marker).Length() != 1 {
			t.Errorf("%s: no %s", tc.path, tc.marker)
		}
		if d := doc.Find("svg.map desc").Text(); !strings.Contains(d, tc.desc) {
			t.Errorf("%s: map description %q, want %q", tc.path, d, tc.desc)
		}
		if doc.Find("svg.map path.prov").Length() < 6 {
			t.Errorf("%s: %d province outlines", tc.path, doc.Find("svg.map path.prov").Length())
		}
	}
	// No hits, no map.
	if _, body := f.do(t, "anonymous", "GET", "/?q=zzzzqqq", "", ""); parse(t, body).Find("svg.map").Length() != 0 {
		t.Error("a map without results")
	}
}

// TestHomePageLanguageLinks: the header's language links on the home page
// ("/?lang=fr") open the home page in that language, not a list of every
// offering ("3001 services trouvés"): the language is not a search. With
// words, the same link still searches.
func TestHomePageLanguageLinks(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	_, body := f.do(t, "anonymous", "GET", "/", "", "")
	links := []string{"/?lang=nl"} // what the French and English home pages link to
	parse(t, body).Find("a.lang-switch").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		links = append(links, href)
	})
	if len(links) != 3 {
		t.Fatalf("language links %q, want nl and two from the page", links)
	}
	for _, href := range links {
		u, err := url.Parse(href)
		if err != nil {
			t.Fatal(err)
		}
		want := u.Query().Get("lang")
		resp, body := f.do(t, "anonymous", "GET", href, "", "")
		doc := parse(t, body)
		if got, _ := doc.Find("html").Attr("lang"); resp.StatusCode != 200 || got != want {
			t.Errorf("%s: status %d, lang %q, want 200 and %q", href, resp.StatusCode, got, want)
		}
		if n := doc.Find("ul.hits li").Length(); n != 0 || doc.Find(".intro").Length() != 1 || doc.Find("ul.common a").Length() != 7 {
			t.Errorf("%s: %d hits, intro %d, one-click searches %d: want the home page", href, n, doc.Find(".intro").Length(), doc.Find("ul.common a").Length())
		}
		_, body = f.do(t, "anonymous", "GET", href+"&q=poetsdienst", "", "")
		if doc := parse(t, body); doc.Find("ul.hits li").Length() == 0 || doc.Find(".intro").Length() != 0 {
			t.Errorf("%s&q=poetsdienst: %d hits, intro %d: want a search", href, doc.Find("ul.hits li").Length(), doc.Find(".intro").Length())
		}
	}
}
