package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

func tokenKey(hash string) []byte { return []byte(prefixToken + hash) }

// PutToken stores a token under the hash of its secret, replacing one with
// the same hash (that is how a token is revoked). Tokens are not indexed,
// so no outbox entry is queued. Returns EINVALID for an empty hash.
func (s *Store) PutToken(ctx context.Context, t *koppel.Token) error {
	if t == nil {
		return koppel.Errorf(koppel.EINVALID, "token ontbreekt").WithKey("error.admin_token_missing")
	}
	if err := checkKey("hash van het token", t.Hash, false); err != nil {
		return err
	}
	err := s.update(ctx, func(w *writer) error {
		return putValue(w.txn, tokenKey(t.Hash), t)
	})
	if err != nil {
		return fmt.Errorf("put token %q: %w", t.ID, err)
	}
	return nil
}

// FindTokenByHash returns ENOTFOUND if no token has the hash.
func (s *Store) FindTokenByHash(ctx context.Context, hash string) (*koppel.Token, error) {
	if err := checkKey("hash van het token", hash, false); err != nil {
		return nil, err
	}
	t, err := findValue[koppel.Token](ctx, s, tokenKey(hash), func() error {
		return koppel.Errorf(koppel.ENOTFOUND, "token niet gevonden").WithKey("error.admin_token_not_found")
	})
	if err != nil {
		return nil, fmt.Errorf("find token: %w", err)
	}
	return t, nil
}

// FindTokens lists all tokens, oldest first.
func (s *Store) FindTokens(ctx context.Context) ([]*koppel.Token, error) {
	list := []*koppel.Token{}
	err := s.view(ctx, func(txn *badger.Txn) error {
		return forEach(ctx, txn, prefixToken, false, func(item *badger.Item) error {
			var t koppel.Token
			if err := item.Value(func(b []byte) error { return decode(b, &t) }); err != nil {
				return err
			}
			list = append(list, &t)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("find tokens: %w", err)
	}
	slices.SortStableFunc(list, func(a, b *koppel.Token) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return list, nil
}
