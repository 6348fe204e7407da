package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

func importKey(id string) []byte { return []byte(prefixImport + id) }

// PutImportReport stores an import report, replacing one with the same ID.
// Returns EINVALID for an empty ID.
func (s *Store) PutImportReport(ctx context.Context, r *koppel.ImportReport) error {
	if r == nil {
		return koppel.Errorf(koppel.EINVALID, "importverslag ontbreekt").WithKey("error.api_import_report_missing")
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

// FindImportReport returns ENOTFOUND if there is no report with the ID,
// or it has expired (the cleanup deletes it later).
func (s *Store) FindImportReport(ctx context.Context, id string) (*koppel.ImportReport, error) {
	if err := checkKey("ID van het importverslag", id, false); err != nil {
		return nil, err
	}
	var r koppel.ImportReport
	err := s.view(ctx, func(txn *badger.Txn) error {
		ok, err := getValue(txn, importKey(id), &r)
		if err == nil && (!ok || !r.ExpiresAt.IsZero() && time.Now().After(r.ExpiresAt)) {
			err = koppel.Errorf(koppel.ENOTFOUND, "importverslag %q niet gevonden", id).WithKey("error.import_report_not_found", "ID", id)
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
			return koppel.Errorf(koppel.ENOTFOUND, "bij importverslag %q hoort geen bestand", id).WithKey("error.import_no_file", "ID", id)
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

// DeleteExpiredImports deletes the import reports, and their files, that
// expired before now: by their ExpiresAt, or for reports without one, by
// their finish (or start) time and retention. It returns how many reports
// it deleted.
func (s *Store) DeleteExpiredImports(ctx context.Context, now time.Time, retention time.Duration) (int, error) {
	deleted := 0
	for {
		// A batch at a time: the walk reads, the delete writes.
		var ids []string
		err := s.view(ctx, func(txn *badger.Txn) error {
			return forEach(ctx, txn, prefixImport, false, func(item *badger.Item) error {
				var r koppel.ImportReport
				if err := item.Value(func(b []byte) error { return decode(b, &r) }); err != nil {
					return fmt.Errorf("import report %s: %w", item.Key(), err)
				}
				if importExpired(&r, now, retention) {
					ids = append(ids, r.ID)
				}
				if len(ids) == 1000 {
					return errBatchFull
				}
				return nil
			})
		})
		if err != nil && !errors.Is(err, errBatchFull) {
			return deleted, fmt.Errorf("delete expired imports: %w", err)
		}
		if len(ids) == 0 {
			return deleted, nil
		}
		err = s.update(ctx, func(w *writer) error {
			for _, id := range ids {
				if err := w.txn.Delete(importKey(id)); err != nil {
					return err
				}
				if err := w.txn.Delete(importFileKey(id)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return deleted, fmt.Errorf("delete expired imports: %w", err)
		}
		deleted += len(ids)
	}
}

var errBatchFull = errors.New("batch full")

func importExpired(r *koppel.ImportReport, now time.Time, retention time.Duration) bool {
	if !r.ExpiresAt.IsZero() {
		return now.After(r.ExpiresAt)
	}
	t := r.FinishedAt
	if t.IsZero() {
		t = r.StartedAt
	}
	return retention > 0 && now.Sub(t) > retention
}
