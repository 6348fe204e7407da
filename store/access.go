package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

var _ koppel.AccessService = (*Store)(nil)

const (
	prefixAccess       = "acc/"  // acc/<id> → AccessRequest
	prefixSignInLink   = "sil/"  // sil/<hash> → SignInLink, with a TTL
	prefixLinkThrottle = "silt/" // silt/<role>/<enterprise or buyer> → nothing, with a TTL
)

// LinkThrottle is how long after a sign-in link another one for the same
// enterprise or buyer is refused.
const LinkThrottle = 10 * time.Minute

// maxAccessScan bounds the requests PendingAccessRequests reads.
const maxAccessScan = 10000

// PutAccessRequest stores r. Returns EINVALID for a bad request.
func (s *Store) PutAccessRequest(ctx context.Context, r *koppel.AccessRequest) error {
	if err := checkKey("aanvraag", r.ID, true); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	err := s.update(ctx, func(w *writer) error { return putValue(w.txn, []byte(prefixAccess+r.ID), r) })
	if err != nil {
		return fmt.Errorf("put access request: %w", err)
	}
	return nil
}

// FindAccessRequest returns ENOTFOUND if no request has the ID.
func (s *Store) FindAccessRequest(ctx context.Context, id string) (*koppel.AccessRequest, error) {
	r, err := findValue[koppel.AccessRequest](ctx, s, []byte(prefixAccess+id), func() error {
		return koppel.Errorf(koppel.ENOTFOUND, "geen aanvraag %q", id).WithKey("error.admin_access_not_found", "ID", id)
	})
	if err != nil {
		return nil, fmt.Errorf("find access request: %w", err)
	}
	return r, nil
}

// PendingAccessRequests lists up to limit pending requests, oldest first.
func (s *Store) PendingAccessRequests(ctx context.Context, limit int) ([]*koppel.AccessRequest, error) {
	var list []*koppel.AccessRequest
	n := 0
	err := s.view(ctx, func(txn *badger.Txn) error {
		err := forEach(ctx, txn, prefixAccess, false, func(item *badger.Item) error {
			if n++; n > maxAccessScan {
				return errStop
			}
			var r koppel.AccessRequest
			if err := item.Value(func(b []byte) error { return decode(b, &r) }); err != nil {
				return err
			}
			if r.State == koppel.AccessPending {
				list = append(list, &r)
			}
			return nil
		})
		if errors.Is(err, errStop) {
			return nil
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("pending access requests: %w", err)
	}
	slices.SortFunc(list, func(a, b *koppel.AccessRequest) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return list[:min(len(list), limit)], nil
}

func throttleKey(l *koppel.SignInLink) []byte {
	return []byte(prefixLinkThrottle + string(l.Role) + "/" + string(l.Enterprise) + l.Buyer)
}

// PutSignInLink stores l until it expires. Returns ECONFLICT when a link
// for the same enterprise or buyer was made less than LinkThrottle ago.
func (s *Store) PutSignInLink(ctx context.Context, l *koppel.SignInLink) error {
	if err := checkKey("aanmeldlink", l.Hash, true); err != nil {
		return err
	}
	ttl := time.Until(l.ExpiresAt)
	if ttl <= 0 {
		return koppel.Errorf(koppel.EINVALID, "de aanmeldlink is al verlopen").WithKey("error.admin_link_expired")
	}
	err := s.update(ctx, func(w *writer) error {
		ok, err := exists(w.txn, throttleKey(l))
		if err != nil {
			return err
		}
		if ok {
			return koppel.Errorf(koppel.ECONFLICT, "er is net een aanmeldlink verstuurd").WithKey("error.admin_link_just_sent")
		}
		b, err := encode(l)
		if err != nil {
			return err
		}
		if err := w.txn.SetEntry(badger.NewEntry([]byte(prefixSignInLink+l.Hash), b).WithTTL(ttl)); err != nil {
			return err
		}
		return w.txn.SetEntry(badger.NewEntry(throttleKey(l), nil).WithTTL(LinkThrottle))
	})
	if err != nil {
		return fmt.Errorf("put sign-in link: %w", err)
	}
	return nil
}

// UseSignInLink returns the link with the hash and deletes it, in one
// transaction. Returns ENOTFOUND for a link used, expired or never made.
func (s *Store) UseSignInLink(ctx context.Context, hash string) (*koppel.SignInLink, error) {
	if err := checkKey("aanmeldlink", hash, true); err != nil {
		return nil, koppel.Errorf(koppel.ENOTFOUND, "deze aanmeldlink werkt niet (meer)").WithKey("error.signin_link_gone")
	}
	var l koppel.SignInLink
	err := s.update(ctx, func(w *writer) error {
		ok, err := getValue(w.txn, []byte(prefixSignInLink+hash), &l)
		if err != nil {
			return err
		}
		if !ok || time.Now().After(l.ExpiresAt) {
			return koppel.Errorf(koppel.ENOTFOUND, "deze aanmeldlink werkt niet (meer)").WithKey("error.signin_link_gone")
		}
		return w.txn.Delete([]byte(prefixSignInLink + hash))
	})
	if err != nil {
		return nil, fmt.Errorf("use sign-in link: %w", err)
	}
	return &l, nil
}
