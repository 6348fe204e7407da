package store

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// Needs are stored by ID, with three indexes: per buyer account (the key
// alone), per enterprise it was sent to (a koppel.NeedSummary, so that an
// enterprise's list reads no need), and per enterprise the needs it has
// still to answer (the key alone, so that the count in the page header
// reads at most as many keys as it counts). Need IDs sort by creation
// (koppel.NewNeedID), so each index read backwards is newest first. Needs
// are not searched, so no write queues an index change.
const (
	prefixNeed           = "need/"
	prefixNeedOwner      = "needo/"
	prefixNeedEnterprise = "neede/"
	prefixNeedWaiting    = "needw/"
)

var _ koppel.NeedService = (*Store)(nil)

func needKey(id string) []byte { return []byte(prefixNeed + id) }

// needOwnerPrefix ends the owner with a NUL, which no key part holds
// (checkKey), so that one owner's prefix never covers another's.
func needOwnerPrefix(owner string) string { return prefixNeedOwner + owner + "\x00" }
func needEnterprisePrefix(kbo koppel.KBO) string {
	return prefixNeedEnterprise + string(kbo) + "/"
}

func needWaitingKey(kbo koppel.KBO, id string) []byte {
	return []byte(prefixNeedWaiting + string(kbo) + "/" + id)
}

func needNotFound(id string) error {
	return koppel.Errorf(koppel.ENOTFOUND, "aanvraag %q niet gevonden", id).WithKey("error.need_not_found", "ID", id)
}

// Page sizes of need lists.
const (
	defaultNeedPage = 50
	maxNeedPage     = 100
)

// FindNeedByID returns ENOTFOUND if the need does not exist.
func (s *Store) FindNeedByID(ctx context.Context, id string) (*koppel.Need, error) {
	if err := checkKey("ID van de aanvraag", id, true); err != nil {
		return nil, err
	}
	n, err := findValue[koppel.Need](ctx, s, needKey(id), func() error { return needNotFound(id) })
	if err != nil {
		return nil, fmt.Errorf("find need %q: %w", id, err)
	}
	return n, nil
}

// FindNeedsByOwner returns a page of a buyer account's needs, newest
// first, and their count. It reads the owner's index: the work grows with
// the owner's needs, not with all needs.
func (s *Store) FindNeedsByOwner(ctx context.Context, owner string, f koppel.NeedFilter) ([]*koppel.Need, int, error) {
	if err := checkKey("aankoper", owner, false); err != nil {
		return nil, 0, err
	}
	prefix := needOwnerPrefix(owner)
	return s.findNeeds(ctx, prefix, f, func(key []byte) string { return string(key[len(prefix):]) })
}

// FindNeeds returns a page of all needs, newest first, and their count.
func (s *Store) FindNeeds(ctx context.Context, f koppel.NeedFilter) ([]*koppel.Need, int, error) {
	return s.findNeeds(ctx, prefixNeed, f, func(key []byte) string { return string(key[len(prefixNeed):]) })
}

// findNeeds reads the page of keys under prefix, newest first, and the
// needs their IDs name.
func (s *Store) findNeeds(ctx context.Context, prefix string, f koppel.NeedFilter, id func([]byte) string) ([]*koppel.Need, int, error) {
	list := []*koppel.Need{}
	var total int
	err := s.view(ctx, func(txn *badger.Txn) error {
		var ids []string
		var err error
		total, err = pageBackwards(ctx, txn, prefix, f, func(item *badger.Item) error {
			ids = append(ids, id(item.Key()))
			return nil
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			var n koppel.Need
			ok, err := getValue(txn, needKey(id), &n)
			if err != nil {
				return err
			}
			if ok {
				list = append(list, &n)
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find needs: %w", err)
	}
	return list, total, nil
}

// FindNeedsForEnterprise returns a page of the needs sent to an
// enterprise, newest first, and their count, from its index alone.
func (s *Store) FindNeedsForEnterprise(ctx context.Context, kbo koppel.KBO, f koppel.NeedFilter) ([]koppel.NeedSummary, int, error) {
	if err := checkKey("ondernemingsnummer", string(kbo), true); err != nil {
		return nil, 0, err
	}
	list := []koppel.NeedSummary{}
	var total int
	err := s.view(ctx, func(txn *badger.Txn) error {
		var err error
		total, err = pageBackwards(ctx, txn, needEnterprisePrefix(kbo), f, func(item *badger.Item) error {
			var sum koppel.NeedSummary
			if err := item.Value(func(b []byte) error { return decode(b, &sum) }); err != nil {
				return err
			}
			list = append(list, sum)
			return nil
		})
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find needs for %s: %w", kbo, err)
	}
	return list, total, nil
}

// CountUnansweredNeeds counts the open needs sent to an enterprise that it
// has not answered, up to limit: it reads at most limit keys.
func (s *Store) CountUnansweredNeeds(ctx context.Context, kbo koppel.KBO, limit int) (int, error) {
	if err := checkKey("ondernemingsnummer", string(kbo), true); err != nil {
		return 0, err
	}
	n := 0
	err := s.view(ctx, func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix, opts.PrefetchValues = []byte(prefixNeedWaiting+string(kbo)+"/"), false
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid() && n < limit; it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count needs for %s: %w", kbo, err)
	}
	return n, nil
}

// pageBackwards calls fn for the items of one page under prefix, last key
// first, and returns how many items the prefix holds (counted on keys
// only).
func pageBackwards(ctx context.Context, txn *badger.Txn, prefix string, f koppel.NeedFilter, fn func(*badger.Item) error) (int, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultNeedPage
	}
	limit = min(limit, maxNeedPage)
	offset := max(f.Offset, 0)
	opts := badger.DefaultIteratorOptions
	opts.Prefix, opts.Reverse, opts.PrefetchValues = []byte(prefix), true, false
	it := txn.NewIterator(opts)
	defer it.Close()
	n := 0
	for it.Seek(append([]byte(prefix), 0xFF)); it.ValidForPrefix([]byte(prefix)); it.Next() {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		if n >= offset && n < offset+limit {
			if err := fn(it.Item()); err != nil {
				return 0, err
			}
		}
		n++
	}
	return n, nil
}

// CreateNeed stores a new need with its indexes. The caller validates it
// and chooses its ID. Returns ECONFLICT if the ID exists.
func (s *Store) CreateNeed(ctx context.Context, n *koppel.Need) error {
	if err := checkNeedKeys(n); err != nil {
		return err
	}
	err := s.update(ctx, func(w *writer) error {
		ok, err := exists(w.txn, needKey(n.ID))
		if err != nil {
			return err
		}
		if ok {
			return koppel.Errorf(koppel.ECONFLICT, "er bestaat al een aanvraag met id %q", n.ID).WithKey("error.forms_need_exists", "ID", n.ID)
		}
		if n.CreatedAt.IsZero() {
			n.CreatedAt = now()
		}
		n.UpdatedAt = n.CreatedAt
		return putNeed(w.txn, nil, n)
	})
	if err != nil {
		return fmt.Errorf("create need %q: %w", n.ID, err)
	}
	return nil
}

// UpdateNeed reads need id, lets fn change it and stores it with its
// indexes, in one transaction. fn may not change the ID or the owner.
// Returns ENOTFOUND if the need does not exist, and fn's error (nothing
// is stored then).
func (s *Store) UpdateNeed(ctx context.Context, id string, fn func(*koppel.Need) error) (*koppel.Need, error) {
	if err := checkKey("ID van de aanvraag", id, true); err != nil {
		return nil, err
	}
	var n koppel.Need
	err := s.update(ctx, func(w *writer) error {
		var old koppel.Need
		ok, err := getValue(w.txn, needKey(id), &old)
		if err != nil {
			return err
		}
		if !ok {
			return needNotFound(id)
		}
		// Decoded a second time: n is a deep copy of old for fn to change.
		if _, err := getValue(w.txn, needKey(id), &n); err != nil {
			return err
		}
		if err := fn(&n); err != nil {
			return err
		}
		if n.ID != old.ID || n.Owner != old.Owner {
			return fmt.Errorf("the ID and the owner of a need do not change")
		}
		if err := checkNeedKeys(&n); err != nil {
			return err
		}
		n.CreatedAt, n.UpdatedAt = old.CreatedAt, now()
		return putNeed(w.txn, &old, &n)
	})
	if err != nil {
		return nil, fmt.Errorf("update need %q: %w", id, err)
	}
	return &n, nil
}

func checkNeedKeys(n *koppel.Need) error {
	if n == nil {
		return koppel.Errorf(koppel.EINVALID, "aanvraag ontbreekt")
	}
	if err := checkKey("ID van de aanvraag", n.ID, true); err != nil {
		return err
	}
	if err := checkKey("aankoper", n.Owner, false); err != nil {
		return err
	}
	for _, r := range n.Recipients {
		if err := checkKey("ondernemingsnummer", string(r.Enterprise), true); err != nil {
			return err
		}
	}
	return nil
}

// putNeed writes n and its index entries, and deletes the entries of old
// (nil for a new need) that n no longer has.
func putNeed(txn *badger.Txn, old, n *koppel.Need) error {
	if err := putValue(txn, needKey(n.ID), n); err != nil {
		return err
	}
	if err := txn.Set([]byte(needOwnerPrefix(n.Owner)+n.ID), nil); err != nil {
		return fmt.Errorf("index need by owner: %w", err)
	}
	if old != nil {
		for _, r := range old.Recipients {
			if _, ok := n.Recipient(r.Enterprise); ok {
				continue
			}
			if err := txn.Delete([]byte(needEnterprisePrefix(r.Enterprise) + n.ID)); err != nil {
				return fmt.Errorf("unindex need: %w", err)
			}
			if err := txn.Delete(needWaitingKey(r.Enterprise, n.ID)); err != nil {
				return fmt.Errorf("unindex need: %w", err)
			}
		}
	}
	if !n.Sent() {
		return nil
	}
	for _, r := range n.Recipients {
		_, answered := n.LatestAnswer(r.Enterprise)
		sum := koppel.NeedSummary{ID: n.ID, Title: n.Title, Owner: n.Owner, Status: n.Status, AnswerBy: n.AnswerBy, SentAt: n.SentAt, Answered: answered}
		if err := putValue(txn, []byte(needEnterprisePrefix(r.Enterprise)+n.ID), sum); err != nil {
			return err
		}
		var err error
		if n.Unanswered(r.Enterprise) {
			err = txn.Set(needWaitingKey(r.Enterprise, n.ID), nil)
		} else {
			err = txn.Delete(needWaitingKey(r.Enterprise, n.ID))
		}
		if err != nil {
			return fmt.Errorf("index waiting need: %w", err)
		}
	}
	return nil
}
