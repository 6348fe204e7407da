package engine

import (
	"container/heap"
	"context"
	"errors"
	"math"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Facets and sorting without doc values.
//
// Bleve counts facets and sorts by distance by reading each hit's doc
// values (snappy-compressed chunks), which cost most of a search: a common
// word matches tens of thousands of documents. Scorch segments are
// immutable, so the values a search needs of each document (the facet
// fields, the key field; the ID for the order by ID) are read once per
// segment from its postings into arrays, and the collector counts the
// facets and keeps the page's hits from those arrays, as the
// term-at-a-time search (exec.go) finds them. The result is what Bleve's
// facets and sorts give.

// segInfo holds the values of each document of one segment, by local
// document number.
type segInfo struct {
	seg    segment.Segment
	facets []facetVals // as Fields.Facets
	// key is the number+1 of the document's term of Fields.Key (0: none).
	key []uint16

	idOnce sync.Once
	ids    []string // external IDs, for the order by ID

	groupOnce  sync.Once
	group      []uint32 // index into groupNames of each document (Fields.GroupOf)
	groupNames []string

	mu      sync.Mutex
	filters map[string]*docSet // documents per filter key

	lens fieldLens // the lengths of the fields searched (fieldlen.go)
}

// facetVals are the values of one facet field in a segment.
type facetVals struct {
	terms []string
	one   []uint8  // one value: index+1 into terms (0: none)
	bits  []uint32 // several values: a bit set over terms
}

// docCache keeps the segInfo of the live segments.
type docCache struct {
	mu      sync.Mutex
	segs    map[segment.Segment]*segInfo
	keyOnce sync.Once
	keys    map[string]int
}

// infos returns the segInfo of each segment of snap and their offsets (the
// global number of each segment's first document), building those of new
// segments and forgetting those of segments no longer live.
func (e *Engine) infos(snap *scorch.IndexSnapshot) ([]*segInfo, []uint64, error) {
	segs := snap.Segments()
	out := make([]*segInfo, len(segs))
	offsets := make([]uint64, len(segs))
	var running uint64
	c := &e.docs
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.segs == nil {
		c.segs = map[segment.Segment]*segInfo{}
	}
	built := false
	for i, ss := range segs {
		seg := ss.Segment()
		offsets[i] = running
		running += seg.Count()
		if si, ok := c.segs[seg]; ok {
			out[i] = si
			continue
		}
		si, err := e.newSegInfo(snap, seg)
		if err != nil {
			return nil, nil, err
		}
		c.segs[seg] = si
		out[i] = si
		built = true
	}
	if built && len(c.segs) > len(segs) {
		live := make(map[segment.Segment]bool, len(segs))
		for _, ss := range segs {
			live[ss.Segment()] = true
		}
		for k := range c.segs {
			if !live[k] {
				delete(c.segs, k)
			}
		}
		if pc := e.postings; pc != nil {
			pc.forget(live)
		}
	}
	return out, offsets, nil
}

// fieldTerms returns the terms of a field in the whole snapshot.
func fieldTerms(snap *scorch.IndexSnapshot, field string) ([]string, error) {
	d, err := snap.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	var out []string
	for {
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return out, nil
		}
		out = append(out, e.Term)
	}
}

// visitPostings calls fn with the local number of each document of seg
// that has term in field.
func visitPostings(seg segment.Segment, field, term string, fn func(n uint64)) error {
	d, err := seg.Dictionary(field)
	if err != nil {
		return err
	}
	pl, err := d.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return err
	}
	return eachPosting(pl, false, func(p segment.Posting) { fn(p.Number()) })
}

// eachPosting calls fn with each posting of pl (nil: none), with its
// frequency and norm when freqNorm.
func eachPosting(pl segment.PostingsList, freqNorm bool, fn func(p segment.Posting)) error {
	if pl == nil {
		return nil
	}
	it := pl.Iterator(freqNorm, freqNorm, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return err
		}
		if p == nil {
			return nil
		}
		fn(p)
	}
}

func (e *Engine) newSegInfo(snap *scorch.IndexSnapshot, seg segment.Segment) (*segInfo, error) {
	n := int(seg.Count())
	si := &segInfo{seg: seg, facets: make([]facetVals, len(e.fields.Facets))}
	for fi, f := range e.fields.Facets {
		terms, err := fieldTerms(snap, f.Field)
		if err != nil {
			return nil, err
		}
		fv := &si.facets[fi]
		if f.Multi {
			fv.terms, fv.bits = terms[:min(len(terms), 32)], make([]uint32, n)
			for i, t := range fv.terms {
				if err := visitPostings(seg, f.Field, t, func(d uint64) { fv.bits[d] |= 1 << i }); err != nil {
					return nil, err
				}
			}
			continue
		}
		fv.terms, fv.one = terms[:min(len(terms), 255)], make([]uint8, n)
		for i, t := range fv.terms {
			if err := visitPostings(seg, f.Field, t, func(d uint64) { fv.one[d] = uint8(i + 1) }); err != nil {
				return nil, err
			}
		}
	}
	if e.fields.Key == "" {
		return si, nil
	}
	si.key = make([]uint16, n)
	keys := e.keys()
	terms, err := fieldTerms(snap, e.fields.Key)
	if err != nil {
		return nil, err
	}
	for _, t := range terms {
		i, ok := keys[t]
		if !ok {
			continue
		}
		if err := visitPostings(seg, e.fields.Key, t, func(d uint64) { si.key[d] = uint16(i + 1) }); err != nil {
			return nil, err
		}
	}
	return si, nil
}

// keys returns the numbers of the terms of the key field, once.
func (e *Engine) keys() map[string]int {
	c := &e.docs
	c.keyOnce.Do(func() {
		if e.fields.Keys != nil {
			c.keys = e.fields.Keys()
		}
	})
	return c.keys
}

// docIDs returns the external IDs of the segment's documents.
func (si *segInfo) docIDs() []string {
	si.idOnce.Do(func() {
		n := int(si.seg.Count())
		si.ids = make([]string, n)
		for i := range n {
			if b, err := si.seg.DocID(uint64(i)); err == nil {
				si.ids[i] = string(b)
			}
		}
	})
	return si.ids
}

// Order is the order of the hits of a Search.
type Order int

// Orders of a Search.
const (
	ByScore Order = iota // best score first (with a tiered plan, most kids matched first)
	ByValue              // smallest Request.Values of the key first, then by score
	ByID                 // by external ID
)

// Request is a search: the documents the text matches among those the
// filter keeps, one page of them in order, and the facet counts.
type Request struct {
	// Text is the planned text query; nil matches every document with
	// score 1 (as Bleve's MatchAll).
	Text *Node
	// Filter keeps the documents it matches (nil: all); FilterKey names it
	// in the cache of filters.
	Filter    query.Query
	FilterKey string
	Order     Order
	// Values are, for ByValue, the value of each number+1 of the key field
	// (Fields.Keys); a document without a key comes last.
	Values []float64
	// Weights, for ByScore, multiply the score of a document by the weight
	// of its key's number+1 (Weights[0]: a document without a key); nil:
	// scores as they are. The hits carry the scores multiplied.
	Weights []float64
	// From is the number of hits skipped, Size the hits of the page.
	From, Size int
	// PerGroup, when above 0, lists at most that many documents of a group
	// (Fields.GroupOf): its best, each at its own place in the order; the
	// group's others are left out (group.go). From and Size then count in
	// that list (Result.Listed). Total and Facets still count every
	// document.
	PerGroup int
}

// Result is a page of a Search.
type Result struct {
	// Hits are the page's documents, with their IDs and scores.
	Hits []*bsearch.DocumentMatch
	// Total is the number of documents that match.
	Total int
	// Facets are the counts of the matching documents per term of each of
	// Fields.Facets, in that order.
	Facets []map[string]int
	// With Request.PerGroup: Listed is the length of the list the pages
	// are cut from, Groups the number of groups that match, and Group says
	// of each hit how its group is listed.
	Listed, Groups int
	Group          []GroupOf
}

// GroupOf says how the group of a hit is listed.
type GroupOf struct {
	// Matches is the number of the group's documents that match, Listed
	// those the list holds (at most Request.PerGroup) and Nth the hit's
	// place among them, from 1.
	Matches, Listed, Nth int
}

// hitEntry is a hit kept for the page.
type hitEntry struct {
	num   uint64 // global document number, the order of the search
	seg   int
	local uint32
	score float64
	tier  uint32 // the words of the query it matches, when ranked by them
	dist  float64
	id    string
}

// collector counts facets and keeps the best from+size hits.
type collector struct {
	order   Order
	tiered  bool // by relevance, ranked by the words matched first (Node.Tiered)
	keep    int
	from    int
	values  []float64 // the value by key number+1
	weights []float64 // the weight of the score by key number+1 (Request.Weights)
	infos   []*segInfo
	offsets []uint64
	ids     [][]string
	total   int
	counts  [][][]int // per segment, per facet, per term index
	h       hitHeap
	// after, when set, is the last hit of the window before: only the
	// hits that come after it are kept (SearchEach).
	after  *hitEntry
	groups *grouper // with Request.PerGroup

	// noFacets leaves the facets uncounted (counts is nil): a window of
	// SearchEach after the first, whose facets would be thrown away.
	noFacets bool
}

type hitHeap struct {
	e     []hitEntry
	order Order
}

func (h *hitHeap) Len() int { return len(h.e) }

// Less puts the worst hit on top.
func (h *hitHeap) Less(i, j int) bool { return better(h.order, &h.e[j], &h.e[i]) }
func (h *hitHeap) Swap(i, j int)      { h.e[i], h.e[j] = h.e[j], h.e[i] }
func (h *hitHeap) Push(x any)         { h.e = append(h.e, x.(hitEntry)) }
func (h *hitHeap) Pop() any {
	x := h.e[len(h.e)-1]
	h.e = h.e[:len(h.e)-1]
	return x
}

// better reports whether a comes before b: Bleve's orders, ties broken by
// the order in which the search found them.
func better(order Order, a, b *hitEntry) bool {
	switch order {
	case ByValue:
		if a.dist != b.dist {
			return a.dist < b.dist
		}
		fallthrough
	case ByScore:
		if a.tier != b.tier {
			return a.tier > b.tier
		}
		if a.score != b.score {
			return a.score > b.score
		}
	case ByID:
		if a.id != b.id {
			return a.id < b.id
		}
	}
	return a.num < b.num
}

// segmentOf returns the segment of global document number num, given the
// offsets of the segments.
func segmentOf(offsets []uint64, num uint64) int {
	return sort.Search(len(offsets), func(i int) bool { return offsets[i] > num }) - 1
}

// count counts document d of segment k in the facets.
func (c *collector) count(k int, si *segInfo, d uint32) {
	c.total++
	if c.noFacets {
		return
	}
	for fi := range si.facets {
		fv, counts := &si.facets[fi], c.counts[k][fi]
		if fv.bits != nil {
			for f, b := fv.bits[d], 0; f != 0; b, f = b+1, f>>1 {
				if f&1 != 0 {
					counts[b]++
				}
			}
		} else if v := fv.one[d]; v > 0 {
			counts[v-1]++
		}
	}
}

// add counts document local of segment k, with its score, in the facets
// and keeps it when it belongs on the page.
func (c *collector) add(k int, local uint32, score float64) {
	c.count(k, c.infos[k], local)
	c.keepHit(k, local, c.weigh(k, local, score), 0)
}

// weigh returns the score of document local of segment k multiplied by
// the weight of its key (Request.Weights).
func (c *collector) weigh(k int, local uint32, score float64) float64 {
	if c.weights == nil {
		return score
	}
	p := 0
	if key := c.infos[k].key; key != nil {
		p = int(key[local])
	}
	if p >= len(c.weights) {
		p = 0
	}
	return score * c.weights[p]
}

// keepHit keeps document local of segment k when it belongs on the page.
func (c *collector) keepHit(k int, local uint32, score float64, tier uint32) {
	e := c.entry(k, local, score, tier)
	if c.after != nil && !better(c.order, c.after, &e) {
		return // in a window before
	}
	if c.groups != nil {
		c.groups.add(c, e)
		return
	}
	if len(c.h.e) < c.keep {
		heap.Push(&c.h, e)
	} else if c.keep > 0 && better(c.order, &e, &c.h.e[0]) {
		c.h.e[0] = e
		heap.Fix(&c.h, 0)
	}
}

// entry is document local of segment k as a hit, with what its order
// needs.
func (c *collector) entry(k int, local uint32, score float64, tier uint32) hitEntry {
	si := c.infos[k]
	e := hitEntry{num: c.offsets[k] + uint64(local), seg: k, local: local, score: score, tier: tier}
	switch c.order {
	case ByValue:
		e.dist = math.MaxFloat64
		if si.key != nil {
			if p := si.key[local]; p > 0 && int(p) < len(c.values) {
				e.dist = c.values[p]
			}
		}
	case ByID:
		if c.ids[k] == nil {
			c.ids[k] = si.docIDs()
		}
		e.id = c.ids[k][local]
	}
	return e
}

// addAll adds the documents of segment k that acc holds (their scores read
// through view), as add does, with the segment's arrays looked up once.
func (c *collector) addAll(k int, acc *accum, view nodeView) {
	si := c.infos[k]
	for _, d := range acc.touched {
		score, ok := view.score(acc.slots[d])
		if !ok {
			continue
		}
		score = c.weigh(k, d, score)
		c.count(k, si, d)
		var tier uint32
		if c.tiered {
			tier = acc.slots[d].cnt
		}
		if c.groups == nil && c.order == ByScore && len(c.h.e) == c.keep && (c.keep == 0 || tier < c.h.e[0].tier || tier == c.h.e[0].tier && score < c.h.e[0].score) {
			continue // not better than the worst kept
		}
		c.keepHit(k, d, score, tier)
	}
}

// page returns the hits of the page, in order, with their IDs, and the
// entry of the last one (nil for none).
func (c *collector) page() ([]*bsearch.DocumentMatch, *hitEntry, error) {
	sorted := make([]hitEntry, len(c.h.e))
	copy(sorted, c.h.e)
	sort.Slice(sorted, func(i, j int) bool { return better(c.order, &sorted[i], &sorted[j]) })
	if c.from < len(sorted) {
		sorted = sorted[c.from:]
	} else {
		sorted = nil
	}
	hits, err := c.matches(sorted)
	if err != nil || len(sorted) == 0 {
		return hits, nil, err
	}
	last := sorted[len(sorted)-1]
	return hits, &last, nil
}

// matches turns hits into Bleve's matches, with their IDs.
func (c *collector) matches(sorted []hitEntry) ([]*bsearch.DocumentMatch, error) {
	var hits []*bsearch.DocumentMatch
	for _, e := range sorted {
		id := e.id
		if id == "" {
			b, err := c.infos[e.seg].seg.DocID(uint64(e.local))
			if err != nil {
				return nil, err
			}
			id = string(b)
		}
		hits = append(hits, &bsearch.DocumentMatch{ID: id, Score: e.score})
	}
	return hits, nil
}

// facets merges the counts of the segments per facet (nil when they were
// not counted).
func (c *collector) facets(n int) []map[string]int {
	if c.noFacets {
		return nil
	}
	out := make([]map[string]int, n)
	for fi := range out {
		m := map[string]int{}
		for k, perFacet := range c.counts {
			terms := c.infos[k].facets[fi].terms
			for i, n := range perFacet[fi] {
				if n > 0 {
					m[terms[i]] += n
				}
			}
		}
		out[fi] = m
	}
	return out
}

// Search runs req term at a time over the segments of idx (exec.go) and
// collects it: the facets and the page's hits. ok is false when idx is not
// a Scorch index: the caller then searches the plain way.
func (e *Engine) Search(ctx context.Context, idx bleve.Index, req Request) (res *Result, ok bool, err error) {
	snap, closeSnap, err := Snapshot(idx)
	if err != nil || snap == nil {
		return nil, err != nil, err
	}
	defer closeSnap()
	res, _, err = e.search(ctx, snap, idx.Mapping(), req, nil, true)
	return res, true, err
}

// SearchEach runs req as Search does for its first req.Size hits (req.From
// is ignored) and calls fn with them in order, at most window at a time,
// so that no more than a window of hits is ever held: each window is a
// search of its own that keeps only the hits after the last of the window
// before. All windows read one snapshot of idx, so that the order (whose
// ties are broken by the snapshot's document numbers) stays the same from
// window to window whatever is indexed meanwhile. The result returned has
// the total and the facets, counted in the first window only, without
// hits. An error of fn stops the search
// and is returned. ok is false when idx is not a Scorch index. It does
// not group: a req with PerGroup is refused (errPerGroupEach), since what
// it is for, exports, keeps every document.
func (e *Engine) SearchEach(ctx context.Context, idx bleve.Index, req Request, window int, fn func(hits []*bsearch.DocumentMatch) error) (res *Result, ok bool, err error) {
	if req.PerGroup > 0 {
		return nil, true, errPerGroupEach
	}
	snap, closeSnap, err := Snapshot(idx)
	if err != nil || snap == nil {
		return nil, err != nil, err
	}
	defer closeSnap()
	limit := req.Size
	req.From = 0
	var after *hitEntry
	for done := 0; done < limit; {
		if err := ctx.Err(); err != nil {
			return nil, true, err
		}
		req.Size = min(window, limit-done)
		// Only the first window counts the facets: they are the same in
		// every window (one snapshot, one query), and the result keeps
		// the first's.
		r, last, err := e.search(ctx, snap, idx.Mapping(), req, after, res == nil)
		if err != nil {
			return nil, true, err
		}
		if res == nil {
			res = &Result{Total: r.Total, Facets: r.Facets}
		}
		if len(r.Hits) > 0 {
			if err := fn(r.Hits); err != nil {
				return nil, true, err
			}
		}
		if len(r.Hits) < req.Size {
			break
		}
		done += len(r.Hits)
		after = last
	}
	if res == nil {
		res = &Result{}
	}
	return res, true, nil
}

// errPerGroupEach refuses a grouped request in SearchEach.
var errPerGroupEach = errors.New("engine: SearchEach does not group (Request.PerGroup)")

// search runs req on snap, keeping only the hits after after (nil: from
// the first), and returns the result with the entry of its last hit. With
// facets false the result has no facets (Result.Facets nil).
func (e *Engine) search(ctx context.Context, snap *scorch.IndexSnapshot, m mapping.IndexMapping, req Request, after *hitEntry, facets bool) (*Result, *hitEntry, error) {
	c := &collector{noFacets: !facets, order: req.Order, tiered: req.Text != nil && req.Text.Tiered && req.Order == ByScore, keep: req.From + req.Size, from: req.From, h: hitHeap{order: req.Order}, after: after}
	if req.PerGroup > 0 {
		c.groups = &grouper{per: req.PerGroup, of: e.fields.GroupOf, byName: map[string]*groupHits[hitEntry]{}}
	}
	switch req.Order {
	case ByValue:
		c.values = req.Values
	case ByScore:
		c.weights = req.Weights
	}
	var err error
	if c.infos, c.offsets, err = e.infos(snap); err != nil {
		return nil, nil, err
	}
	n := len(c.infos)
	c.ids = make([][]string, n)
	if facets {
		c.counts = make([][][]int, n)
		for k, si := range c.infos {
			c.counts[k] = make([][]int, len(si.facets))
			for fi := range si.facets {
				c.counts[k][fi] = make([]int, len(si.facets[fi].terms))
			}
		}
	}
	bits, err := e.filterBits(ctx, snap, m, req.Filter, req.FilterKey, c.infos, c.offsets)
	if err != nil {
		return nil, nil, err
	}
	segs := snap.Segments()
	if req.Text != nil {
		err := e.runText(ctx, snap, c.infos, req.Text, bits, c.addAll)
		if err != nil {
			return nil, nil, err
		}
	} else {
		for k, ss := range segs {
			del := ss.Deleted()
			if keep := bits.of(k); keep != nil {
				it := keep.bm.Iterator()
				for it.HasNext() {
					if d := it.Next(); del == nil || !del.Contains(d) {
						c.add(k, d, 1)
					}
				}
				continue
			}
			for d := range uint32(ss.Segment().Count()) {
				if del == nil || !del.Contains(d) {
					c.add(k, d, 1)
				}
			}
		}
	}
	if c.groups != nil {
		res, err := c.groups.page(c, req.From, req.Size)
		if err != nil {
			return nil, nil, err
		}
		res.Total, res.Facets = c.total, c.facets(len(e.fields.Facets))
		return res, nil, nil
	}
	hits, last, err := c.page()
	if err != nil {
		return nil, nil, err
	}
	return &Result{Hits: hits, Total: c.total, Facets: c.facets(len(e.fields.Facets))}, last, nil
}

// runText runs the planned text query over the segments of snap and calls
// fn with each segment's matches and scores (read through v from acc),
// among the documents keep keeps (nil: all).
func (e *Engine) runText(ctx context.Context, snap *scorch.IndexSnapshot, infos []*segInfo, text *Node, keep segmentBits, fn func(k int, acc *accum, v nodeView)) error {
	rs, err := newResolver(snap, infos, e.postings)
	if err != nil {
		return err
	}
	x, err := rs.resolve(text)
	if err != nil {
		return err
	}
	x.setNorm(1 / math.Sqrt(x.weight()))
	for k, ss := range snap.Segments() {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := &segRun{k: k, n: int(ss.Segment().Count()), keep: keep.of(k)}
		acc := getAccum(r.n)
		v, err := x.runKids(r, acc)
		if err == nil {
			fn(k, acc, v)
		}
		acc.release()
		if err != nil {
			return err
		}
	}
	return nil
}

// of returns the documents of segment k the filter keeps (nil: all).
func (b segmentBits) of(k int) *docSet {
	if b == nil {
		return nil
	}
	return b[k]
}

// maxCachedFilters bounds the filters a segment keeps.
const maxCachedFilters = 512

// filterBits returns the documents of each segment that filter matches,
// from the segments' caches where they have it. Segments are immutable and
// their deleted documents only ever grow, so a segment's documents that
// matched once still match (the deleted ones are left out where the
// postings are read).
func (e *Engine) filterBits(ctx context.Context, snap *scorch.IndexSnapshot, m mapping.IndexMapping, filter query.Query, key string, infos []*segInfo, offsets []uint64) (segmentBits, error) {
	if filter == nil {
		return nil, nil
	}
	out := make(segmentBits, len(infos))
	missing := false
	for k, si := range infos {
		si.mu.Lock()
		out[k] = si.filters[key]
		si.mu.Unlock()
		missing = missing || out[k] == nil
	}
	if !missing {
		return out, nil
	}
	sr, err := filter.Searcher(ctx, snap, m, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	defer sr.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(sr.DocumentMatchPoolSize(), 0)}
	fresh := make([]*roaring.Bitmap, len(infos))
	for k := range fresh {
		fresh[k] = roaring.New()
	}
	for i := 0; ; i++ {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		d, err := sr.Next(sctx)
		if err != nil {
			return nil, err
		}
		if d == nil {
			break
		}
		num := d.IndexInternalID.Value()
		if k := segmentOf(offsets, num); k >= 0 {
			fresh[k].Add(uint32(num - offsets[k]))
		}
		sctx.DocumentMatchPool.Put(d)
	}
	for k, si := range infos {
		if out[k] != nil {
			continue
		}
		out[k] = newDocSet(fresh[k], int(si.seg.Count()))
		si.mu.Lock()
		if si.filters == nil || len(si.filters) >= maxCachedFilters {
			si.filters = map[string]*docSet{}
		}
		si.filters[key] = out[k]
		si.mu.Unlock()
	}
	return out, nil
}
