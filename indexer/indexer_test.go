package indexer_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"koppel"
	"koppel/indexer"
	"koppel/refdata"
	"koppel/store"
)

func mustOpenStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func offerings(kbo koppel.KBO, ids ...string) func(func(*koppel.Offering, error) bool) {
	return func(yield func(*koppel.Offering, error) bool) {
		for _, id := range ids {
			if !yield(&koppel.Offering{ID: id, Enterprise: kbo, Title: "Poetsdienst " + id, Category: "schoonmaak", CPV: []koppel.CPV{"90911200"}}, nil) {
				return
			}
		}
	}
}

// indexedIDs returns the IDs of all documents in idx.
func indexedIDs(t *testing.T, idx bleve.Index) []string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1000, 0, false)
	res, err := idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestApplyOutbox(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := indexer.Open(dir, refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	const kbo = koppel.KBO("0123456749")
	e := &koppel.Enterprise{KBO: kbo, Name: "Fictieve Poetsploeg"}
	if _, err := st.ReplaceCatalogue(ctx, e, offerings(kbo, "A", "B", "C"), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	tender := &koppel.Tender{ID: "t1", Title: "Schoonmaak school", Buyer: koppel.Buyer{Name: "School"}, Lots: []koppel.Lot{{ID: "1", Title: "Poetsen"}}}
	if err := st.PutTender(ctx, tender); err != nil {
		t.Fatal(err)
	}
	if n, err := ix.Apply(ctx, st); err != nil || n == 0 {
		t.Fatalf("Apply = %d, %v; want some entries applied", n, err)
	}
	if got, want := indexedIDs(t, ix.Offerings()), []string{"0123456749/A", "0123456749/B", "0123456749/C"}; !slices.Equal(got, want) {
		t.Errorf("offerings indexed %v, want %v", got, want)
	}
	if st.OutboxLen() != 0 {
		t.Errorf("outbox length after Apply = %d, want 0", st.OutboxLen())
	}

	// A replaced catalogue removes the offerings that disappeared, and a
	// deleted tender leaves the index.
	if _, err := st.ReplaceCatalogue(ctx, e, offerings(kbo, "B", "D"), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteTender(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Apply(ctx, st); err != nil {
		t.Fatal(err)
	}
	if got, want := indexedIDs(t, ix.Offerings()), []string{"0123456749/B", "0123456749/D"}; !slices.Equal(got, want) {
		t.Errorf("offerings after replace %v, want %v", got, want)
	}
	if got := indexedIDs(t, ix.Tenders()); len(got) != 0 {
		t.Errorf("tenders after delete %v, want none", got)
	}

	// The applied sequence survives a reopen: nothing is applied twice.
	seq, err := ix.AppliedSeq()
	if err != nil || seq != st.OutboxSeq() {
		t.Fatalf("AppliedSeq = %d, %v; want the store's %d", seq, err, st.OutboxSeq())
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = indexer.Open(dir, refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got, _ := ix.AppliedSeq(); got != seq {
		t.Errorf("AppliedSeq after reopen = %d, want %d", got, seq)
	}
}

func TestRebuild(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	const kbo = koppel.KBO("0123456749")
	if _, err := st.ReplaceCatalogue(ctx, &koppel.Enterprise{KBO: kbo, Name: "X"}, offerings(kbo, "A", "B"), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	ix, err := indexer.OpenMem(refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Rebuild(ctx, st); err != nil {
		t.Fatal(err)
	}
	if got, want := indexedIDs(t, ix.Offerings()), []string{"0123456749/A", "0123456749/B"}; !slices.Equal(got, want) {
		t.Errorf("rebuilt offerings %v, want %v", got, want)
	}
	if seq, _ := ix.AppliedSeq(); seq != st.OutboxSeq() {
		t.Errorf("AppliedSeq = %d, want %d", seq, st.OutboxSeq())
	}
}

func TestOpenLocked(t *testing.T) {
	dir := t.TempDir()
	ix, err := indexer.Open(dir, refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := indexer.Open(dir, refdata.Load()); koppel.ErrorCode(err) != koppel.ELOCKED {
		t.Errorf("second Open: %v (code %s), want ELOCKED", err, koppel.ErrorCode(err))
	}
}
