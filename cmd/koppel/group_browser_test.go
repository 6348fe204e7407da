package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// hitRow is what the search page's test reads of one hit.
type hitRow struct {
	Key  string // enterprise link + "|" + title
	KBO  string
	More string
}

// readHits reads the hits of the search page in the browser.
const readHits = `[...document.querySelectorAll("ul.hits > li")].map(li => ({
	KBO: li.querySelector("p.who a").getAttribute("href"),
	Key: li.querySelector("p.who a").getAttribute("href") + "|" + li.querySelector("h2").textContent,
	More: (li.querySelector("p.more a") || {textContent: ""}).textContent,
}))`

// TestSearchPerEnterpriseInBrowser searches the demo data as a facility
// manager comparing suppliers, in a real Chromium: the first page lists at
// most 2 services of one enterprise; "nog N diensten van …" opens that
// enterprise's other services that fit the search, N of them more than
// the page showed; page 2 continues where page 1 stopped.
func TestSearchPerEnterpriseInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSite(t, true, nil)
	ctx, url := s.ctx, s.url

	first1 := url + "/?q=poetsen&postcode=Gent&lang=nl" // Chromium asks for English
	browse(t, ctx, "search", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(first1), chromedp.WaitVisible("ul.hits li"))
	page1 := read(t, ctx, chromedp.Evaluate[[]hitRow](readHits))
	if len(page1) != 20 {
		t.Fatalf("%d hits on page 1, want 20", len(page1))
	}
	per := map[string]int{}
	type more struct {
		kbo  string
		n    int
		text string
	}
	var first *more
	for _, h := range page1 {
		per[h.KBO]++
		if per[h.KBO] > 2 {
			t.Errorf("%s has %d services on page 1, want at most 2", h.KBO, per[h.KBO])
		}
		if h.More != "" && first == nil {
			m := regexp.MustCompile(`^nog (\d+) (dienst|diensten) van .+`).FindStringSubmatch(h.More)
			if m == nil {
				t.Fatalf("more link %q", h.More)
			}
			n, _ := strconv.Atoi(m[1])
			first = &more{kbo: h.KBO, n: n, text: h.More}
		}
	}
	if first == nil {
		t.Fatal(`no "nog N diensten van …" link on page 1`)
	}
	summary := read(t, ctx, chromedp.Text("section p.muted"))
	if !regexp.MustCompile(`^\d+ diensten gevonden bij \d+ aanbieders, 1–20 getoond`).MatchString(summary) {
		t.Errorf("summary %q", summary)
	}

	// Page 2 continues where page 1 stopped.
	browse(t, ctx, "page 2", clickedThrough(`a[rel="next"]`), chromedp.WaitVisible("ul.hits li"))
	if loc := read(t, ctx, chromedp.Location()); !strings.Contains(loc, "page=2") {
		t.Fatalf("next page at %s", loc)
	}
	page2 := read(t, ctx, chromedp.Evaluate[[]hitRow](readHits))
	seen := map[string]bool{}
	for _, h := range page1 {
		seen[h.Key] = true
	}
	for _, h := range page2 {
		if seen[h.Key] {
			t.Errorf("page 2 repeats %s", h.Key)
		}
		per[h.KBO]++
		if per[h.KBO] > 2 {
			t.Errorf("%s has %d services on pages 1 and 2, want at most 2", h.KBO, per[h.KBO])
		}
	}

	// The link opens the enterprise's services that fit the search.
	browse(t, ctx, "page 1 again", chromedp.Navigate(first1), chromedp.WaitVisible("ul.hits li"))
	browse(t, ctx, "more", clickedThrough(fmt.Sprintf(`//p[@class="more"]/a[.=%q]`, first.text)), chromedp.WaitVisible("p.only"))
	only := read(t, ctx, chromedp.Evaluate[[]hitRow](readHits))
	if len(only) != per1(page1, first.kbo)+first.n {
		t.Errorf("%d services after %q, want %d", len(only), first.text, per1(page1, first.kbo)+first.n)
	}
	for _, h := range only {
		if h.KBO != first.kbo || h.More != "" {
			t.Errorf("hit %+v after %q, want only %s's services", h, first.text, first.kbo)
		}
	}
	if q := read(t, ctx, chromedp.Value("#q")); q != "poetsen" {
		t.Errorf("search box holds %q after the link, want the same search", q)
	}
	browse(t, ctx, "all again", clickedThrough("p.only a"), chromedp.WaitNotPresent("p.only"))
	if again := read(t, ctx, chromedp.Evaluate[[]hitRow](readHits)); len(again) != 20 || again[0].Key != page1[0].Key {
		t.Errorf("back to every enterprise: %d hits, first %+v", len(again), again)
	}
}

// per1 counts the hits of enterprise kbo.
func per1(hits []hitRow, kbo string) int {
	n := 0
	for _, h := range hits {
		if h.KBO == kbo {
			n++
		}
	}
	return n
}
