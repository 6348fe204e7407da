package search

import (
	"context"
	"fmt"
	"math"
	"sort"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"koppel"
	"koppel/demo"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/refdata"
)

// TestCollectLikeBleve checks that the term-at-a-time search and the
// collector (facets and sorting from per-segment arrays, filters from the
// cache) return what Bleve's own search, facets, sorts and boolean filter
// return: the same hits in the same order with the same scores, the same
// totals and facet counts.
func TestCollectLikeBleve(t *testing.T) {
	// More offerings than a rebuild's batch, in memory (no merging): several
	// segments.
	ix, src := demoIndex(t, 520)
	t.Run("decoded postings", func(t *testing.T) { collectLikeBleve(t, New(ix, src), true) })
	// Without the cache of decoded postings, each term's postings are read
	// from the segments.
	t.Run("postings from the segments", func(t *testing.T) {
		s := New(ix, src)
		s.PostingsCacheBytes = 0
		collectLikeBleve(t, s, false)
	})
}

func collectLikeBleve(t *testing.T, s *Searcher, cached bool) {
	var qs []OfferingQuery
	texts := []string{"", "poetsdienst scholen", "fiets", "groenonderhuod", "schoonm", "maaltijden", "nettoyage", "klusjes school", "onderhoud",
		// Multi-word synonyms, fuzzy and prefix words on several fields,
		// only stop words, a word nowhere, any word when not all match.
		"groenonderhoud", "klusjes", "fietsherstlling", "kringl", "de het een", "xyzzyq", "poetsen xyzzyq",
		// Most of several words (2 of 3, 3 of 4), those with more first.
		"poetsdienst scholen gent", "schoonmaak sanitair klaslokalen kantoren", "nettoyage des vitres"}
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
			OfferingQuery{Text: text, TargetGroups: "arbeidshandicap,psychosociaal", Transition: i%2 == 0},
			OfferingQuery{Text: text, CPV: "9091", Language: "nl", Municipality: "Gent"},
			OfferingQuery{Text: text, RecognisedOn: koppel.NewDate(2026, 6, 1), Size: 30},
		)
	}
	totals := 0
	defer func() {
		segs := s.termEngine().Stats().Segments
		t.Logf("%d searches, %d hits in all, %d segments", len(qs), totals, segs)
		if segs == 0 || totals == 0 {
			t.Errorf("the collector did not run")
		}
	}()
	for _, q := range qs {
		totals += compareWithBleve(t, s, q)
	}
	st := s.termEngine().Stats()
	if cached && (st.PostingsBudget == 0 || st.PostingsHits == 0) {
		t.Errorf("the cache of decoded postings was not used")
	}
	if !cached && st.PostingsBudget != 0 {
		t.Errorf("a cache of decoded postings of %d bytes, want none", st.PostingsBudget)
	}
}

// compareWithBleve runs q term at a time and the plain Bleve way, reports
// the differences, and returns the total.
func compareWithBleve(t *testing.T, s *Searcher, q OfferingQuery) int {
	t.Helper()
	ctx := context.Background()
	plainOnly = false
	got, err := s.Offerings(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
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
		}
		for i := range want.Hits {
			wd = append(wd, *want.Hits[i].DistanceKm)
		}
		if diff := cmp.Diff(wd, gd); diff != "" {
			t.Errorf("%+v: distances (-bleve +collector):\n%s", q, diff)
		}
	} else {
		// Scores may differ in the last bits (summed in another order),
		// so hits of equal scores may swap: compare the scores in order,
		// and the hits within each score, but for the last score, which
		// the page may cut.
		if diff := cmp.Diff(hitScores(want), hitScores(got), cmpopts.EquateApprox(0, 1e-12)); diff != "" {
			t.Errorf("%+v: scores (-bleve +collector):\n%s", q, diff)
		}
		// Grouped per enterprise, which of an enterprise's offerings of
		// equal scores is listed (and which left for "more") is a tie
		// too: compare those by enterprise.
		if diff := cmp.Diff(tiedHits(want, q.PerEnterprise > 0), tiedHits(got, q.PerEnterprise > 0)); diff != "" {
			t.Errorf("%+v: hits (-bleve +collector):\n%s", q, diff)
		}
	}
	got.Hits, want.Hits = nil, nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%+v (-bleve +collector):\n%s", q, diff)
	}
	return got.Total
}

// deletingSource is a MemSource whose outbox holds the given changes.
type deletingSource struct {
	*indexertest.MemSource
	changes []koppel.IndexChange
}

func (d *deletingSource) PendingChanges(_ context.Context, after uint64, limit int) ([]koppel.IndexChange, error) {
	var out []koppel.IndexChange
	for _, c := range d.changes {
		if c.Seq > after && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

// TestSearchAfterDeletes checks that offerings deleted from an indexed
// segment leave the results, the facets and the cached postings.
func TestSearchAfterDeletes(t *testing.T) {
	ix, src := demoIndex(t, 300)
	ctx := context.Background()
	s := New(ix, src)
	qs := []OfferingQuery{{Text: "onderhoud"}, {Text: "poetsdienst scholen"}, {Text: "onderhoud", ServesPostcode: "9000"}, {}}
	before := map[string]int{}
	for _, q := range qs {
		before[q.Text+q.ServesPostcode] = compareWithBleve(t, s, q)
	}
	// Delete every third offering that mentions onderhoud (the first
	// search put them in the caches).
	ds := &deletingSource{MemSource: src}
	res, err := s.Offerings(ctx, OfferingQuery{Text: "onderhoud", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	var gone []string
	for i, h := range res.Hits {
		if i%3 == 0 {
			key := string(h.Enterprise.KBO) + "/" + h.Offering.Code
			gone = append(gone, key)
			delete(src.Offerings, key)
			ds.changes = append(ds.changes, koppel.IndexChange{Seq: uint64(len(ds.changes) + 1), Kind: koppel.DocOffering, ID: key})
		}
	}
	// And change the title of one that stays.
	kept := res.Hits[1]
	key := string(kept.Enterprise.KBO) + "/" + kept.Offering.Code
	changed := *src.Offerings[key]
	changed.Title = "Onderhoud van de speelplaats, herschreven"
	src.Offerings[key] = &changed
	ds.changes = append(ds.changes, koppel.IndexChange{Seq: uint64(len(ds.changes) + 1), Kind: koppel.DocOffering, ID: key})
	if _, err := ix.Apply(ctx, ds); err != nil {
		t.Fatal(err)
	}
	res, err = s.Offerings(ctx, OfferingQuery{Text: "herschreven"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].Offering.Title != changed.Title {
		t.Errorf("after changing a title: %+v", res.Hits)
	}
	for _, q := range qs {
		after := compareWithBleve(t, s, q)
		if q.Text == "onderhoud" && q.ServesPostcode == "" && after != before["onderhoud"]-len(gone) {
			t.Errorf("onderhoud: %d hits after deleting %d of %d", after, len(gone), before["onderhoud"])
		}
	}
	res, err = s.Offerings(ctx, OfferingQuery{Text: "onderhoud", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		for _, g := range gone {
			if string(h.Enterprise.KBO)+"/"+h.Offering.Code == g {
				t.Errorf("deleted offering %s still found", g)
			}
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
// last score; with byEnterprise an offering is named by its enterprise
// only.
func tiedHits(r *OfferingResult, byEnterprise bool) []string {
	var out []string
	if len(r.Hits) == 0 {
		return out
	}
	last := math.Round(r.Hits[len(r.Hits)-1].Score * 1e9)
	for _, h := range r.Hits {
		if sc := math.Round(h.Score * 1e9); sc != last {
			code := h.Offering.Code
			if byEnterprise {
				code = "*"
			}
			out = append(out, fmt.Sprintf("%.0f %s/%s", sc, h.Enterprise.KBO, code))
		}
	}
	sort.Strings(out)
	return out
}

// TestConcurrentSearchesWhileIndexing runs searches, term scoring and
// index changes at once (for the race detector: the caches are shared),
// then checks the searches agree with Bleve.
func TestConcurrentSearchesWhileIndexing(t *testing.T) {
	ix, src := demoIndex(t, 200)
	ctx := context.Background()
	var mu sync.RWMutex // the MemSource is not safe for concurrent use
	s := New(ix, &lockedStore{src, &mu})
	qs := []OfferingQuery{{Text: "onderhoud"}, {Text: "poetsdienst scholen", ServesPostcode: "9000"}, {Text: "fiets", Postcode: "2000", RadiusKm: 30, Sort: SortDistance}, {Category: "schoonmaak"}, {Text: "groenonderhuod"}}
	keys := make([]string, 0, len(src.Offerings))
	for k := range src.Offerings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				q := qs[(c+i)%len(qs)]
				if _, err := s.Offerings(ctx, q); err != nil {
					errs <- err
					return
				}
				if _, err := s.ScoreOfferings(ctx, ScoreRequest{Query: termQ(indexer.FieldText, "onderhoud", 1), Filter: termQ(indexer.FieldProvince, "Antwerpen", 1), FilterKey: "antwerpen", Size: 5}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	// Meanwhile, change titles and delete offerings in small batches.
	ds := &deletingSource{MemSource: src}
	for round := range 8 {
		mu.Lock()
		for j := range 5 {
			key := keys[round*10+j]
			if j%2 == 0 {
				delete(src.Offerings, key)
			} else {
				o := *src.Offerings[key]
				o.Title += " (gewijzigd)"
				src.Offerings[key] = &o
			}
			ds.changes = append(ds.changes, koppel.IndexChange{Seq: uint64(len(ds.changes) + 1), Kind: koppel.DocOffering, ID: key})
		}
		mu.Unlock()
		if _, err := ix.Apply(ctx, ds); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, q := range qs {
		compareWithBleve(t, s, q)
	}
}

// lockedStore reads a MemSource under a lock.
type lockedStore struct {
	src *indexertest.MemSource
	mu  *sync.RWMutex
}

func (l *lockedStore) FindOffering(ctx context.Context, kbo koppel.KBO, id string) (*koppel.Offering, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.src.FindOffering(ctx, kbo, id)
}

func (l *lockedStore) FindEnterpriseByKBO(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.src.FindEnterpriseByKBO(ctx, kbo)
}

func (l *lockedStore) FindTenderByID(ctx context.Context, id string) (*koppel.Tender, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.src.FindTenderByID(ctx, id)
}

// demoIndex indexes the demo dataset of n enterprises (10 offerings each)
// in memory.
func demoIndex(t *testing.T, n int) (*indexer.Indexer, *indexertest.MemSource) {
	t.Helper()
	src := indexertest.FromDemo(demo.Options{Seed: demo.DefaultSeed, Enterprises: n, OfferingsPerEnterprise: 10, Tenders: 1})
	ix, err := indexer.OpenMem(refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Reindex(context.Background(), src, nil); err != nil {
		t.Fatal(err)
	}
	return ix, src
}
