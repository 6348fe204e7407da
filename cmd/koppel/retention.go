package main

import (
	"context"
	"time"

	"koppel/ingest"
)

// serverImporter is the importer of koppel serve: imports queue, and
// their reports expire after the configured retention.
func (e *env) serverImporter(cfg Config) *ingest.Importer {
	im := e.importer()
	im.Retention = cfg.ReportRetention
	im.Queue = ingest.NewQueue(cfg.MaxImports, ingest.DefaultWaitingImports)
	return im
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
