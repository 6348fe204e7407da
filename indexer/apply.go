package indexer

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"koppel"
)

// Batch limits: Bleve's safe batches slow down and grow in memory with their
// size (docs/design.md, "Library pitfalls"), so flush at about this many documents.
const maxBatchDocs = 1000

// Apply applies the pending outbox entries of src to the indexes, in
// batches, until the outbox is empty, and returns how many entries it
// applied. Each batch records its last sequence inside the index before the
// entries are acknowledged, so a crash in between only repeats work.
//
// When the indexes were built by another MappingVersion and src can list
// every document (a FullSource, as the store is), Apply first rebuilds them
// with Reindex.
func (ix *Indexer) Apply(ctx context.Context, src Source) (int, error) {
	ix.mu.Lock()
	stale := ix.stale
	ix.mu.Unlock()
	if fs, ok := src.(FullSource); ok && stale {
		if err := ix.Reindex(ctx, fs, nil); err != nil {
			return 0, fmt.Errorf("rebuild index of an older version: %w", err)
		}
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.applyTo(ctx, ix.cur, src, !ix.reindexing)
}

// applyTo applies the pending changes to generation g, acknowledging them
// in the outbox when ack is set. The caller holds ix.mu.
func (ix *Indexer) applyTo(ctx context.Context, g *generation, src Source, ack bool) (int, error) {
	after, err := g.appliedSeq()
	if err != nil {
		return 0, err
	}
	total := 0
	for {
		changes, err := src.PendingChanges(ctx, after, maxBatchDocs)
		if err != nil {
			return total, fmt.Errorf("read outbox: %w", err)
		}
		if len(changes) == 0 {
			return total, nil
		}
		w := ix.newWriter(ctx, g, src, maxBatchDocs)
		for _, ch := range changes {
			if err := w.apply(ch); err != nil {
				return total, fmt.Errorf("apply outbox entry %d (%s %s): %w", ch.Seq, ch.Kind, ch.ID, err)
			}
		}
		last := changes[len(changes)-1].Seq
		if err := w.flush(last); err != nil {
			return total, err
		}
		if ack {
			if err := src.AckChanges(ctx, last); err != nil {
				return total, fmt.Errorf("acknowledge outbox up to %d: %w", last, err)
			}
		}
		after = last
		total += len(changes)
	}
}

// writer collects one round of changes into Bleve batches.
type writer struct {
	ix  *Indexer
	g   *generation
	max int // flush the offering batch at this many documents
	ctx context.Context
	src Source
	off *bleve.Batch
	ten *bleve.Batch
	// submit writes a full offering batch; Reindex sets it to hand batches
	// to a goroutine, so that mapping the next batch overlaps indexing.
	submit func(*bleve.Batch) error
	ents   map[koppel.KBO]*koppel.Enterprise
}

func (ix *Indexer) newWriter(ctx context.Context, g *generation, src Source, max int) *writer {
	return &writer{ix: ix, g: g, max: max, ctx: ctx, src: src, off: g.off.NewBatch(), ten: g.ten.NewBatch(), ents: map[koppel.KBO]*koppel.Enterprise{}}
}

func (w *writer) apply(ch koppel.IndexChange) error {
	switch ch.Kind {
	case koppel.DocOffering:
		kbo, id, ok := strings.Cut(ch.ID, "/")
		if !ok {
			return fmt.Errorf("bad offering key %q", ch.ID)
		}
		o, err := w.src.FindOffering(w.ctx, koppel.KBO(kbo), id)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			w.off.Delete(ch.ID)
			return nil
		} else if err != nil {
			return err
		}
		return w.indexOffering(o)
	case koppel.DocTender:
		t, err := w.src.FindTenderByID(w.ctx, ch.ID)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			w.ten.Delete(ch.ID)
			return nil
		} else if err != nil {
			return err
		}
		return w.indexTender(t)
	case koppel.DocCatalogue, koppel.DocEnterprise:
		return w.replaceEnterprise(koppel.KBO(ch.ID))
	}
	return fmt.Errorf("unknown document kind %q", ch.Kind)
}

func (w *writer) enterprise(kbo koppel.KBO) (*koppel.Enterprise, error) {
	if e, ok := w.ents[kbo]; ok {
		return e, nil
	}
	e, err := w.src.FindEnterpriseByKBO(w.ctx, kbo)
	if koppel.ErrorCode(err) == koppel.ENOTFOUND {
		e, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	w.ents[kbo] = e
	return e, nil
}

func (w *writer) indexOffering(o *koppel.Offering) error {
	e, err := w.enterprise(o.Enterprise)
	if err != nil {
		return err
	}
	if err := w.off.Index(o.Key(), newOfferingDoc(o, e, w.ix.places)); err != nil {
		return err
	}
	return w.flushIfFull()
}

func (w *writer) indexTender(t *koppel.Tender) error {
	if err := w.ten.Index(t.ID, newTenderDoc(t, w.ix.places)); err != nil {
		return err
	}
	if w.ten.Size() < w.max {
		return nil
	}
	if err := w.g.ten.Batch(w.ten); err != nil {
		return fmt.Errorf("index tenders: %w", err)
	}
	w.ten.Reset()
	return nil
}

// replaceEnterprise deletes every indexed offering of an enterprise and
// indexes its current ones: a catalogue import or a profile change.
func (w *writer) replaceEnterprise(kbo koppel.KBO) error {
	delete(w.ents, kbo)
	keep := map[string]bool{}
	index := func(o *koppel.Offering) error {
		keep[o.Key()] = true
		return w.indexOffering(o)
	}
	// Stream the catalogue when the source can (a catalogue of 100,000
	// offerings held at once cost hundreds of MB), else read it whole.
	if st, ok := w.src.(enterpriseStreamer); ok {
		if err := st.ForEachOfferingOfEnterprise(w.ctx, kbo, index); err != nil && koppel.ErrorCode(err) != koppel.ENOTFOUND {
			return err
		}
	} else {
		offs, err := w.src.FindOfferingsByEnterprise(w.ctx, kbo)
		if err != nil && koppel.ErrorCode(err) != koppel.ENOTFOUND {
			return err
		}
		for _, o := range offs {
			if err := index(o); err != nil {
				return err
			}
		}
	}
	ids, err := offeringIDsOf(w.g.off, kbo)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !keep[id] {
			w.off.Delete(id)
			if err := w.flushIfFull(); err != nil {
				return err
			}
		}
	}
	return nil
}

// enterpriseStreamer is a Source that can stream one enterprise's
// offerings (the store can).
type enterpriseStreamer interface {
	ForEachOfferingOfEnterprise(ctx context.Context, kbo koppel.KBO, fn func(*koppel.Offering) error) error
}

// flushIfFull writes the offering batch when it is full, without recording
// a sequence: the round is not finished yet.
func (w *writer) flushIfFull() error {
	if w.off.Size() < w.max {
		return nil
	}
	if w.submit != nil {
		if err := w.submit(w.off); err != nil {
			return err
		}
		w.off = w.g.off.NewBatch()
		return nil
	}
	if err := w.g.off.Batch(w.off); err != nil {
		return fmt.Errorf("index offerings: %w", err)
	}
	w.off.Reset()
	return nil
}

// flush writes both batches, each recording seq as applied.
func (w *writer) flush(seq uint64) error {
	w.off.SetInternal(seqKey, seqBytes(seq))
	w.ten.SetInternal(seqKey, seqBytes(seq))
	if err := w.g.off.Batch(w.off); err != nil {
		return fmt.Errorf("index offerings: %w", err)
	}
	if err := w.g.ten.Batch(w.ten); err != nil {
		return fmt.Errorf("index tenders: %w", err)
	}
	return nil
}

// offeringIDsOf returns the IDs of all indexed offerings of an enterprise.
func offeringIDsOf(idx bleve.Index, kbo koppel.KBO) ([]string, error) {
	q := bleve.NewTermQuery(string(kbo))
	q.SetField(FieldEnterprise)
	var ids []string
	const page = 10000
	for from := 0; ; from += page {
		req := bleve.NewSearchRequestOptions(q, page, from, false)
		req.SortBy([]string{"_id"})
		res, err := idx.Search(req)
		if err != nil {
			return nil, fmt.Errorf("find indexed offerings of %s: %w", kbo, err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < page {
			return ids, nil
		}
	}
}

// DocCount returns the number of indexed offerings and tenders.
func (ix *Indexer) DocCount() (offerings, tenders uint64, err error) {
	ix.rw.RLock()
	defer ix.rw.RUnlock()
	if offerings, err = ix.cur.off.DocCount(); err != nil {
		return 0, 0, fmt.Errorf("count offerings: %w", err)
	}
	if tenders, err = ix.cur.ten.DocCount(); err != nil {
		return 0, 0, fmt.Errorf("count tenders: %w", err)
	}
	return offerings, tenders, nil
}
