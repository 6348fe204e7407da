package main

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestTargetGroupFacetInBrowser ticks target groups in the filter column
// of the search page, in a real Chromium against koppel serve with the
// demo data: each tick keeps the services the facet counted (the API
// agrees), a second group narrows further, the ticked ones show as
// ticked, and a new search in the box keeps them.
func TestTargetGroupFacetInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSite(t, true, nil)
	ctx, url := s.ctx, s.url
	apiTotal := func(query string) int {
		t.Helper()
		resp, err := http.Get(url + "/api/v1/offerings?" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r struct{ Total int }
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %d %v", query, resp.StatusCode, err)
		}
		return r.Total
	}
	found := regexp.MustCompile(`(\d+) diensten? gevonden`)
	total := func() int {
		t.Helper()
		m := found.FindStringSubmatch(read(t, ctx, chromedp.Text(".results section > p.muted")))
		if m == nil {
			t.Fatal("the page does not say how many services it found")
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	// facet reads the count beside a group in the filter column.
	facet := func(label string) (count int, ticked bool) {
		t.Helper()
		type item struct {
			Text    string
			Current bool
		}
		items := read(t, ctx, chromedp.Evaluate[[]item](`[...document.querySelectorAll("aside.filters-wide ul.checks li")].map(li => ({Text: li.textContent, Current: li.querySelector("a").getAttribute("aria-current") === "true"}))`))
		for _, it := range items {
			if strings.Contains(it.Text, label) {
				m := regexp.MustCompile(`\((\d+)\)`).FindStringSubmatch(it.Text)
				if m == nil {
					t.Fatalf("facet %q without a count: %q", label, it.Text)
				}
				n, _ := strconv.Atoi(m[1])
				return n, it.Current
			}
		}
		t.Fatalf("no facet %q among %v", label, items)
		return 0, false
	}
	// click follows the link of a group in the filter column and waits
	// for the page of hits it leads to (the page before has hits too).
	click := func(what, label string) {
		t.Helper()
		href := read(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("aside.filters-wide ul.checks a")].find(a => a.textContent.includes(`+strconv.Quote(label)+`)).getAttribute("href")`))
		browse(t, ctx, what, clickedThrough(`aside.filters-wide ul.checks a[href="`+href+`"]`), chromedp.WaitVisible("ul.hits li"))
	}

	// In Dutch (the lang cookie keeps it): Chromium asks for English.
	browse(t, ctx, "search", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(url+"/?lang=nl&q=poetsdienst&komt=0"), chromedp.WaitVisible("ul.hits li"))
	all := total()
	disability, ticked := facet("Mensen met een arbeidshandicap")
	if disability == 0 || disability >= all || ticked {
		t.Fatalf("facet arbeidshandicap counts %d of %d (ticked %v): want some, not all, unticked", disability, all, ticked)
	}
	click("tick arbeidshandicap", "Mensen met een arbeidshandicap")
	if got := total(); got != disability {
		t.Errorf("ticked arbeidshandicap: %d services, the facet said %d", got, disability)
	}
	if api := apiTotal("q=poetsdienst&target_group=arbeidshandicap"); api != disability {
		t.Errorf("the API finds %d with target_group=arbeidshandicap, the page %d", api, disability)
	}
	if _, ticked := facet("Mensen met een arbeidshandicap"); !ticked {
		t.Error("arbeidshandicap is not shown as ticked")
	}
	both, _ := facet("psychosociale kwetsbaarheid")
	click("tick psychosociaal too", "psychosociale kwetsbaarheid")
	if got := total(); got != both || got > disability {
		t.Errorf("two groups ticked: %d services, facet said %d, one group %d", got, both, disability)
	}
	if api := apiTotal("q=poetsdienst&target_group=arbeidshandicap&target_group=psychosociaal"); api != both {
		t.Errorf("the API finds %d with both groups, the page %d", api, both)
	}
	// A new search in the box keeps the ticked groups.
	browse(t, ctx, "new search",
		chromedp.SetValue("#q", "schoonmaak"),
		submitted("#q"),
		chromedp.WaitVisible("ul.hits li"))
	loc := read(t, ctx, chromedp.Evaluate[string](`location.search`))
	if !strings.Contains(loc, "target_group=arbeidshandicap%2Cpsychosociaal") {
		t.Errorf("the new search %q lost the ticked groups", loc)
	}
	// Unticking the first keeps the second.
	click("untick arbeidshandicap", "Mensen met een arbeidshandicap")
	loc = read(t, ctx, chromedp.Evaluate[string](`location.search`))
	if !strings.Contains(loc, "target_group=psychosociaal") || strings.Contains(loc, "arbeidshandicap") {
		t.Errorf("after unticking arbeidshandicap: %q", loc)
	}
}
