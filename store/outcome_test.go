package store_test

import (
	"context"
	"testing"

	"koppel"
)

func twoLotTender(id, notice, procedure string) *koppel.Tender {
	tn := testTender(id, notice)
	tn.Lots = append(tn.Lots, koppel.Lot{ID: "2", Title: "Perceel 2", CPV: []koppel.CPV{"77310000"}})
	tn.Source.Procedure = procedure
	return tn
}

func awarded(tender, lot string, kbo koppel.KBO) *koppel.Outcome {
	return &koppel.Outcome{TenderID: tender, LotID: lot, Result: koppel.OutcomeAwarded,
		Winners: []koppel.Winner{{KBO: kbo, Name: "Groep Intro"}}, Date: koppel.NewDate(2026, 7, 1), Value: 12000,
		Source: koppel.OutcomeSource{Kind: "form"}}
}

func TestOutcomeRecordAndClose(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	if err := s.PutTender(ctx, twoLotTender("T1", "N1", "")); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.PutOutcome(ctx, awarded("T1", "9", "0123456749")), koppel.ENOTFOUND)
	wantCode(t, s.PutOutcome(ctx, awarded("NOPE", "1", "0123456749")), koppel.ENOTFOUND)
	bad := awarded("T1", "1", "")
	bad.Winners = nil
	wantCode(t, s.PutOutcome(ctx, bad), koppel.EINVALID)

	if err := s.PutOutcome(ctx, awarded("T1", "1", "0123456749")); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindOutcome(ctx, "T1", "1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Winners[0].KBO != "0123456749" || got.Value != 12000 || got.RecordedAt.IsZero() {
		t.Errorf("got outcome %+v", got)
	}
	if tn, _ := s.FindTenderByID(ctx, "T1"); tn.Status != koppel.TenderPublished {
		t.Errorf("got status %s with one lot of two decided, want published", tn.Status)
	}
	won, err := s.FindOutcomesByWinner(ctx, "0123456749")
	if err != nil || len(won) != 1 || won[0].TenderID != "T1" {
		t.Fatalf("got won %v, %v; want T1", won, err)
	}

	no := &koppel.Outcome{TenderID: "T1", LotID: "2", Result: koppel.OutcomeNotAwarded, Reason: koppel.NoAwardNoTenders,
		Date: koppel.NewDate(2026, 7, 2), Source: koppel.OutcomeSource{Kind: "form"}}
	if err := s.PutOutcome(ctx, no); err != nil {
		t.Fatal(err)
	}
	if tn, _ := s.FindTenderByID(ctx, "T1"); tn.Status != koppel.TenderClosed {
		t.Errorf("got status %s with every lot decided, want closed", tn.Status)
	}

	// A new outcome replaces the old one and moves the winner index.
	if err := s.PutOutcome(ctx, awarded("T1", "1", "0202239951")); err != nil {
		t.Fatal(err)
	}
	if won, _ := s.FindOutcomesByWinner(ctx, "0123456749"); len(won) != 0 {
		t.Errorf("got %d won lots for the replaced winner, want 0", len(won))
	}
	if won, _ := s.FindOutcomesByWinner(ctx, "0202239951"); len(won) != 1 {
		t.Errorf("got %d won lots for the new winner, want 1", len(won))
	}
	list, err := s.FindOutcomesByTender(ctx, "T1")
	if err != nil || len(list) != 2 {
		t.Fatalf("got %d outcomes, %v; want 2", len(list), err)
	}

	// Deleting the tender deletes its outcomes (recorded on the form).
	if err := s.DeleteTender(ctx, "T1"); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.FindOutcomesByTender(ctx, "T1"); len(list) != 0 {
		t.Errorf("got %d outcomes after deleting the tender, want 0", len(list))
	}
	if won, _ := s.FindOutcomesByWinner(ctx, "0202239951"); len(won) != 0 {
		t.Errorf("got %d won lots after deleting the tender, want 0", len(won))
	}
}

func TestProcedureOutcomesInAnyOrder(t *testing.T) {
	notice := func(lot string) *koppel.Outcome {
		o := awarded("", lot, "0123456749")
		o.Source = koppel.OutcomeSource{Kind: "eforms", NoticeID: "CAN-1", Version: "01"}
		return o
	}
	for _, awardFirst := range []bool{true, false} {
		s := mustOpen(t)
		ctx := context.Background()
		put := func() {
			t.Helper()
			if err := s.PutTender(ctx, twoLotTender("T1", "CN-1", "proc/2026-1")); err != nil {
				t.Fatal(err)
			}
		}
		if !awardFirst {
			put()
		}
		tenders, pending, err := s.PutProcedureOutcomes(ctx, "proc/2026-1", []*koppel.Outcome{notice("1"), notice("2")})
		if err != nil {
			t.Fatal(err)
		}
		if awardFirst {
			if len(tenders) != 0 || pending != 2 {
				t.Fatalf("award first: got tenders %v and %d pending, want none and 2", tenders, pending)
			}
			if w, _ := s.PendingOutcomes(ctx, "proc/2026-1"); len(w) != 2 {
				t.Fatalf("got %d waiting outcomes, want 2", len(w))
			}
			put()
		} else if len(tenders) != 1 || pending != 0 {
			t.Fatalf("tender first: got tenders %v and %d pending, want [T1] and 0", tenders, pending)
		}
		tn, err := s.FindTenderByID(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		if tn.Status != koppel.TenderClosed {
			t.Errorf("award first %v: got status %s, want closed", awardFirst, tn.Status)
		}
		list, _ := s.FindOutcomesByTender(ctx, "T1")
		if len(list) != 2 || list[0].TenderID != "T1" || list[0].Procedure != "proc/2026-1" {
			t.Errorf("award first %v: got outcomes %+v", awardFirst, list)
		}
		if w, _ := s.PendingOutcomes(ctx, "proc/2026-1"); len(w) != 0 {
			t.Errorf("award first %v: got %d waiting outcomes after attaching, want 0", awardFirst, len(w))
		}
		// An older version of the notice does not replace a newer one.
		newer := notice("1")
		newer.Source.Version, newer.Value = "02", 99
		if _, _, err := s.PutProcedureOutcomes(ctx, "proc/2026-1", []*koppel.Outcome{newer}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.PutProcedureOutcomes(ctx, "proc/2026-1", []*koppel.Outcome{notice("1")}); err != nil {
			t.Fatal(err)
		}
		if o, _ := s.FindOutcome(ctx, "T1", "1"); o.Value != 99 {
			t.Errorf("got value %v after re-importing the older version, want 99 (version 02)", o.Value)
		}
		// Deleting the tender keeps the notice's outcomes waiting.
		if err := s.DeleteTender(ctx, "T1"); err != nil {
			t.Fatal(err)
		}
		if w, _ := s.PendingOutcomes(ctx, "proc/2026-1"); len(w) != 2 {
			t.Errorf("got %d waiting outcomes after deleting the tender, want 2", len(w))
		}
	}
}
