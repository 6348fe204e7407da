package store

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// Shared reads.
//
// Matching and search read the same enterprises and offerings over and
// over (every candidate of every lot, every hit of every page), and
// decoding their JSON cost half of a match (pprof of matching over HTTP).
// SharedEnterprise and SharedOffering keep the decoded values with the
// Badger version of the key they were decoded from; a read still looks the
// key up in its transaction, and decodes again when the version differs,
// so a value is never older than the transaction. The values are shared by
// all callers: they must not change them.

// maxShared bounds the decoded values kept.
const maxShared = 20000

type sharedCache struct {
	mu sync.Mutex
	m  map[string]sharedEntry
}

type sharedEntry struct {
	version uint64
	v       any
}

// getShared returns the decoded value of key, from the cache when it holds
// the version txn sees, and reports whether the key exists. Without a
// cache (nil) it decodes a value of the caller's own.
func getShared[T any](c *sharedCache, txn *badger.Txn, key []byte) (*T, bool, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("get %q: %w", key, err)
	}
	version := item.Version()
	if c != nil {
		c.mu.Lock()
		e, ok := c.m[string(key)]
		c.mu.Unlock()
		if ok && e.version == version {
			if v, ok := e.v.(*T); ok {
				return v, true, nil
			}
		}
	}
	v := new(T)
	if err := item.Value(func(b []byte) error { return decode(b, v) }); err != nil {
		return nil, false, fmt.Errorf("get %q: %w", key, err)
	}
	if c == nil {
		return v, true, nil
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxShared {
		c.m = map[string]sharedEntry{}
	}
	c.m[string(key)] = sharedEntry{version, v}
	c.mu.Unlock()
	return v, true, nil
}

// SharedEnterprise is FindEnterpriseByKBO for callers that only read the
// enterprise: the value may be shared with other callers.
func (s *Store) SharedEnterprise(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error) {
	return s.findEnterprise(ctx, kbo, &s.shared)
}

// SharedOffering is FindOffering for callers that only read the offering:
// the value may be shared with other callers.
func (s *Store) SharedOffering(ctx context.Context, kbo koppel.KBO, id string) (*koppel.Offering, error) {
	return s.findOffering(ctx, kbo, id, &s.shared)
}
