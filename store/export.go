package store

import (
	"context"

	"koppel"
)

// OfferingsForExport reads the offerings named by keys ("KBO/code") and
// the enterprise of each, as SharedOfferings does, but decodes values of
// the caller's own and leaves the shared cache alone: an export reads up
// to 100,000 hits once each, which would only push out what searches and
// matching read again and again. An offering or enterprise not found is
// nil.
func (s *Store) OfferingsForExport(ctx context.Context, keys []string) ([]*koppel.Offering, []*koppel.Enterprise, error) {
	return s.offeringsByKeys(ctx, keys, nil)
}
