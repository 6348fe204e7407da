package store_test

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/store"
)

// catalogueState is an enterprise's whole catalogue as the store gives it.
type catalogueState struct {
	Enterprise *koppel.Enterprise
	Offerings  []*koppel.Offering
}

func stateOf(t *testing.T, s *store.Store, kbo koppel.KBO) catalogueState {
	t.Helper()
	ctx := context.Background()
	e, err := s.FindEnterpriseByKBO(ctx, kbo)
	if err != nil {
		t.Fatal(err)
	}
	offs, err := s.FindOfferingsByEnterprise(ctx, kbo)
	if err != nil {
		t.Fatal(err)
	}
	return catalogueState{e, offs}
}

// versionedCatalogue is n offerings whose titles carry version v; every
// third one has no price, so that versions differ in more than titles.
func versionedCatalogue(kbo koppel.KBO, n, v int) iter.Seq2[*koppel.Offering, error] {
	return func(yield func(*koppel.Offering, error) bool) {
		for i := range n {
			o := testOffering(kbo, fmt.Sprintf("o%05d", i))
			o.Title = fmt.Sprintf("Dienst %d versie %d", i, v)
			o.Description = strings.Repeat("Schoonmaak van klaslokalen en sanitair. ", 25) // 1 KB
			o.UpdatedAt = time.Time{}
			if (i+v)%3 == 0 {
				o.Price = nil
			}
			if !yield(o, nil) {
				return
			}
		}
	}
}

// replaceSaving replaces the catalogue and keeps the one it replaces as
// version.
func replaceSaving(ctx context.Context, s *store.Store, e *koppel.Enterprise, offs iter.Seq2[*koppel.Offering, error], version string) (store.CatalogueCounts, error) {
	res, err := s.ReplaceCatalogueWith(ctx, e, offs, store.CatalogueOptions{Mode: store.ModeReplace, AllowEmpty: true, Version: version})
	return res.CatalogueCounts, err
}

// restore puts version id back the way an undo does, keeping what it
// replaces as version undoID.
func restore(t *testing.T, s *store.Store, kbo koppel.KBO, id, undoID string) store.CatalogueCounts {
	t.Helper()
	ctx := context.Background()
	v, err := s.FindCatalogueVersion(ctx, kbo, id)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := replaceSaving(ctx, s, v.Enterprise, s.VersionOfferings(ctx, kbo, id), undoID)
	if err != nil {
		t.Fatal(err)
	}
	return counts
}

// TestCatalogueVersionRestore keeps the catalogue before each upload and
// puts it back exactly; the restore is itself kept and can be undone.
// Catalogues of several chunks, changed in place and as a new generation.
func TestCatalogueVersionRestore(t *testing.T) {
	for _, n := range []int{0, 600, 1800} { // none; in place; a new generation (over 1.5 MB of changes)
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := mustOpen(t)
			ctx := context.Background()
			e := testEnterprise(1)
			if err := s.PutEnterprise(ctx, e); err != nil {
				t.Fatal(err)
			}
			empty := stateOf(t, s, e.KBO)
			if _, err := replaceSaving(ctx, s, testEnterprise(1), versionedCatalogue(e.KBO, n, 1), "r1"); err != nil {
				t.Fatal(err)
			}
			first := stateOf(t, s, e.KBO)
			e2 := testEnterprise(1)
			e2.Name, e2.UpdatedAt = "Hernoemd", t0.Add(time.Hour)
			if _, err := replaceSaving(ctx, s, e2, versionedCatalogue(e.KBO, n+10, 2), "r2"); err != nil {
				t.Fatal(err)
			}
			second := stateOf(t, s, e.KBO)

			counts := restore(t, s, e.KBO, "r2", "u1")
			if diff := cmp.Diff(first, stateOf(t, s, e.KBO)); diff != "" {
				t.Fatalf("after undo of r2 (-before r2 +got):\n%s", diff)
			}
			if counts.Removed != 10 || counts.Created != 0 || counts.Updated+counts.Unchanged != n {
				t.Errorf("undo counts %+v, want 10 removed and %d updated or unchanged", counts, n)
			}
			restore(t, s, e.KBO, "u1", "u2")
			if diff := cmp.Diff(second, stateOf(t, s, e.KBO)); diff != "" {
				t.Fatalf("after undo of the undo (-after r2 +got):\n%s", diff)
			}
			restore(t, s, e.KBO, "r1", "u3")
			if diff := cmp.Diff(empty, stateOf(t, s, e.KBO)); diff != "" {
				t.Fatalf("after undo of r1 (-before r1 +got):\n%s", diff)
			}
			v, err := s.FindCatalogueVersion(ctx, e.KBO, "r2")
			if err != nil {
				t.Fatal(err)
			}
			// Chunks hold at most 1,000 offerings or 1 MB of them.
			if v.Offerings != n || v.Chunks < (n*1040+(1<<20)-1)>>20 || v.Chunks > n/500+1 || v.Enterprise.Name != e.Name {
				t.Errorf("version r2 = %d offerings in %d chunks of %q, want %d in about %d of %q", v.Offerings, v.Chunks, v.Enterprise.Name, n, n*1040>>20+1, e.Name)
			}
		})
	}
}

// TestCatalogueVersionNotKept: no version for an upload that created the
// enterprise, one that failed, or an unknown ID.
func TestCatalogueVersionNotKept(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	e := testEnterprise(2)
	if _, err := replaceSaving(ctx, s, e, versionedCatalogue(e.KBO, 3, 1), "new"); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindCatalogueVersion(ctx, e.KBO, "new")
	wantCode(t, err, koppel.ENOTFOUND)
	failing := func(yield func(*koppel.Offering, error) bool) {
		for o, err := range versionedCatalogue(e.KBO, 3, 2) {
			if !yield(o, err) {
				return
			}
		}
		yield(nil, koppel.Errorf(koppel.EINVALID, "kapot"))
	}
	_, err = replaceSaving(ctx, s, e, failing, "failed")
	wantCode(t, err, koppel.EINVALID)
	_, err = s.FindCatalogueVersion(ctx, e.KBO, "failed")
	wantCode(t, err, koppel.ENOTFOUND)
	for _, err := range s.VersionOfferings(ctx, e.KBO, "nope") {
		wantCode(t, err, koppel.ENOTFOUND)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if n := countKeys(t, dir, "cv/"); n != 0 {
		t.Errorf("%d version keys left, want none", n)
	}
}

// countKeys counts the keys under prefix in the closed store in dir.
func countKeys(t *testing.T, dir, prefix string) int {
	t.Helper()
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := 0
	err = db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte(prefix)
		opts.PrefetchValues = false
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCatalogueVersionRetention keeps the newest KeepVersions, and every
// version younger than KeepVersionsFor, whichever keeps more.
func TestCatalogueVersionRetention(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts store.Options
		want []string
	}{
		{"count", store.Options{KeepVersions: 2, KeepVersionsFor: time.Nanosecond}, []string{"r5", "r4"}},
		{"age", store.Options{KeepVersions: 2}, []string{"r5", "r4", "r3", "r2", "r1"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := store.Open(dir, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			e := testEnterprise(3)
			if err := s.PutEnterprise(ctx, e); err != nil {
				t.Fatal(err)
			}
			for v := 1; v <= 5; v++ {
				if _, err := replaceSaving(ctx, s, testEnterprise(3), versionedCatalogue(e.KBO, 300, v), fmt.Sprintf("r%d", v)); err != nil {
					t.Fatal(err)
				}
			}
			list, err := s.CatalogueVersions(ctx, e.KBO)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			chunks := 0
			for _, v := range list {
				got = append(got, v.ID)
				chunks += v.Chunks
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("versions kept (-want +got):\n%s", diff)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if n, want := countKeys(t, dir, "cv/"), len(list)+chunks; n != want {
				t.Errorf("%d version keys on disk, want %d (the kept versions' meta and chunks)", n, want)
			}
		})
	}
}

// TestOpenDeletesOrphanVersions: chunks whose meta key was never written
// (a crash during an upload) go at Open; whole versions stay.
func TestOpenDeletesOrphanVersions(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	e := testEnterprise(4)
	if err := s.PutEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
	if _, err := replaceSaving(ctx, s, e, versionedCatalogue(e.KBO, 10, 1), "whole"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(txn *badger.Txn) error {
		for _, k := range []string{"cv/" + string(e.KBO) + "/crash/c/00000000", "cv/" + string(e.KBO) + "/crash/c/00000001", "cv/" + string(testKBO(9)) + "/x/c/00000000"} {
			if err := txn.Set([]byte(k), []byte("chunk")); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = db.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	s = mustOpenDir(t, dir)
	if _, err := s.FindCatalogueVersion(ctx, e.KBO, "whole"); err != nil {
		t.Errorf("the whole version: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if n := countKeys(t, dir, "cv/"); n != 1 {
		t.Errorf("%d version keys after reopen, want 1 (the meta of an empty catalogue)", n)
	}
}

// TestDeleteEnterpriseDeletesVersions: nothing of a deleted enterprise can
// be put back.
func TestDeleteEnterpriseDeletesVersions(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	e := testEnterprise(5)
	if err := s.PutEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
	for v := 1; v <= 2; v++ {
		if _, err := replaceSaving(ctx, s, e, versionedCatalogue(e.KBO, 20, v), fmt.Sprintf("r%d", v)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteEnterprise(ctx, e.KBO); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindCatalogueVersion(ctx, e.KBO, "r2")
	wantCode(t, err, koppel.ENOTFOUND)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if n := countKeys(t, dir, "cv/"); n != 0 {
		t.Errorf("%d version keys of a deleted enterprise, want none", n)
	}
}
