package store_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

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
	whole := []koppel.IndexChange{{Kind: koppel.DocCatalogue, ID: string(e.KBO)}}
	seq := s.OutboxSeq()
	got, err := s.ReplaceCatalogue(ctx, e, gen("a"), store.ModeReplace)
	if err != nil {
		t.Fatal(err)
	}
	if got != (store.CatalogueCounts{Created: n}) {
		t.Errorf("got %+v, want %d created", got, n)
	}
	if diff := cmp.Diff(whole, pending(t, s, seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
	// Too many changes to list: the whole catalogue is re-indexed.
	seq = s.OutboxSeq()
	got, err = s.ReplaceCatalogue(ctx, e, gen("b"), store.ModeReplace)
	if err != nil {
		t.Fatal(err)
	}
	if got != (store.CatalogueCounts{Created: n, Removed: n}) {
		t.Errorf("got %+v, want %d created and removed", got, n)
	}
	if diff := cmp.Diff(whole, pending(t, s, seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
	seq = s.OutboxSeq()
	got, err = s.ReplaceCatalogue(ctx, e, gen("b"), store.ModeReplace)
	if err != nil {
		t.Fatal(err)
	}
	if got != (store.CatalogueCounts{Unchanged: n}) {
		t.Errorf("re-import of the same catalogue: got %+v, want %d unchanged", got, n)
	}
	if diff := cmp.Diff([]koppel.IndexChange{}, pending(t, s, seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
	// Fewer than the limit: one change each, applied in place.
	seq = s.OutboxSeq()
	got, err = s.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) {
		for o, err := range gen("b") {
			if o.ID < "b-01000" {
				o.Title = "Gewijzigd"
			}
			if !yield(o, err) {
				return
			}
		}
	}, store.ModeReplace)
	if err != nil {
		t.Fatal(err)
	}
	if got != (store.CatalogueCounts{Updated: 1000, Unchanged: n - 1000}) {
		t.Errorf("got %+v, want 1000 updated", got)
	}
	if changes := pending(t, s, seq); len(changes) != 1000 || changes[0].Kind != koppel.DocOffering {
		t.Errorf("got %d changes (first %+v), want 1000 offering changes", len(changes), changes[0])
	}
	if o, err := s.FindOffering(ctx, e.KBO, "b-00999"); err != nil || o.Title != "Gewijzigd" {
		t.Errorf("got %+v (err %v), want the new title", o, err)
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
		"off/" + string(e.KBO) + "/00000000000000fe/same",      // an unchanged marker
		"off/" + string(testKBO(7)) + "/0000000000000003/gone", // an enterprise without pointer
	}
	err = db.Update(func(txn *badger.Txn) error {
		for _, k := range orphans {
			v := []byte(`{"id":"x"}`)
			if strings.HasSuffix(k, "/same") {
				v = []byte{}
			}
			if err := txn.Set([]byte(k), v); err != nil {
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

// pending returns the outbox changes after seq, without their sequence
// numbers.
func pending(t *testing.T, s *store.Store, after uint64) []koppel.IndexChange {
	t.Helper()
	list, err := s.PendingChanges(context.Background(), after, 100000)
	if err != nil {
		t.Fatal(err)
	}
	out := []koppel.IndexChange{}
	for _, c := range list {
		c.Seq = 0
		out = append(out, c)
	}
	return out
}

// TestReplaceCatalogueIndexChanges checks what an upload queues for the
// indexer: the whole catalogue the first time and when the profile changes,
// else only the offerings that changed, and nothing for an identical
// re-import.
func TestReplaceCatalogueIndexChanges(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	e := testEnterprise(1)
	whole := []koppel.IndexChange{{Kind: koppel.DocCatalogue, ID: string(e.KBO)}}
	offering := func(id string) koppel.IndexChange {
		return koppel.IndexChange{Kind: koppel.DocOffering, ID: string(e.KBO) + "/" + id}
	}
	upload := func(want store.CatalogueCounts, list ...*koppel.Offering) []koppel.IndexChange {
		t.Helper()
		seq := s.OutboxSeq()
		got, err := s.ReplaceCatalogue(ctx, e, offeringSeq(list...), store.ModeReplace)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
		return pending(t, s, seq)
	}
	a, b, c := testOffering(e.KBO, "a"), testOffering(e.KBO, "b"), testOffering(e.KBO, "c")
	a.UpdatedAt, b.UpdatedAt, c.UpdatedAt = time.Time{}, time.Time{}, time.Time{}
	if diff := cmp.Diff(whole, upload(store.CatalogueCounts{Created: 3}, a, b, c)); diff != "" {
		t.Errorf("first upload (-want +got):\n%s", diff)
	}
	before, err := s.FindOffering(ctx, e.KBO, "c")
	if err != nil {
		t.Fatal(err)
	}

	// The same file again (the rows carry no timestamp): nothing to do.
	a, b, c = testOffering(e.KBO, "a"), testOffering(e.KBO, "b"), testOffering(e.KBO, "c")
	a.UpdatedAt, b.UpdatedAt, c.UpdatedAt = time.Time{}, time.Time{}, time.Time{}
	if diff := cmp.Diff([]koppel.IndexChange{}, upload(store.CatalogueCounts{Unchanged: 3}, c, b, a)); diff != "" {
		t.Errorf("identical re-import (-want +got):\n%s", diff)
	}

	// a changes, b goes, c stays, d is new.
	a, c = testOffering(e.KBO, "a"), testOffering(e.KBO, "c")
	a.UpdatedAt, c.UpdatedAt = time.Time{}, time.Time{}
	a.Title = "Groenonderhoud"
	d := testOffering(e.KBO, "d")
	got := upload(store.CatalogueCounts{Created: 1, Updated: 1, Unchanged: 1, Removed: 1}, d, c, a)
	if diff := cmp.Diff([]koppel.IndexChange{offering("a"), offering("b"), offering("d")}, got); diff != "" {
		t.Errorf("small change (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a:Groenonderhoud", "c:" + c.Title, "d:" + d.Title}, offeringIDs(t, s, e.KBO)); diff != "" {
		t.Errorf("catalogue mismatch (-want +got):\n%s", diff)
	}
	if after, err := s.FindOffering(ctx, e.KBO, "c"); err != nil || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("unchanged offering: UpdatedAt %v (err %v), want %v", after.UpdatedAt, err, before.UpdatedAt)
	}
	if after, err := s.FindOffering(ctx, e.KBO, "a"); err != nil || !after.UpdatedAt.After(before.UpdatedAt) {
		t.Errorf("updated offering: UpdatedAt %v (err %v), want after %v", after.UpdatedAt, err, before.UpdatedAt)
	}
	if n, err := s.CountOfferings(ctx); err != nil || n != 3 {
		t.Errorf("got count %d (err %v), want 3", n, err)
	}

	// The same offerings with another name: every document shows it.
	e.Name = "Maatwerkbedrijf De Nieuwe Naam"
	a, c, d = testOffering(e.KBO, "a"), testOffering(e.KBO, "c"), testOffering(e.KBO, "d")
	a.Title = "Groenonderhoud"
	if diff := cmp.Diff(whole, upload(store.CatalogueCounts{Unchanged: 3}, a, c, d)); diff != "" {
		t.Errorf("profile change (-want +got):\n%s", diff)
	}
	if got, err := s.FindEnterpriseByKBO(ctx, e.KBO); err != nil || got.Name != e.Name {
		t.Errorf("got enterprise %+v (err %v), want the new name", got, err)
	}
}

// TestReplaceCatalogueKeepsRejectedInPlace checks that a small upload keeps
// the current offering of a rejected row and, in merge mode, the offerings
// the upload lacks.
func TestReplaceCatalogueKeepsRejectedInPlace(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	e := testEnterprise(1)
	if _, err := s.ReplaceCatalogue(ctx, e, offeringSeq(testOffering(e.KBO, "a"), testOffering(e.KBO, "b"), testOffering(e.KBO, "c")), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	seq := s.OutboxSeq()
	keep := func(id string) bool { return id == "b" }
	got, err := s.ReplaceCatalogueKeeping(ctx, e, offeringSeq(testOffering(e.KBO, "a")), store.ModeReplace, keep)
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.CatalogueCounts{Unchanged: 1, Removed: 1}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if diff := cmp.Diff([]koppel.IndexChange{{Kind: koppel.DocOffering, ID: string(e.KBO) + "/c"}}, pending(t, s, seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
	want := []string{"a:" + testOffering(e.KBO, "a").Title, "b:" + testOffering(e.KBO, "b").Title}
	if diff := cmp.Diff(want, offeringIDs(t, s, e.KBO)); diff != "" {
		t.Errorf("catalogue mismatch (-want +got):\n%s", diff)
	}
	got, err = s.ReplaceCatalogue(ctx, e, offeringSeq(testOffering(e.KBO, "z")), store.ModeMerge)
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.CatalogueCounts{Created: 1}); got != want {
		t.Errorf("merge: got %+v, want %+v", got, want)
	}
	if n, err := s.CountOfferings(ctx); err != nil || n != 3 {
		t.Errorf("merge: got count %d (err %v), want 3", n, err)
	}
}

// TestReplaceCatalogueConcurrentWrites checks uploads against writes that
// happen while they run: an offering written meanwhile is lost as
// documented and the whole catalogue is re-indexed; another upload that
// finished meanwhile makes the later one fail with ECONFLICT, also when it
// changed the catalogue in place.
func TestReplaceCatalogueConcurrentWrites(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	e := testEnterprise(1)
	if _, err := s.ReplaceCatalogue(ctx, e, offeringSeq(testOffering(e.KBO, "a"), testOffering(e.KBO, "b")), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	// The first row is read, then someone adds an offering.
	during := func(do func()) iter.Seq2[*koppel.Offering, error] {
		return func(yield func(*koppel.Offering, error) bool) {
			if !yield(testOffering(e.KBO, "a"), nil) {
				return
			}
			do()
			o := testOffering(e.KBO, "b")
			o.Title = "Nieuwe titel"
			yield(o, nil)
		}
	}
	seq := s.OutboxSeq()
	got, err := s.ReplaceCatalogue(ctx, e, during(func() {
		if err := s.PutOffering(ctx, testOffering(e.KBO, "x")); err != nil {
			t.Error(err)
		}
	}), store.ModeReplace)
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.CatalogueCounts{Updated: 1, Unchanged: 1}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	want := []koppel.IndexChange{{Kind: koppel.DocOffering, ID: string(e.KBO) + "/x"}, {Kind: koppel.DocCatalogue, ID: string(e.KBO)}}
	if diff := cmp.Diff(want, pending(t, s, seq)); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a:" + testOffering(e.KBO, "a").Title, "b:Nieuwe titel"}, offeringIDs(t, s, e.KBO)); diff != "" {
		t.Errorf("catalogue mismatch (-want +got):\n%s", diff)
	}

	// Another upload changes the catalogue in place meanwhile.
	before := offeringIDs(t, s, e.KBO)
	seq = s.OutboxSeq()
	var inner error
	_, err = s.ReplaceCatalogue(ctx, e, during(func() {
		_, inner = s.ReplaceCatalogue(ctx, e, offeringSeq(testOffering(e.KBO, "a")), store.ModeMerge)
	}), store.ModeReplace)
	if inner != nil {
		t.Fatal(inner)
	}
	wantCode(t, err, koppel.ECONFLICT)
	// Neither upload changed anything the index shows.
	if diff := cmp.Diff([]koppel.IndexChange{}, pending(t, s, seq)); diff != "" {
		t.Errorf("outbox after the conflict (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before, offeringIDs(t, s, e.KBO)); diff != "" {
		t.Errorf("catalogue after the conflict mismatch (-want +got):\n%s", diff)
	}
}
