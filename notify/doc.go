// Package notify delivers alerts: it implements koppel.Notifier with a
// durable outbox in the store.
//
// Notify stores the event under its idempotency key and returns; a worker
// (Run) fans each event out into deliveries — one per recipient and
// channel (e-mail, webhook), or one daily digest per recipient — and
// sends them, retrying with exponential backoff. A delivery is marked sent
// only after the receiver accepted it, and every message carries a key
// derived from the event's idempotency key (the Message-ID of a mail, the
// Koppel-Event-Id header of a webhook), so the one window in which a
// receiver can get a message twice is a crash between its acceptance and
// the mark; a receiver that keeps the keys it saw can drop such a repeat.
// The Atom feeds are read from the alerts the fan-out stores.
package notify
