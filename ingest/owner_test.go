package ingest_test

import (
	"context"
	"strings"
	"testing"

	"koppel"
	"koppel/ingest"
	"koppel/refdata"
)

// TestTenderOwnership checks who may import what: a buyer only its own
// notices and under IDs of its own, the operator anything for anyone.
func TestTenderOwnership(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	notice := readNotice(t, "INVALID_change-cn_24_FRA_comments.xml") // buyer Rouen Habitat, 123 456 789

	// A buyer of another organisation is refused, naming only the notice's buyer.
	_, err := im.Tenders(ctx, st, ingest.TenderRequest{File: "n.xml", Data: notice, Owner: "Stad A", ByBuyer: true, BuyerID: "0207.451.227"})
	if koppel.ErrorCode(err) != koppel.EFORBIDDEN || !strings.Contains(koppel.ErrorMessage(err), "Rouen Habitat") {
		t.Errorf("a notice of another organisation: %v, want EFORBIDDEN naming its buyer", err)
	}
	// The operator (koppel import tenders --buyer) gives it to any account.
	res, err := im.Tenders(ctx, st, ingest.TenderRequest{File: "n.xml", Data: notice, Owner: "Stad A"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.FindTenderByID(ctx, res.Tenders[0].ID)
	if err != nil || got.Owner != "Stad A" {
		t.Fatalf("operator import: %+v, %v; want owned by Stad A", got, err)
	}
	// The notice's own buyer updates it; the owner the operator chose stays.
	res, err = im.Tenders(ctx, st, ingest.TenderRequest{File: "n.xml", Data: notice, Owner: "Rouen", ByBuyer: true, BuyerID: "123456789",
		MayReplace: func(t *koppel.Tender) bool { return t.Owner == "Rouen" }})
	if err != nil || res.Tenders[0].Status != "unchanged" {
		t.Errorf("the notice's buyer imports it again: %+v, %v", res, err)
	}

	// A buyer's spreadsheet IDs are its own; the operator's are the references.
	csv := "Opdracht;Aankoper;Titel opdracht;Perceel;Titel perceel;CPV-codes;Postcode\nGENT-1;Stad Gent;Onderhoud;1;Schoonmaak;90911200-8;9000\n"
	var ids []string
	for _, req := range []ingest.TenderRequest{
		{Owner: "Stad A", ByBuyer: true},
		{Owner: "Gemeente B", ByBuyer: true},
		{Owner: "Gemeente B"},
	} {
		req.File, req.Data = "o.csv", []byte(csv)
		res, err := im.Tenders(ctx, st, req)
		if err != nil || len(res.Tenders) != 1 || res.Tenders[0].Status != "created" {
			t.Fatalf("sheet import %+v: %+v, %v; want one created tender", req, res, err)
		}
		ids = append(ids, res.Tenders[0].ID)
		got, err := st.FindTenderByID(ctx, res.Tenders[0].ID)
		if want := map[bool]string{true: req.Owner, false: "Stad Gent"}[req.ByBuyer]; err != nil || got.Buyer.Name != want || got.Owner != req.Owner {
			t.Errorf("sheet tender of %+v: %+v, %v; want buyer %s, owner %s", req, got, err, want, req.Owner)
		}
	}
	if ids[0] == ids[1] || ids[2] != "gent-1" || !strings.HasSuffix(ids[0], "-gent-1") || !koppel.ValidTenderID(ids[0]) {
		t.Errorf("sheet ids %v; want two buyer ids of their own ending in -gent-1, then gent-1", ids)
	}
}
