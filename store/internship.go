package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

var _ koppel.InternshipService = (*Store)(nil)

// prefixInternship holds the offers of internship places, by ID.
const prefixInternship = "stg/"

// maxInternshipScan bounds the offers FindInternships reads: far more
// than the schools and municipalities of Flanders offer at once.
const maxInternshipScan = 20000

// errScanDone stops a walk that has read enough.
var errScanDone = errors.New("scan done")

func internshipKey(id string) []byte { return []byte(prefixInternship + id) }

func internshipNotFound(id string) error {
	return koppel.Errorf(koppel.ENOTFOUND, "stageplaats %q niet gevonden", id).WithKey("error.internship_not_found", "ID", id)
}

// FindInternshipByID returns an offer of internship places. Returns
// ENOTFOUND if there is none with that ID.
func (s *Store) FindInternshipByID(ctx context.Context, id string) (*koppel.Internship, error) {
	if err := checkKey("ID van de stageplaats", id, false); err != nil {
		return nil, err
	}
	in, err := findValue[koppel.Internship](ctx, s, internshipKey(id), func() error { return internshipNotFound(id) })
	if err != nil {
		return nil, fmt.Errorf("find internship %q: %w", id, err)
	}
	return in, nil
}

// FindInternships returns the offers that pass f, newest first. It reads
// at most maxInternshipScan offers.
func (s *Store) FindInternships(ctx context.Context, f koppel.InternshipFilter) ([]*koppel.Internship, error) {
	list := []*koppel.Internship{}
	n := 0
	err := s.view(ctx, func(txn *badger.Txn) error {
		return forEach(ctx, txn, prefixInternship, false, func(item *badger.Item) error {
			if n++; n > maxInternshipScan {
				return errScanDone
			}
			var in koppel.Internship
			if err := item.Value(func(b []byte) error { return decode(b, &in) }); err != nil {
				return fmt.Errorf("internship %s: %w", item.Key(), err)
			}
			if f.Status != "" && in.Status != f.Status || f.Owner != "" && in.Owner != f.Owner || f.Work != "" && in.Work != f.Work {
				return nil
			}
			list = append(list, &in)
			return nil
		})
	})
	if err != nil && !errors.Is(err, errScanDone) {
		return nil, fmt.Errorf("find internships: %w", err)
	}
	slices.SortStableFunc(list, func(a, b *koppel.Internship) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return list, nil
}

// PutInternship creates or replaces an offer. It keeps the CreatedAt of
// an existing offer when in has none and sets UpdatedAt. Returns EINVALID
// for an empty ID.
func (s *Store) PutInternship(ctx context.Context, in *koppel.Internship) error {
	if in == nil {
		return koppel.Errorf(koppel.EINVALID, "stageplaats ontbreekt")
	}
	if err := checkKey("ID van de stageplaats", in.ID, false); err != nil {
		return err
	}
	err := s.update(ctx, func(w *writer) error {
		if in.CreatedAt.IsZero() {
			var old koppel.Internship
			ok, err := getValue(w.txn, internshipKey(in.ID), &old)
			if err != nil {
				return err
			}
			in.CreatedAt = now()
			if ok {
				in.CreatedAt = old.CreatedAt
			}
		}
		in.UpdatedAt = now()
		return putValue(w.txn, internshipKey(in.ID), in)
	})
	if err != nil {
		return fmt.Errorf("put internship %q: %w", in.ID, err)
	}
	return nil
}

// UpdateInternship reads offer id, lets fn change it and stores it in one
// transaction. Returns ENOTFOUND, or the error of fn (nothing is stored
// then).
func (s *Store) UpdateInternship(ctx context.Context, id string, fn func(*koppel.Internship) error) (*koppel.Internship, error) {
	if err := checkKey("ID van de stageplaats", id, false); err != nil {
		return nil, err
	}
	var in koppel.Internship
	err := s.update(ctx, func(w *writer) error {
		ok, err := getValue(w.txn, internshipKey(id), &in)
		if err != nil {
			return err
		}
		if !ok {
			return internshipNotFound(id)
		}
		created := in.CreatedAt
		if err := fn(&in); err != nil {
			return err
		}
		in.ID, in.CreatedAt, in.UpdatedAt = id, created, now()
		return putValue(w.txn, internshipKey(id), &in)
	})
	if err != nil {
		return nil, fmt.Errorf("update internship %q: %w", id, err)
	}
	return &in, nil
}
