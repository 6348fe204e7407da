package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
//
// Looking keys up in Badger's levels still took a fifth of an offering
// search (pprof: the 10 hits of a page are 30 lookups). So a whole read
// (an offering: its catalogue's generation, then the offering) is also
// kept with the read timestamp of the transaction that made it. Badger's
// read timestamp is the last commit's, so a later transaction with the
// same read timestamp would read the same keys and values: it takes the
// kept result without looking anything up.

// maxShared bounds the decoded values kept.
const maxShared = 20000

type sharedCache struct {
	mu    sync.Mutex
	m     map[string]sharedEntry
	reads map[string]sharedEntry // whole reads, by the read timestamp
}

// recent returns what the read called name found in a transaction with
// read timestamp readTs (no commit since).
func (c *sharedCache) recent(name string, readTs uint64) (any, bool) {
	c.mu.Lock()
	e, ok := c.reads[name]
	c.mu.Unlock()
	if !ok || e.version != readTs {
		return nil, false
	}
	return e.v, true
}

// remember keeps what the read called name found at readTs.
func (c *sharedCache) remember(name string, readTs uint64, v any) {
	c.mu.Lock()
	if c.reads == nil || len(c.reads) >= maxShared {
		c.reads = map[string]sharedEntry{}
	}
	c.reads[name] = sharedEntry{readTs, v}
	c.mu.Unlock()
}

// sharedRead runs read in txn through c: the value a read of the same name
// found at the same read timestamp, else read's (kept for the next).
// Without a cache (nil) it runs read.
func sharedRead[T any](c *sharedCache, txn *badger.Txn, name string, read func() (*T, error)) (*T, error) {
	if c == nil {
		return read()
	}
	rt := txn.ReadTs()
	if v, ok := c.recent(name, rt); ok {
		if t, ok := v.(*T); ok {
			return t, nil
		}
	}
	t, err := read()
	if err != nil {
		return nil, err
	}
	c.remember(name, rt, t)
	return t, nil
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

// SharedOfferings reads the offerings named by keys ("KBO/code", as
// koppel.Offering.Key) and the enterprise of each, shared as
// SharedOffering and SharedEnterprise, in one transaction (a search reads a
// page of hits). An offering or enterprise not found is nil.
func (s *Store) SharedOfferings(ctx context.Context, keys []string) ([]*koppel.Offering, []*koppel.Enterprise, error) {
	return s.offeringsByKeys(ctx, keys, &s.shared)
}

// offeringsByKeys is SharedOfferings through the cache c (nil: values of
// the caller's own, the cache left alone).
func (s *Store) offeringsByKeys(ctx context.Context, keys []string, c *sharedCache) ([]*koppel.Offering, []*koppel.Enterprise, error) {
	offs := make([]*koppel.Offering, len(keys))
	ents := make([]*koppel.Enterprise, len(keys))
	err := s.view(ctx, func(txn *badger.Txn) error {
		for i, key := range keys {
			kbo, id, ok := strings.Cut(key, "/")
			if !ok || checkKey("ondernemingsnummer", kbo, true) != nil || checkKey("code van het aanbod", id, false) != nil {
				continue
			}
			o, err := offeringIn(txn, koppel.KBO(kbo), id, c)
			if koppel.ErrorCode(err) == koppel.ENOTFOUND {
				continue
			}
			if err != nil {
				return fmt.Errorf("read offering %s: %w", key, err)
			}
			offs[i] = o
			e, err := enterpriseIn(txn, o.Enterprise, c)
			if koppel.ErrorCode(err) == koppel.ENOTFOUND {
				continue
			}
			if err != nil {
				return fmt.Errorf("read enterprise %s: %w", o.Enterprise, err)
			}
			ents[i] = e
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return offs, ents, nil
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
