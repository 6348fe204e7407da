package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// Keys of the notice feed: the reports of notice packages and the
// packages fetched.
const (
	prefixNoticeReport = "nrep/"
	prefixFetched      = "nfetch/"
)

// MaxNoticeReports is how many reports of notice packages are kept: a
// daily feed keeps a quarter of a year; the oldest go first.
const MaxNoticeReports = 100

var _ koppel.NoticeReportService = (*Store)(nil)

func noticeReportKey(id string) []byte { return []byte(prefixNoticeReport + id) }

// PutNoticeReport stores a report of a notice package and deletes the
// oldest beyond MaxNoticeReports (report IDs sort by time). Returns
// EINVALID for an empty ID.
func (s *Store) PutNoticeReport(ctx context.Context, r *koppel.NoticeReport) error {
	if err := checkKey("ID van het verslag", r.ID, false); err != nil {
		return err
	}
	var ids []string
	err := s.view(ctx, func(txn *badger.Txn) error {
		return forEach(ctx, txn, prefixNoticeReport, true, func(item *badger.Item) error {
			ids = append(ids, string(item.Key()[len(prefixNoticeReport):]))
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("put notice report %q: %w", r.ID, err)
	}
	err = s.update(ctx, func(w *writer) error {
		for i := 0; i < len(ids)-MaxNoticeReports+1 && ids[i] < r.ID; i++ {
			if err := w.txn.Delete(noticeReportKey(ids[i])); err != nil {
				return err
			}
		}
		return putValue(w.txn, noticeReportKey(r.ID), r)
	})
	if err != nil {
		return fmt.Errorf("put notice report %q: %w", r.ID, err)
	}
	return nil
}

// FindNoticeReport returns ENOTFOUND when there is no such report.
func (s *Store) FindNoticeReport(ctx context.Context, id string) (*koppel.NoticeReport, error) {
	if err := checkKey("ID van het verslag", id, false); err != nil {
		return nil, err
	}
	r, err := findValue[koppel.NoticeReport](ctx, s, noticeReportKey(id), func() error {
		return koppel.Errorf(koppel.ENOTFOUND, "verslag %q niet gevonden", id).WithKey("error.admin_notice_report_id_not_found", "ID", id)
	})
	if err != nil {
		return nil, fmt.Errorf("find notice report %q: %w", id, err)
	}
	return r, nil
}

// NoticeReports returns the newest n reports, newest first.
func (s *Store) NoticeReports(ctx context.Context, n int) ([]*koppel.NoticeReport, error) {
	var out []*koppel.NoticeReport
	err := s.view(ctx, func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Reverse = true
		opts.Prefix = []byte(prefixNoticeReport)
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Seek(append([]byte(prefixNoticeReport), 0xff)); it.Valid() && len(out) < n; it.Next() {
			var r koppel.NoticeReport
			if err := it.Item().Value(func(b []byte) error { return decode(b, &r) }); err != nil {
				return err
			}
			out = append(out, &r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("notice reports: %w", err)
	}
	return out, nil
}

// Fetched reports whether the package at url was fetched before, and the
// ID of its report.
func (s *Store) Fetched(ctx context.Context, url string) (string, bool, error) {
	var id string
	var ok bool
	err := s.view(ctx, func(txn *badger.Txn) error {
		var err error
		ok, err = getValue(txn, fetchedKey(url), &id)
		return err
	})
	if err != nil {
		return "", false, fmt.Errorf("fetched %q: %w", url, err)
	}
	return id, ok, nil
}

// PutFetched remembers that the package at url was fetched and imported
// with report id.
func (s *Store) PutFetched(ctx context.Context, url, id string) error {
	err := s.update(ctx, func(w *writer) error {
		return putValue(w.txn, fetchedKey(url), id)
	})
	if err != nil {
		return fmt.Errorf("put fetched %q: %w", url, err)
	}
	return nil
}

// fetchedKey is the key of a fetched package: the hash of its URL, so that
// a long URL makes no long key.
func fetchedKey(url string) []byte {
	sum := sha256.Sum256([]byte(url))
	return []byte(prefixFetched + hex.EncodeToString(sum[:]))
}
