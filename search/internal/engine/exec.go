package engine

import (
	"math"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Term-at-a-time search.
//
// Bleve scores a query document at a time: every sub-query of a word (the
// word in five fields, its synonyms, compound parts, French, English…) is
// a searcher in a heap, advanced hit by hit. A common word matches tens of
// thousands of offerings, and the heap work per hit and per sub-query cost
// most of a search (pprof: DisjunctionHeapSearcher, ConjunctionSearcher
// and TopNCollector 65% of the time of the query mix). Here each term's
// postings are read once, in a row, and their BM25 scores added up in
// arrays indexed by document number, per segment; a disjunction or
// conjunction then combines its kids' arrays. The formulas are Bleve's
// (scorer.TermQueryScorer with BM25, DisjunctionQueryScorer's coordination
// factor, ConjunctionQueryScorer's sum, the query norm over all terms), so
// the matches and scores are Bleve's: TestCollectLikeBleve compares them.
// Only the average field length of BM25 is not Bleve's own but the real one
// (fieldlen.go); the tests give Bleve the same (Engine.BM25Stats).

// xnode is a Node resolved against a snapshot: fuzzy and prefix nodes
// expanded into the disjunction of their terms, and each term's postings
// per segment.
type xnode struct {
	op    Op  // OpTerm, OpOr or OpAnd
	min   int // OpOr: the kids a document must match (0, 1: any)
	field string
	term  []byte
	boost float64
	idf   float64
	avg   float64                // average field length
	qw    float64                // the query weight: boost × idf × query norm
	pls   []segment.PostingsList // per segment, when not decoded
	dps   []*decodedPostings     // per segment, from the postings cache
	kids  []*xnode
}

// resolver resolves the Nodes of one search against a snapshot.
type resolver struct {
	snap    *scorch.IndexSnapshot
	segs    []*scorch.SegmentSnapshot
	infos   []*segInfo // of segs
	deleted []uint64   // the number of deleted documents of each segment
	docs    float64
	dicts   map[string][]segment.TermDictionary
	avgs    map[string]float64
	cache   *postingsCache // nil: none
}

func newResolver(snap *scorch.IndexSnapshot, infos []*segInfo, cache *postingsCache) (*resolver, error) {
	n, err := snap.DocCount()
	if err != nil {
		return nil, err
	}
	segs := snap.Segments()
	deleted := make([]uint64, len(segs))
	for i, ss := range segs {
		if d := ss.Deleted(); d != nil {
			deleted[i] = d.GetCardinality()
		}
	}
	return &resolver{snap: snap, segs: segs, infos: infos, deleted: deleted, docs: float64(n), dicts: map[string][]segment.TermDictionary{}, avgs: map[string]float64{}, cache: cache}, nil
}

// dict returns the dictionary of field in segment i.
func (r *resolver) dict(field string, i int) (segment.TermDictionary, error) {
	dicts, ok := r.dicts[field]
	if !ok {
		dicts = make([]segment.TermDictionary, len(r.segs))
		r.dicts[field] = dicts
	}
	if dicts[i] == nil {
		d, err := r.segs[i].Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		dicts[i] = d
	}
	return dicts[i], nil
}

// resolve expands n and reads its terms' postings.
func (r *resolver) resolve(n *Node) (*xnode, error) {
	switch n.Op {
	case OpTerm:
		return r.term(n.Field, n.Term, n.Boost)
	case OpFuzzy, OpPrefix:
		return r.multi(n)
	}
	x := &xnode{op: n.Op, min: n.Min}
	for _, k := range n.Kids {
		xk, err := r.resolve(k)
		if err != nil {
			return nil, err
		}
		x.kids = append(x.kids, xk)
	}
	return x, nil
}

// term reads the postings of a term in each segment, without the deleted
// documents, and its BM25 statistics, as Bleve's TermSearcher does.
func (r *resolver) term(field, term string, boost float64) (*xnode, error) {
	avg, ok := r.avgs[field]
	if !ok {
		var err error
		if avg, err = avgFieldLength(r.infos, field); err != nil {
			return nil, err
		}
		r.avgs[field] = avg
	}
	x := &xnode{op: OpTerm, field: field, term: []byte(term), boost: boost, avg: avg}
	var df uint64
	if r.cache != nil && avg > 0 {
		dps, err := r.cache.get(r, field, term, avg)
		if err != nil {
			return nil, err
		}
		x.dps = dps
		for _, dp := range dps {
			df += uint64(len(dp.docs))
		}
	} else {
		x.pls = make([]segment.PostingsList, len(r.segs))
		for i, ss := range r.segs {
			d, err := r.dict(field, i)
			if err != nil {
				return nil, err
			}
			if d == nil {
				continue
			}
			pl, err := d.PostingsList(x.term, ss.Deleted(), nil)
			if err != nil {
				return nil, err
			}
			x.pls[i] = pl
			df += pl.Count()
		}
	}
	if avg > 0 {
		x.idf = math.Log(1 + (r.docs-float64(df)+0.5)/(float64(df)+0.5))
	} else {
		x.idf = 1 + math.Log(r.docs/float64(df+1))
	}
	return x, nil
}

// multi expands a fuzzy or prefix node into the disjunction of the terms
// of the dictionary it matches, as Bleve's FuzzySearcher (each term's boost
// divided by its edit distance + 1) and TermPrefixSearcher do; into the
// term itself when it matches none.
func (r *resolver) multi(n *Node) (*xnode, error) {
	type cand struct {
		term string
		mul  float64
	}
	var cands []cand
	if n.Op == OpFuzzy {
		prefix := n.Term
		for i := range n.Term {
			if i >= 1 {
				prefix = n.Term[:i]
				break
			}
		}
		d, err := r.snap.FieldDictFuzzy(n.Field, n.Term, n.Fuzziness, prefix)
		if err != nil {
			return nil, err
		}
		for e, err := d.Next(); e != nil || err != nil; e, err = d.Next() {
			if err != nil {
				d.Close()
				return nil, err
			}
			cands = append(cands, cand{e.Term, 1 / float64(e.EditDistance+1)})
		}
		d.Close()
	} else {
		d, err := r.snap.FieldDictPrefix(n.Field, []byte(n.Term))
		if err != nil {
			return nil, err
		}
		for e, err := d.Next(); e != nil || err != nil; e, err = d.Next() {
			if err != nil {
				d.Close()
				return nil, err
			}
			cands = append(cands, cand{e.Term, 1})
		}
		d.Close()
	}
	if len(cands) == 0 || len(cands) == 1 && cands[0].term == n.Term {
		return r.term(n.Field, n.Term, n.Boost)
	}
	x := &xnode{op: OpOr}
	for _, c := range cands {
		k, err := r.term(n.Field, c.term, n.Boost*c.mul)
		if err != nil {
			return nil, err
		}
		x.kids = append(x.kids, k)
	}
	return x, nil
}

// weight is Bleve's Searcher.Weight: the sum of the squared boost × idf of
// the terms.
func (x *xnode) weight() float64 {
	if x.op == OpTerm {
		w := x.boost * x.idf
		return w * w
	}
	sum := 0.0
	for _, k := range x.kids {
		sum += k.weight()
	}
	return sum
}

// setNorm sets each term's query weight from the query norm.
func (x *xnode) setNorm(norm float64) {
	if x.op == OpTerm {
		x.qw = x.boost * x.idf * norm
		return
	}
	for _, k := range x.kids {
		k.setNorm(norm)
	}
}

// accum adds up scores per document of a segment.
type accum struct {
	slots   []slot
	touched []uint32
}

// slot is a document's sum and count, side by side: one memory access
// for both (the arrays of a large segment do not fit the CPU's caches).
type slot struct {
	score float64
	cnt   uint32
}

var accumPool sync.Pool

func getAccum(n int) *accum {
	a, _ := accumPool.Get().(*accum)
	if a == nil {
		a = &accum{}
	}
	if len(a.slots) < n {
		a.slots = make([]slot, n)
	}
	return a
}

// release clears what was touched and returns a to the pool.
func (a *accum) release() {
	for _, d := range a.touched {
		a.slots[d] = slot{}
	}
	a.touched = a.touched[:0]
	accumPool.Put(a)
}

func (a *accum) add(d uint32, s float64) {
	sl := &a.slots[d]
	if sl.cnt == 0 {
		a.touched = append(a.touched, d)
	}
	sl.score += s
	sl.cnt++
}

// segRun is what running a query on one segment needs.
type segRun struct {
	k int // the segment's place in the snapshot
	n int // its documents, deleted ones included
	// keep is the documents the filter keeps (nil: all). The others are
	// not scored: a document's score depends on its own postings only.
	keep *docSet
}

// run adds each document of the segment that x matches to acc, with x's
// score.
func (x *xnode) run(r *segRun, acc *accum) error {
	if x.op == OpTerm {
		return x.runTerm(r, acc)
	}
	sub := getAccum(r.n)
	defer sub.release()
	v, err := x.runKids(r, sub)
	if err != nil {
		return err
	}
	for _, d := range sub.touched {
		if s, ok := v.score(sub.slots[d]); ok {
			acc.add(d, s)
		}
	}
	return nil
}

// runKids adds the scores of x's kids to acc (those of x, for a term) and
// returns how to read x's score of a document from them. The root of a
// query is run this way, so that its scores are read from acc without
// being copied into another accumulator.
func (x *xnode) runKids(r *segRun, acc *accum) (nodeView, error) {
	switch x.op {
	case OpTerm:
		return nodeView{op: OpTerm}, x.runTerm(r, acc)
	case OpAnd:
		return nodeView{op: OpAnd, total: uint32(len(x.kids))}, x.runAnd(r, acc)
	}
	if x.min > 1 {
		return nodeView{op: OpOr, total: uint32(len(x.kids)), min: uint32(x.min)}, x.runMin(r, acc)
	}
	for _, k := range x.kids {
		if err := k.run(r, acc); err != nil {
			return nodeView{}, err
		}
	}
	return nodeView{op: OpOr, total: uint32(len(x.kids)), min: uint32(x.min)}, nil
}

// nodeView reads a node's score of a document from the sum and count of
// its kids' scores.
type nodeView struct {
	op    Op
	total uint32 // the node's kids
	min   uint32 // OpOr: the kids a document must match (0, 1: any)
}

// score returns the node's score of a document its kids matched, and
// whether the node matches it: a conjunction needs every kid, a
// disjunction at least min kids, and scales the sum by the share of kids
// that matched.
func (v nodeView) score(sl slot) (float64, bool) {
	switch v.op {
	case OpAnd:
		return sl.score, sl.cnt == v.total
	case OpOr:
		coord := float64(sl.cnt) / float64(v.total)
		return sl.score * coord, sl.cnt >= v.min
	}
	return sl.score, true
}

// runAnd adds the scores of the kids of a conjunction to sub: the kid with
// the fewest postings first, then each other kid only for the documents
// that matched every kid so far (a document's score depends on its own
// postings only, so the others need not be scored).
func (x *xnode) runAnd(r *segRun, sub *accum) error {
	kids := x.byCost(r.k)
	if err := kids[0].run(r, sub); err != nil {
		return err
	}
	if len(kids) == 1 {
		return nil
	}
	bits := getBits(r.n)
	defer putBits(bits)
	narrowed := *r
	narrowed.keep = &docSet{bits: bits}
	for i, k := range kids[1:] {
		clear(bits)
		left := false
		for _, d := range sub.touched {
			if sub.slots[d].cnt == uint32(i+1) {
				bits[d/64] |= 1 << (d % 64)
				left = true
			}
		}
		if !left {
			return nil
		}
		if err := k.run(&narrowed, sub); err != nil {
			return err
		}
	}
	return nil
}

// runMin adds the scores of the kids of a disjunction that needs min ≥ 2
// kids to sub: a document that matches min of n kids matches one of any
// n-min+1 of them, so the n-min+1 kids with the fewest postings run over
// every document and the others only over the documents those matched.
func (x *xnode) runMin(r *segRun, sub *accum) error {
	kids := x.byCost(r.k)
	first := len(kids) - x.min + 1
	for _, k := range kids[:first] {
		if err := k.run(r, sub); err != nil {
			return err
		}
	}
	if len(sub.touched) == 0 {
		return nil
	}
	bits := getBits(r.n)
	defer putBits(bits)
	for _, d := range sub.touched {
		bits[d/64] |= 1 << (d % 64)
	}
	narrowed := *r
	narrowed.keep = &docSet{bits: bits}
	for _, k := range kids[first:] {
		if err := k.run(&narrowed, sub); err != nil {
			return err
		}
	}
	return nil
}

// byCost returns x's kids, those with the fewest postings in segment k
// first.
func (x *xnode) byCost(k int) []*xnode {
	type costed struct {
		x    *xnode
		cost uint64
	}
	kids := make([]costed, len(x.kids))
	for i, c := range x.kids {
		kids[i] = costed{c, c.cost(k)}
	}
	sort.SliceStable(kids, func(i, j int) bool { return kids[i].cost < kids[j].cost })
	out := make([]*xnode, len(kids))
	for i, c := range kids {
		out[i] = c.x
	}
	return out
}

// cost is the number of postings of x's terms in segment k: an upper
// bound of the documents x matches there.
func (x *xnode) cost(k int) uint64 {
	if x.op == OpTerm {
		if x.dps != nil {
			return uint64(len(x.dps[k].docs))
		}
		if pl := x.pls[k]; pl != nil {
			return pl.Count()
		}
		return 0
	}
	var n uint64
	for _, c := range x.kids {
		n += c.cost(k)
	}
	return n
}

var bitsPool sync.Pool

// getBits returns cleared bits for n documents.
func getBits(n int) []uint64 {
	w := (n + 63) / 64
	if b, ok := bitsPool.Get().(*[]uint64); ok && cap(*b) >= w {
		out := (*b)[:w]
		clear(out)
		return out
	}
	return make([]uint64, w)
}

func putBits(b []uint64) { bitsPool.Put(&b) }

// runTerm adds the term's documents with their BM25 scores, from the
// cache of decoded postings when there is one.
func (x *xnode) runTerm(r *segRun, acc *accum) error {
	if x.dps != nil {
		x.addDecoded(x.dps[r.k], r.keep, acc)
		return nil
	}
	return eachPosting(x.pls[r.k], true, func(p segment.Posting) {
		if r.keep != nil && !r.keep.has(uint32(p.Number())) {
			return
		}
		var s float64
		if x.avg > 0 {
			s = x.idf * bm25TF(p.Frequency(), p.Norm(), x.avg)
		} else {
			s = tf(p.Frequency()) * p.Norm() * x.idf
		}
		if x.qw != 1 {
			s = s * x.qw
		}
		acc.add(uint32(p.Number()), s)
	})
}

// addDecoded adds the documents of dp that keep keeps (nil: all) with
// their scores: idf × bm25TF, times the query weight unless it is 1 (the
// same operations in the same order as Bleve's scorer). This loop is most
// of a search: the variants are written out so that it tests nothing it
// need not.
func (x *xnode) addDecoded(dp *decodedPostings, keep *docSet, acc *accum) {
	idf, qw := x.idf, x.qw
	tfn := dp.tfn[:len(dp.docs)]
	slots := acc.slots
	switch {
	case keep == nil && qw == 1:
		for i, d := range dp.docs {
			sl := &slots[d]
			if sl.cnt == 0 {
				acc.touched = append(acc.touched, d)
			}
			sl.score += idf * tfn[i]
			sl.cnt++
		}
	case keep == nil:
		for i, d := range dp.docs {
			sl := &slots[d]
			if sl.cnt == 0 {
				acc.touched = append(acc.touched, d)
			}
			sl.score += idf * tfn[i] * qw
			sl.cnt++
		}
	default:
		bits := keep.bits
		for i, d := range dp.docs {
			if w := int(d / 64); w >= len(bits) || bits[w]&(1<<(d%64)) == 0 {
				continue
			}
			s := idf * tfn[i]
			if qw != 1 {
				s = s * qw
			}
			sl := &slots[d]
			if sl.cnt == 0 {
				acc.touched = append(acc.touched, d)
			}
			sl.score += s
			sl.cnt++
		}
	}
}

// tf is Bleve's term frequency factor: the square root of the count.
func tf(freq uint64) float64 {
	if freq < uint64(len(sqrtCache)) {
		return sqrtCache[freq]
	}
	return math.Sqrt(float64(freq))
}

// bm25TF is the part of a term's BM25 score that depends on the document:
// its frequency and the field's length (from the norm), against the
// average length.
func bm25TF(freq uint64, norm, avg float64) float64 {
	k1, b := bsearch.BM25_k1, bsearch.BM25_b
	t := tf(freq)
	fieldLength := 1 / (norm * norm)
	return (t * k1) / (t + k1*(1-b+(b*fieldLength/avg)))
}

// sqrtCache holds the square roots of small term frequencies.
var sqrtCache = func() []float64 {
	c := make([]float64, 64)
	for i := range c {
		c[i] = math.Sqrt(float64(i))
	}
	return c
}()

// segmentBits is the set of documents of each segment a filter keeps; nil
// keeps every document.
type segmentBits []*docSet

// docSet is a set of documents of a segment: the bitmap to iterate, and
// the same as plain bits to test (a roaring Contains costs a search of its
// containers; a filter is tested for every document the text matches).
type docSet struct {
	bm   *roaring.Bitmap
	bits []uint64
}

func newDocSet(bm *roaring.Bitmap, n int) *docSet {
	bm.RunOptimize()
	d := &docSet{bm: bm, bits: make([]uint64, (n+63)/64)}
	it := bm.Iterator()
	for it.HasNext() {
		x := it.Next()
		d.bits[x/64] |= 1 << (x % 64)
	}
	return d
}

func (d *docSet) has(x uint32) bool {
	i := int(x / 64)
	return i < len(d.bits) && d.bits[i]&(1<<(x%64)) != 0
}

// with returns the set of d's documents and those of extra, as plain bits
// only (to test, not to iterate).
func (d *docSet) with(extra map[uint32]string) *docSet {
	out := &docSet{bits: make([]uint64, len(d.bits))}
	copy(out.bits, d.bits)
	for x := range extra {
		if i := int(x / 64); i < len(out.bits) {
			out.bits[i] |= 1 << (x % 64)
		}
	}
	return out
}
