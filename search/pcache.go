package search

import (
	"container/list"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
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

// DefaultPostingsCacheBytes is the default budget of the postings cache.
const DefaultPostingsCacheBytes = 128 << 20

type postingsKey struct {
	seg   segment.Segment
	field string
	term  string
}

// decodedPostings are the live documents of a term in a segment, with
// bm25TF of each.
type decodedPostings struct {
	key     postingsKey
	deleted uint64  // the segment's deleted documents when decoded
	avg     float64 // the average field length used
	docs    []uint32
	tfn     []float64
}

func (d *decodedPostings) bytes() int {
	return len(d.docs)*12 + 96 + len(d.key.field) + len(d.key.term)
}

type postingsCache struct {
	mu     sync.Mutex
	budget int
	used   int
	lru    *list.List // of *decodedPostings, most recent first
	items  map[postingsKey]*list.Element
	hits   uint64
	misses uint64
}

func newPostingsCache(budget int) *postingsCache {
	return &postingsCache{budget: budget, lru: list.New(), items: map[postingsKey]*list.Element{}}
}

// get returns the decoded postings of term in field of segment ss, from
// the dictionary d of the field in the segment when the cache has no valid
// entry. Every term is kept, even one with no postings in the segment: the
// dictionary lookups of the 20 or so terms of a word in each segment cost
// more than scoring the postings of the rarer ones.
func (c *postingsCache) get(ss *scorch.SegmentSnapshot, field, term string, avg float64, d segment.TermDictionary) (*decodedPostings, error) {
	key := postingsKey{ss.Segment(), field, term}
	del := ss.Deleted()
	var deleted uint64
	if del != nil {
		deleted = del.GetCardinality()
	}
	c.mu.Lock()
	if e, ok := c.items[key]; ok {
		d := e.Value.(*decodedPostings)
		if d.deleted == deleted && d.avg == avg {
			c.lru.MoveToFront(e)
			c.hits++
			c.mu.Unlock()
			return d, nil
		}
	}
	c.misses++
	c.mu.Unlock()

	pl, err := d.PostingsList([]byte(term), del, nil)
	if err != nil {
		return nil, err
	}
	dp := &decodedPostings{key: key, deleted: deleted, avg: avg}
	if pl != nil && pl.Count() > 0 {
		n := int(pl.Count())
		dp.docs, dp.tfn = make([]uint32, 0, n), make([]float64, 0, n)
		it := pl.Iterator(true, true, false, nil)
		for {
			p, err := it.Next()
			if err != nil {
				return nil, err
			}
			if p == nil {
				break
			}
			dp.docs = append(dp.docs, uint32(p.Number()))
			dp.tfn = append(dp.tfn, bm25TF(p.Frequency(), p.Norm(), avg))
		}
	}
	c.put(dp)
	return dp, nil
}

func (c *postingsCache) put(d *decodedPostings) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[d.key]; ok {
		c.used -= e.Value.(*decodedPostings).bytes()
		c.lru.Remove(e)
		delete(c.items, d.key)
	}
	size := d.bytes()
	if size > c.budget/4 {
		return // one term may not take the cache
	}
	c.items[d.key] = c.lru.PushFront(d)
	c.used += size
	for c.used > c.budget {
		e := c.lru.Back()
		old := e.Value.(*decodedPostings)
		c.used -= old.bytes()
		c.lru.Remove(e)
		delete(c.items, old.key)
	}
}

// forget drops the entries of segments that are not live.
func (c *postingsCache) forget(live map[segment.Segment]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.items {
		if !live[k.seg] {
			c.used -= e.Value.(*decodedPostings).bytes()
			c.lru.Remove(e)
			delete(c.items, k)
		}
	}
}
