package engine

import (
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// The average field length of BM25.
//
// BM25 weighs a term by the length of the field it is in against the
// average length of that field. Bleve 2.6 takes for that average the
// number of distinct terms in the field's dictionaries (summed over the
// segments) divided by the number of documents, rounded up
// (searcher.bm25ScoreMetrics over IndexSnapshot.FieldCardinality): the
// size of a vocabulary, not a length. On Koppel's offerings it is 1 for
// every field (3,000 demo offerings: 453 distinct terms in descriptions of
// 24 tokens on average), so a description of average length counted as 24
// times longer than the average, and a word in it next to nothing.
//
// The engine takes the real average instead, over the whole index: the
// tokens of the field (the sum of its terms' frequencies, the length each
// document's norm records) over the documents that have the field,
// rounded up as Bleve rounds it, so that Bleve given these figures scores
// the same (BM25Stats). Like Lucene's, the figures count the deleted
// documents a segment still holds: they change only when a segment comes
// or goes. A segment's figures are read once, from all the postings of
// the field (100,000 offerings: 3.1 million postings of the combined text
// in 120 ms), when a search first needs them.

// fieldLen is the length of a field in a segment: the tokens of all its
// documents and the number of documents that have the field.
type fieldLen struct {
	tokens, docs uint64
}

// fieldLens keeps the fieldLen of the fields of a segment searched so far.
type fieldLens struct {
	mu   sync.Mutex
	lens map[string]fieldLen
}

// get returns the length of field in seg, reading its postings the first
// time.
func (fl *fieldLens) get(seg segment.Segment, field string) (fieldLen, error) {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if l, ok := fl.lens[field]; ok {
		return l, nil
	}
	l, err := readFieldLen(seg, field)
	if err != nil {
		return l, err
	}
	if fl.lens == nil {
		fl.lens = map[string]fieldLen{}
	}
	fl.lens[field] = l
	return l, nil
}

// readFieldLen adds up the frequencies of every term of field in seg.
func readFieldLen(seg segment.Segment, field string) (fieldLen, error) {
	var l fieldLen
	d, err := seg.Dictionary(field)
	if err != nil || d == nil {
		return l, err
	}
	seen := make([]uint64, (seg.Count()+63)/64)
	it := d.AutomatonIterator(nil, nil, nil)
	for {
		e, err := it.Next()
		if err != nil {
			return l, err
		}
		if e == nil {
			return l, nil
		}
		pl, err := d.PostingsList([]byte(e.Term), nil, nil)
		if err != nil {
			return l, err
		}
		err = eachPosting(pl, true, func(p segment.Posting) {
			l.tokens += p.Frequency()
			n := p.Number()
			if w, bit := n/64, uint64(1)<<(n%64); seen[w]&bit == 0 {
				seen[w] |= bit
				l.docs++
			}
		})
		if err != nil {
			return l, err
		}
	}
}

// avgFieldLength is the average length of field over the segments of
// infos, rounded up; 0 when no document has the field (Bleve then scores
// by TF-IDF, as it does for a field without terms).
func avgFieldLength(infos []*segInfo, field string) (float64, error) {
	var sum fieldLen
	for _, si := range infos {
		l, err := si.lens.get(si.seg, field)
		if err != nil {
			return 0, err
		}
		sum.tokens += l.tokens
		sum.docs += l.docs
	}
	if sum.docs == 0 {
		return 0, nil
	}
	return math.Ceil(float64(sum.tokens) / float64(sum.docs)), nil
}

// BM25Stats returns the statistics the engine scores the current snapshot
// of idx with, in the form Bleve takes them for a search
// (SearchRequest.PreSearchData under search.BM25PreSearchDataKey): the
// number of documents, and per field a "cardinality" that Bleve divides by
// it and rounds up to the engine's average length. Bleve, given them,
// scores as the engine does. nil (and no error) for an index that is not
// a Scorch index.
func (e *Engine) BM25Stats(idx bleve.Index) (*bsearch.BM25Stats, error) {
	snap, closeSnap, err := Snapshot(idx)
	if err != nil || snap == nil {
		return nil, err
	}
	defer closeSnap()
	infos, _, err := e.infos(snap)
	if err != nil {
		return nil, err
	}
	n, err := snap.DocCount()
	if err != nil {
		return nil, err
	}
	fields, err := snap.Fields()
	if err != nil {
		return nil, err
	}
	st := &bsearch.BM25Stats{DocCount: float64(n), FieldCardinality: make(map[string]int, len(fields))}
	for _, f := range fields {
		avg, err := avgFieldLength(infos, f)
		if err != nil {
			return nil, err
		}
		st.FieldCardinality[f] = int(avg) * int(n)
	}
	// Bleve runs a disjunction that need not score (a filter) as one term
	// searcher of the field "*", and refuses a search whose statistics
	// lack a field it searches.
	st.FieldCardinality["*"] = 0
	return st, nil
}
