package ingest

import (
	"context"
	"time"

	"koppel"
)

// profileChange says what storing e does to the stored profile of its
// enterprise: "created", "updated" or "unchanged" (apart from the
// timestamps, which the store keeps or sets). An unchanged e gets the
// stored timestamps, so that storing it changes nothing at all.
func (im *Importer) profileChange(ctx context.Context, e *koppel.Enterprise) (string, error) {
	old, err := im.Store.FindEnterpriseByKBO(ctx, e.KBO)
	switch {
	case koppel.ErrorCode(err) == koppel.ENOTFOUND:
		return "created", nil
	case err != nil:
		return "", err
	}
	x, y := *old, *e
	x.CreatedAt, x.UpdatedAt, y.CreatedAt, y.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if sameJSON(&x, &y) {
		e.CreatedAt, e.UpdatedAt = old.CreatedAt, old.UpdatedAt
		return "unchanged", nil
	}
	return "updated", nil
}
