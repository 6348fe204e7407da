package store

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// outboxKey is outbox/ followed by seq in big endian, so that keys sort in
// sequence order.
func outboxKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte(prefixOutbox), seq)
}

// PendingChanges returns up to limit changes with a sequence above after,
// in sequence order. A limit of 0 or less means 1,000.
func (s *Store) PendingChanges(ctx context.Context, after uint64, limit int) ([]koppel.IndexChange, error) {
	if limit <= 0 {
		limit = 1000
	}
	var list []koppel.IndexChange
	err := s.view(ctx, func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte(prefixOutbox)
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Seek(outboxKey(after + 1)); it.Valid() && len(list) < limit; it.Next() {
			item := it.Item()
			var c koppel.IndexChange
			if err := item.Value(func(b []byte) error { return decode(b, &c) }); err != nil {
				return fmt.Errorf("outbox entry %x: %w", item.Key(), err)
			}
			c.Seq = binary.BigEndian.Uint64(item.Key()[len(prefixOutbox):])
			list = append(list, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pending index changes: %w", err)
	}
	return list, nil
}

// AckChanges removes the changes up to and including seq. Removing is
// idempotent, and sequence numbers are never reused afterwards.
func (s *Store) AckChanges(ctx context.Context, seq uint64) error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	err := s.view(ctx, func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte(prefixOutbox)
		opts.PrefetchValues = false
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			key := it.Item().Key()
			if binary.BigEndian.Uint64(key[len(prefixOutbox):]) > seq {
				break
			}
			if err := wb.Delete(it.Item().KeyCopy(nil)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		return fmt.Errorf("ack index changes up to %d: %w", seq, err)
	}
	return nil
}

// OutboxLen returns the number of changes not yet acknowledged, for metrics
// and readiness. It reads keys only; on a read error it returns what it
// counted.
func (s *Store) OutboxLen() int {
	n := 0
	_ = s.db.View(func(txn *badger.Txn) error {
		return forEach(context.Background(), txn, prefixOutbox, true, func(*badger.Item) error {
			n++
			return nil
		})
	})
	return n
}

// OutboxSeq returns the sequence number of the last queued change (0 when
// none was ever queued). An indexer that has applied up to OutboxSeq is up
// to date.
func (s *Store) OutboxSeq() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq
}
