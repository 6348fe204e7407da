package engine

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
)

// TestSearchEach checks that the windows of SearchEach, put together, are
// the hits Search returns in one page, in the same order, in every order
// (ties included), that no window holds more than asked, and that the
// total and facets are Search's.
func TestSearchEach(t *testing.T) {
	idx := testIndex(t, 400)
	e := testEngine()
	ctx := context.Background()
	plans := map[string]*Node{
		"none":  nil,
		"or":    termOr("body", 1, "wash", "paint", "clean"),
		"tiers": {Op: OpOr, Tiered: true, Kids: []*Node{TermNode("body", "bike", 1), TermNode("body", "repair", 1), TermNode("body", "mow", 1)}},
	}
	filters := map[string]query.Query{"": nil, "green or blue": bleve.NewDisjunctionQuery(TermQuery("color", "green", 1), TermQuery("color", "blue", 1))}
	for pname, plan := range plans {
		for fname, filter := range filters {
			for _, order := range []Order{ByScore, ByID, ByValue} {
				for _, size := range []int{1000, 45} {
					name := fmt.Sprintf("%s/%s/%d/size %d", pname, fname, order, size)
					req := Request{Text: plan, Filter: filter, FilterKey: fname, Order: order, Size: size}
					if order == ByValue {
						req.Values = []float64{0, 5, 3, 5, 1, 7, 1, 8} // ties between keys too
					}
					want, _, err := e.Search(ctx, idx, req)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					const window = 7
					var got []string
					res, ok, err := e.SearchEach(ctx, idx, req, window, func(hits []*bsearch.DocumentMatch) error {
						if len(hits) > window {
							t.Errorf("%s: a window of %d hits, want at most %d", name, len(hits), window)
						}
						got = append(got, ids(hits)...)
						return nil
					})
					if err != nil || !ok {
						t.Fatalf("%s: ok %v, %v", name, ok, err)
					}
					if diff := cmp.Diff(ids(want.Hits), got); diff != "" {
						t.Errorf("%s: hits (-Search +SearchEach):\n%s", name, diff)
					}
					if res.Total != want.Total || !cmp.Equal(res.Facets, want.Facets) || len(res.Hits) != 0 {
						t.Errorf("%s: total %d, facets %v, %d hits; want %d, %v, none", name, res.Total, res.Facets, len(res.Hits), want.Total, want.Facets)
					}
				}
			}
		}
	}
}

// TestSearchEachOneSnapshot changes the index between windows: the
// windows still read the snapshot of the first, so that no hit is given
// twice or left out.
func TestSearchEachOneSnapshot(t *testing.T) {
	idx := testIndex(t, 200)
	e := New(Fields{}, 0)
	ctx := context.Background()
	req := Request{Text: termOr("body", 1, "wash", "clean"), Order: ByScore, Size: 1000}
	want, _, err := e.Search(ctx, idx, req)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	n := 0
	_, _, err = e.SearchEach(ctx, idx, req, 10, func(hits []*bsearch.DocumentMatch) error {
		got = append(got, ids(hits)...)
		// A new document that matches best, and one gone: a search of the
		// live index would now see other hits in other places.
		n++
		if err := idx.Index(fmt.Sprintf("new%d", n), doc{Body: "wash wash clean clean"}); err != nil {
			return err
		}
		return idx.Delete(want.Hits[len(want.Hits)-1].ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 3 {
		t.Fatalf("%d windows, want several", n)
	}
	if diff := cmp.Diff(ids(want.Hits), got); diff != "" {
		t.Errorf("hits (-before +windows):\n%s", diff)
	}
}

// TestSearchEachStops checks that an error of fn ends the search and is
// returned.
func TestSearchEachStops(t *testing.T) {
	idx := testIndex(t, 100)
	e := New(Fields{}, 0)
	stop := errors.New("stop")
	calls := 0
	_, _, err := e.SearchEach(context.Background(), idx, Request{Order: ByID, Size: 100}, 10, func([]*bsearch.DocumentMatch) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("err %v after %d calls, want stop after 1", err, calls)
	}
}

func ids(hits []*bsearch.DocumentMatch) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

// TestSearchEachRefusesGroups checks that SearchEach refuses a grouped
// request, before calling fn, rather than give every document.
func TestSearchEachRefusesGroups(t *testing.T) {
	idx := testIndex(t, 50)
	e := testEngine()
	calls := 0
	_, ok, err := e.SearchEach(context.Background(), idx, Request{Order: ByID, Size: 50, PerGroup: 2}, 10, func([]*bsearch.DocumentMatch) error {
		calls++
		return nil
	})
	if !ok || !errors.Is(err, errPerGroupEach) || calls != 0 {
		t.Errorf("ok %v, err %v after %d calls; want errPerGroupEach before any", ok, err, calls)
	}
}

// BenchmarkSearchEach measures an export's search as SearchEach runs it:
// all of 30,000 documents, a text query that matches them all, in windows
// of 5,000 hits (search.exportWindow), so six windows. The index is
// written in a few large segments and searched once before timing, so
// that what is measured is the windows' search, not reading the segments'
// arrays into the engine's cache.
func BenchmarkSearchEach(b *testing.B) {
	idx := testIndexBatches(b, 30000, 5000)
	e := testEngine()
	ctx := context.Background()
	req := Request{Text: termOr("body", 1, words...), Order: ByScore, Size: 30000}
	export := func() {
		n := 0
		_, _, err := e.SearchEach(ctx, idx, req, 5000, func(hits []*bsearch.DocumentMatch) error {
			n += len(hits)
			return nil
		})
		if err != nil || n != 30000 {
			b.Fatalf("%d hits, %v; want 30000", n, err)
		}
	}
	export()
	b.ReportAllocs()
	for b.Loop() {
		export()
	}
}
