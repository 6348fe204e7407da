package search_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel/indexer"
	"koppel/search"
)

// TestPlaceFrenchEnglishNames checks that a search near a Flemish place
// typed by its French or English name ("Gand", "Ghent", "Anvers",
// "Antwerp", "Louvain") finds exactly what the search near its Dutch name
// finds, with the same distances: in the place field (based within, comes
// to, no distance), as a municipality filter, and as a word of the search.
func TestPlaceFrenchEnglishNames(t *testing.T) {
	s := mustSearcher(t, catalogue(), indexer.Options{})
	ctx := context.Background()
	hits := func(q search.OfferingQuery) []string {
		t.Helper()
		r, err := s.Offerings(ctx, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		var out []string
		for _, h := range r.Hits {
			d := "-"
			if h.DistanceKm != nil {
				d = fmt.Sprintf("%.1f", *h.DistanceKm)
			}
			out = append(out, key(h.Enterprise.KBO, h.Offering.Code)+" "+d)
		}
		return out
	}
	field := func(text, place, km string, comes bool) []string {
		t.Helper()
		q, pr := search.ApplyPlace(s.Places, search.OfferingQuery{Text: text}, search.PlaceFields{Place: place, Km: km, Comes: comes})
		if pr.PlaceError != "" || pr.KmError != "" || pr.Place == nil {
			t.Fatalf("place %q: %+v", place, pr)
		}
		return hits(q)
	}
	for _, tc := range []struct{ alias, dutch string }{
		{"Gand", "Gent"}, {"gand", "Gent"}, {"Ghent", "Gent"}, {"GHENT", "Gent"},
		{"Anvers", "Antwerpen"}, {"Antwerp", "Antwerpen"}, {"antwerp", "Antwerpen"},
		{"Louvain", "Leuven"}, {"Ostend", "Oostende"}, {"Brussels", "Brussel"},
	} {
		for _, f := range []struct {
			text, km string
			comes    bool
		}{{"poetsen", "", true}, {"", "30", false}, {"", "60", true}, {"fietsen", "", false}} {
			want := field(f.text, tc.dutch, f.km, f.comes)
			got := field(f.text, tc.alias, f.km, f.comes)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%q near %q %+v (-%s +%s):\n%s", f.text, tc.alias, f, tc.dutch, tc.alias, diff)
			}
		}
		if diff := cmp.Diff(hits(search.OfferingQuery{Municipality: tc.dutch}), hits(search.OfferingQuery{Municipality: tc.alias})); diff != "" {
			t.Errorf("municipality %q (-%s +%s):\n%s", tc.alias, tc.dutch, tc.alias, diff)
		}
	}
	// The place field must find something to compare: SCH-1 comes to Gent.
	if got := field("poetsen", "Ghent", "", true); len(got) == 0 {
		t.Error("poetsen near Ghent: no hits, want the cleaner of Gent")
	}
	// As a word of the search, the English name is read as the place.
	r, err := s.Offerings(ctx, search.OfferingQuery{Text: "poetsdienst ghent"})
	if err != nil {
		t.Fatal(err)
	}
	var place string
	for _, rd := range r.Read {
		if rd.Kind == "place" {
			place = rd.Value
		}
	}
	if place != "9000" {
		t.Errorf("poetsdienst ghent: read %+v, want the place 9000", r.Read)
	}
}
