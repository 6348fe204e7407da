package main

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// chartCheck inspects every chart (figure.chart) of the page in the
// spirit of axe-core's rules for images and tables: the drawing is an
// image (role="img") with an accessible name (aria-labelledby) equal to
// its SVG title and a description (aria-describedby, the one-sentence
// summary); the figure holds a table with a header per column; every
// value the drawing shows is a cell of the table and every non-zero cell
// is drawn. It also checks the fit on the current screen: the drawing
// within the window, its smallest text at 9 px or more.
const chartCheck = `(() => {
  const w = window.innerWidth, charts = [];
  const textOf = ids => (ids || "").split(/\s+/).filter(Boolean).map(i => (document.getElementById(i) || {textContent: ""}).textContent.trim()).join(" ").trim();
  for (const fig of document.querySelectorAll("figure.chart")) {
    const p = [], svg = fig.querySelector("svg.chart-svg");
    if (!svg) { charts.push({id: fig.id, problems: ["no drawing"]}); continue; }
    if (svg.getAttribute("role") !== "img") p.push("role is " + svg.getAttribute("role"));
    const name = textOf(svg.getAttribute("aria-labelledby")), desc = textOf(svg.getAttribute("aria-describedby"));
    if (!name) p.push("no accessible name");
    if (!desc || !/[.]$/.test(desc)) p.push("no one-sentence summary: " + desc);
    const title = (svg.querySelector(":scope > title") || {textContent: ""}).textContent.trim();
    if (!title || title !== name) p.push("svg title " + JSON.stringify(title) + " is not the name " + JSON.stringify(name));
    const table = fig.querySelector("table");
    let cells = [];
    if (!table) p.push("no table");
    else {
      if (table.querySelectorAll("thead th[scope=col]").length < 2) p.push("table without column headers");
      cells = [...table.querySelectorAll("td")].map(td => td.textContent.trim());
    }
    const drawn = [...svg.querySelectorAll("[data-value]")].map(e => e.getAttribute("data-value"));
    if (drawn.length === 0) p.push("nothing drawn");
    for (const v of drawn) if (!cells.includes(v)) p.push("drawn " + v + " is not in the table");
    for (const c of cells) if (!/^0( |$)/.test(c) && !drawn.includes(c)) p.push("table value " + c + " is not drawn");
    const r = svg.getBoundingClientRect();
    if (r.left < 0 || r.right > w) p.push("drawing from " + r.left + " to " + r.right + " px in a " + w + " px window");
    const scale = r.width / svg.viewBox.baseVal.width;
    let smallest = 99;
    for (const t of svg.querySelectorAll("text")) smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
    if (smallest < 9) p.push("text of " + smallest.toFixed(1) + " px");
    charts.push({id: fig.id, name: name, summary: desc, cells: cells, problems: p});
  }
  return {width: document.documentElement.scrollWidth, charts: charts};
})()`

type chartResult struct {
	Width  float64 `json:"width"`
	Charts []struct {
		ID       string   `json:"id"`
		Name     string   `json:"name"`
		Summary  string   `json:"summary"`
		Cells    []string `json:"cells"`
		Problems []string `json:"problems"`
	} `json:"charts"`
}

// checkCharts runs chartCheck on the page at 390 px, wants the charts
// named by id and none of their problems, keeps a screenshot of the whole
// page under dir and checks that it is 390 px wide. It returns the charts
// by id.
func checkCharts(t *testing.T, ctx context.Context, dir, page string, ids ...string) map[string][]string {
	t.Helper()
	res := read(t, ctx, chromedp.Evaluate[chartResult](chartCheck))
	if res.Width > 390 {
		t.Errorf("%s: the page is %v px wide on a 390 px phone", page, res.Width)
	}
	got := map[string][]string{}
	for _, c := range res.Charts {
		got[c.ID] = c.Cells
		for _, p := range c.Problems {
			t.Errorf("%s, chart %s: %s", page, c.ID, p)
		}
		t.Logf("%s, chart %s: %q — %q", page, c.ID, c.Name, c.Summary)
	}
	for _, id := range ids {
		if _, ok := got[id]; !ok {
			t.Errorf("%s: no chart %s (got %d charts)", page, id, len(res.Charts))
		}
	}
	shot := read(t, ctx, chromedp.FullScreenshot(100))
	cfg, err := png.DecodeConfig(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("%s: screenshot: %v", page, err)
	}
	if cfg.Width != 390 {
		t.Errorf("%s: screenshot %d×%d px, want 390 wide", page, cfg.Width, cfg.Height)
	}
	name := filepath.Join(dir, strings.ReplaceAll(page, " ", "-")+".png")
	if err := os.WriteFile(name, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("KOPPEL_SCREENSHOTS"); keep != "" { // to look at them after the test
		_ = os.WriteFile(filepath.Join(keep, filepath.Base(name)), shot, 0o644)
		for id := range got {
			if fig, err := chromedp.Run(ctx, chromedp.Screenshot("#"+id)); err == nil {
				_ = os.WriteFile(filepath.Join(keep, id+".png"), fig, 0o644)
			}
		}
	}
	t.Logf("%s: %s (%d×%d)", page, name, cfg.Width, cfg.Height)
	return got
}

// TestChartsInBrowser: on a 390 px phone a buyer sees the market scan of
// the clause assistant as two charts, the capacity of a lot's matches
// against its volume on the tender page, and on Resultaten the reserved
// lots per year once one has an outcome; each chart passes chartCheck.
func TestChartsInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSite(t, true, map[string][]string{"buyer": {"--role", "buyer", "--buyer", "Stad Voorbeeld"}})
	ctx, url, buyer := s.ctx, s.url, s.token("buyer")
	shots := t.TempDir()

	browse(t, ctx, "new tender",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(url+"/?lang=nl"), // Chromium asks for English; the charts follow the page's language
		s.signIn("buyer", "/opdrachten/nieuw"),
		chromedp.WaitVisible("#lot1_title"),
		chromedp.SendKeys("#title", "Schoonmaak basisschool De Linde"),
		chromedp.SendKeys("#lot1_title", "Dagelijkse schoonmaak van klaslokalen"),
		chromedp.SendKeys("#lot1_cpv", "90911200-8"),
		chromedp.SendKeys("#lot1_postcode", "9000"),
		chromedp.SendKeys("#lot1_volume", "2,5"),
		chromedp.SetValue("#lot1_clause", "res-ws"),
		chromedp.SetValue("#status", "published"),
		submitted("#title"),
		chromedp.WaitVisible("ol.matches"),
	)
	tenderURL := read(t, ctx, chromedp.Location())
	lot := checkCharts(t, ctx, shots, "tender page", "capaciteit-perceel-1")["capaciteit-perceel-1"]
	if len(lot) == 0 || lot[len(lot)-1] != "2,5 VTE" {
		t.Errorf("lot chart table %q, want the matches' capacities and the requested 2,5 VTE last", lot)
	}
	winner := read(t, ctx, chromedp.AttributeValue("ol.matches li a[href^='/ondernemingen/']", "href")).Value

	browse(t, ctx, "clause assistant",
		clickedThrough(`a[href^="/clausule?tender="]`),
		chromedp.WaitVisible("#title"),
		submitted("#title"),
		chromedp.WaitVisible("figure#markt-vormen"),
	)
	scan := checkCharts(t, ctx, shots, "clause assistant", "markt-vormen", "markt-capaciteit")
	if c := scan["markt-capaciteit"]; len(c) == 0 || c[len(c)-1] != "2,5 VTE" {
		t.Errorf("capacity chart table %q, want the requested 2,5 VTE last", c)
	}
	// The chart's figures are the market table's: res-ws eligible, to
	// verify and not eligible, and their total.
	row := read(t, ctx, chromedp.Text("table.cards tbody tr"))
	if c := scan["markt-vormen"]; len(c) < 4 || !strings.Contains(row, c[0]) || !strings.Contains(row, c[1]) {
		t.Errorf("market chart %q against the market table %q", c, row)
	}

	// An outcome for the reserved lot: awarded to the first match.
	kbo := strings.TrimPrefix(winner, "/ondernemingen/")
	id := tenderURL[strings.LastIndex(tenderURL, "/")+1:]
	req, _ := http.NewRequest("PUT", url+"/api/v1/tenders/"+id+"/lots/1/outcome", strings.NewReader(`{"result":"awarded","winners":[{"kbo":"`+kbo+`"}],"date":"2026-07-01","value":48000}`))
	req.Header.Set("Authorization", "Bearer "+buyer)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("outcome: %s %s", resp.Status, body)
	}
	browse(t, ctx, "Resultaten", chromedp.Navigate(url+"/resultaten"), chromedp.WaitVisible("figure#resultaten-jaren"))
	years := checkCharts(t, ctx, shots, "Resultaten", "resultaten-jaren")["resultaten-jaren"]
	if strings.Join(years, " ") != "1 1 1" {
		t.Errorf("Resultaten chart table %q, want 1 reserved lot, 1 with tenders, 1 to the social economy", years)
	}
	if link := read(t, ctx, chromedp.Text(`a[download="resultaten.json"]`)); link != "Download de cijfers (JSON)" {
		t.Errorf("JSON link reads %q", link)
	}

	// In French the chart speaks French (the rest of this page is not
	// translated yet).
	browse(t, ctx, "Resultaten in French", chromedp.Navigate(url+"/resultaten?lang=fr"), chromedp.WaitVisible("figure#resultaten-jaren"))
	checkCharts(t, ctx, shots, "Resultaten fr", "resultaten-jaren")
	if name := read(t, ctx, chromedp.Text("#resultaten-jaren-title")); name != "Lots réservés par année" {
		t.Errorf("French chart title %q", name)
	}

	// Between a phone and a desk (640–960 px the tables are no cards yet
	// and main is narrower than its 60rem) the report fits its window in
	// every language: no width from 320 to 1400 px scrolls sideways.
	widths := []int{320, 390, 480, 560, 600, 640, 660, 700, 760, 800, 860, 900, 960, 1024, 1280, 1400}
	for _, lang := range []string{"nl", "fr", "en"} {
		browse(t, ctx, "Resultaten "+lang, chromedp.Navigate(url+"/resultaten?lang="+lang), chromedp.WaitVisible("figure#resultaten-jaren"))
		for _, w := range widths {
			browse(t, ctx, "Resultaten "+lang+" width", chromedp.EmulateViewport(int64(w), 844))
			if wide := read(t, ctx, chromedp.Evaluate[[]string](tooWide)); len(wide) > 0 {
				t.Errorf("Resultaten %s at %d px scrolls sideways: %v", lang, w, wide)
			}
			if w == 800 {
				if keep := os.Getenv("KOPPEL_SCREENSHOTS"); keep != "" {
					if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(90)); err == nil {
						_ = os.WriteFile(filepath.Join(keep, "resultaten-"+lang+"-800.png"), shot, 0o644)
					}
				}
			}
		}
	}
	browse(t, ctx, "back to Dutch", chromedp.EmulateViewport(390, 844), chromedp.Navigate(url+"/resultaten?lang=nl"))
}

// tooWide lists what makes the page scroll sideways: the page's width
// when it is wider than the window, and the innermost elements that
// reach past the window's right edge (tag, class and width).
const tooWide = `(() => {
  const w = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth <= w) return out;
  out.push("page is " + document.documentElement.scrollWidth + " px wide in " + w + " px");
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.right <= w + 1 || r.width === 0) continue;
    if ([...e.children].some(c => c.getBoundingClientRect().right > w + 1)) continue;
    out.push(e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().replace(/\s+/g, ".") : "") + " " + Math.round(r.width) + " px to " + Math.round(r.right));
    if (out.length > 6) break;
  }
  return out;
})()`
