package store_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/store"
)

// offeringSeq streams offerings the way an importer does.
func offeringSeq(list ...*koppel.Offering) iter.Seq2[*koppel.Offering, error] {
	return func(yield func(*koppel.Offering, error) bool) {
		for _, o := range list {
			if !yield(o, nil) {
				return
			}
		}
	}
}

func offeringIDs(t *testing.T, s *store.Store, kbo koppel.KBO) []string {
	t.Helper()
	list, err := s.FindOfferingsByEnterprise(context.Background(), kbo)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, o := range list {
		ids = append(ids, o.ID+":"+o.Title)
	}
	return ids
}

func TestReplaceCatalogueModes(t *testing.T) {
	ctx := context.Background()
	off := func(kbo koppel.KBO, id, title string) *koppel.Offering {
		o := testOffering(kbo, id)
		o.Title = title
		return o
	}
	tests := []struct {
		mode    string
		wantIDs []string
		want    store.CatalogueCounts
	}{
		{store.ModeReplace, []string{"b:B2", "c:C2", "u:U"}, store.CatalogueCounts{Created: 1, Updated: 1, Unchanged: 1, Removed: 1}},
		{store.ModeMerge, []string{"a:A1", "b:B2", "c:C2", "u:U"}, store.CatalogueCounts{Created: 1, Updated: 1, Unchanged: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			s := mustOpen(t)
			e := testEnterprise(1)
			// A first upload creates the enterprise.
			got, err := s.ReplaceCatalogue(ctx, e, offeringSeq(off(e.KBO, "a", "A1"), off(e.KBO, "b", "B1"), off(e.KBO, "u", "U")), tt.mode)
			if err != nil {
				t.Fatal(err)
			}
			if want := (store.CatalogueCounts{Created: 3}); got != want {
				t.Errorf("first upload: got %+v, want %+v", got, want)
			}
			before, err := s.FindOffering(ctx, e.KBO, "u")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.FindEnterpriseByKBO(ctx, e.KBO); err != nil {
				t.Fatal(err)
			}
			// The second upload: b changes, c is new, u is the same, a is
			// not in it. An offering without enterprise gets the upload's.
			c := off("", "c", "C2")
			got, err = s.ReplaceCatalogue(ctx, e, offeringSeq(off(e.KBO, "b", "B2"), c, off(e.KBO, "u", "U")), tt.mode)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			// An unchanged offering keeps its UpdatedAt.
			if after, err := s.FindOffering(ctx, e.KBO, "u"); err != nil || !after.UpdatedAt.Equal(before.UpdatedAt) {
				t.Errorf("unchanged offering: UpdatedAt %v (err %v), want %v", after.UpdatedAt, err, before.UpdatedAt)
			}
			if diff := cmp.Diff(tt.wantIDs, offeringIDs(t, s, e.KBO), dateCmp); diff != "" {
				t.Errorf("catalogue mismatch (-want +got):\n%s", diff)
			}
			if n, err := s.CountOfferings(ctx); err != nil || n != len(tt.wantIDs) {
				t.Errorf("got count %d (err %v), want %d", n, err, len(tt.wantIDs))
			}
			// PutOffering and DeleteOffering work on the new catalogue.
			if err := s.PutOffering(ctx, off(e.KBO, "d", "D")); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteOffering(ctx, e.KBO, "c"); err != nil {
				t.Fatal(err)
			}
			want := append(slices.DeleteFunc(slices.Clone(tt.wantIDs), func(s string) bool { return s == "c:C2" }), "d:D")
			slices.Sort(want)
			if diff := cmp.Diff(want, offeringIDs(t, s, e.KBO), dateCmp); diff != "" {
				t.Errorf("catalogue after put/delete mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReplaceCatalogueFailureKeepsOld(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	e := testEnterprise(1)
	if _, err := s.ReplaceCatalogue(ctx, e, offeringSeq(testOffering(e.KBO, "a")), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	seq := s.OutboxSeq()
	bad := errors.New("row 3 unreadable")
	failing := func(yield func(*koppel.Offering, error) bool) {
		if !yield(testOffering(e.KBO, "new"), nil) {
			return
		}
		yield(nil, bad)
	}
	if _, err := s.ReplaceCatalogue(ctx, e, failing, store.ModeReplace); !errors.Is(err, bad) {
		t.Fatalf("got %v, want the iterator's error", err)
	}
	other := testOffering(testKBO(2), "x")
	_, err := s.ReplaceCatalogue(ctx, e, offeringSeq(other), store.ModeReplace)
	wantCode(t, err, koppel.EINVALID)
	_, err = s.ReplaceCatalogue(ctx, e, offeringSeq(testOffering(e.KBO, "")), store.ModeReplace)
	wantCode(t, err, koppel.EINVALID)
	_, err = s.ReplaceCatalogue(ctx, e, offeringSeq(), "append")
	wantCode(t, err, koppel.EINVALID)

	if diff := cmp.Diff([]string{"a:" + testOffering(e.KBO, "a").Title}, offeringIDs(t, s, e.KBO), dateCmp); diff != "" {
		t.Errorf("catalogue after failed uploads mismatch (-want +got):\n%s", diff)
	}
	if s.OutboxSeq() != seq {
		t.Errorf("got outbox sequence %d after failed uploads, want %d", s.OutboxSeq(), seq)
	}
	if n, err := s.CountOfferings(ctx); err != nil || n != 1 {
		t.Errorf("got count %d (err %v), want 1", n, err)
	}
}

// TestReplaceCatalogueLarge checks that a catalogue far larger than one
// Badger transaction can hold goes through, and that replacing it again
// deletes the old generation.
func TestReplaceCatalogueLarge(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	e := testEnterprise(1)
	const n = 20000
	gen := func(prefix string) iter.Seq2[*koppel.Offering, error] {
		return func(yield func(*koppel.Offering, error) bool) {
			for i := range n {
				o := testOffering(e.KBO, fmt.Sprintf("%s-%05d", prefix, i))
				o.Description = "Poetsen van klaslokalen, gangen en sanitair in basisscholen."
				if !yield(o, nil) {
					return
				}
			}
		}
	}
	got, err := s.ReplaceCatalogue(ctx, e, gen("a"), store.ModeReplace)
	if err != nil {
		t.Fatal(err)
	}
	if got != (store.CatalogueCounts{Created: n}) {
		t.Errorf("got %+v, want %d created", got, n)
	}
	got, err = s.ReplaceCatalogue(ctx, e, gen("b"), store.ModeReplace)
	if err != nil {
		t.Fatal(err)
	}
	if got != (store.CatalogueCounts{Created: n, Removed: n}) {
		t.Errorf("got %+v, want %d created and removed", got, n)
	}
	got, err = s.ReplaceCatalogue(ctx, e, gen("b"), store.ModeReplace)
	if err != nil {
		t.Fatal(err)
	}
	if got != (store.CatalogueCounts{Unchanged: n}) {
		t.Errorf("re-import of the same catalogue: got %+v, want %d unchanged", got, n)
	}
	if got, err := s.CountOfferings(ctx); err != nil || got != n {
		t.Errorf("got count %d (err %v), want %d", got, err, n)
	}
	if _, err := s.FindOffering(ctx, e.KBO, "b-19999"); err != nil {
		t.Error(err)
	}
	_, err = s.FindOffering(ctx, e.KBO, "a-00000")
	wantCode(t, err, koppel.ENOTFOUND)
}

// TestOpenDeletesOrphans simulates a crash during an upload (a generation
// that was never made current) and after a flip (the old generation still
// there), and checks that Open deletes both and keeps the current one.
func TestOpenDeletesOrphans(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := testEnterprise(1)
	if _, err := s.ReplaceCatalogue(ctx, e, offeringSeq(testOffering(e.KBO, "a")), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	orphans := []string{
		"off/" + string(e.KBO) + "/0000000000000000/old",       // before the current one
		"off/" + string(e.KBO) + "/00000000000000ff/crash",     // an unfinished upload
		"off/" + string(testKBO(7)) + "/0000000000000003/gone", // an enterprise without pointer
	}
	err = db.Update(func(txn *badger.Txn) error {
		for _, k := range orphans {
			if err := txn.Set([]byte(k), []byte(`{"id":"x"}`)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s = mustOpenDir(t, dir)
	var keys []string
	if err := s.ForEachOffering(ctx, func(o *koppel.Offering) error { keys = append(keys, o.Key()); return nil }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{string(e.KBO) + "/a"}, keys); diff != "" {
		t.Errorf("offerings after reopen mismatch (-want +got):\n%s", diff)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(txn *badger.Txn) error {
		for _, k := range orphans {
			if _, err := txn.Get([]byte(k)); !errors.Is(err, badger.ErrKeyNotFound) {
				t.Errorf("orphan %s: got %v, want it deleted", k, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
