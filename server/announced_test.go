package server_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"koppel"
	"koppel/ingest"
	"koppel/server"
)

// TestAnnouncedPIN: a prior information notice announcing a reserved lot
// (the SDK's pin-rtl_81) is imported as announced, listed in the tender
// search's default with the badge "aangekondigd", and its page says so.
func TestAnnouncedPIN(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	data, err := os.ReadFile("../importers/eforms/testdata/pin-rtl_81.xml")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := f.do(t, "admin", "POST", "/api/v1/tenders/import", "application/xml", string(data))
	if resp.StatusCode != 201 {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}
	var res ingest.TenderResult
	if err := json.Unmarshal([]byte(body), &res); err != nil || len(res.Tenders) != 1 {
		t.Fatalf("import answer %s: %v", body, err)
	}
	id := res.Tenders[0].ID
	f.sync(t)
	var found bool
	for _, h := range f.tenderSearch(t, "anonymous", "").Hits {
		if h.Tender.ID == id {
			found = h.Tender.Status == koppel.TenderAnnounced
		}
	}
	if !found {
		t.Errorf("tender %s not in the default search as announced", id)
	}
	for _, h := range f.tenderSearch(t, "anonymous", "status=published").Hits {
		if h.Tender.ID == id {
			t.Errorf("the announced tender is among the published ones")
		}
	}
	_, page := f.do(t, "anonymous", "GET", "/opdrachten/"+id, "", "")
	if !strings.Contains(page, "<strong>aangekondigd</strong>") {
		t.Errorf("tender page does not say aangekondigd")
	}
	_, list := f.do(t, "anonymous", "GET", "/opdrachten", "", "")
	if !strings.Contains(list, `<span class="badge">aangekondigd</span>`) {
		t.Errorf("tender list has no badge aangekondigd")
	}
}

// TestImportedNoticeIsAnnounced: a published tender uploaded as an eForms
// notice is announced to the alerts once, as a tender saved on the web;
// the same notice again and an announced PIN are not.
func TestImportedNoticeIsAnnounced(t *testing.T) {
	ev := &eventRecorder{}
	f := newFixture(t, server.RateLimits{}, func(s *server.Server) { s.Notifier = ev })
	var ids []string
	for _, file := range []string{"cn_flemish_synthetic.xml", "cn_flemish_synthetic.xml", "pin-rtl_81.xml"} {
		data, err := os.ReadFile("../importers/eforms/testdata/" + file)
		if err != nil {
			t.Fatal(err)
		}
		resp, body := f.do(t, "admin", "POST", "/api/v1/tenders/import", "application/xml", string(data))
		if resp.StatusCode != 201 {
			t.Fatalf("import %s: %d %s", file, resp.StatusCode, body)
		}
		var res ingest.TenderResult
		if err := json.Unmarshal([]byte(body), &res); err != nil || len(res.Tenders) != 1 {
			t.Fatalf("import answer %s: %v", body, err)
		}
		ids = append(ids, res.Tenders[0].ID)
	}
	if got := ev.list(); len(got) != 1 || got[0].Kind != koppel.EventTenderPublished || got[0].Key != "tender_published/"+ids[0] {
		t.Errorf("events %+v, want one tender_published for %s", got, ids[0])
	}
}
