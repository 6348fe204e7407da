package ingest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"koppel"
	"koppel/ingest"
	"koppel/refdata"
)

// importAll imports the notices in order as an admin into a new store and
// returns the one tender stored, failing when there is not exactly one.
func importAll(t *testing.T, notices ...[]byte) (*koppel.Tender, []string) {
	t.Helper()
	ctx := context.Background()
	st := mustOpenStore(t)
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	var statuses []string
	for i, data := range notices {
		res, err := im.Tenders(ctx, st, ingest.TenderRequest{File: "n.xml", Data: data})
		if err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
		statuses = append(statuses, res.Tenders[0].Status)
	}
	list, n, err := st.FindTenders(ctx, koppel.TenderFilter{})
	if err != nil || n != 1 {
		t.Fatalf("%d tenders stored (%v), want 1", n, err)
	}
	for _, id := range list[0].Source.NoticeIDs() {
		if got, err := st.FindTenderByNotice(ctx, id); err != nil || got.ID != list[0].ID {
			t.Errorf("notice %s finds %v, %v; want tender %s", id, got, err, list[0].ID)
		}
	}
	return list[0], statuses
}

// comparable is the tender without what depends on the order of import:
// its ID (the first stored notice's) and timestamps.
func comparable(t *testing.T, tn *koppel.Tender) string {
	t.Helper()
	c := *tn
	c.ID, c.CreatedAt, c.UpdatedAt = "", time.Time{}, time.Time{}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestNoticeVersionsInAnyOrder(t *testing.T) {
	for _, tc := range []struct {
		name, original, change string
		status                 koppel.TenderStatus
	}{
		{"dates changed", "cn_24_open.xml", "change-cn_24_open_dates.xml", koppel.TenderPublished},
		{"cancelled", "cn_24_minimal.xml", "change-cn_24_void.xml", koppel.TenderClosed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			orig, change := readNotice(t, tc.original), readNotice(t, tc.change)
			inOrder, st1 := importAll(t, orig, change)
			reversed, st2 := importAll(t, change, orig)
			if a, b := comparable(t, inOrder), comparable(t, reversed); a != b {
				t.Errorf("original then change:\n%s\nchange then original:\n%s", a, b)
			}
			if st1[1] != "updated" || st2[1] != "older" {
				t.Errorf("statuses %v and %v, want [created updated] and [created older]", st1, st2)
			}
			if inOrder.Status != tc.status || len(inOrder.Source.Notices) != 1 {
				t.Errorf("status %s, source %+v; want %s from the change, superseding the original", inOrder.Status, inOrder.Source, tc.status)
			}
			// The original again, or a later re-import of both, changes nothing.
			again, _ := importAll(t, change, orig, orig, change, orig)
			if comparable(t, again) != comparable(t, inOrder) {
				t.Errorf("repeated imports changed the tender: %s", comparable(t, again))
			}
		})
	}
}

// TestNoticeChainInAnyOrder imports an original, its change and a change
// of that change (made from the SDK's change notice with a new notice ID)
// in every order: always one tender, the newest change's.
func TestNoticeChainInAnyOrder(t *testing.T) {
	orig := readNotice(t, "cn_24_open.xml")
	c1 := readNotice(t, "change-cn_24_open_dates.xml")
	c2 := bytes.Replace(c1, []byte("c4c415ee-ac08-4465-8fa6-57568cf69462-01"), []byte("71397268-6c47-4f2f-8ab0-f41a26138f81-01"), 1)
	c2 = bytes.Replace(c2, []byte(`notice-id">71397268-6c47-4f2f-8ab0-f41a26138f81`), []byte(`notice-id">0a1b2c3d-0000-4000-8000-000000000002`), 1)
	if bytes.Equal(c2, c1) {
		t.Fatal("the second change is not made")
	}
	n := [][]byte{orig, c1, c2}
	var want string
	for _, p := range [][3]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}} {
		got, _ := importAll(t, n[p[0]], n[p[1]], n[p[2]])
		if got.Source.NoticeID != "0a1b2c3d-0000-4000-8000-000000000002" {
			t.Errorf("order %v: stored notice %s, want the second change", p, got.Source.NoticeID)
		}
		c := comparable(t, got)
		if want == "" {
			want = c
		} else if c != want {
			t.Errorf("order %v: %s\nwant %s", p, c, want)
		}
	}
}

// TestBuyerNoticeIsDraft: a buyer's notice is its draft, under the
// notice's own buyer, until the buyer publishes it; a new version keeps it
// published; an admin's import publishes.
func TestBuyerNoticeIsDraft(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	byBuyer := func(name string) *koppel.Tender {
		t.Helper()
		// The SDK's buyer has no company number: give it Stad A's.
		data := bytes.Replace(readNotice(t, name), []byte("<cbc:CompanyID>not available<"), []byte("<cbc:CompanyID>0207.451.227<"), 1)
		res, err := im.Tenders(ctx, st, ingest.TenderRequest{File: name, Data: data, Owner: "Stad A", ByBuyer: true, BuyerID: "BE0207451227"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.FindTenderByID(ctx, res.Tenders[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := byBuyer("cn_24_open.xml")
	if got.Status != koppel.TenderDraft || got.Owner != "Stad A" || got.Buyer.Name == "Stad A" || got.Buyer.Name == "" {
		t.Fatalf("buyer's import: status %s, owner %q, buyer %q; want a draft of Stad A under the notice's buyer", got.Status, got.Owner, got.Buyer.Name)
	}
	if again := byBuyer("cn_24_open.xml"); again.Status != koppel.TenderDraft {
		t.Errorf("re-import of a draft: %s, want draft", again.Status)
	}
	got.Status = koppel.TenderPublished // the buyer publishes it
	if err := st.PutTender(ctx, got); err != nil {
		t.Fatal(err)
	}
	if changed := byBuyer("change-cn_24_open_dates.xml"); changed.Status != koppel.TenderPublished || changed.ID != got.ID {
		t.Errorf("change of a published tender: %s %s, want published %s", changed.ID, changed.Status, got.ID)
	}

	res, err := im.Tenders(ctx, st, ingest.TenderRequest{File: "cn_24_minimal.xml", Data: readNotice(t, "cn_24_minimal.xml")})
	if err != nil {
		t.Fatal(err)
	}
	if admin, err := st.FindTenderByID(ctx, res.Tenders[0].ID); err != nil || admin.Status != koppel.TenderPublished || admin.Owner != "" {
		t.Errorf("admin's import: %+v, %v; want published without owner", admin, err)
	}
}
