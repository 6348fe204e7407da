package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

func tenderKey(id string) []byte     { return []byte(prefixTender + id) }
func noticeKey(notice string) []byte { return []byte(prefixNotice + notice) }
func tenderNotFound(id string) error {
	return koppel.Errorf(koppel.ENOTFOUND, "opdracht %q bestaat niet", id).WithKey("error.tender_not_found", "ID", id)
}
func noticeNotFound(n string) error {
	return koppel.Errorf(koppel.ENOTFOUND, "geen opdracht met bekendmaking %q", n).WithKey("error.api_notice_not_found", "Notice", n)
}
func decodeTender(item *badger.Item, t *koppel.Tender) error {
	return item.Value(func(b []byte) error { return decode(b, t) })
}

// FindTenderByID returns ENOTFOUND if the tender does not exist.
func (s *Store) FindTenderByID(ctx context.Context, id string) (*koppel.Tender, error) {
	if err := checkKey("ID van de opdracht", id, false); err != nil {
		return nil, err
	}
	t, err := findValue[koppel.Tender](ctx, s, tenderKey(id), func() error { return tenderNotFound(id) })
	if err != nil {
		return nil, fmt.Errorf("find tender %q: %w", id, err)
	}
	return t, nil
}

// FindTenderByNotice returns the tender imported from an eForms notice.
// Returns ENOTFOUND if no tender has the notice ID.
func (s *Store) FindTenderByNotice(ctx context.Context, noticeID string) (*koppel.Tender, error) {
	if err := checkKey("bekendmaking", noticeID, false); err != nil {
		return nil, err
	}
	var t koppel.Tender
	err := s.view(ctx, func(txn *badger.Txn) error {
		var id string
		ok, err := getValue(txn, noticeKey(noticeID), &id)
		if err != nil {
			return err
		}
		if !ok {
			return noticeNotFound(noticeID)
		}
		ok, err = getValue(txn, tenderKey(id), &t)
		if err == nil && !ok {
			return fmt.Errorf("notice index points at missing tender %q", id)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find tender by notice %q: %w", noticeID, err)
	}
	return &t, nil
}

// FindTenders returns a page of the tenders that pass the filter, newest
// (CreatedAt) first, and their total count. Limit defaults to 50 and is at
// most 500.
func (s *Store) FindTenders(ctx context.Context, f koppel.TenderFilter) ([]*koppel.Tender, int, error) {
	list := []*koppel.Tender{}
	err := s.view(ctx, func(txn *badger.Txn) error {
		return forEach(ctx, txn, prefixTender, false, func(item *badger.Item) error {
			var t koppel.Tender
			if err := decodeTender(item, &t); err != nil {
				return err
			}
			if f.Status != "" && t.Status != f.Status || f.Owner != "" && t.Owner != f.Owner {
				return nil
			}
			list = append(list, &t)
			return nil
		})
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find tenders: %w", err)
	}
	slices.SortStableFunc(list, func(a, b *koppel.Tender) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	lo, hi := page(len(list), f.Offset, f.Limit)
	return list[lo:hi], len(list), nil
}

// ForEachTender calls fn for every tender in ID order, streaming from one
// snapshot. An error from fn stops the walk and is returned.
func (s *Store) ForEachTender(ctx context.Context, fn func(*koppel.Tender) error) error {
	err := s.view(ctx, func(txn *badger.Txn) error {
		return forEach(ctx, txn, prefixTender, false, func(item *badger.Item) error {
			var t koppel.Tender
			if err := decodeTender(item, &t); err != nil {
				return fmt.Errorf("tender %s: %w", item.Key(), err)
			}
			return fn(&t)
		})
	})
	if err != nil {
		return fmt.Errorf("for each tender: %w", err)
	}
	return nil
}

// PutTender creates or replaces a tender, keeps the notice index in step and
// queues a DocTender change in the same transaction. The caller validates
// the tender and chooses its ID. The store keeps the CreatedAt of an
// existing tender when t has none and fills zero timestamps with the current
// time. It attaches the waiting outcomes of the tender's eForms procedure
// and closes a tender whose lots all have an outcome (see outcome.go).
// Returns EINVALID for an empty ID, ECONFLICT when another tender
// already has the notice ID.
func (s *Store) PutTender(ctx context.Context, t *koppel.Tender) error {
	if t == nil {
		return koppel.Errorf(koppel.EINVALID, "opdracht ontbreekt").WithKey("error.api_tender_missing")
	}
	if err := checkKey("ID van de opdracht", t.ID, false); err != nil {
		return err
	}
	err := s.update(ctx, func(w *writer) error {
		var old koppel.Tender
		had, err := getValue(w.txn, tenderKey(t.ID), &old)
		if err != nil {
			return err
		}
		notices := t.Source.NoticeIDs()
		for _, notice := range notices {
			if err := checkKey("bekendmaking", notice, false); err != nil {
				return err
			}
			var owner string
			ok, err := getValue(w.txn, noticeKey(notice), &owner)
			if err != nil {
				return err
			}
			if ok && owner != t.ID {
				return koppel.Errorf(koppel.ECONFLICT, "bekendmaking %q is al ingevoerd als opdracht %q", notice, owner).WithKey("error.api_notice_taken", "Notice", notice, "Tender", owner)
			}
			if err := putValue(w.txn, noticeKey(notice), t.ID); err != nil {
				return err
			}
		}
		if had {
			for _, n := range old.Source.NoticeIDs() {
				if slices.Contains(notices, n) {
					continue
				}
				if err := w.txn.Delete(noticeKey(n)); err != nil {
					return err
				}
			}
		}
		if err := tenderOutcomes(ctx, w, t, &old, had); err != nil {
			return err
		}
		if t.CreatedAt.IsZero() {
			t.CreatedAt = old.CreatedAt
			if t.CreatedAt.IsZero() {
				t.CreatedAt = now()
			}
		}
		if t.UpdatedAt.IsZero() {
			t.UpdatedAt = now()
		}
		if err := putValue(w.txn, tenderKey(t.ID), t); err != nil {
			return err
		}
		return w.queue(koppel.DocTender, t.ID)
	})
	if err != nil {
		return fmt.Errorf("put tender %q: %w", t.ID, err)
	}
	return nil
}

// DeleteTender deletes a tender with its notice index entry and its
// outcomes (those of an award notice wait again for a tender of their
// procedure), and queues a
// DocTender change in the same transaction. Returns ENOTFOUND if the tender
// does not exist.
func (s *Store) DeleteTender(ctx context.Context, id string) error {
	if err := checkKey("ID van de opdracht", id, false); err != nil {
		return err
	}
	err := s.update(ctx, func(w *writer) error {
		var old koppel.Tender
		ok, err := getValue(w.txn, tenderKey(id), &old)
		if err != nil {
			return err
		}
		if !ok {
			return tenderNotFound(id)
		}
		for _, n := range old.Source.NoticeIDs() {
			if err := w.txn.Delete(noticeKey(n)); err != nil {
				return err
			}
		}
		if err := deleteTenderOutcomes(ctx, w, &old); err != nil {
			return err
		}
		if err := w.txn.Delete(tenderKey(id)); err != nil {
			return err
		}
		return w.queue(koppel.DocTender, id)
	})
	if err != nil {
		return fmt.Errorf("delete tender %q: %w", id, err)
	}
	return nil
}
