package store_test

import (
	"context"
	"iter"
	"testing"

	"koppel"
	"koppel/store"
)

// TestSharedReads checks that shared reads decode once per stored version:
// the same value while nothing changed, the new one after a write, a
// catalogue replace or a deletion.
func TestSharedReads(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	e := testEnterprise(1)
	if err := s.PutEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := s.PutOffering(ctx, testOffering(e.KBO, "A")); err != nil {
		t.Fatal(err)
	}
	e1, err := s.SharedEnterprise(ctx, e.KBO)
	if err != nil {
		t.Fatal(err)
	}
	e2, err := s.SharedEnterprise(ctx, e.KBO)
	if err != nil {
		t.Fatal(err)
	}
	if e1 != e2 {
		t.Errorf("unchanged enterprise decoded twice")
	}
	o1, err := s.SharedOffering(ctx, e.KBO, "A")
	if err != nil {
		t.Fatal(err)
	}
	if o2, _ := s.SharedOffering(ctx, e.KBO, "A"); o2 != o1 {
		t.Errorf("unchanged offering decoded twice")
	}

	changed := *e
	changed.Name = "Nieuwe naam vzw"
	if err := s.PutEnterprise(ctx, &changed); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SharedEnterprise(ctx, e.KBO); err != nil || got.Name != changed.Name {
		t.Errorf("after a write: %v, %v", got, err)
	}
	o := testOffering(e.KBO, "A")
	o.Title = "Andere titel"
	if err := s.PutOffering(ctx, o); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SharedOffering(ctx, e.KBO, "A"); err != nil || got.Title != o.Title {
		t.Errorf("after a write: %v, %v", got, err)
	}

	// A catalogue replace moves the offerings to another generation.
	b := testOffering(e.KBO, "B")
	_, err = s.ReplaceCatalogue(ctx, &changed, seqOf(b), store.ModeReplace)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SharedOffering(ctx, e.KBO, "A"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("replaced offering: %v, want ENOTFOUND", err)
	}
	if got, err := s.SharedOffering(ctx, e.KBO, "B"); err != nil || got.Title != b.Title {
		t.Errorf("new offering: %v, %v", got, err)
	}
	// A small change is applied in place, in the same generation.
	b2 := testOffering(e.KBO, "B")
	b2.Title = "Nog een andere titel"
	if _, err = s.ReplaceCatalogue(ctx, &changed, seqOf(b2), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SharedOffering(ctx, e.KBO, "B"); err != nil || got.Title != b2.Title {
		t.Errorf("offering changed in place: %v, %v", got, err)
	}

	// A page of hits in one read: those not found are nil.
	offs, ents, err := s.SharedOfferings(ctx, []string{string(e.KBO) + "/B", string(e.KBO) + "/A", "0000000097/X", "no key"})
	if err != nil {
		t.Fatal(err)
	}
	if len(offs) != 4 || len(ents) != 4 || offs[0] == nil || offs[0].Title != b2.Title || ents[0] == nil || ents[0].Name != changed.Name {
		t.Fatalf("page of hits: %v, %v", offs, ents)
	}
	for i := 1; i < 4; i++ {
		if offs[i] != nil || ents[i] != nil {
			t.Errorf("key %d: %v, %v, want nothing", i, offs[i], ents[i])
		}
	}
}

func seqOf(os ...*koppel.Offering) iter.Seq2[*koppel.Offering, error] {
	return func(yield func(*koppel.Offering, error) bool) {
		for _, o := range os {
			if !yield(o, nil) {
				return
			}
		}
	}
}
