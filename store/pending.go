package store

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// PendingUploadTTL is how long an uploaded catalogue waits for its
// confirmation before Badger forgets it.
const PendingUploadTTL = time.Hour

func pendingKey(kbo koppel.KBO, owner string) []byte {
	return []byte(prefixPending + string(kbo) + "/" + owner)
}

func pendingFileKey(kbo koppel.KBO, owner string) []byte {
	return []byte(prefixPendingFile + string(kbo) + "/" + owner)
}

// PutPendingUpload keeps p for PendingUploadTTL. There is at most one
// pending upload per enterprise and token: a new one replaces the previous,
// so the space they take is bounded by the upload size limit times the
// number of tokens. Returns EINVALID for a missing ID, enterprise or owner.
func (s *Store) PutPendingUpload(ctx context.Context, p *koppel.PendingUpload) error {
	if p == nil {
		return koppel.Errorf(koppel.EINVALID, "upload ontbreekt").WithKey("error.api_pending_missing")
	}
	for _, k := range []struct{ what, v string }{{"ID van de upload", p.ID}, {"ondernemingsnummer", string(p.Enterprise)}, {"eigenaar van de upload", p.Owner}} {
		if err := checkKey(k.what, k.v, true); err != nil {
			return err
		}
	}
	b, err := encode(p)
	if err != nil {
		return err
	}
	err = s.update(ctx, func(w *writer) error {
		if err := w.txn.SetEntry(badger.NewEntry(pendingKey(p.Enterprise, p.Owner), b).WithTTL(PendingUploadTTL)); err != nil {
			return err
		}
		return w.txn.SetEntry(badger.NewEntry(pendingFileKey(p.Enterprise, p.Owner), p.Data).WithTTL(PendingUploadTTL))
	})
	if err != nil {
		return fmt.Errorf("put pending upload for %s: %w", p.Enterprise, err)
	}
	return nil
}

// FindPendingUpload returns the pending upload with id of enterprise kbo
// uploaded by owner. Returns ENOTFOUND when there is none: never made,
// expired, replaced by a later upload, deleted, or made by someone else.
func (s *Store) FindPendingUpload(ctx context.Context, kbo koppel.KBO, owner, id string) (*koppel.PendingUpload, error) {
	notFound := koppel.Errorf(koppel.ENOTFOUND, "deze upload wacht niet (meer) op bevestiging: een voorbeeld blijft een uur geldig").WithKey("error.pending_upload_gone")
	if checkKey("ondernemingsnummer", string(kbo), true) != nil || checkKey("eigenaar", owner, true) != nil || id == "" {
		return nil, notFound
	}
	var p koppel.PendingUpload
	err := s.view(ctx, func(txn *badger.Txn) error {
		ok, err := getValue(txn, pendingKey(kbo, owner), &p)
		if err != nil {
			return err
		}
		if !ok || subtle.ConstantTimeCompare([]byte(p.ID), []byte(id)) != 1 || p.Enterprise != kbo || p.Owner != owner {
			return notFound
		}
		item, err := txn.Get(pendingFileKey(kbo, owner))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return notFound
		}
		if err != nil {
			return err
		}
		p.Data, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find pending upload for %s: %w", kbo, err)
	}
	return &p, nil
}

// DeletePendingUpload forgets the pending upload with id of enterprise kbo
// uploaded by owner. Deleting one that is not there is not an error.
func (s *Store) DeletePendingUpload(ctx context.Context, kbo koppel.KBO, owner, id string) error {
	if _, err := s.FindPendingUpload(ctx, kbo, owner, id); err != nil {
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			return nil
		}
		return err
	}
	err := s.update(ctx, func(w *writer) error {
		if err := w.txn.Delete(pendingKey(kbo, owner)); err != nil {
			return err
		}
		return w.txn.Delete(pendingFileKey(kbo, owner))
	})
	if err != nil {
		return fmt.Errorf("delete pending upload for %s: %w", kbo, err)
	}
	return nil
}
