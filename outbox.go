package koppel

import "context"

// DocKind names the kind of document an index change is about.
type DocKind string

// The kinds of indexed documents.
const (
	DocOffering DocKind = "offering"
	DocTender   DocKind = "tender"
	// DocCatalogue means: the whole catalogue of enterprise ID changed (a
	// catalogue import); the indexer replaces all its offerings.
	DocCatalogue DocKind = "catalogue"
	// DocEnterprise means: the profile of enterprise ID changed; the
	// indexer refreshes the enterprise fields of its offerings.
	DocEnterprise DocKind = "enterprise"
)

// IndexChange is one entry of the index outbox: the store writes it in the
// same transaction as the change itself, and the indexer applies it.
// Applying is idempotent: the indexer reads the document's current state
// from the store, so an entry only says which document to look at.
type IndexChange struct {
	Seq  uint64  `json:"seq"`
	Kind DocKind `json:"kind"`
	ID   string  `json:"id"` // offering key "KBO/ID", tender ID or KBO
}

// Outbox is the queue of index changes.
type Outbox interface {
	// PendingChanges returns up to limit changes with a sequence above after,
	// in order.
	PendingChanges(ctx context.Context, after uint64, limit int) ([]IndexChange, error)
	// AckChanges removes the changes up to and including seq.
	AckChanges(ctx context.Context, seq uint64) error
}
