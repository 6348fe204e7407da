package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/store"
)

// TestReplaceCatalogueRefusesRemovingAll checks that a replace that would
// leave no offering is refused without AllowEmpty, before anything is
// committed: the offerings, the outbox and the next upload are as if it
// never happened.
func TestReplaceCatalogueRefusesRemovingAll(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := mustOpenDir(t, dir)
	e := testEnterprise(1)
	if _, err := s.ReplaceCatalogue(ctx, e, offeringSeq(testOffering(e.KBO, "a"), testOffering(e.KBO, "b"), testOffering(e.KBO, "c")), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	before := offeringIDs(t, s, e.KBO)
	seq := s.OutboxSeq()

	_, err := s.ReplaceCatalogueWith(ctx, e, offeringSeq(), store.CatalogueOptions{Mode: store.ModeReplace})
	if koppel.ErrorCode(err) != koppel.ECONFLICT || !errors.Is(err, store.ErrRemovesAll) {
		t.Fatalf("got error %v (code %q), want conflict with ErrRemovesAll", err, koppel.ErrorCode(err))
	}
	if msg := koppel.ErrorMessage(err); msg != "deze upload zou alle 3 diensten van onderneming "+e.KBO.String()+" verwijderen en geen enkele overlaten" {
		t.Errorf("got message %q, want the Dutch message with the count", msg)
	}
	if diff := cmp.Diff(before, offeringIDs(t, s, e.KBO)); diff != "" {
		t.Errorf("catalogue changed by a refused upload (-before +after):\n%s", diff)
	}
	if got := pending(t, s, seq); len(got) != 0 {
		t.Errorf("a refused upload queued index changes: %+v", got)
	}

	// Check sees the counts and can stop the upload before it commits.
	stop := koppel.Errorf(koppel.ECONFLICT, "te veel")
	var seen store.CatalogueCounts
	_, err = s.ReplaceCatalogueWith(ctx, e, offeringSeq(testOffering(e.KBO, "a")), store.CatalogueOptions{Check: func(c store.CatalogueCounts) error {
		seen = c
		return stop
	}})
	if !errors.Is(err, stop) || seen != (store.CatalogueCounts{Unchanged: 1, Removed: 2}) {
		t.Errorf("check saw %+v and the upload returned %v, want 1 unchanged, 2 removed and the check's error", seen, err)
	}
	if diff := cmp.Diff(before, offeringIDs(t, s, e.KBO)); diff != "" {
		t.Errorf("catalogue changed by an upload its check stopped (-before +after):\n%s", diff)
	}

	// A replace that keeps a rejected row's offering leaves one: allowed.
	res, err := s.ReplaceCatalogueWith(ctx, e, offeringSeq(), store.CatalogueOptions{Mode: store.ModeReplace, Keep: func(id string) bool { return id == "b" }})
	if err != nil {
		t.Fatal(err)
	}
	want := store.CatalogueResult{CatalogueCounts: store.CatalogueCounts{Removed: 2}, RemovedOfferings: []koppel.RemovedOffering{
		{ID: "a", Title: "Schoonmaak van schoolgebouwen a"}, {ID: "c", Title: "Schoonmaak van schoolgebouwen c"},
	}}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("replace keeping b (-want +got):\n%s", diff)
	}
	// Merge never removes; with AllowEmpty the last one goes.
	if _, err := s.ReplaceCatalogueWith(ctx, e, offeringSeq(), store.CatalogueOptions{Mode: store.ModeMerge}); err != nil {
		t.Errorf("empty merge: %v", err)
	}
	if _, err := s.ReplaceCatalogueWith(ctx, e, offeringSeq(), store.CatalogueOptions{Mode: store.ModeReplace}); !errors.Is(err, store.ErrRemovesAll) {
		t.Errorf("emptying replace: got %v, want ErrRemovesAll", err)
	}
	res, err = s.ReplaceCatalogueWith(ctx, e, offeringSeq(), store.CatalogueOptions{Mode: store.ModeReplace, AllowEmpty: true})
	if err != nil || res.Removed != 1 {
		t.Fatalf("emptying replace with AllowEmpty: %+v, %v; want 1 removed", res, err)
	}
	// An empty catalogue may be replaced by an empty file: nothing to lose.
	if _, err := s.ReplaceCatalogueWith(ctx, e, offeringSeq(), store.CatalogueOptions{}); err != nil {
		t.Errorf("empty upload on an empty catalogue: %v", err)
	}

	// The refused attempt left no generation behind for Open to clean up.
	s.Close()
	s = mustOpenDir(t, dir)
	if got := offeringIDs(t, s, e.KBO); len(got) != 0 {
		t.Errorf("after reopening got %v, want an empty catalogue", got)
	}
}

// TestReplaceCatalogueListsRemoved checks that the removed offerings are
// named in ID order, capped at koppel.MaxRemovedListed while the count is
// complete, both for changes applied in place and for a new generation.
func TestReplaceCatalogueListsRemoved(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	e := testEnterprise(2)
	n := koppel.MaxRemovedListed + 7
	var all []*koppel.Offering
	for i := range n {
		all = append(all, testOffering(e.KBO, fmt.Sprintf("o%03d", i)))
	}
	if _, err := s.ReplaceCatalogue(ctx, e, offeringSeq(all...), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	res, err := s.ReplaceCatalogueWith(ctx, e, offeringSeq(all[0]), store.CatalogueOptions{Mode: store.ModeReplace})
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != n-1 || len(res.RemovedOfferings) != koppel.MaxRemovedListed {
		t.Fatalf("got %d removed, %d listed; want %d and %d", res.Removed, len(res.RemovedOfferings), n-1, koppel.MaxRemovedListed)
	}
	for i, r := range res.RemovedOfferings {
		if want := all[i+1]; r.ID != want.ID || r.Title != want.Title {
			t.Errorf("removed[%d] = %+v, want %s %q", i, r, want.ID, want.Title)
		}
	}
}
