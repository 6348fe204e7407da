package indexer

import (
	"context"
	"fmt"

	"koppel"
)

// ApplyTenders indexes the tenders that pending outbox entries are about,
// each as the store holds it now, without waiting for an Apply that runs.
// A catalogue import's Apply reindexes the whole catalogue under the
// writers' lock, for seconds; a buyer saving a tender meanwhile waited for
// all of it before its answer (14.7 s p99 during a 50,000-row import).
//
// ApplyTenders neither acknowledges entries nor records a sequence: the
// next Apply indexes the same tenders again, as they are then, so the
// index ends the same. Only one ApplyTenders runs at a time; it holds the
// live indexes open like a search does.
func (ix *Indexer) ApplyTenders(ctx context.Context, src Source) error {
	ix.tenderMu.Lock()
	defer ix.tenderMu.Unlock()
	ix.rw.RLock()
	defer ix.rw.RUnlock()
	if ix.closed {
		return koppel.Errorf(koppel.EUNAVAILABLE, "de zoekindex is gesloten")
	}
	g := ix.cur
	after, err := g.appliedSeq()
	if err != nil {
		return err
	}
	for {
		changes, err := src.PendingChanges(ctx, after, maxBatchDocs)
		if err != nil {
			return fmt.Errorf("read outbox: %w", err)
		}
		if len(changes) == 0 {
			return nil
		}
		b := g.ten.NewBatch()
		for _, ch := range changes {
			if ch.Kind != koppel.DocTender {
				continue
			}
			t, err := src.FindTenderByID(ctx, ch.ID)
			switch {
			case koppel.ErrorCode(err) == koppel.ENOTFOUND:
				b.Delete(ch.ID)
			case err != nil:
				return err
			default:
				if err := b.Index(t.ID, newTenderDoc(t, ix.places)); err != nil {
					return err
				}
			}
		}
		if b.Size() > 0 {
			if err := g.ten.Batch(b); err != nil {
				return fmt.Errorf("index tenders: %w", err)
			}
		}
		after = changes[len(changes)-1].Seq
	}
}
