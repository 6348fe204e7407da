package search

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEachOfferingWindows checks that EachOffering, reading its hits a
// small window at a time, gives the hits one search of all of them gives,
// in the same order, with the same total, in batches of at most
// exportBatch, up to its limit, both term at a time and the plain Bleve
// way.
func TestEachOfferingWindows(t *testing.T) {
	ix, src := demoIndex(t, 60)
	s := New(ix, src)
	defer func(w int) { exportWindow = w }(exportWindow)
	exportWindow = 37
	ctx := context.Background()
	queries := []OfferingQuery{
		{},
		{Text: "poetsdienst scholen"},
		{Text: "schoonmaak gent"}, // gent read as a place
		{Text: "onderhoud", Postcode: "9000", Sort: SortDistance},
		{Category: "schoonmaak", Province: "Antwerpen"},
		{Text: "xyzzyq"},
	}
	for _, plain := range []bool{false, true} {
		plainOnly = plain
		for _, q := range queries {
			for _, limit := range []int{MaxExportRows, 50} {
				name := fmt.Sprintf("%+v/limit %d/plain %v", q, limit, plain)
				var want []string
				wantRes, err := s.readAndRun(q, func(q OfferingQuery) (*OfferingResult, error) {
					r, hits, _, _, err := s.offeringWindow(ctx, q, 1, limit, nil)
					want = want[:0]
					for _, h := range hits[:min(len(hits), limit)] {
						want = append(want, h.ID)
					}
					return r, err
				})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				var got []string
				res, err := s.EachOffering(ctx, q, limit, func(hits []OfferingHit) error {
					if len(hits) > exportBatch {
						t.Errorf("%s: a batch of %d hits, want at most %d", name, len(hits), exportBatch)
					}
					for _, h := range hits {
						got = append(got, string(h.Enterprise.KBO)+"/"+h.Offering.Code)
					}
					return nil
				})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: hits (-one search +windows):\n%s", name, diff)
				}
				if res.Total != wantRes.Total || len(res.Read) != len(wantRes.Read) {
					t.Errorf("%s: total %d, read %v; want %d, %v", name, res.Total, res.Read, wantRes.Total, wantRes.Read)
				}
				if q == (OfferingQuery{}) && len(got) != min(limit, len(src.Offerings)) {
					t.Errorf("%s: %d hits, want %d", name, len(got), min(limit, len(src.Offerings)))
				}
			}
		}
	}
	plainOnly = false
}

// TestEachOfferingStops checks that an error of fn ends the export: it is
// returned, and fn is not called again, not even for the words as typed
// when they were first read as a place.
func TestEachOfferingStops(t *testing.T) {
	ix, src := demoIndex(t, 20)
	s := New(ix, src)
	stop := errors.New("stop")
	for _, q := range []OfferingQuery{{}, {Text: "schoonmaak gent"}} {
		calls := 0
		_, err := s.EachOffering(context.Background(), q, 0, func([]OfferingHit) error {
			calls++
			return stop
		})
		if !errors.Is(err, stop) || calls != 1 {
			t.Errorf("%+v: err %v after %d calls, want stop after 1", q, err, calls)
		}
	}
}
