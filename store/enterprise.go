package store

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

func enterpriseKey(kbo koppel.KBO) []byte { return []byte(prefixEnterprise + string(kbo)) }

// FindEnterpriseByKBO returns ENOTFOUND if the enterprise does not exist.
func (s *Store) FindEnterpriseByKBO(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error) {
	return s.findEnterprise(ctx, kbo, nil)
}

// findEnterprise reads an enterprise through the cache c (nil: a value of
// the caller's own).
func (s *Store) findEnterprise(ctx context.Context, kbo koppel.KBO, c *sharedCache) (*koppel.Enterprise, error) {
	if err := checkKey("ondernemingsnummer", string(kbo), true); err != nil {
		return nil, err
	}
	var e *koppel.Enterprise
	err := s.view(ctx, func(txn *badger.Txn) error {
		var err error
		e, err = enterpriseIn(txn, kbo, c)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find enterprise %s: %w", kbo, err)
	}
	return e, nil
}

// enterpriseIn reads an enterprise in txn through the cache c.
func enterpriseIn(txn *badger.Txn, kbo koppel.KBO, c *sharedCache) (*koppel.Enterprise, error) {
	return sharedRead(c, txn, "e\x00"+string(kbo), func() (*koppel.Enterprise, error) {
		v, ok, err := getShared[koppel.Enterprise](c, txn, enterpriseKey(kbo))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, enterpriseNotFound(kbo)
		}
		return v, nil
	})
}

func enterpriseNotFound(kbo koppel.KBO) error {
	return koppel.Errorf(koppel.ENOTFOUND, "onderneming %s niet gevonden", kbo).WithKey("error.enterprise_not_found", "KBO", kbo.String())
}

// FindEnterprises returns a page of enterprises in KBO order and the total
// count of those that pass the filter. Limit defaults to 50 and is at most
// 500. Form and Province are filtered while scanning, which is fine for the
// few thousand enterprises of the Flemish social economy.
func (s *Store) FindEnterprises(ctx context.Context, f koppel.EnterpriseFilter) ([]*koppel.Enterprise, int, error) {
	list := []*koppel.Enterprise{}
	err := s.view(ctx, func(txn *badger.Txn) error {
		return forEach(ctx, txn, prefixEnterprise, false, func(item *badger.Item) error {
			var e koppel.Enterprise
			if err := item.Value(func(b []byte) error { return decode(b, &e) }); err != nil {
				return err
			}
			if f.Keeps(&e) {
				list = append(list, &e)
			}
			return nil
		})
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find enterprises: %w", err)
	}
	lo, hi := page(len(list), f.Offset, f.Limit)
	return list[lo:hi], len(list), nil
}

// ForEachEnterprise calls fn for every enterprise in KBO order, streaming
// from one snapshot. An error from fn stops the walk and is returned.
func (s *Store) ForEachEnterprise(ctx context.Context, fn func(*koppel.Enterprise) error) error {
	return s.view(ctx, func(txn *badger.Txn) error {
		return forEach(ctx, txn, prefixEnterprise, false, func(item *badger.Item) error {
			var e koppel.Enterprise
			if err := item.Value(func(b []byte) error { return decode(b, &e) }); err != nil {
				return fmt.Errorf("enterprise %s: %w", item.Key(), err)
			}
			return fn(&e)
		})
	})
}

// PutEnterprise creates or replaces an enterprise and queues a DocEnterprise
// change. The caller validates it. The store keeps the CreatedAt of an
// existing enterprise when e has none, and fills zero timestamps with the
// current time. Returns EINVALID for an empty KBO.
func (s *Store) PutEnterprise(ctx context.Context, e *koppel.Enterprise) error {
	if e == nil {
		return koppel.Errorf(koppel.EINVALID, "onderneming ontbreekt").WithKey("error.api_enterprise_missing")
	}
	if err := checkKey("ondernemingsnummer", string(e.KBO), true); err != nil {
		return err
	}
	err := s.update(ctx, func(w *writer) error {
		if err := putEnterprise(w.txn, e); err != nil {
			return err
		}
		return w.queue(koppel.DocEnterprise, string(e.KBO))
	})
	if err != nil {
		return fmt.Errorf("put enterprise %s: %w", e.KBO, err)
	}
	return nil
}

// putEnterprise stores e, filling in its timestamps.
func putEnterprise(txn *badger.Txn, e *koppel.Enterprise) error {
	if e.CreatedAt.IsZero() {
		var old koppel.Enterprise
		ok, err := getValue(txn, enterpriseKey(e.KBO), &old)
		if err != nil {
			return err
		}
		if ok && !old.CreatedAt.IsZero() {
			e.CreatedAt = old.CreatedAt
		} else {
			e.CreatedAt = now()
		}
	}
	if e.UpdatedAt.IsZero() {
		e.UpdatedAt = now()
	}
	return putValue(txn, enterpriseKey(e.KBO), e)
}

// DeleteEnterprise removes an enterprise with its offerings and queues a
// DocCatalogue change. The enterprise and its catalogue pointer go in one
// transaction; the offerings, now an orphaned generation, are deleted
// afterwards (or by the next Open after a crash), so a catalogue of any size
// can be deleted. Returns ENOTFOUND if the enterprise does not exist.
func (s *Store) DeleteEnterprise(ctx context.Context, kbo koppel.KBO) error {
	if err := checkKey("ondernemingsnummer", string(kbo), true); err != nil {
		return err
	}
	var gen uint64
	err := s.update(ctx, func(w *writer) error {
		ok, err := exists(w.txn, enterpriseKey(kbo))
		if err != nil {
			return err
		}
		if !ok {
			return enterpriseNotFound(kbo)
		}
		if gen, err = currentGen(w.txn, kbo); err != nil {
			return err
		}
		if err := w.txn.Delete(enterpriseKey(kbo)); err != nil {
			return err
		}
		if err := w.txn.Delete(catalogueKey(kbo)); err != nil {
			return err
		}
		// Its kept catalogue versions go too: an undo must not bring a
		// deleted enterprise back.
		if err := deleteVersionMetas(ctx, w.txn, kbo); err != nil {
			return err
		}
		return w.queue(koppel.DocCatalogue, string(kbo))
	})
	if err != nil {
		return fmt.Errorf("delete enterprise %s: %w", kbo, err)
	}
	if err := s.deletePrefix(versionPrefix(kbo)); err != nil {
		// Chunks without meta are invisible; the next Open deletes them.
		s.log.Warn("delete catalogue versions of deleted enterprise", "kbo", kbo, "err", err)
	}
	if gen != 0 {
		if _, err := s.deleteGen(kbo, gen); err != nil {
			// The enterprise is gone; the orphaned offerings are invisible
			// and the next Open deletes them.
			s.log.Warn("delete offerings of deleted enterprise", "kbo", kbo, "err", err)
		}
	}
	return nil
}
