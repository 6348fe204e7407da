package ingest

import (
	"context"

	"koppel"
)

// Queue bounds the imports that run at once: an import takes one of
// Running slots, waits for one when they are taken and fewer than Waiting
// imports wait already, and is refused at once with EUNAVAILABLE
// otherwise. A big import costs a core and hundreds of MB; without a bound
// a few at once exhaust the server.
type Queue struct {
	run  chan struct{} // one token per running import
	wait chan struct{} // one token per running or waiting import
}

// Default bounds of the server's import queue.
const (
	DefaultRunningImports = 2
	DefaultWaitingImports = 4
)

// NewQueue returns a queue that runs running imports at once and lets
// waiting more wait.
func NewQueue(running, waiting int) *Queue {
	running = max(running, 1)
	return &Queue{run: make(chan struct{}, running), wait: make(chan struct{}, running+max(waiting, 0))}
}

// Acquire takes a slot, waiting for one while ctx lasts; call release when
// the import ends. Returns EUNAVAILABLE when the queue is full and ctx's
// error when it ends first.
func (q *Queue) Acquire(ctx context.Context) (release func(), err error) {
	if q == nil {
		return func() {}, nil
	}
	select {
	case q.wait <- struct{}{}:
	default:
		return nil, koppel.Errorf(koppel.EUNAVAILABLE, "er lopen al %d imports en er wachten er %d; probeer het over een halve minuut opnieuw", cap(q.run), cap(q.wait)-cap(q.run)).WithKey("error.imports_busy", "Running", cap(q.run), "Waiting", cap(q.wait)-cap(q.run))
	}
	select {
	case q.run <- struct{}{}:
		return func() { <-q.run; <-q.wait }, nil
	case <-ctx.Done():
		<-q.wait
		return nil, ctx.Err()
	}
}
