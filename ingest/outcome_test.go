package ingest_test

import (
	"context"
	"testing"

	"koppel"
	"koppel/ingest"
	"koppel/refdata"
)

// TestAwardNoticeInAnyOrder imports the contract notice and the award
// notice of one procedure in both orders: either way the tender ends up
// closed with the outcomes of its lots, and the directory enterprise that
// won sees it among its won lots.
func TestAwardNoticeInAnyOrder(t *testing.T) {
	for _, awardFirst := range []bool{true, false} {
		ctx := context.Background()
		st := mustOpenStore(t)
		putEnterprise(t, st, "0123456749", koppel.Recognition{Form: koppel.Maatwerkbedrijf})
		putEnterprise(t, st, "0202239951", koppel.Recognition{Form: koppel.LokaleDiensteneconomie})
		im := &ingest.Importer{Ref: refdata.Load(), Store: st}
		cn := ingest.TenderRequest{File: "cn.xml", Data: readNotice(t, "cn_flemish_synthetic.xml")}
		can := ingest.TenderRequest{File: "can.xml", Data: readNotice(t, "can_flemish_synthetic.xml")}
		first, second := cn, can
		if awardFirst {
			first, second = can, cn
		}
		r1, err := im.Tenders(ctx, st, first)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := im.Tenders(ctx, st, second)
		if err != nil {
			t.Fatal(err)
		}
		award, tender := r1, r2
		if !awardFirst {
			award, tender = r2, r1
		}
		sum := award.Outcomes
		if sum == nil || sum.Kind != "uitslag geregistreerd" || sum.Lots != 3 || sum.Awarded != 2 || sum.NotAwarded != 1 || sum.SocialEconomy != 2 {
			t.Fatalf("award first %v: got summary %+v, want 3 lots, 2 awarded (both to the directory), 1 not", awardFirst, sum)
		}
		id := tender.Tenders[0].ID
		if awardFirst && (sum.Waiting != 3 || len(sum.Tenders) != 0 || len(award.Problems) == 0) {
			t.Errorf("award first: got %d waiting, tenders %v, problems %v; want 3 waiting with a warning", sum.Waiting, sum.Tenders, award.Problems)
		}
		if !awardFirst && (sum.Waiting != 0 || len(sum.Tenders) != 1 || sum.Tenders[0] != id) {
			t.Errorf("award second: got %d waiting, tenders %v; want 0 and [%s]", sum.Waiting, sum.Tenders, id)
		}
		tn, err := st.FindTenderByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if tn.Status != koppel.TenderClosed {
			t.Errorf("award first %v: got status %s, want closed", awardFirst, tn.Status)
		}
		list, err := st.FindOutcomesByTender(ctx, id)
		if err != nil || len(list) != 3 {
			t.Fatalf("award first %v: got %d outcomes, %v; want 3", awardFirst, len(list), err)
		}
		lot2 := list[1]
		if lot2.LotID != "LOT-0002" || len(lot2.Winners) != 2 || lot2.Winners[0].KBO != "" || lot2.Winners[1].KBO != "0202239951" {
			t.Errorf("LOT-0002: got winners %+v, want the outside group leader and the directory enterprise 0202239951", lot2.Winners)
		}
		won, err := st.FindOutcomesByWinner(ctx, "0123456749")
		if err != nil || len(won) != 1 || won[0].TenderID != id || won[0].LotID != "LOT-0001" || won[0].Value != 184000 {
			t.Errorf("award first %v: got won %+v, %v; want LOT-0001 of %s", awardFirst, won, err, id)
		}
	}
}

// TestAwardNoticeExamples imports real award notices of the eForms SDK:
// the one of cn_24_FRA_comments.xml closes it (after or before it), one
// without tenders waits as not awarded.
func TestAwardNoticeExamples(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	res, err := im.Tenders(ctx, st, ingest.TenderRequest{File: "can.xml", Data: readNotice(t, "can_24_FRA_comments.xml")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcomes == nil || res.Outcomes.Lots != 2 || res.Outcomes.Waiting != 2 || res.Outcomes.SocialEconomy != 0 {
		t.Fatalf("got %+v, want 2 outcomes waiting, none to the directory", res.Outcomes)
	}
	res, err = im.Tenders(ctx, st, ingest.TenderRequest{File: "cn.xml", Data: readNotice(t, "cn_24_FRA_comments.xml")})
	if err != nil {
		t.Fatal(err)
	}
	tn, err := st.FindTenderByID(ctx, res.Tenders[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if tn.Status != koppel.TenderClosed {
		t.Errorf("got status %s after its award notice, want closed", tn.Status)
	}
	o, err := st.FindOutcome(ctx, tn.ID, "LOT-0001")
	if err != nil || o.Winners[0].Name != "Espaces Verts Lemire" || o.Value != 95414 {
		t.Errorf("LOT-0001: got %+v, %v; want Espaces Verts Lemire for 95414", o, err)
	}

	res, err = im.Tenders(ctx, st, ingest.TenderRequest{File: "none.xml", Data: readNotice(t, "can_24_no_tenders.xml")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcomes.NotAwarded != 1 || res.Outcomes.Waiting != 1 {
		t.Errorf("got %+v, want one lot not awarded, waiting", res.Outcomes)
	}
	w, err := st.PendingOutcomes(ctx, res.Outcomes.Procedure)
	if err != nil || len(w) != 1 || w[0].Reason != koppel.NoAwardNoTenders {
		t.Errorf("got waiting %+v, %v; want one not awarded for lack of tenders", w, err)
	}
}
