package koppel

import (
	"context"
	"time"
)

// EventKind names what happened, for the alerts that tell users about it.
type EventKind string

// The kinds of events.
const (
	// EventTenderPublished: tender Subject was published; the enterprises
	// whose catalogue fits one of its lots, and who may bid, are told.
	EventTenderPublished EventKind = "tender_published"
	// EventNeedSent: need Subject was sent to Enterprises.
	EventNeedSent EventKind = "need_sent"
	// EventNeedAnswered: enterprise Enterprises[0] answered need Subject;
	// its buyer is told.
	EventNeedAnswered EventKind = "need_answered"
	// EventEnterpriseFits: enterprise Enterprises[0] now fits an open lot
	// or need of Buyer (Subject names the tender or need).
	EventEnterpriseFits EventKind = "enterprise_fits"
)

// Event is something users are told about. Key is its idempotency key: an
// event with a key already seen is delivered no second time.
type Event struct {
	Key         string    `json:"key"`
	Kind        EventKind `json:"kind"`
	Subject     string    `json:"subject"`               // tender or need ID
	Enterprises []KBO     `json:"enterprises,omitempty"` // the enterprises it is about or for
	Buyer       string    `json:"buyer,omitempty"`       // the buyer account (token buyer name) it is for
	At          time.Time `json:"at"`
}

// Notifier takes events for delivery. Notify stores the event durably
// before it returns and never waits for a mail server or webhook: delivery
// happens later, from an outbox, so a slow or absent receiver never blocks
// the request that caused the event.
type Notifier interface {
	Notify(ctx context.Context, e Event) error
}
