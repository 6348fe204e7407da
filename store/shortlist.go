package store

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// Shortlists are kept under three prefixes: the list by ID, an entry per
// owner and list (to list an owner's lists without reading the others),
// and the SHA-256 of a share secret pointing to its list. They do not go
// through the index outbox: nothing of them is searched.
const (
	prefixShortlist      = "sl/"
	prefixShortlistOwner = "slo/"
	prefixShortlistShare = "sls/"
)

var _ koppel.ShortlistService = (*Store)(nil)

func shortlistKey(id string) []byte { return []byte(prefixShortlist + id) }

func shortlistOwnerPrefix(owner string) string {
	return prefixShortlistOwner + hex.EncodeToString([]byte(owner)) + "/"
}

func shortlistShareKey(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return []byte(prefixShortlistShare + hex.EncodeToString(h[:]))
}

// FindShortlistByID returns ENOTFOUND if no list has the ID.
func (s *Store) FindShortlistByID(ctx context.Context, id string) (*koppel.Shortlist, error) {
	if err := checkKey("lijst", id, true); err != nil {
		return nil, err
	}
	l, err := findValue[koppel.Shortlist](ctx, s, shortlistKey(id), func() error {
		return koppel.Errorf(koppel.ENOTFOUND, "lijst %q niet gevonden", id).WithKey("error.shortlist_not_found", "ID", id)
	})
	if err != nil {
		return nil, fmt.Errorf("find shortlist: %w", err)
	}
	return l, nil
}

// FindShortlistByShare returns the list shared with secret; ENOTFOUND
// when none is.
func (s *Store) FindShortlistByShare(ctx context.Context, secret string) (*koppel.Shortlist, error) {
	notFound := koppel.Errorf(koppel.ENOTFOUND, "deze gedeelde lijst bestaat niet (meer)").WithKey("error.shared_list_gone")
	if secret == "" || len(secret) > 200 {
		return nil, notFound
	}
	var l koppel.Shortlist
	err := s.view(ctx, func(txn *badger.Txn) error {
		var id string
		ok, err := getValue(txn, shortlistShareKey(secret), &id)
		if err != nil {
			return err
		}
		if !ok {
			return notFound
		}
		if ok, err = getValue(txn, shortlistKey(id), &l); err != nil {
			return err
		}
		// The lookup key is a hash: check the secret itself too.
		if !ok || subtle.ConstantTimeCompare([]byte(l.Share), []byte(secret)) != 1 {
			return notFound
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find shared shortlist: %w", err)
	}
	return &l, nil
}

// FindShortlists returns the owner's lists, the last changed first.
func (s *Store) FindShortlists(ctx context.Context, owner string) ([]*koppel.Shortlist, error) {
	out := []*koppel.Shortlist{}
	err := s.view(ctx, func(txn *badger.Txn) error {
		prefix := shortlistOwnerPrefix(owner)
		return forEach(ctx, txn, prefix, true, func(item *badger.Item) error {
			id := string(item.Key()[len(prefix):])
			var l koppel.Shortlist
			ok, err := getValue(txn, shortlistKey(id), &l)
			if err != nil || !ok {
				return err
			}
			out = append(out, &l)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("find shortlists: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].UpdatedAt.After(out[j].UpdatedAt) })
	return out, nil
}

// PutShortlist creates or replaces a list. Returns EINVALID for a list
// without ID or owner, ECONFLICT when a new list would pass the owner's
// koppel.MaxShortlists.
func (s *Store) PutShortlist(ctx context.Context, l *koppel.Shortlist) error {
	if err := checkKey("lijst", l.ID, true); err != nil {
		return err
	}
	if l.Owner == "" {
		return koppel.Errorf(koppel.EINVALID, "de lijst heeft geen eigenaar")
	}
	return s.shortlistTxn(ctx, func(txn *badger.Txn) error {
		var old koppel.Shortlist
		found, err := getValue(txn, shortlistKey(l.ID), &old)
		if err != nil {
			return err
		}
		if found && old.Owner != l.Owner {
			if err := txn.Delete([]byte(shortlistOwnerPrefix(old.Owner) + l.ID)); err != nil {
				return err
			}
		}
		if !found || old.Owner != l.Owner {
			n := 0
			err := forEach(ctx, txn, shortlistOwnerPrefix(l.Owner), true, func(*badger.Item) error { n++; return nil })
			if err != nil {
				return err
			}
			if n >= koppel.MaxShortlists {
				return koppel.Errorf(koppel.ECONFLICT, "u hebt al %d lijsten; verwijder er eerst een", koppel.MaxShortlists).WithKey("error.shortlists_max", "Max", koppel.MaxShortlists)
			}
		}
		return putShortlistTxn(txn, l, old.Share)
	})
}

// UpdateShortlist changes a list with fn in one transaction (read, change,
// write), retried when another change of the list came in between, and
// returns it as stored. Returns ENOTFOUND if no list has the ID, and fn's
// error.
func (s *Store) UpdateShortlist(ctx context.Context, id string, fn func(*koppel.Shortlist) error) (*koppel.Shortlist, error) {
	if err := checkKey("lijst", id, true); err != nil {
		return nil, err
	}
	var l koppel.Shortlist
	err := s.shortlistTxn(ctx, func(txn *badger.Txn) error {
		l = koppel.Shortlist{}
		found, err := getValue(txn, shortlistKey(id), &l)
		if err != nil {
			return err
		}
		if !found {
			return koppel.Errorf(koppel.ENOTFOUND, "lijst %q niet gevonden", id).WithKey("error.shortlist_not_found", "ID", id)
		}
		oldShare, owner := l.Share, l.Owner
		if err := fn(&l); err != nil {
			return err
		}
		l.ID, l.Owner = id, owner // neither changes
		return putShortlistTxn(txn, &l, oldShare)
	})
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// putShortlistTxn writes l, whose share secret was oldShare ("" for a new
// list), with its owner entry and share lookup.
func putShortlistTxn(txn *badger.Txn, l *koppel.Shortlist, oldShare string) error {
	if oldShare != "" && oldShare != l.Share {
		if err := txn.Delete(shortlistShareKey(oldShare)); err != nil {
			return err
		}
	}
	if l.Share != "" {
		b, err := encode(l.ID)
		if err != nil {
			return err
		}
		if err := txn.Set(shortlistShareKey(l.Share), b); err != nil {
			return err
		}
	}
	b, err := encode(l)
	if err != nil {
		return err
	}
	if err := txn.Set(shortlistKey(l.ID), b); err != nil {
		return err
	}
	return txn.Set([]byte(shortlistOwnerPrefix(l.Owner)+l.ID), nil)
}

// DeleteShortlist removes a list, its owner entry and its share lookup.
// Returns ENOTFOUND if no list has the ID.
func (s *Store) DeleteShortlist(ctx context.Context, id string) error {
	if err := checkKey("lijst", id, true); err != nil {
		return err
	}
	return s.shortlistTxn(ctx, func(txn *badger.Txn) error {
		var old koppel.Shortlist
		found, err := getValue(txn, shortlistKey(id), &old)
		if err != nil {
			return err
		}
		if !found {
			return koppel.Errorf(koppel.ENOTFOUND, "lijst %q niet gevonden", id).WithKey("error.shortlist_not_found", "ID", id)
		}
		if old.Share != "" {
			if err := txn.Delete(shortlistShareKey(old.Share)); err != nil {
				return err
			}
		}
		if err := txn.Delete([]byte(shortlistOwnerPrefix(old.Owner) + id)); err != nil {
			return err
		}
		return txn.Delete(shortlistKey(id))
	})
}

// shortlistTxn runs fn in a read-write transaction, one at a time (so
// concurrent changes of one list wait for each other instead of failing),
// and again when Badger still reports a conflicting change of the same keys
// (at most 10 times).
func (s *Store) shortlistTxn(ctx context.Context, fn func(txn *badger.Txn) error) error {
	s.listMu.Lock()
	defer s.listMu.Unlock()
	for range 10 {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := s.db.Update(fn)
		if errors.Is(err, badger.ErrConflict) {
			continue
		}
		if err != nil && koppel.ErrorCode(err) == koppel.EINTERNAL {
			return fmt.Errorf("write shortlist: %w", err)
		}
		return err
	}
	return koppel.Errorf(koppel.ECONFLICT, "de lijst werd tegelijk elders gewijzigd; probeer opnieuw").WithKey("error.shortlist_busy")
}
