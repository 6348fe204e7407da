package store_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/store"
)

// contents is everything a store holds, read through its API.
type contents struct {
	Enterprises []*koppel.Enterprise
	Offerings   []*koppel.Offering
	Tenders     []*koppel.Tender
	ByNotice    *koppel.Tender
	Tokens      []*koppel.Token
	Reports     []*koppel.ImportReport
	Outbox      []koppel.IndexChange
	OutboxSeq   uint64
}

func readAll(t *testing.T, s *store.Store) contents {
	t.Helper()
	ctx := context.Background()
	var c contents
	var err error
	if c.Enterprises, _, err = s.FindEnterprises(ctx, koppel.EnterpriseFilter{Limit: 500}); err != nil {
		t.Fatal(err)
	}
	if err := s.ForEachOffering(ctx, func(o *koppel.Offering) error { c.Offerings = append(c.Offerings, o); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.ForEachTender(ctx, func(tn *koppel.Tender) error { c.Tenders = append(c.Tenders, tn); return nil }); err != nil {
		t.Fatal(err)
	}
	if c.ByNotice, err = s.FindTenderByNotice(ctx, "NOTICE-1"); err != nil {
		t.Fatal(err)
	}
	if c.Tokens, err = s.FindTokens(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.ForEachImportReport(ctx, func(r *koppel.ImportReport) error { c.Reports = append(c.Reports, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if c.Outbox, err = s.PendingChanges(ctx, 0, 0); err != nil {
		t.Fatal(err)
	}
	c.OutboxSeq = s.OutboxSeq()
	return c
}

func fill(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	for i := range 3 {
		e := testEnterprise(i)
		if _, err := s.ReplaceCatalogue(ctx, e, offeringSeq(testOffering(e.KBO, "a"), testOffering(e.KBO, "b")), store.ModeReplace); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutOffering(ctx, testOffering(testKBO(1), "c")); err != nil {
		t.Fatal(err)
	}
	for _, tn := range []*koppel.Tender{testTender("T1", "NOTICE-1"), testTender("T2", "")} {
		if err := s.PutTender(ctx, tn); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutToken(ctx, &koppel.Token{ID: "t1", Hash: "aa11", Role: koppel.RoleBuyer, Buyer: "stad-gent", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutImportReport(ctx, testImportReport("imp-1")); err != nil {
		t.Fatal(err)
	}
	if err := s.AckChanges(ctx, 2); err != nil {
		t.Fatal(err)
	}
}

func TestBackupRestore(t *testing.T) {
	s := mustOpen(t)
	fill(t, s)
	want := readAll(t, s)
	if len(want.Offerings) != 7 || len(want.Outbox) == 0 {
		t.Fatalf("fill made %d offerings and %d outbox entries, want 7 and some", len(want.Offerings), len(want.Outbox))
	}
	var buf bytes.Buffer
	if _, err := s.Backup(&buf); err != nil {
		t.Fatal(err)
	}

	for _, dir := range []string{t.TempDir(), filepath.Join(t.TempDir(), "new")} {
		if err := store.Restore(dir, bytes.NewReader(buf.Bytes())); err != nil {
			t.Fatalf("restore into %s: %v", dir, err)
		}
		r := mustOpenDir(t, dir)
		if diff := cmp.Diff(want, readAll(t, r), dateCmp); diff != "" {
			t.Errorf("restored store mismatch (-want +got):\n%s", diff)
		}
		// The restored store goes on numbering where the original was.
		if err := r.PutTender(context.Background(), testTender("T3", "")); err != nil {
			t.Fatal(err)
		}
		if got := r.OutboxSeq(); got != want.OutboxSeq+1 {
			t.Errorf("got outbox sequence %d after restore and a write, want %d", got, want.OutboxSeq+1)
		}
	}
}

func TestRestoreRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := store.Restore(dir, bytes.NewReader(nil))
	wantCode(t, err, koppel.EINVALID)
	if msg := koppel.ErrorMessage(err); !strings.Contains(msg, "not empty") || !strings.Contains(msg, dir) {
		t.Errorf("got message %q, want it to name %q and say it is not empty", msg, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "keep.txt")); err != nil {
		t.Errorf("restore touched the existing file: %v", err)
	}
}

func TestRestoreRefusesNonKoppelBackup(t *testing.T) {
	dir := t.TempDir()
	wantCode(t, store.Restore(dir, bytes.NewReader(nil)), koppel.EINVALID)
	if err := store.Restore(dir, strings.NewReader("not a backup at all")); err == nil {
		t.Error("restore of garbage succeeded")
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 0 {
		t.Errorf("got %d entries (err %v) after failed restores, want an empty directory", len(entries), err)
	}
}
