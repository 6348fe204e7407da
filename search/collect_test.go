package search

import (
	"context"
	"fmt"
	"math"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"koppel"
	"koppel/demo"
	"koppel/indexer"
	"koppel/indexer/indexertest"
)

// TestCollectLikeBleve checks that the term-at-a-time search and the
// collector (facets and sorting from per-segment arrays, filters from the
// cache) return what Bleve's own search, facets, sorts and boolean filter
// return: the same hits in the same order with the same scores, the same
// totals and facet counts.
func TestCollectLikeBleve(t *testing.T) {
	// More offerings than a rebuild's batch, in memory (no merging): several
	// segments.
	src := indexertest.FromDemo(demo.Options{Seed: demo.DefaultSeed, Enterprises: 520, OfferingsPerEnterprise: 10, Tenders: 1})
	ix, err := indexer.OpenMem()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Reindex(context.Background(), src, nil); err != nil {
		t.Fatal(err)
	}
	s := New(ix, src)
	ctx := context.Background()
	var qs []OfferingQuery
	texts := []string{"", "poetsdienst scholen", "fiets", "groenonderhuod", "schoonm", "maaltijden", "nettoyage", "klusjes school", "onderhoud",
		// Multi-word synonyms, fuzzy and prefix words on several fields,
		// only stop words, a word nowhere, any word when not all match.
		"groenonderhoud", "klusjes", "fietsherstlling", "kringl", "de het een", "xyzzyq", "poetsen xyzzyq"}
	for i, text := range texts {
		pc := []string{"9000", "2000", "3500", "8000"}[i%4]
		qs = append(qs,
			OfferingQuery{Text: text},
			OfferingQuery{Text: text, Page: 2, Size: 7},
			OfferingQuery{Text: text, ServesPostcode: pc},
			OfferingQuery{Text: text, Postcode: pc, Sort: SortDistance, Size: 50},
			OfferingQuery{Text: text, Postcode: pc, RadiusKm: 30, Sort: SortDistance, Page: 2},
			OfferingQuery{Text: text, Category: "schoonmaak", Province: "Antwerpen"},
			OfferingQuery{Text: text, WorkForm: "maatwerkbedrijf", Size: 100},
			OfferingQuery{Text: text, CPV: "9091", Language: "nl", Municipality: "Gent"},
			OfferingQuery{Text: text, RecognisedOn: koppel.NewDate(2026, 6, 1), Size: 30},
		)
	}
	totals := 0
	defer func() {
		s.docs.mu.Lock()
		defer s.docs.mu.Unlock()
		t.Logf("%d searches, %d hits in all, %d segments", len(qs), totals, len(s.docs.segs))
		if len(s.docs.segs) == 0 || totals == 0 {
			t.Errorf("the collector did not run")
		}
	}()
	for _, q := range qs {
		plainOnly = false
		got, err := s.Offerings(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		totals += got.Total
		plainOnly = true
		want, err := s.Offerings(ctx, q)
		plainOnly = false
		if err != nil {
			t.Fatal(err)
		}
		if q.Sort == SortDistance {
			// Bleve's distances are of geohashed points; ours are of the
			// postcodes: equal distances may tie differently. Compare the
			// distances in order.
			var gd, wd []float64
			for i := range got.Hits {
				gd = append(gd, *got.Hits[i].DistanceKm)
				wd = append(wd, *want.Hits[i].DistanceKm)
			}
			if diff := cmp.Diff(wd, gd); diff != "" {
				t.Errorf("%+v: distances (-bleve +collector):\n%s", q, diff)
			}
		} else {
			// Scores may differ in the last bits (the filter is summed
			// in), so hits of equal scores may swap: compare the scores in
			// order, and the hits within each score, but for the last
			// score, which the page may cut.
			if diff := cmp.Diff(hitScores(want), hitScores(got), cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("%+v: scores (-bleve +collector):\n%s", q, diff)
			}
			if diff := cmp.Diff(tiedHits(want), tiedHits(got)); diff != "" {
				t.Errorf("%+v: hits (-bleve +collector):\n%s", q, diff)
			}
		}
		got.Hits, want.Hits = nil, nil
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%+v (-bleve +collector):\n%s", q, diff)
		}
	}
}

func hitScores(r *OfferingResult) []float64 {
	var out []float64
	for _, h := range r.Hits {
		out = append(out, h.Score)
	}
	return out
}

// tiedHits returns the hits as "score key", sorted, without those of the
// last score.
func tiedHits(r *OfferingResult) []string {
	var out []string
	if len(r.Hits) == 0 {
		return out
	}
	last := math.Round(r.Hits[len(r.Hits)-1].Score * 1e9)
	for _, h := range r.Hits {
		if sc := math.Round(h.Score * 1e9); sc != last {
			out = append(out, fmt.Sprintf("%.0f %s/%s", sc, h.Enterprise.KBO, h.Offering.Code))
		}
	}
	sort.Strings(out)
	return out
}
