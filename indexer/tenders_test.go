package indexer_test

import (
	"context"
	"slices"
	"testing"

	"koppel"
	"koppel/indexer"
	"koppel/refdata"
	"koppel/store"
)

// gatedStore holds an Apply in the middle of reindexing a catalogue until
// released, as a big import's Apply runs for seconds.
type gatedStore struct {
	*store.Store
	entered, release chan struct{}
}

func (g *gatedStore) ForEachOfferingOfEnterprise(ctx context.Context, kbo koppel.KBO, fn func(*koppel.Offering) error) error {
	g.entered <- struct{}{}
	<-g.release
	return g.Store.ForEachOfferingOfEnterprise(ctx, kbo, fn)
}

// TestApplyTendersDuringApply: a tender saved while an Apply reindexes a
// catalogue is indexed by ApplyTenders without waiting for that Apply, and
// the Apply leaves the index as it would have anyway.
func TestApplyTendersDuringApply(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	ix, err := indexer.OpenMem(refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	const kbo = koppel.KBO("0123456749")
	e := &koppel.Enterprise{KBO: kbo, Name: "Fictieve Poetsploeg"}
	if _, err := st.ReplaceCatalogue(ctx, e, offerings(kbo, "A", "B"), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	gated := &gatedStore{Store: st, entered: make(chan struct{}), release: make(chan struct{})}
	applied := make(chan error)
	go func() {
		_, err := ix.Apply(ctx, gated)
		applied <- err
	}()
	<-gated.entered // the Apply holds the writers' lock, mid-catalogue

	tender := &koppel.Tender{ID: "t2", Title: "Groenonderhoud", Buyer: koppel.Buyer{Name: "Stad A"}, Lots: []koppel.Lot{{ID: "1", Title: "Maaien"}}}
	if err := st.PutTender(ctx, tender); err != nil {
		t.Fatal(err)
	}
	if err := ix.ApplyTenders(ctx, st); err != nil {
		t.Fatal(err)
	}
	if got := indexedIDs(t, ix.Tenders()); !slices.Equal(got, []string{"t2"}) {
		t.Errorf("tenders indexed during the Apply: %v, want [t2]", got)
	}

	close(gated.release)
	if err := <-applied; err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Apply(ctx, st); err != nil { // the tender's entry, if the first Apply read the outbox before it
		t.Fatal(err)
	}
	if got := indexedIDs(t, ix.Tenders()); !slices.Equal(got, []string{"t2"}) {
		t.Errorf("tenders after the Apply: %v, want [t2]", got)
	}
	if seq, _ := ix.AppliedSeq(); seq != st.OutboxSeq() || st.OutboxLen() != 0 {
		t.Errorf("applied %d of %d, %d entries left; want all applied", seq, st.OutboxSeq(), st.OutboxLen())
	}

	// A deleted tender leaves the index the same way.
	if err := st.DeleteTender(ctx, "t2"); err != nil {
		t.Fatal(err)
	}
	if err := ix.ApplyTenders(ctx, st); err != nil {
		t.Fatal(err)
	}
	if got := indexedIDs(t, ix.Tenders()); len(got) != 0 {
		t.Errorf("tenders after delete: %v, want none", got)
	}
}
