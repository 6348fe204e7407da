package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

func importKey(id string) []byte { return []byte(prefixImport + id) }

// PutImportReport stores an import report, replacing one with the same ID.
// Returns EINVALID for an empty ID.
func (s *Store) PutImportReport(ctx context.Context, r *koppel.ImportReport) error {
	if r == nil {
		return koppel.Errorf(koppel.EINVALID, "importverslag ontbreekt")
	}
	if err := checkKey("ID van het importverslag", r.ID, false); err != nil {
		return err
	}
	err := s.update(ctx, func(w *writer) error {
		return putValue(w.txn, importKey(r.ID), r)
	})
	if err != nil {
		return fmt.Errorf("put import report %q: %w", r.ID, err)
	}
	return nil
}

// FindImportReport returns ENOTFOUND if there is no report with the ID.
func (s *Store) FindImportReport(ctx context.Context, id string) (*koppel.ImportReport, error) {
	if err := checkKey("ID van het importverslag", id, false); err != nil {
		return nil, err
	}
	var r koppel.ImportReport
	err := s.view(ctx, func(txn *badger.Txn) error {
		ok, err := getValue(txn, importKey(id), &r)
		if err == nil && !ok {
			err = koppel.Errorf(koppel.ENOTFOUND, "importverslag %q niet gevonden", id)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find import report %q: %w", id, err)
	}
	return &r, nil
}

// ForEachImportReport calls fn for every import report in ID order. An
// error from fn stops the walk and is returned.
func (s *Store) ForEachImportReport(ctx context.Context, fn func(*koppel.ImportReport) error) error {
	err := s.view(ctx, func(txn *badger.Txn) error {
		return forEach(ctx, txn, prefixImport, false, func(item *badger.Item) error {
			var r koppel.ImportReport
			if err := item.Value(func(b []byte) error { return decode(b, &r) }); err != nil {
				return fmt.Errorf("import report %s: %w", item.Key(), err)
			}
			return fn(&r)
		})
	})
	if err != nil {
		return fmt.Errorf("for each import report: %w", err)
	}
	return nil
}

func importFileKey(id string) []byte { return []byte(prefixImportFile + id) }

// PutImportFile stores a file that belongs to an import report, such as the
// annotated workbook users download to see their problem cells.
func (s *Store) PutImportFile(ctx context.Context, id string, data []byte) error {
	if err := checkKey("ID van het importverslag", id, false); err != nil {
		return err
	}
	err := s.update(ctx, func(w *writer) error {
		return w.txn.Set(importFileKey(id), data)
	})
	if err != nil {
		return fmt.Errorf("put import file %q: %w", id, err)
	}
	return nil
}

// FindImportFile returns the file stored with an import report; ENOTFOUND
// if there is none.
func (s *Store) FindImportFile(ctx context.Context, id string) ([]byte, error) {
	if err := checkKey("ID van het importverslag", id, false); err != nil {
		return nil, err
	}
	var data []byte
	err := s.view(ctx, func(txn *badger.Txn) error {
		item, err := txn.Get(importFileKey(id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return koppel.Errorf(koppel.ENOTFOUND, "bij importverslag %q hoort geen bestand", id)
		}
		if err != nil {
			return err
		}
		data, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find import file %q: %w", id, err)
	}
	return data, nil
}
