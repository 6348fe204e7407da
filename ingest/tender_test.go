package ingest_test

import (
	"context"
	"os"
	"testing"

	"koppel"
	"koppel/ingest"
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

func readNotice(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../importers/eforms/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTenderNoticeImport(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	data := readNotice(t, "INVALID_change-cn_24_FRA_comments.xml")
	res, err := im.Tenders(ctx, st, ingest.TenderRequest{File: "n.xml", Data: data, Owner: "Stad A", ByBuyer: true, BuyerID: "123 456 789"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tenders) != 1 || res.Tenders[0].Status != "created" {
		t.Fatalf("first import = %+v, want one created tender", res.Tenders)
	}
	got, err := st.FindTenderByID(ctx, res.Tenders[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var reserved bool
	for _, l := range got.Lots {
		for _, c := range l.Clauses {
			reserved = reserved || c.Kind == koppel.ClauseReservedWS
		}
	}
	if !reserved || got.Owner != "Stad A" {
		t.Errorf("stored tender: owner %q, reserved lot %v; want Stad A and a res-ws lot", got.Owner, reserved)
	}

	// The same notice again updates it, never duplicates it.
	res, err = im.Tenders(ctx, st, ingest.TenderRequest{File: "n.xml", Data: data, Owner: "Stad A", ByBuyer: true, BuyerID: "123 456 789"})
	if err != nil || res.Tenders[0].Status != "unchanged" {
		t.Fatalf("re-import = %+v, %v; want unchanged", res, err)
	}
	if _, n, _ := st.FindTenders(ctx, koppel.TenderFilter{}); n != 1 {
		t.Errorf("%d tenders after a re-import, want 1", n)
	}
	// Someone else may not replace it.
	_, err = im.Tenders(ctx, st, ingest.TenderRequest{File: "n.xml", Data: data, Owner: "Gemeente B", ByBuyer: true, MayReplace: func(t *koppel.Tender) bool { return t.Owner == "Gemeente B" }})
	if koppel.ErrorCode(err) != koppel.EFORBIDDEN {
		t.Errorf("replace by another buyer: %v, want EFORBIDDEN", err)
	}
	// A buyer cannot import another buyer's award notice.
	_, err = im.Tenders(ctx, st, ingest.TenderRequest{File: "can.xml", Data: readNotice(t, "can_24_minimal.xml"), Owner: "Stad A", ByBuyer: true, BuyerID: "0207.451.227"})
	if koppel.ErrorCode(err) != koppel.EFORBIDDEN {
		t.Errorf("another buyer's award notice: %v, want EFORBIDDEN", err)
	}
}

func TestTenderSpreadsheetImport(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	csv := "Opdracht;Aankoper;Titel opdracht;Perceel;Titel perceel;CPV-codes;Postcode;Sociale clausule\n" +
		"GENT-2027-01;Stad Gent;Onderhoud scholen;1;Schoonmaak;90911200-8;9000;voorbehouden\n" +
		"GENT-2027-01;Stad Gent;Onderhoud scholen;2;Groenonderhoud;77310000;9000;gunningscriterium 15%\n" +
		"GENT-2027-02;Stad Gent;Fietspunt;1;Fietsherstelling;123;9000;\n"
	res, err := im.Tenders(ctx, st, ingest.TenderRequest{File: "opdrachten.csv", Data: []byte(csv), Owner: "Stad Gent"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tenders) != 1 || res.Tenders[0].Lots != 2 || len(res.Problems) == 0 || res.Problems[0].Row != 4 {
		t.Fatalf("result = %+v; want one tender with 2 lots and a problem on row 4", res)
	}
	got, err := st.FindTenderByID(ctx, res.Tenders[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Owner != "Stad Gent" || got.Lots[0].Clauses[0].Kind != koppel.ClauseReservedWS || got.Lots[1].Clauses[0].Weight != 15 {
		t.Errorf("stored tender %+v, want owner, res-ws on lot 1 and a 15%% award criterion on lot 2", got)
	}
	// The same file again updates the tender.
	res, err = im.Tenders(ctx, st, ingest.TenderRequest{File: "opdrachten.csv", Data: []byte(csv), Owner: "Stad Gent"})
	if err != nil || res.Tenders[0].Status != "unchanged" {
		t.Errorf("re-import = %+v, %v; want unchanged", res, err)
	}
}
