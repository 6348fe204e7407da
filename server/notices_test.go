package server_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/server"
)

// noticeZip is a zip of example notices: the Flemish contract notice, a
// prior information notice Koppel does not keep and an XML bomb.
func noticeZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"cn_flemish_synthetic.xml", "pin-rtl_24.xml"} {
		b, err := os.ReadFile("../importers/eforms/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create("dag/" + name)
		w.Write(b)
	}
	w, _ := zw.Create("dag/bom.xml")
	w.Write([]byte(`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "bbbbbbbb">]><a>&b;&b;</a>`))
	zw.Close()
	return buf.Bytes()
}

// TestNoticePackageUpload: an admin uploads a package and gets the
// report's ID at once; the report, read while and after it runs, counts
// the notices; only admins may upload.
func TestNoticePackageUpload(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	pkg := noticeZip(t)
	if resp, body := upload(t, f, "buyerA", "/api/v1/admin/notices", "dag.zip", pkg); resp.StatusCode != http.StatusForbidden {
		t.Errorf("buyer upload = %d %s, want 403", resp.StatusCode, body)
	}
	resp, body := upload(t, f, "admin", "/api/v1/admin/notices?nuts=BE2", "dag.zip", pkg)
	var rep koppel.NoticeReport
	if err := json.Unmarshal([]byte(body), &rep); err != nil || resp.StatusCode != http.StatusAccepted || rep.ID == "" || resp.Header.Get("Location") != "/api/v1/admin/notices/"+rep.ID {
		t.Fatalf("upload = %d %s", resp.StatusCode, body)
	}
	// Read the report until the import ends (it runs in the background).
	for i := 0; rep.Status == "running" && i < 1000; i++ {
		time.Sleep(10 * time.Millisecond)
		resp, body = f.do(t, "admin", "GET", "/api/v1/admin/notices/"+rep.ID, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("report = %d %s", resp.StatusCode, body)
		}
		rep = koppel.NoticeReport{}
		json.Unmarshal([]byte(body), &rep)
	}
	if rep.Status != "done" || rep.File != "dag.zip" || rep.Origin != "upload" || rep.Files != 3 || rep.Results["created"] != 1 || rep.Imported()+rep.Refused != 3 {
		t.Errorf("report = %+v, want done, 3 files, the Flemish notice created", rep)
	}
	if n := len(rep.Reasons); n != 2 || !strings.Contains(body, "dag/bom.xml") {
		t.Errorf("refusals %+v, want the prior information notice's and the bomb's", rep.Reasons)
	}
	resp, body = f.do(t, "admin", "GET", "/api/v1/admin/notices", "", "")
	if resp.StatusCode != 200 || !strings.Contains(body, rep.ID) {
		t.Errorf("list = %d %s", resp.StatusCode, body)
	}
	resp, body = f.do(t, "admin", "GET", "/beheer/aankondigingen", "", "")
	if resp.StatusCode != 200 || !strings.Contains(body, "dag.zip") || !strings.Contains(body, "1 nieuw") || !strings.Contains(body, "dag/bom.xml") {
		t.Errorf("admin page = %d %s", resp.StatusCode, body)
	}
	if resp, body := f.do(t, "admin", "POST", "/api/v1/admin/notices?nuts=Vlaanderen", "application/zip", string(pkg)); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("nuts=Vlaanderen = %d %s, want 400", resp.StatusCode, body)
	}
	if resp, body := f.do(t, "admin", "GET", "/api/v1/admin/notices/20260101-0000000000000000", "", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown report = %d %s, want 404", resp.StatusCode, body)
	}
}

// TestNoticePackageTooLarge: a package over MaxPackageBytes is refused
// before it is read.
func TestNoticePackageTooLarge(t *testing.T) {
	f := newFixture(t, server.RateLimits{}, func(s *server.Server) { s.MaxPackageBytes = 1000 })
	if resp, body := f.do(t, "admin", "POST", "/api/v1/admin/notices", "application/zip", string(noticeZip(t))); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("large package = %d %s, want 413", resp.StatusCode, body)
	}
}

// TestSocialSignalsShown: a notice whose texts ask for social commitments
// shows its lot as "mogelijk sociaal" with the words found, on the tender
// page and in the API.
func TestSocialSignalsShown(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	b, err := os.ReadFile("../importers/eforms/testdata/cn_flemish_synthetic.xml")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := upload(t, f, "admin", "/api/v1/tenders/import", "gent.xml", b)
	var res struct{ Tenders []struct{ ID string } }
	if err := json.Unmarshal([]byte(body), &res); err != nil || resp.StatusCode != http.StatusCreated || len(res.Tenders) != 1 {
		t.Fatalf("import = %d %s", resp.StatusCode, body)
	}
	id := res.Tenders[0].ID
	resp, body = f.do(t, "", "GET", "/api/v1/tenders/"+id, "", "")
	var tn koppel.Tender
	json.Unmarshal([]byte(body), &tn)
	if resp.StatusCode != 200 || len(tn.Lots) == 0 || !strings.Contains(strings.Join(tn.Lots[0].SocialSignals, "|"), "doelgroepwerknemers") || len(tn.Lots[1].SocialSignals) != 0 {
		t.Errorf("API: %d, lots %+v", resp.StatusCode, tn.Lots)
	}
	resp, body = f.do(t, "", "GET", "/opdrachten/"+id, "", "")
	if resp.StatusCode != 200 || strings.Count(body, "Mogelijk sociaal") != 1 || !strings.Contains(body, `<span translate="no"><q>doelgroepwerknemers</q></span>`) {
		t.Errorf("tender page = %d, want one lot marked with its words:\n%s", resp.StatusCode, body)
	}
}
