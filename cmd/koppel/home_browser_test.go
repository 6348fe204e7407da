package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// shotDir is where the home page test keeps its screenshots: the folder
// in KOPPEL_SCREENSHOTS when set (to look at them), else a temporary one.
func shotDir(t *testing.T) string {
	if d := os.Getenv("KOPPEL_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func screenshot(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	png := read(t, ctx, chromedp.CaptureScreenshot()) // the viewport, as PNG
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// box is where an element is on the page.
type box struct{ Top, Height float64 }

// TestHomePageInBrowser opens the home page as a newcomer would, on a
// desktop (1280 px) and on a phone (390 px), in a real Chromium against
// koppel serve with the demo data: the page says what Koppel is, offers
// the common services as one-click searches, the hits carry tel: links,
// and on the phone the filters sit behind a Filters button above the
// results.
func TestHomePageInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	site := serveSite(t, nil, nil, "--demo")
	url := site.url
	shots := shotDir(t)

	for _, width := range []int{1280, 390} {
		phone := width < 500
		name := "desktop"
		if phone {
			name = "phone"
		}
		t.Run(name, func(t *testing.T) {
			ctx := site.open(t, width, 900).ctx
			// The viewport, not the window: headless Chromium's windows are
			// at least 500 px wide.
			browse(t, ctx, "home", chromedp.EmulateViewport(int64(width), 900), chromedp.Navigate(url+"/"), chromedp.WaitVisible(".intro h1"))
			if w := read(t, ctx, chromedp.Evaluate[int](`window.innerWidth`)); w != width {
				t.Fatalf("viewport %d px wide, want %d", w, width)
			}
			screenshot(t, ctx, filepath.Join(shots, "home-"+name+".png"))
			intro := read(t, ctx, chromedp.Text(".intro"))
			if !strings.Contains(intro, "Koppel") || !strings.Contains(intro, "sociale") {
				t.Errorf("intro %q does not say what Koppel is", intro)
			}
			if n := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("ul.common a").length`)); n != 7 {
				t.Errorf("%d one-click searches, want 7", n)
			}
			if n := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("ul.hits").length`)); n != 0 {
				t.Error("the home page lists offerings before any search")
			}

			// One click on "Poetsdienst" gives cleaning services with
			// their phone numbers as tel: links.
			browse(t, ctx, "one-click",
				clickedThrough(`ul.common a[href="/?q=poetsdienst"]`),
				chromedp.WaitVisible("ul.hits li"),
			)
			hits := read(t, ctx, chromedp.Text("ul.hits"))
			if !strings.Contains(strings.ToLower(hits), "poets") {
				t.Errorf("one-click poetsdienst found %.200q", hits)
			}
			tels := read(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ul.hits a[href^='tel:']")].map(a => a.getAttribute("href"))`))
			if len(tels) == 0 {
				t.Fatal("no tel: links in the hits")
			}
			for _, h := range tels {
				if strings.ContainsAny(strings.TrimPrefix(h, "tel:"), " ./()") {
					t.Errorf("tel link %q is not dialable as is", h)
				}
			}
			screenshot(t, ctx, filepath.Join(shots, "results-"+name+".png"))

			// The filters: a column on the desktop, a Filters button above
			// the results on the phone that opens without JavaScript.
			wide := read(t, ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector("aside.filters-wide")).display !== "none"`))
			button := read(t, ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector("details.filters-phone")).display !== "none"`))
			if wide == phone || button != phone {
				t.Errorf("width %d: filter column shown %v, Filters button shown %v", width, wide, button)
			}
			if !phone {
				checkMaps(t, ctx, url, shots)
				return
			}
			summary := read(t, ctx, chromedp.Evaluate[box](`(() => { const r = document.querySelector("details.filters-phone summary").getBoundingClientRect(); return {Top: r.top, Height: r.height}; })()`))
			list := read(t, ctx, chromedp.Evaluate[box](`(() => { const r = document.querySelector("ul.hits").getBoundingClientRect(); return {Top: r.top, Height: r.height}; })()`))
			if summary.Height == 0 || summary.Top >= list.Top {
				t.Errorf("Filters button at %v, results at %v: want the button above the results", summary, list)
			}
			if open := read(t, ctx, chromedp.Evaluate[bool](`document.querySelector("details.filters-phone .facet-list a").checkVisibility()`)); open {
				t.Error("the filters are open before the button is pressed")
			}
			browse(t, ctx, "open filters",
				chromedp.Click("details.filters-phone summary", chromedp.NodeVisible),
				chromedp.WaitVisible("details.filters-phone .facet-list a"),
			)
			screenshot(t, ctx, filepath.Join(shots, "filters-"+name+".png"))
			browse(t, ctx, "filter", clickedThrough("details.filters-phone .facet-list a"), chromedp.WaitVisible("ul.hits li"))
			if loc := read(t, ctx, chromedp.Location()); !strings.Contains(loc, "q=poetsdienst") || !strings.Contains(loc, "=") {
				t.Errorf("after a filter the URL is %s", loc)
			}
			if s := read(t, ctx, chromedp.Text("details.filters-phone summary")); !strings.Contains(s, "1 actief") {
				t.Errorf("summary after filtering %q, want it to count the filter", s)
			}
		})
	}
}

// checkMaps looks at the maps: a search near Gent shows Gent and the hits'
// enterprises, an enterprise page its base and service area, each with a
// text alternative.
func checkMaps(t *testing.T, ctx context.Context, url, shots string) {
	t.Helper()
	browse(t, ctx, "search map",
		chromedp.Navigate(url+"/?q=poetsdienst&postcode=9000"),
		chromedp.WaitVisible("svg.map"),
	)
	screenshot(t, ctx, filepath.Join(shots, "map-search.png"))
	place := read(t, ctx, chromedp.Evaluate[string](`document.querySelector("svg.map g.place title")?.textContent ?? ""`))
	if !strings.Contains(place, "Gent") {
		t.Errorf("the search map marks %q, want Gent", place)
	}
	hits := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.map circle.hit").length`))
	enterprises := read(t, ctx, chromedp.Evaluate[int](`new Set([...document.querySelectorAll("ul.hits .who a")].map(a => a.getAttribute("href"))).size`))
	if hits == 0 || hits > enterprises {
		t.Errorf("%d hit markers for %d enterprises on the page", hits, enterprises)
	}
	desc := read(t, ctx, chromedp.Evaluate[string](`document.getElementById(document.querySelector("svg.map").getAttribute("aria-labelledby").split(" ")[1]).textContent`))
	if !strings.Contains(desc, "Gent (9000)") || !strings.Contains(desc, "ondernemingen op deze pagina") {
		t.Errorf("the search map's text alternative is %q", desc)
	}
	// The map is drawn where it is: Gent lies inside Oost-Vlaanderen's outline.
	inside := read(t, ctx, chromedp.Evaluate[bool](`(() => {
		const svg = document.querySelector("svg.map"), c = svg.querySelector("g.place circle");
		const prov = [...svg.querySelectorAll("path.prov")].find(p => p.querySelector("title").textContent === "Oost-Vlaanderen");
		const pt = svg.createSVGPoint(); pt.x = +c.getAttribute("cx"); pt.y = +c.getAttribute("cy");
		return prov.isPointInFill(pt);
	})()`))
	if !inside {
		t.Error("the marker of Gent is not inside Oost-Vlaanderen")
	}

	browse(t, ctx, "enterprise map",
		clickedThrough("ul.hits li .who a"),
		chromedp.WaitVisible("svg.map g.base"),
	)
	screenshot(t, ctx, filepath.Join(shots, "map-enterprise.png"))
	desc = read(t, ctx, chromedp.Evaluate[string](`document.getElementById("map-desc").textContent`))
	area := read(t, ctx, chromedp.Text(chromedp.CSS("dl")))
	if !strings.HasPrefix(desc, "Vestiging in ") || !strings.Contains(desc, "Werk") {
		t.Errorf("the enterprise map's text alternative is %q (service area %q)", desc, area)
	}
	shapes := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.map circle.area, svg.map circle.muni, svg.map path.prov.on").length`))
	if shapes == 0 {
		t.Errorf("the enterprise map shows no service area (%q)", desc)
	}
}
