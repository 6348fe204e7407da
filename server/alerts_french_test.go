package server_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/i18n"
	"koppel/server"
)

// TestAlertsPageFrenchWording: the French alerts page calls the feed
// "Flux" and its button "Enregistrer", with no Dutch or English heading;
// the English radius refusal says what the distance must be.
func TestAlertsPageFrenchWording(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	resp, body := f.doWith(t, "supplierB", "GET", "/meldingen?lang=fr", "", nil)
	doc := parse(t, body)
	var h2 []string
	doc.Find("main h2").Each(func(_ int, s *goquery.Selection) { h2 = append(h2, strings.TrimSpace(s.Text())) })
	if resp.StatusCode != 200 || !strings.Contains(strings.Join(h2, "|"), "Flux") || strings.Contains(strings.Join(h2, "|"), "Feed") {
		t.Errorf("got %d, headings %q, want one Flux and no Feed", resp.StatusCode, h2)
	}
	if got := strings.TrimSpace(doc.Find(`main form button[type="submit"]`).First().Text()); got != "Enregistrer" {
		t.Errorf("first button %q, want Enregistrer", got)
	}
	if got := i18n.KeyText(i18n.EN, "error.forms_need_radius", "Max", 300); got != "the distance must be between 0 and 300 km" {
		t.Errorf("radius in English: %q", got)
	}
}
