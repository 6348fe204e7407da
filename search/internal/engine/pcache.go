package engine

import (
	"container/list"
	"sync"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// The cache of decoded postings.
//
// Reading a term's postings from a Scorch segment decodes, per document,
// its number from a roaring bitmap and its frequency and norm from varint
// chunks: about three quarters of the time of a term-at-a-time search
// (pprof of the query mix). Searches look up the same few hundred words of
// the domain over and over, so the postings of the terms searched are kept
// decoded: the document numbers and the document's part of the BM25 score,
// per segment (also when the term has none there: the dictionary lookup is
// then saved).
// A segment never changes, so an entry stays valid until the segment's
// deleted documents or the field's average length change (both are part of
// what it records). Entries are evicted least recently used first within a
// budget of bytes.

// termKey names a term of a field.
type termKey struct{ field, term string }

// decodedPostings are the live documents of a term in a segment, with
// bm25TF of each.
type decodedPostings struct {
	seg     segment.Segment
	deleted uint64 // the segment's deleted documents when decoded
	docs    []uint32
	tfn     []float64
}

// termPostings are a term's decoded postings in each segment of a
// snapshot: one lookup per term and search, not one per segment.
type termPostings struct {
	key termKey
	avg float64 // the average field length used
	dps []*decodedPostings
}

func (t *termPostings) bytes() int {
	n := 64 + len(t.key.field) + len(t.key.term)
	for _, d := range t.dps {
		n += 48 + len(d.docs)*12
	}
	return n
}

type postingsCache struct {
	mu     sync.Mutex
	budget int
	used   int
	lru    *list.List // of *termPostings, most recent first
	items  map[termKey]*list.Element
	hits   uint64 // lookups answered from the cache
}

func newPostingsCache(budget int) *postingsCache {
	return &postingsCache{budget: budget, lru: list.New(), items: map[termKey]*list.Element{}}
}

// valid reports whether t holds the postings of the segments of r with
// their deleted documents, for the average length avg.
func (t *termPostings) valid(r *resolver, avg float64) bool {
	if t.avg != avg || len(t.dps) != len(r.segs) {
		return false
	}
	for i, d := range t.dps {
		if d.seg != r.segs[i].Segment() || d.deleted != r.deleted[i] {
			return false
		}
	}
	return true
}

// get returns the decoded postings of term in field in each segment of
// the resolver's snapshot. It decodes those the cache does not have: a
// new segment, or one whose deleted documents changed. Every term is kept,
// even one with no postings in a segment: the dictionary lookups of the 20
// or so terms of a word in each segment cost more than scoring the
// postings of the rarer ones.
func (c *postingsCache) get(r *resolver, field, term string, avg float64) ([]*decodedPostings, error) {
	key := termKey{field, term}
	var old *termPostings
	c.mu.Lock()
	if e, ok := c.items[key]; ok {
		old = e.Value.(*termPostings)
		if old.valid(r, avg) {
			c.lru.MoveToFront(e)
			c.hits++
			c.mu.Unlock()
			return old.dps, nil
		}
	}
	c.mu.Unlock()

	t := &termPostings{key: key, avg: avg, dps: make([]*decodedPostings, len(r.segs))}
	for i, ss := range r.segs {
		if old != nil && old.avg == avg {
			for _, d := range old.dps {
				if d.seg == ss.Segment() && d.deleted == r.deleted[i] {
					t.dps[i] = d
					break
				}
			}
			if t.dps[i] != nil {
				continue
			}
		}
		d, err := r.dict(field, i)
		if err != nil {
			return nil, err
		}
		dp := &decodedPostings{seg: ss.Segment(), deleted: r.deleted[i]}
		if d != nil {
			pl, err := d.PostingsList([]byte(term), ss.Deleted(), nil)
			if err != nil {
				return nil, err
			}
			if err := dp.decode(pl, avg); err != nil {
				return nil, err
			}
		}
		t.dps[i] = dp
	}
	c.put(t)
	return t.dps, nil
}

// decode reads the documents of pl and their bm25TF.
func (dp *decodedPostings) decode(pl segment.PostingsList, avg float64) error {
	if pl == nil || pl.Count() == 0 {
		return nil
	}
	n := int(pl.Count())
	dp.docs, dp.tfn = make([]uint32, 0, n), make([]float64, 0, n)
	return eachPosting(pl, true, func(p segment.Posting) {
		dp.docs = append(dp.docs, uint32(p.Number()))
		dp.tfn = append(dp.tfn, bm25TF(p.Frequency(), p.Norm(), avg))
	})
}

func (c *postingsCache) put(t *termPostings) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[t.key]; ok {
		c.used -= e.Value.(*termPostings).bytes()
		c.lru.Remove(e)
		delete(c.items, t.key)
	}
	size := t.bytes()
	if size > c.budget/4 {
		return // one term may not take the cache
	}
	c.items[t.key] = c.lru.PushFront(t)
	c.used += size
	for c.used > c.budget {
		e := c.lru.Back()
		old := e.Value.(*termPostings)
		c.used -= old.bytes()
		c.lru.Remove(e)
		delete(c.items, old.key)
	}
}

// forget drops the entries with segments that are not live.
func (c *postingsCache) forget(live map[segment.Segment]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.items {
		t := e.Value.(*termPostings)
		for _, d := range t.dps {
			if !live[d.seg] {
				c.used -= t.bytes()
				c.lru.Remove(e)
				delete(c.items, k)
				break
			}
		}
	}
}
