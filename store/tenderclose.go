package store

import (
	"context"
	"fmt"

	"koppel"
)

// CloseExpiredTenders closes every published tender whose deadline lies
// before today (koppel.Tender.Expired), one transaction per tender, each
// with its DocTender change queued, and returns how many it closed. A
// tender changed meanwhile is checked again before it is closed.
func (s *Store) CloseExpiredTenders(ctx context.Context, today koppel.Date) (int, error) {
	var ids []string
	err := s.ForEachTender(ctx, func(t *koppel.Tender) error {
		if t.Expired(today) {
			ids = append(ids, t.ID)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		closed := false
		err := s.update(ctx, func(w *writer) error {
			var t koppel.Tender
			ok, err := getValue(w.txn, tenderKey(id), &t)
			if err != nil || !ok || !t.Expired(today) {
				return err
			}
			t.Status, t.UpdatedAt, closed = koppel.TenderClosed, now(), true
			if err := putValue(w.txn, tenderKey(id), &t); err != nil {
				return err
			}
			return w.queue(koppel.DocTender, id)
		})
		if err != nil {
			return n, fmt.Errorf("close tender %q: %w", id, err)
		}
		if closed {
			n++
		}
	}
	return n, nil
}
