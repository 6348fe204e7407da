package search

import (
	"container/heap"
	"context"
	"math"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"koppel"
	"koppel/indexer"
)

// Facets and sorting without doc values.
//
// Bleve counts facets and sorts by distance by reading each hit's doc
// values (snappy-compressed chunks), which cost most of an offering search:
// a common word matches tens of thousands of offerings. Scorch segments are
// immutable, so the values search needs of each document (category,
// province, work forms, postcode; the ID for the order without text) are
// read once per segment from its postings into arrays, and the collector
// counts the facets and keeps the page's hits from those arrays, as the
// term-at-a-time search (exec.go) finds them. The distance of an offering
// is that of its enterprise's postcode (geo.go), computed once a postcode
// per search. The result is what Bleve's facets and sorts give.

// segInfo holds the values of each document of one segment, by local
// document number.
type segInfo struct {
	seg segment.Segment
	// Single-valued facet fields: index+1 into terms (0: none).
	cat, prov []uint8
	catTerms  []string
	provTerms []string
	// forms is a bit set over formTerms.
	forms     []uint32
	formTerms []string
	// pc is the index+1 into Searcher.allPostcodes of the postcode.
	pc []uint16

	idOnce sync.Once
	ids    []string // external IDs, for the order without text

	mu      sync.Mutex
	filters map[string]*docSet // documents per filter key
}

// docCache keeps the segInfo of the live segments.
type docCache struct {
	mu   sync.Mutex
	segs map[segment.Segment]*segInfo
}

// infos returns the segInfo of each segment of snap and their offsets (the
// global number of each segment's first document), building those of new
// segments and forgetting those of segments no longer live.
func (s *Searcher) infos(snap *scorch.IndexSnapshot) ([]*segInfo, []uint64, error) {
	segs := snap.Segments()
	out := make([]*segInfo, len(segs))
	offsets := make([]uint64, len(segs))
	var running uint64
	c := &s.docs
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
		si, err := s.newSegInfo(snap, seg)
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
		if pc := s.postingsCache(); pc != nil {
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

func (s *Searcher) newSegInfo(snap *scorch.IndexSnapshot, seg segment.Segment) (*segInfo, error) {
	n := int(seg.Count())
	si := &segInfo{seg: seg, cat: make([]uint8, n), prov: make([]uint8, n), forms: make([]uint32, n), pc: make([]uint16, n)}
	single := func(field string, into []uint8) ([]string, error) {
		terms, err := fieldTerms(snap, field)
		if err != nil {
			return nil, err
		}
		terms = terms[:min(len(terms), 255)]
		for i, t := range terms {
			if err := visitPostings(seg, field, t, func(d uint64) { into[d] = uint8(i + 1) }); err != nil {
				return nil, err
			}
		}
		return terms, nil
	}
	var err error
	if si.catTerms, err = single(indexer.FieldCategory, si.cat); err != nil {
		return nil, err
	}
	if si.provTerms, err = single(indexer.FieldProvince, si.prov); err != nil {
		return nil, err
	}
	if si.formTerms, err = fieldTerms(snap, indexer.FieldForms); err != nil {
		return nil, err
	}
	si.formTerms = si.formTerms[:min(len(si.formTerms), 32)]
	for i, t := range si.formTerms {
		if err := visitPostings(seg, indexer.FieldForms, t, func(d uint64) { si.forms[d] |= 1 << i }); err != nil {
			return nil, err
		}
	}
	pcs := s.postcodeIndex()
	pcTerms, err := fieldTerms(snap, indexer.FieldPostcode)
	if err != nil {
		return nil, err
	}
	for _, t := range pcTerms {
		i, ok := pcs[t]
		if !ok {
			continue
		}
		if err := visitPostings(seg, indexer.FieldPostcode, t, func(d uint64) { si.pc[d] = uint16(i + 1) }); err != nil {
			return nil, err
		}
	}
	return si, nil
}

// postcodeIndex maps each postcode to its index in allPostcodes.
func (s *Searcher) postcodeIndex() map[string]int {
	s.pcIdxOnce.Do(func() {
		pcs := s.allPostcodes()
		s.pcIdx = make(map[string]int, len(pcs))
		for i, p := range pcs {
			s.pcIdx[p.code] = i
		}
	})
	return s.pcIdx
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

// Orders of collected hits.
const (
	orderScore = iota
	orderDistance
	orderID
)

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
	order     int
	tiered    bool // by relevance, ranked by the words matched first (qnode.tiered)
	keep      int
	from      int
	pcDist    []float64 // distance from the reference by postcode index+1
	infos     []*segInfo
	offsets   []uint64
	ids       [][]string
	total     int
	cat, prov [][]int // counts per segment and term index
	forms     [][]int
	h         hitHeap
}

type hitHeap struct {
	e     []hitEntry
	order int
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
func better(order int, a, b *hitEntry) bool {
	switch order {
	case orderDistance:
		if a.dist != b.dist {
			return a.dist < b.dist
		}
		fallthrough
	case orderScore:
		if a.tier != b.tier {
			return a.tier > b.tier
		}
		if a.score != b.score {
			return a.score > b.score
		}
	case orderID:
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

// add counts document local of segment k, with its score, in the facets
// and keeps it when it belongs on the page.
func (c *collector) add(k int, local uint32, score float64) {
	si := c.infos[k]
	c.total++
	if v := si.cat[local]; v > 0 {
		c.cat[k][v-1]++
	}
	if v := si.prov[local]; v > 0 {
		c.prov[k][v-1]++
	}
	if f := si.forms[local]; f != 0 {
		for b := 0; f != 0; b, f = b+1, f>>1 {
			if f&1 != 0 {
				c.forms[k][b]++
			}
		}
	}
	c.keepHit(k, local, score, 0)
}

// keepHit keeps document local of segment k when it belongs on the page.
func (c *collector) keepHit(k int, local uint32, score float64, tier uint32) {
	si := c.infos[k]
	e := hitEntry{num: c.offsets[k] + uint64(local), seg: k, local: local, score: score, tier: tier}
	switch c.order {
	case orderDistance:
		e.dist = math.MaxFloat64
		if p := si.pc[local]; p > 0 {
			e.dist = c.pcDist[p]
		}
	case orderID:
		if c.ids[k] == nil {
			c.ids[k] = si.docIDs()
		}
		e.id = c.ids[k][local]
	}
	if len(c.h.e) < c.keep {
		heap.Push(&c.h, e)
	} else if c.keep > 0 && better(c.order, &e, &c.h.e[0]) {
		c.h.e[0] = e
		heap.Fix(&c.h, 0)
	}
}

// addAll adds the documents of segment k that acc holds (their scores read
// through view), as add does, with the segment's arrays looked up once.
func (c *collector) addAll(k int, acc *accum, view nodeView) {
	si := c.infos[k]
	cat, prov, forms := c.cat[k], c.prov[k], c.forms[k]
	for _, d := range acc.touched {
		score, ok := view.score(acc.slots[d])
		if !ok {
			continue
		}
		c.total++
		if v := si.cat[d]; v > 0 {
			cat[v-1]++
		}
		if v := si.prov[d]; v > 0 {
			prov[v-1]++
		}
		for f, b := si.forms[d], 0; f != 0; b, f = b+1, f>>1 {
			if f&1 != 0 {
				forms[b]++
			}
		}
		var tier uint32
		if c.tiered {
			tier = acc.slots[d].cnt
		}
		if c.order == orderScore && len(c.h.e) == c.keep && (c.keep == 0 || tier < c.h.e[0].tier || tier == c.h.e[0].tier && score < c.h.e[0].score) {
			continue // not better than the worst kept
		}
		c.keepHit(k, d, score, tier)
	}
}

// page returns the hits of the page, in order, with their IDs.
func (c *collector) page() ([]*bsearch.DocumentMatch, error) {
	sorted := make([]hitEntry, len(c.h.e))
	copy(sorted, c.h.e)
	sort.Slice(sorted, func(i, j int) bool { return better(c.order, &sorted[i], &sorted[j]) })
	if c.from < len(sorted) {
		sorted = sorted[c.from:]
	} else {
		sorted = nil
	}
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

// facets merges the counts of the segments into the result's facets.
func (c *collector) facets() OfferingFacets {
	merge := func(counts [][]int, terms func(*segInfo) []string, limit int, label func(string) string) []FacetValue {
		m := map[string]int{}
		for k, cs := range counts {
			ts := terms(c.infos[k])
			for i, n := range cs {
				if n > 0 {
					m[ts[i]] += n
				}
			}
		}
		out := make([]FacetValue, 0, len(m))
		for t, n := range m {
			v := FacetValue{Value: t, Count: n}
			if label != nil {
				v.Label = label(t)
			}
			out = append(out, v)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Count != out[j].Count {
				return out[i].Count > out[j].Count
			}
			return out[i].Value < out[j].Value
		})
		return out[:min(len(out), limit)]
	}
	return OfferingFacets{
		Category: merge(c.cat, func(si *segInfo) []string { return si.catTerms }, len(koppel.Categories), func(v string) string { return koppel.Category(v).Label() }),
		WorkForm: merge(c.forms, func(si *segInfo) []string { return si.formTerms }, len(koppel.WorkForms), func(v string) string { return koppel.WorkForm(v).Label() }),
		Province: merge(c.prov, func(si *segInfo) []string { return si.provTerms }, 12, nil),
	}
}

// searchCollect runs an offering search term at a time over the segments
// of off (exec.go) and collects it: the facets and the page's hits. text
// is the planned text query; without one every document matches with
// score 1 (as Bleve's MatchAll). filter keeps
// the documents it matches (nil: all); filterKey names it in the cache of
// filters. ok is false when off is not a Scorch index: the caller then
// searches the plain way.
func (s *Searcher) searchCollect(ctx context.Context, off bleve.Index, text *qnode, filter query.Query, filterKey string, order, from, size int, ref *koppel.Place) (hits []*bsearch.DocumentMatch, total int, facets OfferingFacets, ok bool, err error) {
	if plainOnly {
		return nil, 0, facets, false, nil
	}
	snap, closeSnap, err := scorchSnapshot(off)
	if err != nil || snap == nil {
		return nil, 0, facets, err != nil, err
	}
	defer closeSnap()
	c := &collector{order: order, tiered: text != nil && text.tiered && order == orderScore, keep: from + size, from: from, h: hitHeap{order: order}}
	if order == orderDistance && ref != nil {
		pcs := s.allPostcodes()
		c.pcDist = make([]float64, len(pcs)+1)
		for i, p := range pcs {
			c.pcDist[i+1] = koppel.DistanceKm(ref.Lat, ref.Lon, p.lat, p.lon)
		}
	}
	if c.infos, c.offsets, err = s.infos(snap); err != nil {
		return nil, 0, facets, true, err
	}
	n := len(c.infos)
	c.ids = make([][]string, n)
	c.cat, c.prov, c.forms = make([][]int, n), make([][]int, n), make([][]int, n)
	for k, si := range c.infos {
		c.cat[k] = make([]int, len(si.catTerms))
		c.prov[k] = make([]int, len(si.provTerms))
		c.forms[k] = make([]int, len(si.formTerms))
	}
	bits, err := s.filterBits(ctx, snap, off.Mapping(), filter, filterKey, c.infos, c.offsets)
	if err != nil {
		return nil, 0, facets, true, err
	}
	segs := snap.Segments()
	if text != nil {
		err := s.runText(ctx, snap, text, bits, c.addAll)
		if err != nil {
			return nil, 0, facets, true, err
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
	if hits, err = c.page(); err != nil {
		return nil, 0, facets, true, err
	}
	return hits, c.total, c.facets(), true, nil
}

// scorchSnapshot opens the current snapshot of a Scorch index; nil (and
// no error) for another kind of index.
func scorchSnapshot(idx bleve.Index) (*scorch.IndexSnapshot, func(), error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, nil, err
	}
	sc, isScorch := adv.(*scorch.Scorch)
	if !isScorch {
		return nil, nil, nil
	}
	r, err := sc.Reader()
	if err != nil {
		return nil, nil, err
	}
	snap, isSnap := r.(*scorch.IndexSnapshot)
	if !isSnap {
		r.Close()
		return nil, nil, nil
	}
	return snap, func() { r.Close() }, nil
}

// runText runs the planned text query over the segments of snap and calls
// fn with each segment's matches and scores (read through v from acc),
// among the documents keep keeps (nil: all).
func (s *Searcher) runText(ctx context.Context, snap *scorch.IndexSnapshot, text *qnode, keep segmentBits, fn func(k int, acc *accum, v nodeView)) error {
	pc := s.postingsCache()
	rs, err := newResolver(snap, pc)
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
func (s *Searcher) filterBits(ctx context.Context, snap *scorch.IndexSnapshot, m mapping.IndexMapping, filter query.Query, key string, infos []*segInfo, offsets []uint64) (segmentBits, error) {
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

// plainOnly makes searchCollect decline: tests compare both ways.
var plainOnly = false

var _ index.IndexReader = (*scorch.IndexSnapshot)(nil)
