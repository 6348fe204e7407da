package indexer

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2"

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

// counter is what a FullSource may offer to count offerings cheaply, for
// the progress of a Reindex (*store.Store does).
type counter interface {
	CountOfferings(ctx context.Context) (int, error)
}

// bulkBatchDocs is the batch size of a rebuild into a fresh index. Measured
// with BenchmarkRebuild (100,000 demo offerings, 2 cores): larger batches
// gain little and cost memory.
var bulkBatchDocs = 5000

// Rebuild rebuilds both indexes from every offering and tender of src: it
// is Reindex without progress, kept for the callers of the first version.
func (ix *Indexer) Rebuild(ctx context.Context, src FullSource) error {
	return ix.Reindex(ctx, src, nil)
}

// Reindex builds fresh indexes from every offering and tender of src beside
// the live ones and swaps them in atomically; searches keep running on the
// old indexes meanwhile and move to the new ones at the swap. Changes
// queued while it runs are applied to the new indexes before the swap (Apply
// keeps them in the outbox until then). progress, when not nil, is called
// now and then with the offerings indexed and their total (0 when the
// source cannot count). Returns ECONFLICT when a Reindex is running already.
func (ix *Indexer) Reindex(ctx context.Context, src FullSource, progress func(done, total int)) error {
	ix.mu.Lock()
	if ix.reindexing {
		ix.mu.Unlock()
		return koppel.Errorf(koppel.ECONFLICT, "a reindex is running already")
	}
	ix.reindexing = true
	next := ix.cur.n + 1
	ix.mu.Unlock()
	defer func() {
		ix.mu.Lock()
		ix.reindexing = false
		ix.mu.Unlock()
	}()

	g, err := ix.openGeneration(next, true)
	if err != nil {
		return err
	}
	swapped := false
	defer func() {
		if !swapped {
			g.close()
			ix.removeGeneration(next)
		}
	}()
	if err := ix.build(ctx, g, src, progress); err != nil {
		return err
	}

	// Catch up with the changes queued during the build, then swap; Apply
	// waits meanwhile.
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if _, err := ix.applyTo(ctx, g, src, false); err != nil {
		return fmt.Errorf("apply changes queued during the reindex: %w", err)
	}
	if ix.dir != "" {
		// Reopen without unsafe batches before the index goes live, once
		// the unsafe ones are on disk.
		if err := g.persist(ctx); err != nil {
			return err
		}
		if err := g.close(); err != nil {
			return fmt.Errorf("close new index: %w", err)
		}
		if g, err = ix.openGeneration(next, false); err != nil {
			return err
		}

		if err := writeCurrent(ix.dir, next); err != nil {
			return err
		}
	}
	seq, err := g.appliedSeq()
	if err != nil {
		return err
	}
	ix.rw.Lock()
	old := ix.cur
	ix.cur = g
	ix.stale = false
	ix.rw.Unlock()
	swapped = true

	if err := src.AckChanges(ctx, seq); err != nil {
		return fmt.Errorf("acknowledge outbox up to %d: %w", seq, err)
	}
	if err := old.close(); err != nil {
		return fmt.Errorf("close the replaced index: %w", err)
	}
	if ix.dir != "" {
		ix.removeOtherGenerations(next)
	}
	return nil
}

// removeGeneration deletes the directories of generation n.
func (ix *Indexer) removeGeneration(n int) {
	if ix.dir == "" {
		return
	}
	off, ten := genPaths(ix.dir, n)
	_ = os.RemoveAll(off)
	_ = os.RemoveAll(ten)
}

// build indexes every document of src into the fresh generation g and
// records the outbox sequence read before it started: changes after it may
// or may not be in the snapshot, and applying them again is harmless.
func (ix *Indexer) build(ctx context.Context, g *generation, src FullSource, progress func(done, total int)) error {
	seq := src.OutboxSeq()
	total := 0
	if c, ok := src.(counter); ok && progress != nil {
		if n, err := c.CountOfferings(ctx); err == nil {
			total = n
		}
	}
	w := ix.newWriter(ctx, g, src, bulkBatchDocs)
	// Goroutines index the full batches while this one reads and maps the
	// next: Bleve analyses a batch in parallel but builds its segment on
	// one core, so two batches in flight keep two cores busy.
	batches := make(chan *bleve.Batch, 1)
	errc := make(chan error, 1)
	workers := max(2, min(4, runtime.NumCPU()))
	var wg sync.WaitGroup
	var batchErr error
	var errOnce sync.Once
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				if err := g.off.Batch(b); err != nil {
					errOnce.Do(func() {
						batchErr = fmt.Errorf("index offerings: %w", err)
						errc <- batchErr
					})
				}
			}
		}()
	}
	w.submit = func(b *bleve.Batch) error {
		select {
		case batches <- b:
			return nil
		case err := <-errc:
			errc <- err
			return err
		}
	}
	done := 0
	if progress != nil {
		progress(0, total)
	}
	err := src.ForEachOffering(ctx, func(o *koppel.Offering) error {
		if err := w.indexOffering(o); err != nil {
			return err
		}
		if done++; progress != nil && done%1000 == 0 {
			progress(done, max(total, done))
		}
		return nil
	})
	close(batches)
	wg.Wait()
	if err == nil {
		err = batchErr
	}
	w.submit = nil
	if err != nil {
		return fmt.Errorf("index offerings: %w", err)
	}
	if err := src.ForEachTender(ctx, w.indexTender); err != nil {
		return fmt.Errorf("index tenders: %w", err)
	}
	if err := w.flush(seq); err != nil {
		return err
	}
	if progress != nil {
		progress(done, done)
	}
	return nil
}
