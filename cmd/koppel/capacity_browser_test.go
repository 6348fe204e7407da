package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCapacityMapInBrowser opens the capacity map as a policy user would,
// on a desktop (1280 px) and on a phone (390 px), in a real Chromium
// against koppel serve with the demo data: choosing a category draws its
// municipalities where they lie, the map is an image with a name and a
// description, each municipality's disc says the same capacity as the
// table, and the phone does not scroll sideways. Screenshots are kept in
// KOPPEL_SCREENSHOTS when set.
func TestCapacityMapInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	site := serveSite(t, nil, nil, "--demo")
	url := site.url
	shots := shotDir(t)

	for _, width := range []int{1280, 390} {
		name := "desktop"
		if width < 500 {
			name = "phone"
		}
		t.Run(name, func(t *testing.T) {
			ctx := site.open(t, width, 900).ctx
			browse(t, ctx, "open the map from the menu and choose a category",
				// The true width: a headless window is at least 500 px wide.
				chromedp.EmulateViewport(int64(width), 900),
				// In Dutch: headless Chromium asks for English, and
				// ?lang= keeps the choice in a cookie.
				chromedp.Navigate(url+"/?lang=nl"),
				clickedThrough(`nav a[href="/capaciteit"]`),
				chromedp.WaitVisible("select#category"),
				chromedp.SetValue("select#category", "groenonderhoud"),
				clickedThrough("form.capacity-form button[type=submit]"),
				// The new page: its option is selected in the markup.
				chromedp.WaitReady(`option[value="groenonderhoud"][selected]`),
				chromedp.WaitVisible(`#capacity-title`),
			)
			if got := read(t, ctx, chromedp.Text("#capacity-title")); got != "Groenonderhoud" {
				t.Fatalf("map of %q, want Groenonderhoud", got)
			}
			screenshot(t, ctx, filepath.Join(shots, "capacity-"+name+".png"))
			if err := os.WriteFile(filepath.Join(shots, "capacity-"+name+"-page.png"), read(t, ctx, chromedp.FullScreenshot(100)), 0o644); err != nil {
				t.Fatal(err)
			}

			// An image with a name and a description, the description
			// the summary printed above the map.
			title := read(t, ctx, chromedp.Evaluate[string](`(() => { const s = document.querySelector("figure.capmap svg.map"); return s.getAttribute("role") + "|" + s.getAttribute("aria-labelledby").split(" ").map(id => document.getElementById(id).textContent).join("|"); })()`))
			parts := strings.Split(title, "|")
			summary := read(t, ctx, chromedp.Text("#capacity-summary"))
			if len(parts) != 3 || parts[0] != "img" || !strings.Contains(parts[1], "Groenonderhoud") || strings.TrimSpace(parts[2]) != strings.TrimSpace(summary) {
				t.Errorf("map role, title, description %q; summary %q", parts, summary)
			}
			if !strings.Contains(summary, " VTE") {
				t.Errorf("summary %q gives no capacity in VTE", summary)
			}

			// Gent's disc lies inside Oost-Vlaanderen, and says the
			// capacity the table says.
			inside := read(t, ctx, chromedp.Evaluate[bool](`(() => {
				const svg = document.querySelector("figure.capmap svg.map");
				const c = [...svg.querySelectorAll("circle.cell")].find(c => c.querySelector("title").textContent.startsWith("Gent:"));
				const prov = [...svg.querySelectorAll("path.prov")].find(p => p.querySelector("title").textContent === "Oost-Vlaanderen");
				const pt = svg.createSVGPoint(); pt.x = +c.getAttribute("cx"); pt.y = +c.getAttribute("cy");
				return prov.isPointInFill(pt);
			})()`))
			if !inside {
				t.Error("Gent is not drawn inside Oost-Vlaanderen")
			}
			mismatch := read(t, ctx, chromedp.Evaluate[string](`(() => {
				const cells = [...document.querySelectorAll("figure.capmap svg.map circle.cell title")].map(t => t.textContent);
				const rows = [...document.querySelectorAll("table.capacity-all tbody tr")];
				if (cells.length !== rows.length || rows.length < 290) return "cells " + cells.length + ", rows " + rows.length;
				for (const r of rows) {
					const muni = r.querySelector("td[data-label=Gemeente]").textContent, cap = r.querySelector("td[data-label=Capaciteit]").textContent;
					if (!cells.some(c => c.startsWith(muni + ": " + cap + ","))) return muni + " " + cap;
				}
				return "";
			})()`))
			if mismatch != "" {
				t.Errorf("map and table differ: %s", mismatch)
			}

			if read(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
				t.Errorf("the capacity map at %d px scrolls sideways", width)
			}
			browse(t, ctx, "open the table", chromedp.Click("details.capacity-table summary"), chromedp.WaitVisible("table.capacity-all"))
			if read(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
				t.Errorf("the capacity table at %d px scrolls sideways", width)
			}
		})
	}
}
