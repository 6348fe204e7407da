package indexer

import (
	"context"
	"fmt"

	"koppel"
)

// FullSource is a Source that can also list every document, for a rebuild.
type FullSource interface {
	Source
	ForEachOffering(ctx context.Context, fn func(*koppel.Offering) error) error
	ForEachTender(ctx context.Context, fn func(*koppel.Tender) error) error
	// OutboxSeq is the sequence of the last queued change.
	OutboxSeq() uint64
}

// Rebuild indexes every offering and tender of src into the open indexes
// and records the store's outbox sequence as applied. Changes queued while
// it runs have a higher sequence and are applied by the next Apply; the ones
// it already saw are harmless to apply again.
func (ix *Indexer) Rebuild(ctx context.Context, src FullSource) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	seq := src.OutboxSeq()
	w := ix.newWriter(ctx, src)
	if err := src.ForEachOffering(ctx, w.indexOffering); err != nil {
		return fmt.Errorf("index offerings: %w", err)
	}
	if err := src.ForEachTender(ctx, func(t *koppel.Tender) error {
		return w.ten.Index(t.ID, newTenderDoc(t))
	}); err != nil {
		return fmt.Errorf("index tenders: %w", err)
	}
	if err := w.flush(seq); err != nil {
		return err
	}
	return src.AckChanges(ctx, seq)
}
