package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/importers"
	"koppel/refdata"
	"koppel/server"
)

// catalogueWorkbook fills the real template with an enterprise and rows.
func catalogueWorkbook(t *testing.T, kbo koppel.KBO, rows [][]any) []byte {
	t.Helper()
	var tmpl bytes.Buffer
	if err := importers.WriteCatalogueTemplate(&tmpl, refdata.Load()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&tmpl)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	labels, _ := f.GetRows("Onderneming")
	vals := map[string]string{"Ondernemingsnummer": kbo.String(), "Naam": "De Fictieve Poetsploeg", "Postcode": "9000", "Werkvorm(en)": "Maatwerkbedrijf"}
	for i, r := range labels {
		if len(r) > 0 && vals[r[0]] != "" {
			f.SetCellStr("Onderneming", "B"+itoa(i+1), vals[r[0]])
		}
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Aanbod", "A"+itoa(i+3), &r); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func itoa(i int) string { return strconv.Itoa(i) }

func upload(t *testing.T, f *fixture, identity, path, name string, data []byte) (*http.Response, string) {
	t.Helper()
	return uploadWith(t, f, identity, path, name, data, nil)
}

// uploadWith posts data as the multipart field file, with more headers.
func uploadWith(t *testing.T, f *fixture, identity, path, name string, data []byte, header map[string]string) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	h := map[string]string{"Content-Type": mw.FormDataContentType()}
	for k, v := range header {
		h[k] = v
	}
	return f.doWith(t, identity, "POST", path, body.String(), h)
}

func TestCatalogueUpload(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	path := "/api/v1/enterprises/" + string(kboA) + "/catalogue"
	good := catalogueWorkbook(t, kboA, [][]any{
		{"P1", "Poetsen van klaslokalen", "Dagelijkse schoonmaak", "Schoonmaak & poetsen", "90911200-8", "", "3", "VTE"},
		{"G1", "Groenonderhoud", "Maaien", "Groenonderhoud", "9091120"}, // bad CPV
	})

	resp, body := upload(t, f, "supplierA", path, "aanbod.xlsx", good)
	var rep koppel.ImportReport
	if err := json.Unmarshal([]byte(body), &rep); err != nil || resp.StatusCode != 200 {
		t.Fatalf("upload = %d %s", resp.StatusCode, body)
	}
	if rep.Status != "imported" || rep.Created != 1 || rep.Rejected != 1 || len(rep.Problems) != 1 || rep.Problems[0].Row != 4 || !rep.Annotated {
		t.Errorf("report = %+v, want 1 created, row 4 rejected, annotated", rep)
	}
	if _, err := f.st.FindOffering(context.Background(), kboA, "P1"); err != nil {
		t.Errorf("offering P1 not stored: %v", err)
	}
	// Read-your-writes: the answer came once the catalogue is searchable.
	if _, body := f.do(t, "anonymous", "GET", "/api/v1/offerings?q=klaslokalen", "", ""); !strings.Contains(body, `"code":"P1"`) {
		t.Errorf("search right after the upload does not find P1: %.300s", body)
	}

	// The report and the annotated workbook can be fetched by the supplier.
	resp, body = f.do(t, "supplierA", "GET", "/api/v1/imports/"+rep.ID, "", "")
	if resp.StatusCode != 200 || !strings.Contains(body, rep.ID) {
		t.Errorf("GET report = %d %s", resp.StatusCode, body)
	}
	resp, body = f.do(t, "supplierA", "GET", "/api/v1/imports/"+rep.ID+"/annotated.xlsx", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET annotated = %d", resp.StatusCode)
	}
	if x, err := excelize.OpenReader(strings.NewReader(body)); err != nil {
		t.Errorf("annotated workbook does not open: %v", err)
	} else {
		x.Close()
	}

	// The same file again changes nothing.
	_, body = upload(t, f, "supplierA", path, "aanbod.xlsx", good)
	json.Unmarshal([]byte(body), &rep)
	if rep.Unchanged != 1 || rep.Created != 0 || rep.Removed != 0 {
		t.Errorf("re-import = %+v, want 1 unchanged", rep)
	}

	// A dry run writes nothing.
	dry := catalogueWorkbook(t, kboA, [][]any{{"N1", "Nieuw aanbod", "", "Schoonmaak & poetsen"}})
	_, body = upload(t, f, "supplierA", path+"?dry_run=true", "aanbod.xlsx", dry)
	json.Unmarshal([]byte(body), &rep)
	if rep.Status != "dry_run" || rep.Created != 1 || rep.Removed != 1 {
		t.Errorf("dry run = %+v, want 1 to create and 1 to remove", rep)
	}
	if _, err := f.st.FindOffering(context.Background(), kboA, "N1"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("dry run stored N1: %v", err)
	}

	// Another supplier may not, and a broken file gets a clear 400.
	if resp, _ := upload(t, f, "supplierB", path, "aanbod.xlsx", good); resp.StatusCode != 403 {
		t.Errorf("upload by supplier B = %d, want 403", resp.StatusCode)
	}
	resp, body = upload(t, f, "supplierA", path, "aanbod.xlsx", []byte("PK\x03\x04 this is not a workbook"))
	if resp.StatusCode != 400 || !strings.Contains(body, "aanbod.xlsx") {
		t.Errorf("corrupt file = %d %s, want 400 naming the file", resp.StatusCode, body)
	}
	resp, body = upload(t, f, "supplierA", path, "groot.xlsx", bytes.Repeat([]byte("x"), 2<<20))
	if resp.StatusCode != 413 || !strings.Contains(body, "too_large") {
		t.Errorf("2 MB upload with a 1 MB limit = %d %.200s, want 413", resp.StatusCode, body)
	}
	// A file for an unknown enterprise without an Onderneming sheet is
	// rejected as a whole, with a report.
	resp, body = f.do(t, "admin", "POST", "/api/v1/enterprises/0200000142/catalogue", "text/csv", "Code;Dienst\nX;Poetsen\n")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "nog niet gekend") {
		t.Errorf("unknown enterprise = %d %s, want 422 with a report", resp.StatusCode, body)
	}
}

func TestTemplateDownload(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	resp, body := f.do(t, "anonymous", "GET", "/api/v1/catalogue/template.xlsx", "", "")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("template = %d %v", resp.StatusCode, resp.Header)
	}
	x, err := excelize.OpenReader(io.NopCloser(strings.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, sheet := range []string{"Onderneming", "Aanbod", "Uitleg"} {
		if idx, _ := x.GetSheetIndex(sheet); idx < 0 {
			t.Errorf("template has no sheet %s", sheet)
		}
	}
}
