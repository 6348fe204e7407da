package main

import (
	"context"
	"time"

	"koppel/ingest"
)

// serverImporter is the importer of koppel serve: imports queue, their
// reports expire after the configured retention, and tender imports do not
// wait for a catalogue's reindex.
func (e *env) serverImporter(cfg Config) *ingest.Importer {
	im := e.importer()
	im.Retention = cfg.ReportRetention
	im.Queue = ingest.NewQueue(cfg.MaxImports, ingest.DefaultWaitingImports)
	im.SyncTenders = e.syncTenders
	return im
}

// syncTenders indexes the tenders just written, without waiting for an
// Apply under way (see indexer.ApplyTenders).
func (e *env) syncTenders(ctx context.Context) error {
	return e.index.ApplyTenders(ctx, e.store)
}

// cleanupInterval is how often the server deletes expired import reports.
const cleanupInterval = time.Hour

// cleanupLoop deletes expired import reports and their workbooks at start
// and every cleanupInterval until ctx ends.
func (e *env) cleanupLoop(ctx context.Context, retention time.Duration) {
	t := time.NewTicker(cleanupInterval)
	defer t.Stop()
	for {
		n, err := e.store.DeleteExpiredImports(ctx, time.Now(), retention)
		switch {
		case err != nil && ctx.Err() == nil:
			e.log.Error("delete expired import reports", "err", err)
		case n > 0:
			e.log.Info("deleted expired import reports", "reports", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
