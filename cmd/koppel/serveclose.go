package main

import (
	"context"
	"time"

	"koppel"
)

// closeInterval is how often the server closes the tenders past their
// deadline.
const closeInterval = time.Hour

// closeLoop closes the published tenders whose deadline has passed, at
// start and then every closeInterval, so that they leave the open list;
// the apply loop updates the index.
func (e *env) closeLoop(ctx context.Context) {
	t := time.NewTicker(closeInterval)
	defer t.Stop()
	for {
		n, err := e.store.CloseExpiredTenders(ctx, koppel.DateOf(time.Now()))
		switch {
		case err != nil && ctx.Err() == nil:
			e.log.Error("close expired tenders", "err", err)
		case n > 0:
			e.log.Info("closed tenders past their deadline", "tenders", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
