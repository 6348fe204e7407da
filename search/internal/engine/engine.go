package engine

import (
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// Engine runs planned queries term at a time over the snapshots of one or
// more Scorch indexes with the same fields, and keeps what it learns of
// their segments (values for facets and sorting, filters, decoded
// postings). It is safe for concurrent use, including while the index
// changes: a segment never changes, and what is kept of a segment that is
// no longer live is forgotten.
type Engine struct {
	fields   Fields
	docs     docCache
	postings *postingsCache // nil: none
	epochs   snapEpochs
}

// Fields names the keyword fields whose values the engine reads once per
// segment, to count facets and to sort without Bleve's doc values.
type Fields struct {
	// Facets are counted by every Search, in this order.
	Facets []Facet
	// Key is a keyword field with at most one value per document whose
	// terms Keys numbers from 0 (at most 65,535 of them); a Search may
	// order by a value per number (Request.Values). Keys is called once,
	// when the first segment is read.
	Key  string
	Keys func() map[string]int
	// GroupOf names the group of a document by its external ID (for
	// Request.PerGroup); nil: every document is its own group. It is
	// called once per document of a segment, at the first grouped search.
	GroupOf func(id string) string
}

// Facet is a keyword field counted per search: with at most one value per
// document and at most 255 terms, or with several values (Multi) and at
// most 32 terms. Terms beyond those are not counted.
type Facet struct {
	Field string
	Multi bool
}

// New returns an engine that reads fields, with a cache of decoded
// postings of postingsBytes (0: none).
func New(fields Fields, postingsBytes int) *Engine {
	e := &Engine{fields: fields}
	if postingsBytes > 0 {
		e.postings = newPostingsCache(postingsBytes)
	}
	return e
}

// Stats are figures of an engine's caches, for tests and metrics.
type Stats struct {
	// Segments is the number of segments whose values are kept.
	Segments int
	// PostingsBudget is the budget of the postings cache in bytes (0: no
	// cache), PostingsHits the lookups it answered.
	PostingsBudget int
	PostingsHits   uint64
}

// Stats returns the figures of e's caches.
func (e *Engine) Stats() Stats {
	var st Stats
	e.docs.mu.Lock()
	st.Segments = len(e.docs.segs)
	e.docs.mu.Unlock()
	if c := e.postings; c != nil {
		c.mu.Lock()
		st.PostingsBudget, st.PostingsHits = c.budget, c.hits
		c.mu.Unlock()
	}
	return st
}

// snapEpochs numbers the snapshots of the index searches see.
type snapEpochs struct {
	mu   sync.Mutex
	snap index.IndexReader
	n    uint64
}

// Epoch returns the number of the current snapshot of idx: it changes
// whenever the snapshot does (a change was applied, segments were merged,
// or another index is passed), so that results kept for one epoch are
// valid as long as it lasts. ok is false for an index that is not a Scorch
// index.
func (e *Engine) Epoch(idx bleve.Index) (n uint64, ok bool) {
	snap, closeSnap, err := Snapshot(idx)
	if err != nil || snap == nil {
		return 0, false
	}
	closeSnap()
	ep := &e.epochs
	ep.mu.Lock()
	defer ep.mu.Unlock()
	if index.IndexReader(snap) != ep.snap {
		ep.snap = snap
		ep.n++
	}
	return ep.n, true
}

// Snapshot opens the current snapshot of a Scorch index; nil (and no
// error) for another kind of index. Call the function returned to close
// it.
func Snapshot(idx bleve.Index) (*scorch.IndexSnapshot, func(), error) {
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

// TermCheck tells whether a term occurs in a field of an index: in the
// dictionaries of the segments of a Scorch snapshot (a FieldDictRange
// builds an automaton per segment, which cost 5% of a search), else by the
// index's FieldDictRange. Close it after use.
type TermCheck struct {
	idx       bleve.Index
	snap      *scorch.IndexSnapshot
	closeSnap func()
}

// NewTermCheck returns a TermCheck over the current snapshot of idx.
func NewTermCheck(idx bleve.Index) *TermCheck {
	snap, closeSnap, err := Snapshot(idx)
	if err != nil || snap == nil {
		return &TermCheck{idx: idx, closeSnap: func() {}}
	}
	return &TermCheck{idx: idx, snap: snap, closeSnap: closeSnap}
}

// Close releases the snapshot.
func (c *TermCheck) Close() { c.closeSnap() }

// Has reports whether term occurs in field.
func (c *TermCheck) Has(field, term string) bool {
	if c.snap == nil {
		d, err := c.idx.FieldDictRange(field, []byte(term), []byte(term))
		if err != nil {
			return false
		}
		defer d.Close()
		e, err := d.Next()
		return err == nil && e != nil && e.Term == term
	}
	for _, ss := range c.snap.Segments() {
		d, err := ss.Segment().Dictionary(field)
		if err != nil || d == nil {
			continue
		}
		if ok, err := d.Contains([]byte(term)); err == nil && ok {
			return true
		}
	}
	return false
}
