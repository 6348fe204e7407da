package search_test

import (
	"context"
	"strings"
	"testing"

	"koppel/indexer"
	"koppel/search"
)

// TestRepairIsNotParking checks that a search for bike repair
// ("fietsherstelling") does not rank bike parking among the repairs: on
// the demo data, in relevance order, and near Leuven as the search page
// runs it (by distance, 2 services per enterprise). Bike parking was a
// synonym of bike repair.
func TestRepairIsNotParking(t *testing.T) {
	src := fmSource()
	s := mustSearcher(t, src, indexer.Options{})
	// A parking service by its title (the demo's descriptions of bike
	// services all mention repair and parking).
	parkingOnly := func(h search.OfferingHit) bool {
		title := strings.ToLower(h.Offering.Title)
		return (strings.Contains(title, "stalling") || strings.Contains(title, "parking")) &&
			!strings.Contains(title, "herstel") && !strings.Contains(title, "onderhoud") && !strings.Contains(title, "repar")
	}
	near, pr := search.ApplyPlace(s.Places, search.OfferingQuery{Text: "fietsherstelling", PerEnterprise: 2}, search.PlaceFields{Place: "Leuven", Comes: true})
	if pr.PlaceError != "" {
		t.Fatal(pr.PlaceError)
	}
	for _, tc := range []struct {
		name string
		q    search.OfferingQuery
		top  int
	}{
		{"relevance", search.OfferingQuery{Text: "fietsherstelling"}, 10},
		{"near Leuven", near, 5},
	} {
		r, err := s.Offerings(context.Background(), tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) < tc.top {
			t.Fatalf("%s: %d hits, want at least %d", tc.name, len(r.Hits), tc.top)
		}
		for i, h := range r.Hits[:tc.top] {
			if parkingOnly(h) {
				t.Errorf("%s: hit %d is bike parking: %q", tc.name, i+1, h.Offering.Title)
			}
		}
	}
}
