package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/server"
	"koppel/store"
)

// apiCatalogue is the enterprise and its offerings as the API gives them.
func apiCatalogue(t *testing.T, f *fixture, kbo koppel.KBO) server.EnterpriseView {
	t.Helper()
	resp, body := f.do(t, "anonymous", "GET", "/api/v1/enterprises/"+string(kbo), "", "")
	var v server.EnterpriseView
	if err := json.Unmarshal([]byte(body), &v); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET enterprise = %d %s", resp.StatusCode, body)
	}
	return v
}

func undoImport(t *testing.T, f *fixture, identity, id string) (int, koppel.ImportReport) {
	t.Helper()
	resp, body := f.do(t, identity, "POST", "/api/v1/imports/"+id+"/undo", "", "")
	var rep koppel.ImportReport
	if resp.StatusCode == 200 {
		if err := json.Unmarshal([]byte(body), &rep); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, rep
}

// TestCatalogueUndo replaces a catalogue, undoes the upload (the API's
// catalogue is exactly the one before), and undoes the undo.
func TestCatalogueUndo(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	putRichCatalogue(t, f, 30)
	before := apiCatalogue(t, f, kboA)

	csv := []byte("Code;Dienst;Categorie\nS001;Dienst 1 hernoemd;Was & strijk\nN1;Nieuw;Schoonmaak\n")
	resp, body := upload(t, f, "supplierA", "/api/v1/enterprises/"+string(kboA)+"/catalogue?mode=replace", "kort.csv", csv)
	var rep koppel.ImportReport
	if err := json.Unmarshal([]byte(body), &rep); err != nil || resp.StatusCode != 200 || rep.Removed != 29 {
		t.Fatalf("upload = %d %s, want 29 removed", resp.StatusCode, body)
	}
	after := apiCatalogue(t, f, kboA)

	for _, tt := range []struct {
		identity string
		want     int
	}{{"supplierB", 404}, {"buyerA", 403}, {"anonymous", 401}} {
		if code, _ := undoImport(t, f, tt.identity, rep.ID); code != tt.want {
			t.Errorf("undo by %s: %d, want %d", tt.identity, code, tt.want)
		}
	}
	if diff := cmp.Diff(after, apiCatalogue(t, f, kboA)); diff != "" {
		t.Fatalf("refused undos changed the catalogue:\n%s", diff)
	}

	code, undo := undoImport(t, f, "supplierA", rep.ID)
	if code != 200 || undo.UndoOf != rep.ID || undo.Status != "imported" || undo.Created != 29 || undo.Updated != 1 || undo.Removed != 1 || undo.Rows != 30 {
		t.Fatalf("undo = %d %+v, want 29 created, 1 updated, 1 removed", code, undo)
	}
	if diff := cmp.Diff(before, apiCatalogue(t, f, kboA)); diff != "" {
		t.Errorf("after the undo (-before the upload +got):\n%s", diff)
	}
	if got, err := f.st.FindImportReport(context.Background(), undo.ID); err != nil || got.UndoOf != rep.ID {
		t.Errorf("the undo's report: %+v, %v", got, err)
	}
	// The search index follows: the restored offerings are found.
	resp, body = f.do(t, "anonymous", "GET", "/api/v1/offerings?q=dienst&size=1", "", "")
	var hits struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal([]byte(body), &hits); err != nil || hits.Total != 30 {
		t.Errorf("search after the undo: %d %s, want 30 hits", resp.StatusCode, body)
	}

	code, redo := undoImport(t, f, "admin", undo.ID)
	if code != 200 || redo.UndoOf != undo.ID {
		t.Fatalf("undo of the undo = %d %+v", code, redo)
	}
	if diff := cmp.Diff(after, apiCatalogue(t, f, kboA)); diff != "" {
		t.Errorf("after the undo of the undo (-after the upload +got):\n%s", diff)
	}

	// A dry run keeps nothing to put back.
	resp, body = upload(t, f, "supplierA", "/api/v1/enterprises/"+string(kboA)+"/catalogue?dry_run=true", "kort.csv", csv)
	var dry koppel.ImportReport
	if err := json.Unmarshal([]byte(body), &dry); err != nil || resp.StatusCode != 200 || dry.Status != "dry_run" {
		t.Fatalf("dry run = %d %s", resp.StatusCode, body)
	}
	if code, _ := undoImport(t, f, "supplierA", dry.ID); code != 404 {
		t.Errorf("undo of a dry run: %d, want 404", code)
	}
}

// putUndoable stores an import of kboA whose previous catalogue is kept,
// for the authorization matrix.
func putUndoable(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	if _, err := f.st.FindCatalogueVersion(ctx, kboA, "imp-undo"); err == nil {
		return
	}
	e, err := f.st.FindEnterpriseByKBO(ctx, kboA)
	if err != nil {
		t.Fatal(err)
	}
	o := &koppel.Offering{ID: "U1", Enterprise: kboA, Title: "Poetsen", Category: "schoonmaak"}
	one := func(yield func(*koppel.Offering, error) bool) { yield(o, nil) }
	if _, err := f.st.ReplaceCatalogueWith(ctx, e, one, store.CatalogueOptions{Version: "imp-undo"}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.PutImportReport(ctx, &koppel.ImportReport{ID: "imp-undo", Kind: "catalogue", Enterprise: kboA, Status: "imported"}); err != nil {
		t.Fatal(err)
	}
}

func init() {
	matrix["POST /api/v1/imports/:id/undo"] = matrixCase{path: "/api/v1/imports/imp-undo/undo", setup: putUndoable, want: statuses(401, 200, 404, 403, 403, 200)}
	matrix["POST /mijn-aanbod/terugzetten"] = matrixCase{path: "/mijn-aanbod/terugzetten", setup: putUndoable, contentType: "application/x-www-form-urlencoded", body: "import=imp-undo", want: statuses(401, 200, 404, 403, 403, 200)}
}

// TestSupplierPageUndo uses the page: the report of an upload offers
// "Zet de vorige versie terug", which puts the catalogue back and shows the
// undo's report, itself with the button; a dry run's report has none.
func TestSupplierPageUndo(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	putRichCatalogue(t, f, 5)
	before := apiCatalogue(t, f, kboA)
	page := func(resp *http.Response, body string) *goquery.Document {
		t.Helper()
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %.300s", resp.StatusCode, body)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	undoForm := "form.undo[action='/mijn-aanbod/terugzetten'] input[name=import]"
	doc := page(upload(t, f, "supplierA", "/mijn-aanbod", "kort.csv", []byte("Code;Dienst\nX1;Nieuw\n")))
	id, ok := doc.Find(undoForm).Attr("value")
	if !ok || !strings.Contains(doc.Find("form.undo button").Text(), "Zet de vorige versie terug") {
		t.Fatalf("no undo button under the report: %s", doc.Find("section.report").Text())
	}
	doc = page(f.do(t, "supplierA", "POST", "/mijn-aanbod/terugzetten", "application/x-www-form-urlencoded", "import="+id))
	if diff := cmp.Diff(before, apiCatalogue(t, f, kboA)); diff != "" {
		t.Errorf("after undo on the page (-before +got):\n%s", diff)
	}
	if got, ok := doc.Find(undoForm).Attr("value"); !ok || got == id || doc.Find("section.report h2").Text() != "Teruggezet: vorige versie, van vóór de upload van kort.csv" {
		t.Errorf("the undo's report: button for %q (undone: %q), heading %q", got, id, doc.Find("section.report h2").Text())
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("dry_run", "true")
	fw, _ := mw.CreateFormFile("file", "kort.csv")
	fw.Write([]byte("Code;Dienst\nX1;Nieuw\n"))
	mw.Close()
	doc = page(f.do(t, "supplierA", "POST", "/mijn-aanbod", mw.FormDataContentType(), body.String()))
	if doc.Find("section.report").Length() == 0 || doc.Find("form.undo").Length() != 0 {
		t.Errorf("dry run: report %d, undo forms %d; want a report without undo", doc.Find("section.report").Length(), doc.Find("form.undo").Length())
	}
}
