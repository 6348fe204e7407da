package search

import (
	"container/list"
	"sync"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"

	"koppel/indexer"
)

// The cache of offering results.
//
// Facility managers repeat searches: the same words for their school, the
// next page, back to the list. A result depends only on the query and on
// the offering index (the documents of the hits are read from the store,
// but a change in the store reaches the index through the outbox before a
// write returns, see indexer.Apply). So results are kept per snapshot of
// the index: a search first looks at the index's current snapshot; when it
// is another one than before (a change was applied, segments were merged,
// or a reindex swapped the index), the cache is emptied. Entries are
// evicted least recently used first.

// DefaultResultCacheSize is the number of offering results kept by default.
const DefaultResultCacheSize = 2000

type resultCache struct {
	mu    sync.Mutex
	size  int
	snap  index.IndexReader // the snapshot the entries belong to
	n     uint64            // its number
	lru   *list.List        // of *resultEntry, most recent first
	items map[OfferingQuery]*list.Element
	hits  uint64
	miss  uint64
}

type resultEntry struct {
	q OfferingQuery
	r *OfferingResult
}

func newResultCache(size int) *resultCache {
	return &resultCache{size: size, lru: list.New(), items: map[OfferingQuery]*list.Element{}}
}

// epoch returns the number of the offering index's current snapshot,
// emptying the cache when that changed; ok is false for an index that is
// not a Scorch index.
func (c *resultCache) epoch(ix *indexer.Indexer) (n uint64, ok bool) {
	var snap index.IndexReader
	err := ix.View(func(off, _ bleve.Index) error {
		sn, closeSnap, err := scorchSnapshot(off)
		if sn != nil {
			snap = sn
			closeSnap()
		}
		return err
	})
	if err != nil || snap == nil {
		return 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if snap != c.snap {
		c.snap = snap
		c.n++
		c.lru.Init()
		clear(c.items)
	}
	return c.n, true
}

// get returns the cached result of q, nil when there is none for epoch.
func (c *resultCache) get(epoch uint64, q OfferingQuery) *OfferingResult {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[q]
	if !ok || epoch != c.n {
		c.miss++
		return nil
	}
	c.hits++
	c.lru.MoveToFront(e)
	return e.Value.(*resultEntry).r
}

// put keeps r as the result of q in epoch, unless the snapshot changed
// since.
func (c *resultCache) put(epoch uint64, q OfferingQuery, r *OfferingResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch != c.n {
		return
	}
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
