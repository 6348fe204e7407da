package search

import (
	"context"
	"slices"
	"testing"

	"koppel/demo"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/refdata"
)

// TestNearerFirstAmongEqualFits checks relevance order near a place on the
// demo data: of two services that fit about equally well (text scores
// within 5 %), the one of a supplier at least 5 km nearer comes first
// ("fietsherstelling" within 10 km of Leuven listed a bike service 8.2 km
// away above an equal one 2.6 km away), while a clearly better fit farther
// away still ranks above a weak one nearby: the order is not the distance
// sort's.
func TestNearerFirstAmongEqualFits(t *testing.T) {
	s := demoSearcher(t)
	farFirst := false
	for _, q := range []OfferingQuery{
		{Text: "fietsherstelling", Postcode: "3000", RadiusKm: 10},
		{Text: "fietsherstelling", ServesPostcode: "3000"},
		{Text: "poetsen", ServesPostcode: "9000"},
		{Text: "groenonderhoud", ServesPostcode: "2800"},
		{Text: "klusjesdienst", ServesPostcode: "3500"},
		{Text: "catering", Postcode: "8000", RadiusKm: 30},
	} {
		q.Size = 20
		name := q.Text + " near " + q.Postcode + q.ServesPostcode
		r, err := s.Offerings(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) < 5 {
			t.Fatalf("%s: %d hits, want at least 5", name, len(r.Hits))
		}
		// The text score of a hit: its score in the same search without a
		// place (a filter does not change a score).
		byKey := map[string]float64{}
		if _, err := s.EachOffering(context.Background(), OfferingQuery{Text: q.Text}, MaxExportRows, func(hits []OfferingHit) error {
			for _, h := range hits {
				byKey[string(h.Enterprise.KBO)+"/"+h.Offering.Code] = h.Score
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		text := make([]float64, len(r.Hits))
		for i, h := range r.Hits {
			if h.DistanceKm == nil || byKey[string(h.Enterprise.KBO)+"/"+h.Offering.Code] == 0 {
				t.Fatalf("%s: hit %d without a distance or not found without the place", name, i+1)
			}
			text[i] = byKey[string(h.Enterprise.KBO)+"/"+h.Offering.Code]
		}
		for i, a := range r.Hits {
			for j := i + 1; j < len(r.Hits); j++ {
				b := r.Hits[j]
				if *b.DistanceKm <= *a.DistanceKm-5 && text[j] >= 0.95*text[i] {
					t.Errorf("%s: hit %d (%.1f km, %q of %s) above hit %d (%.1f km, %q of %s), text scores %.4f and %.4f",
						name, i+1, *a.DistanceKm, a.Offering.Title, a.Enterprise.Name, j+1, *b.DistanceKm, b.Offering.Title, b.Enterprise.Name, text[i], text[j])
				}
				if *a.DistanceKm > *b.DistanceKm+5 && text[i] > 1.5*text[j] {
					farFirst = true
				}
			}
		}
	}
	if !farFirst {
		t.Error("no better fit farther away ranks above a weaker one nearby: relevance near a place became the distance sort")
	}
}

// demoSearcher returns a Searcher over the full demo data in memory.
func demoSearcher(t *testing.T) *Searcher {
	t.Helper()
	ix, err := indexer.OpenMem(refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	src := indexertest.FromDemo(demo.DefaultOptions())
	if err := ix.Reindex(context.Background(), src, nil); err != nil {
		t.Fatal(err)
	}
	return New(ix, src)
}

// TestPlaceWordsNearestFirst checks on the demo data that a place named
// among the words, without an order asked for, lists the hits as the place
// field without a distance does: nearest first ("poetsen gent" listed
// cleaners of Maldegem, Tielt and Hamme above those of Gent, by their text
// scores), and that sort=relevance still keeps the order of fit.
func TestPlaceWordsNearestFirst(t *testing.T) {
	s := demoSearcher(t)
	keys := func(r *OfferingResult) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, string(h.Enterprise.KBO)+"/"+h.Offering.Code)
		}
		return out
	}
	for _, tc := range []struct{ words, text, postcode string }{
		{"poetsen gent", "poetsen", "9000"},
		{"klusjesdienst hasselt", "klusjesdienst", "3500"},
		{"groenonderhoud leuven", "groenonderhoud", "3000"},
	} {
		ctx := context.Background()
		typed, err := s.Offerings(ctx, OfferingQuery{Text: tc.words, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		field, err := s.Offerings(ctx, OfferingQuery{Text: tc.text, ServesPostcode: tc.postcode, Postcode: tc.postcode, Sort: SortDistance, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		if len(typed.Hits) < 5 || !slices.Equal(keys(typed), keys(field)) {
			t.Errorf("%q: %v, want the place field's nearest first %v", tc.words, keys(typed), keys(field))
		}
		if d := typed.Hits[0].DistanceKm; d == nil || *d > 10 {
			t.Errorf("%q: the first hit is not within 10 km of the place (%v)", tc.words, d)
		}
		fit, err := s.Offerings(ctx, OfferingQuery{Text: tc.words, Sort: SortRelevance, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		if slices.Equal(keys(fit), keys(typed)) {
			t.Errorf("%q with sort=relevance: the same order as nearest first; the test cannot tell them apart", tc.words)
		}
	}
}
