package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/server"
	"koppel/store"
)

// postForm sends a multipart form with fields and, when data is not nil, a
// file.
func postForm(t *testing.T, f *fixture, identity, path string, fields map[string]string, name string, data []byte) (int, *goquery.Document) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if data != nil {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
	}
	mw.Close()
	resp, page := f.do(t, identity, "POST", path, mw.FormDataContentType(), body.String())
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, doc
}

// catalogueOf returns enterprise kbo's offerings as "code:title".
func catalogueOf(t *testing.T, f *fixture, kbo koppel.KBO) []string {
	t.Helper()
	list, err := f.st.FindOfferingsByEnterprise(context.Background(), kbo)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, o := range list {
		out = append(out, o.ID+":"+o.Title)
	}
	return out
}

// putCatalogue gives enterprise A n offerings A00, A01, ….
func putCatalogue(t *testing.T, f *fixture, n int) []string {
	t.Helper()
	ctx := context.Background()
	e, err := f.st.FindEnterpriseByKBO(ctx, kboA)
	if err != nil {
		t.Fatal(err)
	}
	seq := func(yield func(*koppel.Offering, error) bool) {
		for i := range n {
			o := &koppel.Offering{ID: fmt.Sprintf("A%02d", i), Title: fmt.Sprintf("Bestaande dienst %d", i), Category: "schoonmaak"}
			if !yield(o, nil) {
				return
			}
		}
	}
	if _, err := f.st.ReplaceCatalogue(ctx, e, seq, store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	return catalogueOf(t, f, kboA)
}

// TestSupplierPageReplacePreview walks the Mijn aanbod page: the default
// adds, a replace is first a preview that names what would go and keeps the
// file, Annuleren leaves the catalogue, Doorgaan applies exactly that file,
// and nobody else can confirm someone's preview.
func TestSupplierPageReplacePreview(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	before := putCatalogue(t, f, koppel.MaxRemovedListed+3)
	csv := []byte("Code;Dienst;Categorie\nN1;Nieuwe dienst;Schoonmaak\n")

	// The default adds and updates.
	status, doc := postForm(t, f, "supplierA", "/mijn-aanbod", nil, "nieuw.csv", csv)
	if counts := doc.Find("p.counts").Text(); status != 200 || !strings.Contains(counts, "1 nieuw") || !strings.Contains(counts, "0 verwijderd") {
		t.Fatalf("default upload: %d %q, want 1 new and 0 removed", status, counts)
	}
	if doc.Find("p.counts strong.removed").Length() != 1 || doc.Find("p.counts strong.warn").Length() != 0 {
		t.Errorf("the removed count is not bold, or warns at 0")
	}
	withNew := catalogueOf(t, f, kboA)
	if len(withNew) != len(before)+1 {
		t.Fatalf("after the default upload %d offerings, want %d", len(withNew), len(before)+1)
	}

	// Replace: a preview, nothing changed.
	preview := func() string {
		t.Helper()
		status, doc := postForm(t, f, "supplierA", "/mijn-aanbod", map[string]string{"mode": "replace"}, "nieuw.csv", csv)
		if status != 200 {
			t.Fatalf("replace preview: status %d", status)
		}
		n := len(before)
		if q := doc.Find("p.question").Text(); q != fmt.Sprintf("%d diensten worden verwijderd — doorgaan?", n) {
			t.Errorf("question %q", q)
		}
		if doc.Find("p.counts strong.removed.warn").Length() != 1 {
			t.Errorf("the removed count does not warn")
		}
		rows := doc.Find("table.removed-list tbody tr")
		if rows.Length() != koppel.MaxRemovedListed || rows.First().Text() != "A00Bestaande dienst 0" {
			t.Errorf("removed list: %d rows, first %q", rows.Length(), rows.First().Text())
		}
		if more := doc.Find("p.more").Text(); more != "en 3 meer" {
			t.Errorf("got %q, want en 3 meer", more)
		}
		if doc.Find("form.confirm button#doorgaan").Length() != 1 || doc.Find("form.confirm button#annuleren").Length() != 1 {
			t.Errorf("no Doorgaan/Annuleren buttons")
		}
		id, _ := doc.Find("form.confirm input[name=upload]").Attr("value")
		if len(id) < 20 {
			t.Fatalf("upload ID %q, want an unguessable one", id)
		}
		if diff := cmp.Diff(withNew, catalogueOf(t, f, kboA)); diff != "" {
			t.Fatalf("the preview changed the catalogue:\n%s", diff)
		}
		return id
	}
	id := preview()

	// Nobody else may answer it.
	for _, tt := range []struct{ who, path, id string }{
		{"supplierB", "/mijn-aanbod/bevestigen", id},
		{"admin", "/mijn-aanbod/bevestigen?kbo=" + string(kboA), id},
		{"supplierA", "/mijn-aanbod/bevestigen", id[:len(id)-1] + "x"},
		{"supplierA", "/mijn-aanbod/bevestigen", ""},
	} {
		if status, _ := postForm(t, f, tt.who, tt.path, map[string]string{"upload": tt.id}, "", nil); status != 410 {
			t.Errorf("%s confirming %q at %s: %d, want 410", tt.who, tt.id, tt.path, status)
		}
	}
	if status, _ := postForm(t, f, "buyerA", "/mijn-aanbod/bevestigen", map[string]string{"upload": id}, "", nil); status != 403 {
		t.Errorf("a buyer confirming: %d, want 403", status)
	}

	// Annuleren leaves the catalogue, and the preview is gone.
	status, doc = postForm(t, f, "supplierA", "/mijn-aanbod/annuleren", map[string]string{"upload": id}, "", nil)
	if status != 200 || !strings.Contains(doc.Find("p.notice").Text(), "niets gewijzigd") {
		t.Errorf("cancel: %d %q", status, doc.Find("p.notice").Text())
	}
	if diff := cmp.Diff(withNew, catalogueOf(t, f, kboA)); diff != "" {
		t.Errorf("cancel changed the catalogue:\n%s", diff)
	}
	if status, _ := postForm(t, f, "supplierA", "/mijn-aanbod/bevestigen", map[string]string{"upload": id}, "", nil); status != 410 {
		t.Errorf("confirming a cancelled preview: %d, want 410", status)
	}

	// Doorgaan removes no more than the preview showed: an offering added
	// meanwhile stops it, and nothing changes.
	id = preview()
	extra := &koppel.Offering{ID: "Z9", Enterprise: kboA, Title: "Intussen toegevoegd", Category: "schoonmaak"}
	if err := f.st.PutOffering(context.Background(), extra); err != nil {
		t.Fatal(err)
	}
	withExtra := catalogueOf(t, f, kboA)
	status, doc = postForm(t, f, "supplierA", "/mijn-aanbod/bevestigen", map[string]string{"upload": id}, "", nil)
	if msg := doc.Find("p.error").Text(); status != 409 || !strings.Contains(msg, fmt.Sprintf("nu zouden %d diensten verwijderd worden in plaats van %d", len(before)+1, len(before))) {
		t.Errorf("confirm after the catalogue grew: %d %q", status, msg)
	}
	if diff := cmp.Diff(withExtra, catalogueOf(t, f, kboA)); diff != "" {
		t.Errorf("a stopped confirm changed the catalogue:\n%s", diff)
	}
	if err := f.st.DeleteOffering(context.Background(), kboA, "Z9"); err != nil {
		t.Fatal(err)
	}

	// Doorgaan applies the kept file.
	id = preview()
	status, doc = postForm(t, f, "supplierA", "/mijn-aanbod/bevestigen", map[string]string{"upload": id}, "", nil)
	if counts := doc.Find("p.counts").Text(); status != 200 || !strings.Contains(counts, fmt.Sprintf("%d verwijderd", len(before))) {
		t.Errorf("confirm: %d %q", status, counts)
	}
	if h := doc.Find("section.report h2").Text(); !strings.HasPrefix(h, "Opgeladen") {
		t.Errorf("report title %q", h)
	}
	if diff := cmp.Diff([]string{"N1:Nieuwe dienst"}, catalogueOf(t, f, kboA)); diff != "" {
		t.Errorf("after confirming (-want +got):\n%s", diff)
	}
	if status, _ := postForm(t, f, "supplierA", "/mijn-aanbod/bevestigen", map[string]string{"upload": id}, "", nil); status != 410 {
		t.Errorf("confirming twice: %d, want 410", status)
	}
}

// TestCatalogueAPIRefusesRemovingAll checks that the API's replace (its
// default) will not empty a catalogue unless asked with confirm_remove_all,
// and that reports name what was removed.
func TestCatalogueAPIRefusesRemovingAll(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	before := putCatalogue(t, f, 3)
	path := "/api/v1/enterprises/" + string(kboA) + "/catalogue"
	empty := "Code;Dienst;Categorie\n"

	resp, body := f.do(t, "supplierA", "POST", path, "text/csv", empty)
	var p server.Problem
	json.Unmarshal([]byte(body), &p)
	if resp.StatusCode != 409 || p.Code != koppel.ECONFLICT || !strings.Contains(p.Detail, "alle 3 diensten") || !strings.Contains(p.Detail, "confirm_remove_all=true") {
		t.Errorf("emptying replace: %d %+v, want 409 naming the flag", resp.StatusCode, p)
	}
	if diff := cmp.Diff(before, catalogueOf(t, f, kboA)); diff != "" {
		t.Errorf("the refused upload changed the catalogue:\n%s", diff)
	}

	// A dry run says what would go; then the explicit flag empties it.
	var rep koppel.ImportReport
	_, body = f.do(t, "supplierA", "POST", path+"?dry_run=true", "text/csv", empty)
	json.Unmarshal([]byte(body), &rep)
	want := []koppel.RemovedOffering{{ID: "A00", Title: "Bestaande dienst 0"}, {ID: "A01", Title: "Bestaande dienst 1"}, {ID: "A02", Title: "Bestaande dienst 2"}}
	if diff := cmp.Diff(want, rep.RemovedOfferings); diff != "" || rep.Removed != 3 {
		t.Errorf("dry run removed %d (-want +got):\n%s", rep.Removed, diff)
	}
	resp, body = f.do(t, "supplierA", "POST", path+"?confirm_remove_all=true", "text/csv", empty)
	rep = koppel.ImportReport{}
	json.Unmarshal([]byte(body), &rep)
	if diff := cmp.Diff(want, rep.RemovedOfferings); resp.StatusCode != 200 || diff != "" || rep.Removed != 3 {
		t.Errorf("confirmed emptying: %d, removed %d (-want +got):\n%s", resp.StatusCode, rep.Removed, diff)
	}
	if got := catalogueOf(t, f, kboA); len(got) != 0 {
		t.Errorf("after confirm_remove_all the catalogue is %v, want empty", got)
	}
	if resp, _ := f.do(t, "supplierA", "POST", path+"?confirm_remove_all=ja", "text/csv", empty); resp.StatusCode != 400 {
		t.Errorf("confirm_remove_all=ja: %d, want 400", resp.StatusCode)
	}
}
