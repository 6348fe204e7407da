package server_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/server"
)

// TestSearchPlaceInLanguage: the search form says which place it read in
// the page's language (a municipality by its French name for French
// readers, a deelgemeente by its own), and so does the map's description.
func TestSearchPlaceInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tt := range []struct{ path, read, mapDesc string }{
		{"/?q=poetsen&postcode=9000&lang=fr", "Gand (9000)", "Localité recherchée : Gand (9000)."},
		{"/?q=poetsen&postcode=Gent&lang=fr", "Gand (9000)", "Localité recherchée : Gand (9000)."},
		{"/?q=poetsen&postcode=Ledeberg&lang=fr", "Ledeberg (9050)", ""},
		{"/?q=poetsen&postcode=Gand&lang=en", "Gent (9000)", "Place searched: Gent (9000)."},
		{"/?q=poetsen&postcode=Gand", "Gent (9000)", "Gezochte plaats: Gent (9000)."},
	} {
		_, body := f.do(t, "anonymous", "GET", tt.path, "", "")
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(doc.Find(".place-read").Text()); got != tt.read {
			t.Errorf("%s: place read as %q, want %q", tt.path, got, tt.read)
		}
		if got := doc.Find("svg.map desc").Text(); tt.mapDesc != "" && !strings.HasPrefix(got, tt.mapDesc) {
			t.Errorf("%s: map description %q, want it to start with %q", tt.path, got, tt.mapDesc)
		}
	}
}
