package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

func catalogueKey(kbo koppel.KBO) []byte { return []byte(prefixCatalogue + string(kbo)) }

// genPrefix is the prefix of the offerings of one catalogue generation.
func genPrefix(kbo koppel.KBO, gen uint64) string {
	return fmt.Sprintf("%s%s/%016x/", prefixOffering, string(kbo), gen)
}

func offeringKey(kbo koppel.KBO, gen uint64, id string) []byte {
	return []byte(genPrefix(kbo, gen) + id)
}

// parseOfferingKey splits off/{kbo}/{gen}/{id}.
func parseOfferingKey(key []byte) (kbo koppel.KBO, gen uint64, id string, ok bool) {
	rest, ok := strings.CutPrefix(string(key), prefixOffering)
	if !ok {
		return "", 0, "", false
	}
	k, rest, ok := strings.Cut(rest, "/")
	if !ok || len(rest) < 17 || rest[16] != '/' {
		return "", 0, "", false
	}
	g, err := strconv.ParseUint(rest[:16], 16, 64)
	if err != nil {
		return "", 0, "", false
	}
	return koppel.KBO(k), g, rest[17:], true
}

// currentGen returns the enterprise's current catalogue generation, or 0
// when it has none yet (generations start at 1).
func currentGen(txn *badger.Txn, kbo koppel.KBO) (uint64, error) {
	g, err := getUint64(txn, catalogueKey(kbo))
	if err != nil {
		return 0, fmt.Errorf("read catalogue generation of %s: %w", kbo, err)
	}
	return g, nil
}

func offeringNotFound(kbo koppel.KBO, id string) error {
	return koppel.Errorf(koppel.ENOTFOUND, "aanbod %q van onderneming %s niet gevonden", id, kbo).WithKey("error.offering_not_found", "ID", id, "KBO", kbo.String())
}

// FindOffering returns ENOTFOUND if the offering does not exist.
func (s *Store) FindOffering(ctx context.Context, kbo koppel.KBO, id string) (*koppel.Offering, error) {
	return s.findOffering(ctx, kbo, id, nil)
}

// findOffering reads an offering of the current catalogue through the
// cache c (nil: a value of the caller's own).
func (s *Store) findOffering(ctx context.Context, kbo koppel.KBO, id string, c *sharedCache) (*koppel.Offering, error) {
	if err := checkKey("ondernemingsnummer", string(kbo), true); err != nil {
		return nil, err
	}
	if err := checkKey("code van het aanbod", id, false); err != nil {
		return nil, err
	}
	var o *koppel.Offering
	err := s.view(ctx, func(txn *badger.Txn) error {
		var err error
		o, err = offeringIn(txn, kbo, id, c)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find offering %s/%s: %w", kbo, id, err)
	}
	return o, nil
}

// offeringIn reads an offering of the current catalogue in txn through
// the cache c.
func offeringIn(txn *badger.Txn, kbo koppel.KBO, id string, c *sharedCache) (*koppel.Offering, error) {
	return sharedRead(c, txn, "o\x00"+string(kbo)+"\x00"+id, func() (*koppel.Offering, error) {
		gen, err := currentGen(txn, kbo)
		if err != nil {
			return nil, err
		}
		if gen == 0 {
			return nil, offeringNotFound(kbo, id)
		}
		v, ok, err := getShared[koppel.Offering](c, txn, offeringKey(kbo, gen, id))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, offeringNotFound(kbo, id)
		}
		return v, nil
	})
}

// FindOfferingsByEnterprise returns all current offerings of an enterprise,
// ordered by ID. Returns ENOTFOUND if the enterprise does not exist. For
// large catalogues prefer ForEachOfferingOfEnterprise.
func (s *Store) FindOfferingsByEnterprise(ctx context.Context, kbo koppel.KBO) ([]*koppel.Offering, error) {
	list := []*koppel.Offering{}
	err := s.ForEachOfferingOfEnterprise(ctx, kbo, func(o *koppel.Offering) error {
		list = append(list, o)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// ForEachOfferingOfEnterprise calls fn for every current offering of an
// enterprise, in ID order, streaming from one snapshot. Returns ENOTFOUND if
// the enterprise does not exist; an error from fn stops the walk and is
// returned.
func (s *Store) ForEachOfferingOfEnterprise(ctx context.Context, kbo koppel.KBO, fn func(*koppel.Offering) error) error {
	if err := checkKey("ondernemingsnummer", string(kbo), true); err != nil {
		return err
	}
	err := s.view(ctx, func(txn *badger.Txn) error {
		ok, err := exists(txn, enterpriseKey(kbo))
		if err != nil {
			return err
		}
		if !ok {
			return enterpriseNotFound(kbo)
		}
		gen, err := currentGen(txn, kbo)
		if err != nil || gen == 0 {
			return err
		}
		return forEach(ctx, txn, genPrefix(kbo, gen), false, func(item *badger.Item) error {
			var o koppel.Offering
			if err := item.Value(func(b []byte) error { return decode(b, &o) }); err != nil {
				return fmt.Errorf("offering %s: %w", item.Key(), err)
			}
			return fn(&o)
		})
	})
	if err != nil {
		return fmt.Errorf("offerings of %s: %w", kbo, err)
	}
	return nil
}

// ForEachOffering calls fn for every current offering of every enterprise,
// streaming from one snapshot; a full reindex reads the store this way. An
// error from fn stops the walk and is returned.
func (s *Store) ForEachOffering(ctx context.Context, fn func(*koppel.Offering) error) error {
	err := s.view(ctx, func(txn *badger.Txn) error {
		return eachCurrentOffering(ctx, txn, false, func(item *badger.Item) error {
			var o koppel.Offering
			if err := item.Value(func(b []byte) error { return decode(b, &o) }); err != nil {
				return fmt.Errorf("offering %s: %w", item.Key(), err)
			}
			return fn(&o)
		})
	})
	if err != nil {
		return fmt.Errorf("for each offering: %w", err)
	}
	return nil
}

// CountOfferings returns the number of current offerings, reading keys only.
func (s *Store) CountOfferings(ctx context.Context) (int, error) {
	n := 0
	err := s.view(ctx, func(txn *badger.Txn) error {
		return eachCurrentOffering(ctx, txn, true, func(*badger.Item) error {
			n++
			return nil
		})
	})
	if err != nil {
		return 0, fmt.Errorf("count offerings: %w", err)
	}
	return n, nil
}

// eachCurrentOffering walks off/ and calls fn for the items of current
// generations only, seeking past every other generation rather than reading
// it.
func eachCurrentOffering(ctx context.Context, txn *badger.Txn, keysOnly bool, fn func(item *badger.Item) error) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte(prefixOffering)
	opts.PrefetchValues = !keysOnly
	it := txn.NewIterator(opts)
	defer it.Close()
	var (
		kbo koppel.KBO
		cur uint64
		n   int
	)
	for it.Rewind(); it.Valid(); {
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		item := it.Item()
		k, gen, _, ok := parseOfferingKey(item.Key())
		if !ok {
			it.Next()
			continue
		}
		if k != kbo {
			kbo = k
			var err error
			if cur, err = currentGen(txn, kbo); err != nil {
				return err
			}
		}
		switch {
		case cur != 0 && gen == cur:
			if err := fn(item); err != nil {
				return err
			}
			it.Next()
		case gen < cur:
			it.Seek([]byte(genPrefix(kbo, cur)))
		default:
			it.Seek([]byte(genPrefix(kbo, gen+1)))
		}
	}
	return nil
}

// PutOffering creates or replaces one offering of the enterprise's current
// catalogue and queues a DocOffering change in the same transaction. The
// caller validates it; a zero UpdatedAt is set to now. Returns EINVALID for
// an empty ID or enterprise, ENOTFOUND if the enterprise does not exist.
func (s *Store) PutOffering(ctx context.Context, o *koppel.Offering) error {
	if o == nil {
		return koppel.Errorf(koppel.EINVALID, "aanbod ontbreekt").WithKey("error.api_offering_missing")
	}
	if err := checkKey("ondernemingsnummer", string(o.Enterprise), true); err != nil {
		return err
	}
	if err := checkKey("code van het aanbod", o.ID, false); err != nil {
		return err
	}
	if o.UpdatedAt.IsZero() {
		o.UpdatedAt = now()
	}
	err := s.update(ctx, func(w *writer) error {
		ok, err := exists(w.txn, enterpriseKey(o.Enterprise))
		if err != nil {
			return err
		}
		if !ok {
			return enterpriseNotFound(o.Enterprise)
		}
		gen, err := currentGen(w.txn, o.Enterprise)
		if err != nil {
			return err
		}
		if gen == 0 {
			gen = w.nextGen()
			if err := w.txn.Set(catalogueKey(o.Enterprise), uint64Bytes(gen)); err != nil {
				return err
			}
		}
		if err := putValue(w.txn, offeringKey(o.Enterprise, gen, o.ID), o); err != nil {
			return err
		}
		return w.queue(koppel.DocOffering, o.Key())
	})
	if err != nil {
		return fmt.Errorf("put offering %s: %w", o.Key(), err)
	}
	return nil
}

// DeleteOffering deletes one offering and queues a DocOffering change in the
// same transaction. Returns ENOTFOUND if the offering does not exist.
func (s *Store) DeleteOffering(ctx context.Context, kbo koppel.KBO, id string) error {
	if err := checkKey("ondernemingsnummer", string(kbo), true); err != nil {
		return err
	}
	if err := checkKey("code van het aanbod", id, false); err != nil {
		return err
	}
	err := s.update(ctx, func(w *writer) error {
		gen, err := currentGen(w.txn, kbo)
		if err != nil {
			return err
		}
		key := offeringKey(kbo, gen, id)
		ok, err := exists(w.txn, key)
		if err != nil {
			return err
		}
		if gen == 0 || !ok {
			return offeringNotFound(kbo, id)
		}
		if err := w.txn.Delete(key); err != nil {
			return err
		}
		return w.queue(koppel.DocOffering, string(kbo)+"/"+id)
	})
	if err != nil {
		return fmt.Errorf("delete offering %s/%s: %w", kbo, id, err)
	}
	return nil
}

// deleteGen deletes the offerings of one generation with a WriteBatch, so
// that a generation of any size can go. Only call it for a generation that
// is not current: nobody else writes there. Returns how many were deleted.
func (s *Store) deleteGen(kbo koppel.KBO, gen uint64) (int, error) {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		return forEach(context.Background(), txn, genPrefix(kbo, gen), true, func(item *badger.Item) error {
			n++
			return wb.Delete(item.KeyCopy(nil))
		})
	})
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		return 0, fmt.Errorf("delete catalogue generation %d of %s: %w", gen, kbo, err)
	}
	return n, nil
}

// deleteOrphans deletes the catalogue generations that are not current:
// those a crash left behind during a catalogue upload or after a flip, and
// those of deleted enterprises. Open runs it before anyone else writes.
func (s *Store) deleteOrphans() error {
	type orphan struct {
		kbo koppel.KBO
		gen uint64
	}
	var orphans []orphan
	err := s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte(prefixOffering)
		opts.PrefetchValues = false
		it := txn.NewIterator(opts)
		defer it.Close()
		var (
			kbo koppel.KBO
			cur uint64
		)
		for it.Rewind(); it.Valid(); {
			k, gen, _, ok := parseOfferingKey(it.Item().Key())
			if !ok {
				it.Next()
				continue
			}
			if k != kbo {
				kbo = k
				var err error
				if cur, err = currentGen(txn, kbo); err != nil {
					return err
				}
			}
			if cur == 0 || gen != cur {
				orphans = append(orphans, orphan{kbo, gen})
			}
			it.Seek([]byte(genPrefix(kbo, gen+1)))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("find orphaned catalogue generations: %w", err)
	}
	for _, o := range orphans {
		n, err := s.deleteGen(o.kbo, o.gen)
		if err != nil {
			return err
		}
		s.log.Info("deleted orphaned catalogue generation", "kbo", o.kbo, "generation", o.gen, "offerings", n)
	}
	return nil
}
