package ingest

import (
	"context"
	"runtime"
	"testing"

	"koppel"
)

func TestQueue(t *testing.T) {
	ctx := context.Background()
	q := NewQueue(1, 1)
	release, err := q.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second := make(chan error)
	go func() {
		r, err := q.Acquire(ctx)
		if err == nil {
			r()
		}
		second <- err
	}()
	for len(q.wait) < 2 { // the second one waits
		runtime.Gosched()
	}
	if _, err := q.Acquire(ctx); koppel.ErrorCode(err) != koppel.EUNAVAILABLE {
		t.Errorf("third import: err = %v, want EUNAVAILABLE", err)
	}
	release()
	if err := <-second; err != nil {
		t.Errorf("second import: %v", err)
	}
	// A waiting import whose client leaves gives its place back.
	release, _ = q.Acquire(ctx)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := q.Acquire(cctx); err != context.Canceled {
		t.Errorf("cancelled wait: err = %v", err)
	}
	if len(q.wait) != 1 {
		t.Errorf("%d places taken, want 1", len(q.wait))
	}
	release()
}
