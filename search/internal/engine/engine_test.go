package engine

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// doc is a test document: a text field, a colour (one value), tags
// (several) and a place key.
type doc struct {
	Body  string   `json:"body"`
	Color string   `json:"color"`
	Tags  []string `json:"tags"`
	Key   string   `json:"key"`
}

var (
	words  = []string{"wash", "clean", "paint", "repair", "bike", "garden", "mow", "cook", "meal", "print"}
	colors = []string{"red", "green", "blue", "white"}
	tags   = []string{"a", "b", "c", "d", "e"}
	keys   = []string{"k0", "k1", "k2", "k3", "k4", "k5", "k6"}
)

// testIndex builds an in-memory Scorch index of n documents in batches of
// 50 (several segments), with the bm25 scoring of Koppel's indexes.
func testIndex(t testing.TB, n int) bleve.Index {
	t.Helper()
	return testIndexBatches(t, n, 50)
}

// testIndexBatches is testIndex in batches of batch documents.
func testIndexBatches(t testing.TB, n, batch int) bleve.Index {
	t.Helper()
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	dm := bleve.NewDocumentMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = standard.Name
	dm.AddFieldMappingsAt("body", text)
	for _, f := range []string{"color", "tags", "key"} {
		kw := bleve.NewTextFieldMapping()
		kw.Analyzer = keyword.Name
		dm.AddFieldMappingsAt(f, kw)
	}
	m.DefaultMapping = dm
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	for from := 0; from < n; from += batch {
		b := idx.NewBatch()
		for i := from; i < min(n, from+batch); i++ {
			var body []string
			for j := 0; j < 1+i%5; j++ {
				body = append(body, words[(i*7+j*3)%len(words)])
			}
			d := doc{Body: strings.Join(body, " "), Color: colors[i%len(colors)], Key: keys[i%len(keys)]}
			for j, tg := range tags {
				if (i>>j)&1 == 1 {
					d.Tags = append(d.Tags, tg)
				}
			}
			if err := b.Index(fmt.Sprintf("d%04d", i), d); err != nil {
				t.Fatal(err)
			}
		}
		if err := idx.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	return idx
}

func termOr(field string, boost float64, terms ...string) *Node {
	n := &Node{Op: OpOr}
	for _, t := range terms {
		n.Kids = append(n.Kids, TermNode(field, t, boost))
	}
	return n
}

// testEngine is an engine over testIndex's fields: colours and tags
// counted, keys to order by, decoded postings cached.
func testEngine() *Engine {
	return New(Fields{Facets: []Facet{{Field: "color"}, {Field: "tags", Multi: true}}, Key: "key", Keys: func() map[string]int {
		out := map[string]int{}
		for i, k := range keys {
			out[k] = i
		}
		return out
	}}, 1<<20)
}

// TestSearchLikeBleve checks Search against Bleve's own search of the
// same plan and filter: the same hits in the same order with the same
// scores, the same total and facet counts, in every order.
func TestSearchLikeBleve(t *testing.T) {
	idx := testIndex(t, 400)
	e := testEngine()
	ctx := context.Background()
	plans := map[string]*Node{
		"none":        nil,
		"or":          termOr("body", 1, "wash", "paint"),
		"and":         {Op: OpAnd, Kids: []*Node{TermNode("body", "clean", 2), TermNode("body", "meal", 1)}},
		"min 2 of 3":  {Op: OpOr, Min: 2, Kids: []*Node{TermNode("body", "bike", 1), TermNode("body", "repair", 1), TermNode("body", "mow", 1)}},
		"fuzzy":       {Op: OpFuzzy, Field: "body", Term: "gardn", Fuzziness: 1, Boost: 1},
		"prefix":      {Op: OpPrefix, Field: "body", Term: "pr", Boost: 1},
		"nothing":     {Op: OpOr},
		"only absent": TermNode("body", "xyzzy", 1),
	}
	filters := map[string]query.Query{"": nil, "green or blue": bleve.NewDisjunctionQuery(TermQuery("color", "green", 1), TermQuery("color", "blue", 1))}
	checked := 0
	for pname, plan := range plans {
		for fname, filter := range filters {
			// By score also with the scores weighed by key (Weights).
			for _, o := range []struct {
				order   Order
				weights []float64
			}{{ByScore, nil}, {ByScore, []float64{0.1, 1, 0.5, 0.25, 0.9, 0.3, 0.7, 0.05}}, {ByID, nil}, {ByValue, nil}} {
				order := o.order
				name := fmt.Sprintf("%s/%s/%d/weighed %v", pname, fname, order, o.weights != nil)
				req := Request{Text: plan, Filter: filter, FilterKey: fname, Order: order, Weights: o.weights, From: 3, Size: 20}
				if order == ByValue {
					req.Values = []float64{0, 5, 3, 9, 1, 7, 2, 8} // by key number+1
				}
				got, ok, err := e.Search(ctx, idx, req)
				if err != nil || !ok {
					t.Fatalf("%s: ok %v, %v", name, ok, err)
				}
				want := bleveSearch(t, e, idx, req)
				if got.Total != int(want.Total) {
					t.Errorf("%s: total %d, Bleve %d", name, got.Total, want.Total)
				}
				if diff := cmp.Diff(hitList(want.Hits, req), hitList(got.Hits, req)); diff != "" {
					t.Errorf("%s: hits (-bleve +engine):\n%s", name, diff)
				}
				if diff := cmp.Diff(facetCounts(want.Facets["color"]), got.Facets[0], cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s: colours (-bleve +engine):\n%s", name, diff)
				}
				if diff := cmp.Diff(facetCounts(want.Facets["tags"]), got.Facets[1], cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s: tags (-bleve +engine):\n%s", name, diff)
				}
				checked += got.Total
			}
		}
	}
	if checked == 0 {
		t.Fatal("no search found anything")
	}
	if st := e.Stats(); st.Segments < 2 || st.PostingsHits == 0 {
		t.Errorf("stats %+v: want several segments and a used postings cache", st)
	}
}

// bleveSearch runs req the plain Bleve way, with e's statistics of BM25
// (bleveRequest): the plan as a Bleve query,
// the filter as a boolean filter, Bleve's facets and sorts (ByValue as a
// sort on the key's value, which Bleve cannot do: the order of the keys by
// value, then score; Weights as the scores multiplied by the weight of the
// key, sorted again).
func bleveSearch(t *testing.T, e *Engine, idx bleve.Index, req Request) *bleve.SearchResult {
	t.Helper()
	var root query.Query = bleve.NewMatchAllQuery()
	if req.Text != nil || req.Filter != nil {
		bq := bleve.NewBooleanQuery()
		if req.Text != nil {
			bq.AddMust(req.Text.Bleve())
		}
		if req.Filter != nil {
			bq.AddFilter(req.Filter)
		}
		root = bq
	}
	sr := bleveRequest(t, e, idx, root)
	sr.AddFacet("color", bleve.NewFacetRequest("color", 10))
	sr.AddFacet("tags", bleve.NewFacetRequest("tags", 10))
	if req.Order == ByID {
		sr.SortBy([]string{"_id"})
	}
	res, err := idx.SearchInContext(context.Background(), sr)
	if err != nil {
		t.Fatal(err)
	}
	hits := res.Hits
	if req.Weights != nil {
		for _, h := range hits {
			h.Score *= valueOf(h.ID, req.Weights)
		}
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	}
	if req.Order == ByValue {
		sort.SliceStable(hits, func(i, j int) bool { return valueOf(hits[i].ID, req.Values) < valueOf(hits[j].ID, req.Values) })
	}
	from := min(req.From, len(hits))
	res.Hits = hits[from:min(len(hits), from+req.Size)]
	return res
}

// bleveRequest asks Bleve for every match of q, scored with the
// statistics of BM25 e scores idx with (Engine.BM25Stats): the real
// average length of each field where Bleve's own would be its number of
// terms per document.
func bleveRequest(t *testing.T, e *Engine, idx bleve.Index, q query.Query) *bleve.SearchRequest {
	t.Helper()
	st, err := e.BM25Stats(idx)
	if err != nil || st == nil {
		t.Fatalf("BM25Stats: %v, %v", st, err)
	}
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	req.PreSearchData = map[string]any{bsearch.BM25PreSearchDataKey: st}
	return req
}

// valueOf is the value of document id (d0042: number 42) in values: by
// the number+1 of its key, as testIndex gives them.
func valueOf(id string, values []float64) float64 {
	var i int
	fmt.Sscanf(id, "d%d", &i)
	return values[i%len(keys)+1]
}

// hitList returns the page as comparable strings: the IDs in order (ByID);
// the values in order (ByValue); else "score id" of each hit, sorted,
// without the first and last runs of equal scores, which the page's ends
// may cut where Bleve breaks ties otherwise.
func hitList(hits bsearch.DocumentMatchCollection, req Request) []string {
	var out []string
	switch req.Order {
	case ByID:
		for _, h := range hits {
			out = append(out, h.ID)
		}
		return out
	case ByValue:
		for _, h := range hits {
			out = append(out, fmt.Sprint(valueOf(h.ID, req.Values)))
		}
		return out
	}
	if len(hits) == 0 {
		return out
	}
	first, last := math.Round(hits[0].Score*1e9), math.Round(hits[len(hits)-1].Score*1e9)
	for _, h := range hits {
		if sc := math.Round(h.Score * 1e9); sc != last && sc != first {
			out = append(out, fmt.Sprintf("%.0f %s", sc, h.ID))
		}
	}
	sort.Strings(out)
	return out
}

func facetCounts(f *bsearch.FacetResult) map[string]int {
	out := map[string]int{}
	if f == nil || f.Terms == nil {
		return out
	}
	for _, t := range f.Terms.Terms() {
		out[t.Term] = t.Count
	}
	return out
}

// TestScoreLikeBleve checks Score: the best documents with Bleve's
// scores, the best score, and the scores of Also whether or not the
// filter keeps them.
func TestScoreLikeBleve(t *testing.T) {
	idx := testIndex(t, 300)
	e := New(Fields{}, 0)
	ctx := context.Background()
	q := bleve.NewDisjunctionQuery(TermQuery("body", "wash", 3), TermQuery("body", "meal", 1), bleve.NewConjunctionQuery(TermQuery("body", "bike", 1), TermQuery("body", "repair", 1)))
	plan, err := Plan(q, idx.Mapping())
	if err != nil {
		t.Fatal(err)
	}
	filter := TermQuery("color", "red", 1)
	bq := bleve.NewBooleanQuery()
	bq.AddMust(q)
	bq.AddFilter(filter)
	want, err := idx.Search(bleveRequest(t, e, idx, bq))
	if err != nil {
		t.Fatal(err)
	}
	all, err := idx.Search(bleveRequest(t, e, idx, q))
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Hits) < 12 || len(all.Hits) <= len(want.Hits) {
		t.Fatalf("%d and %d matches: too few to test", len(want.Hits), len(all.Hits))
	}
	also := []string{all.Hits[len(all.Hits)-1].ID, want.Hits[5].ID, "nothing"}
	got, err := e.Score(ctx, idx, ScoreRequest{Query: plan, Filter: filter, FilterKey: "red", Size: 10, Also: also})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got.MaxScore-want.MaxScore) > 1e-9 {
		t.Errorf("max score %v, Bleve %v", got.MaxScore, want.MaxScore)
	}
	var top []Scored
	for _, h := range want.Hits[:10] {
		top = append(top, Scored{ID: h.ID, Score: h.Score})
	}
	byScore := cmpopts.SortSlices(func(a, b Scored) bool { return a.Score > b.Score || a.Score == b.Score && a.ID < b.ID })
	if diff := cmp.Diff(top[:len(top)-1], got.Top[:len(got.Top)-1], cmpopts.EquateApprox(0, 1e-9), byScore); diff != "" {
		t.Errorf("top (-bleve +engine):\n%s", diff)
	}
	wantAlso := map[string]float64{}
	for _, h := range all.Hits {
		if h.ID == also[0] || h.ID == also[1] {
			wantAlso[h.ID] = h.Score
		}
	}
	if diff := cmp.Diff(wantAlso, got.Also, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("also (-bleve +engine):\n%s", diff)
	}
	if _, err := Plan(bleve.NewWildcardQuery("w*"), idx.Mapping()); err == nil {
		t.Error("a wildcard query: no error")
	}
}

// TestEpochAndTermCheck checks that the epoch changes with the index's
// snapshot and that TermCheck sees the terms of every segment.
func TestEpochAndTermCheck(t *testing.T) {
	idx := testIndex(t, 120)
	e := New(Fields{}, 0)
	n1, ok := e.Epoch(idx)
	if !ok {
		t.Fatal("a Scorch index without an epoch")
	}
	if n2, _ := e.Epoch(idx); n2 != n1 {
		t.Errorf("epoch %d then %d without a change", n1, n2)
	}
	if err := idx.Index("new", doc{Body: "zebra"}); err != nil {
		t.Fatal(err)
	}
	if n3, _ := e.Epoch(idx); n3 == n1 {
		t.Errorf("epoch %d after a change, want another", n3)
	}
	c := NewTermCheck(idx)
	defer c.Close()
	for _, tc := range []struct {
		term string
		want bool
	}{{"zebra", true}, {"wash", true}, {"xyzzy", false}} {
		if got := c.Has("body", tc.term); got != tc.want {
			t.Errorf("Has(%q) = %v, want %v", tc.term, got, tc.want)
		}
	}
}

// TestAverageFieldLength checks the average length of each field the
// engine scores with (BM25Stats) against the documents indexed: the
// tokens of the field over the documents that have it, rounded up, over
// every segment; documents deleted from a segment still count, as long as
// the segment lives.
func TestAverageFieldLength(t *testing.T) {
	const n = 400
	idx := testIndex(t, n)
	e := New(Fields{}, 0)
	// What testIndex indexes: 1+i%5 words of body, one colour, one key and
	// a tag for each bit of i%32 that is set.
	tokens, docs := map[string]int{}, map[string]int{}
	count := func(field string, k int) {
		if k > 0 {
			tokens[field] += k
			docs[field]++
		}
	}
	for i := range n {
		count("body", 1+i%5)
		count("color", 1)
		count("key", 1)
		count("tags", bits.OnesCount(uint(i%32)))
	}
	check := func(when string) {
		t.Helper()
		st, err := e.BM25Stats(idx)
		if err != nil {
			t.Fatal(err)
		}
		for f := range tokens {
			want := math.Ceil(float64(tokens[f]) / float64(docs[f]))
			if got := float64(st.FieldCardinality[f]) / st.DocCount; got != want {
				t.Errorf("%s: average length of %s %v, want %v", when, f, got, want)
			}
		}
	}
	check("indexed")
	if got := tokens["body"] / docs["body"]; got != 3 {
		t.Fatalf("body of %d words on average, want 3: the test no longer tells the average from Bleve's", got)
	}
	// Stock Bleve's: the distinct terms of each segment's dictionary per
	// document.
	snap, closeSnap, err := Snapshot(idx)
	if err != nil {
		t.Fatal(err)
	}
	card, err := snap.FieldCardinality("body")
	closeSnap()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("body: %d tokens in %d documents; Bleve's average: %d terms / %d documents, rounded up", tokens["body"], docs["body"], card, n)

	// Deleted documents count until their segment is merged away.
	b := idx.NewBatch()
	for i := 0; i < n; i += 5 {
		b.Delete(fmt.Sprintf("d%04d", i))
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	check("deleted")
	// A new segment counts at once.
	b = idx.NewBatch()
	for i := range 50 {
		body := strings.Repeat("print ", 9+i%3)
		if err := b.Index(fmt.Sprintf("long%02d", i), doc{Body: body, Color: "red", Key: "k0"}); err != nil {
			t.Fatal(err)
		}
		count("body", 9+i%3)
		count("color", 1)
		count("key", 1)
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	check("added")
}
