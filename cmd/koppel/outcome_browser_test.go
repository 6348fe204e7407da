package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestOutcomeInBrowser: Stad Gent's buyer records the outcome of a lot on
// the tender page in a real Chromium (first with a mistake, shown beside
// its field), then the winning enterprise signs in and sees the lot among
// its won tenders on Mijn aanbod; the buyer's Resultaten page counts it.
func TestOutcomeInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSiteWith(t, func(bin, data string) {
		if out, err := exec.Command(bin, "import", "tenders", "--data", data, "--buyer", "Stad Gent", "../../importers/eforms/testdata/cn_flemish_synthetic.xml").CombinedOutput(); err != nil {
			t.Fatalf("koppel import tenders: %v\n%s", err, out)
		}
	}, map[string][]string{
		"buyer":    {"--role", "buyer", "--buyer", "Stad Gent"},
		"supplier": {"--role", "supplier", "--enterprise", "0123.456.749"},
	})
	ctx, url := s.ctx, s.url
	putEnterprise(t, url, s.token("supplier"))
	tender := "/opdrachten/eforms-7d1c1e2a-3b4c-4d5e-8f90-123456789abc"

	browse(t, ctx, "buyer opens the outcome form",
		s.signIn("buyer", tender),
		chromedp.WaitVisible("#perceel-LOT-0001 a.record-outcome"),
		clickedThrough("#perceel-LOT-0001 a.record-outcome"),
		chromedp.WaitVisible("#result-awarded"),
		chromedp.Click("#result-awarded"),
		chromedp.SetValue("#date", "2026-07-01"),
		clickedThrough("form.outcome-form button[type=submit]"),
		chromedp.WaitVisible("#winner_name_error"),
	)
	if msg := read(t, ctx, chromedp.Text("#winner_name_error")); !strings.Contains(msg, "winnaar") {
		t.Errorf("error beside the winner field: %q", msg)
	}
	if inv := read(t, ctx, chromedp.AttributeValue("#winner_name", "aria-invalid")).Value; inv != "true" {
		t.Errorf("winner field aria-invalid %q, want true", inv)
	}
	browse(t, ctx, "buyer records the outcome",
		chromedp.SendKeys("#winner_kbo", "0123.456.749"),
		chromedp.SendKeys("#value", "184.000"),
		clickedThrough("form.outcome-form button[type=submit]"),
		chromedp.WaitVisible("#uitslag-LOT-0001 a[href='/ondernemingen/0123.456.749']"),
	)
	if got := read(t, ctx, chromedp.Text("#uitslag-LOT-0001")); !strings.Contains(got, "Gegund aan De Fictieve Poetsploeg vzw") || !strings.Contains(got, "€ 184.000") {
		t.Errorf("tender page shows %q, want the lot awarded to the enterprise for € 184.000", got)
	}
	browse(t, ctx, "buyer's report",
		chromedp.Navigate(url+"/resultaten"),
		chromedp.WaitVisible("table.outcome-report"),
	)
	if got := read(t, ctx, chromedp.Text("table.by-work-form")); !strings.Contains(got, "Maatwerkbedrijf") {
		t.Errorf("Resultaten by work form: %q, want the maatwerkbedrijf that won", got)
	}
	browse(t, ctx, "Resultaten on a phone", chromedp.EmulateViewport(390, 844), chromedp.WaitVisible("table.outcome-report"))
	if read(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
		t.Errorf("Resultaten at 390 px scrolls sideways")
	}
	browse(t, ctx, "wide again", chromedp.EmulateViewport(1100, 900))

	browse(t, ctx, "the winner signs in",
		signOut,
		chromedp.WaitVisible(`nav a[href="/aanmelden"]`),
		s.signIn("supplier", "/mijn-aanbod"),
		chromedp.WaitVisible("#gewonnen"),
	)
	won := read(t, ctx, chromedp.Text("#gewonnen"))
	if !strings.Contains(won, "Schoonmaak en groenonderhoud van de stedelijke scholen") || !strings.Contains(won, "Perceel LOT-0001") || !strings.Contains(won, "Stad Gent") {
		t.Errorf("Mijn aanbod, won tenders: %q", won)
	}
}
