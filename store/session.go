package store

import (
	"context"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// prefixSession keys the web sessions, by session ID. Sessions are written
// with Badger's TTL: an expired one is gone without a cleanup.
const prefixSession = "ses/"

var _ koppel.SessionService = (*Store)(nil)

func sessionKey(id string) []byte { return []byte(prefixSession + id) }

// PutSession stores a session until its ExpiresAt. Sessions do not go
// through the index outbox, so they do not wait for the store's writer
// lock (a large catalogue import holds it). Returns EINVALID for a missing
// ID or token, or a session already expired.
func (s *Store) PutSession(ctx context.Context, sess *koppel.Session) error {
	if err := checkKey("sessie", sess.ID, true); err != nil {
		return err
	}
	if err := checkKey("token van de sessie", sess.TokenHash, false); err != nil {
		return err
	}
	ttl := time.Until(sess.ExpiresAt)
	if ttl <= 0 {
		return koppel.Errorf(koppel.EINVALID, "de sessie is al verlopen").WithKey("error.admin_session_expired")
	}
	b, err := encode(sess)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		return txn.SetEntry(badger.NewEntry(sessionKey(sess.ID), b).WithTTL(ttl))
	})
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	return nil
}

// FindSession returns ENOTFOUND if no unexpired session has the ID.
func (s *Store) FindSession(ctx context.Context, id string) (*koppel.Session, error) {
	if err := checkKey("sessie", id, true); err != nil {
		return nil, err
	}
	var sess koppel.Session
	err := s.view(ctx, func(txn *badger.Txn) error {
		ok, err := getValue(txn, sessionKey(id), &sess)
		if err == nil && (!ok || !time.Now().Before(sess.ExpiresAt)) {
			err = koppel.Errorf(koppel.ENOTFOUND, "sessie niet gevonden").WithKey("error.admin_session_not_found")
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	return &sess, nil
}

// DeleteSession ends a session; ending one that does not exist is no
// error.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if err := checkKey("sessie", id, true); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(sessionKey(id)) }); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// RevokeToken revokes the token with the public ID and deletes its
// sessions, in one transaction. Returns ENOTFOUND if no token has the ID.
func (s *Store) RevokeToken(ctx context.Context, id string) (*koppel.Token, error) {
	list, err := s.FindTokens(ctx)
	if err != nil {
		return nil, err
	}
	var t *koppel.Token
	for _, x := range list {
		if x.ID == id {
			t = x
		}
	}
	if t == nil {
		return nil, koppel.Errorf(koppel.ENOTFOUND, "geen token met id %q", id).WithKey("error.admin_token_id_not_found", "ID", id)
	}
	t.Revoked = true
	err = s.db.Update(func(txn *badger.Txn) error {
		if err := putValue(txn, tokenKey(t.Hash), t); err != nil {
			return err
		}
		var ended [][]byte
		err := forEach(ctx, txn, prefixSession, false, func(item *badger.Item) error {
			var sess koppel.Session
			if err := item.Value(func(b []byte) error { return decode(b, &sess) }); err != nil {
				return err
			}
			if sess.TokenHash == t.Hash {
				ended = append(ended, item.KeyCopy(nil))
			}
			return nil
		})
		for _, k := range ended {
			if err == nil {
				err = txn.Delete(k)
			}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("revoke token %s: %w", id, err)
	}
	return t, nil
}
