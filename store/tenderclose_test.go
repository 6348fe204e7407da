package store_test

import (
	"context"
	"testing"

	"koppel"
)

func TestCloseExpiredTenders(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	today := koppel.NewDate(2026, 3, 12)
	for _, tn := range []*koppel.Tender{
		{ID: "past", Status: koppel.TenderPublished, Deadline: koppel.NewDate(2026, 3, 11)},
		{ID: "today", Status: koppel.TenderPublished, Deadline: today},
		{ID: "none", Status: koppel.TenderPublished},
		{ID: "draft", Status: koppel.TenderDraft, Deadline: koppel.NewDate(2025, 1, 1)},
	} {
		tn.Title, tn.Buyer.Name, tn.Lots = "Opdracht "+tn.ID, "Stad A", []koppel.Lot{{ID: "1", Title: "Poetsen"}}
		if err := st.PutTender(ctx, tn); err != nil {
			t.Fatal(err)
		}
	}
	before := st.OutboxSeq()
	n, err := st.CloseExpiredTenders(ctx, today)
	if err != nil || n != 1 {
		t.Fatalf("closed %d (%v), want 1", n, err)
	}
	want := map[string]koppel.TenderStatus{"past": koppel.TenderClosed, "today": koppel.TenderPublished, "none": koppel.TenderPublished, "draft": koppel.TenderDraft}
	for id, st0 := range want {
		got, err := st.FindTenderByID(ctx, id)
		if err != nil || got.Status != st0 {
			t.Errorf("%s: %v %v, want %s", id, got.Status, err, st0)
		}
	}
	if after := st.OutboxSeq(); after != before+1 {
		t.Errorf("outbox %d → %d: want one change queued for the index", before, after)
	}
	if n, err := st.CloseExpiredTenders(ctx, today); err != nil || n != 0 {
		t.Errorf("second run closed %d (%v), want 0", n, err)
	}
}
