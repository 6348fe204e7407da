package ingest_test

import (
	"context"
	"os"
	"strings"
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
	res, err := im.Tenders(ctx, st, ingest.TenderRequest{File: "n.xml", Data: data, Owner: "Stad A"})
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
	res, err = im.Tenders(ctx, st, ingest.TenderRequest{File: "n.xml", Data: data, Owner: "Stad A"})
	if err != nil || res.Tenders[0].Status != "updated" {
		t.Fatalf("re-import = %+v, %v; want updated", res, err)
	}
	if _, n, _ := st.FindTenders(ctx, koppel.TenderFilter{}); n != 1 {
		t.Errorf("%d tenders after a re-import, want 1", n)
	}
	// Someone else may not replace it.
	_, err = im.Tenders(ctx, st, ingest.TenderRequest{File: "n.xml", Data: data, Owner: "Gemeente B", MayReplace: func(t *koppel.Tender) bool { return t.Owner == "Gemeente B" }})
	if koppel.ErrorCode(err) != koppel.EFORBIDDEN {
		t.Errorf("replace by another buyer: %v, want EFORBIDDEN", err)
	}
	// An award notice is refused with its reason.
	_, err = im.Tenders(ctx, st, ingest.TenderRequest{File: "can.xml", Data: readNotice(t, "can_24_minimal.xml")})
	if koppel.ErrorCode(err) != koppel.EINVALID || !strings.Contains(koppel.ErrorMessage(err), "gegund") {
		t.Errorf("award notice: %v, want EINVALID saying it is an award", err)
	}
}
