package search

import (
	"container/list"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// The cache of offering results.
//
// Facility managers repeat searches: the same words for their school, the
// next page, back to the list. A result depends only on the query and on
// the offering index: what a hit shows of an offering and its enterprise
// comes from the store, but a change in the store reaches the index
// through the outbox before a write returns (see indexer.Apply; a changed
// enterprise re-indexes its offerings). So results are kept per snapshot
// of the index: a search first looks at the index's current snapshot; when
// it is another one than before (a change was applied, segments were
// merged, or a reindex swapped the index), the cache is emptied.

// DefaultResultCacheSize is the number of offering results kept by default.
const DefaultResultCacheSize = 2000

// epoch returns the number of the offering index's current snapshot; ok is
// false for an index that is not a Scorch index.
func (s *Searcher) epoch() (n uint64, ok bool) {
	err := s.Index.View(func(off, _ bleve.Index) error {
		n, ok = s.termEngine().Epoch(off)
		return nil
	})
	return n, ok && err == nil
}

// resultCache keeps offering results of one epoch, evicting the least
// recently used.
type resultCache struct {
	mu    sync.Mutex
	size  int
	epoch uint64
	lru   *list.List // of *resultEntry, most recent first
	items map[OfferingQuery]*list.Element
}

type resultEntry struct {
	q OfferingQuery
	r *OfferingResult
}

func newResultCache(size int) *resultCache {
	return &resultCache{size: size, lru: list.New(), items: map[OfferingQuery]*list.Element{}}
}

// at empties the cache when epoch is not its epoch. The caller holds c.mu.
func (c *resultCache) at(epoch uint64) {
	if epoch != c.epoch {
		c.epoch = epoch
		c.lru.Init()
		clear(c.items)
	}
}

// get returns the cached result of q in epoch, nil when there is none.
func (c *resultCache) get(epoch uint64, q OfferingQuery) *OfferingResult {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at(epoch)
	e, ok := c.items[q]
	if !ok {
		return nil
	}
	c.lru.MoveToFront(e)
	return e.Value.(*resultEntry).r
}

// put keeps r as the result of q in epoch, unless a later epoch began.
func (c *resultCache) put(epoch uint64, q OfferingQuery, r *OfferingResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch < c.epoch {
		return
	}
	c.at(epoch)
	if e, ok := c.items[q]; ok {
		e.Value.(*resultEntry).r = r
		c.lru.MoveToFront(e)
		return
	}
	c.items[q] = c.lru.PushFront(&resultEntry{q, r})
	for c.lru.Len() > c.size {
		e := c.lru.Back()
		c.lru.Remove(e)
		delete(c.items, e.Value.(*resultEntry).q)
	}
}
