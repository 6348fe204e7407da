package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/server"
)

// registerWorkbook is a register as an admin uploads it: a real xlsx.
func registerWorkbook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	header := []any{"Ondernemingsnummer", "Werkvorm", "Erkenningsnummer", "Begin", "Einde", "Bron"}
	if err := f.SetSheetRow("Sheet1", "A1", &header); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", "A"+itoa(i+2), &r); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestRecognitionRegister: an admin uploads the register; the enterprise
// in it shows the verified recognition on its page, in the API and in its
// matches, whose eligibility says the register decided; a contradicting
// declaration is shown to the enterprise and to the admin; only admins
// see or change the register.
func TestRecognitionRegister(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	ctx := context.Background()
	declareOtherNumber(t, f)
	tender := &koppel.Tender{ID: "reserved", Owner: "Stad A", Status: koppel.TenderPublished, Title: "Schoonmaak voorbehouden", Buyer: koppel.Buyer{Name: "Stad A"},
		Lots: []koppel.Lot{{ID: "1", Title: "Poetsen", CPV: []koppel.CPV{"90911200"}, Postcode: "9000",
			Start: koppel.NewDate(2027, 1, 1), End: koppel.NewDate(2028, 12, 31), Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS}}}}}
	if err := f.st.PutTender(ctx, tender); err != nil {
		t.Fatal(err)
	}

	data := registerWorkbook(t, [][]any{
		{kboB.String(), "Maatwerkbedrijf", "MWB-0042", "01/01/2019", "31/12/2029", "Departement WSE"},
		{kboA.String(), "Maatwerkbedrijf", "MWB-0043", "01/01/2019", "31/12/2029", "Departement WSE"},
		{"0202.239.951", "Maatwerkbedrijf", "MWB-0050", "01/01/2019", "31/12/2029", "Departement WSE"},
	})
	for id, want := range map[string]int{"anonymous": 401, "supplierA": 403, "buyerA": 403} {
		if resp, body := upload(t, f, id, "/api/v1/admin/recognitions", "wse.xlsx", data); resp.StatusCode != want {
			t.Errorf("%s uploading the register: got %d, want %d: %s", id, resp.StatusCode, want, body)
		}
	}
	if reg, _ := f.st.RecognitionRegister(ctx); len(reg.Entries) != 0 {
		t.Fatalf("a refused upload stored a register: %+v", reg)
	}
	resp, body := upload(t, f, "admin", "/api/v1/admin/recognitions", "wse.xlsx", data)
	if resp.StatusCode != 200 {
		t.Fatalf("admin upload: %d %s", resp.StatusCode, body)
	}
	var view server.RecognitionView
	if err := json.Unmarshal([]byte(body), &view); err != nil {
		t.Fatal(err)
	}
	if len(view.Entries) != 2 || view.Rejected != 1 || len(view.Problems) != 1 || view.Problems[0].Row != 4 {
		t.Errorf("report: %d entries, %d rejected, problems %+v; want 2, 1 and the unknown company number on row 4", len(view.Entries), view.Rejected, view.Problems)
	}
	if len(view.Conflicts) != 1 || view.Conflicts[0].KBO != kboA || !strings.Contains(view.Conflicts[0].Message, "erkenningsnummer MWB-9999") {
		t.Errorf("conflicts %+v, want the other number that A declares", view.Conflicts)
	}
	badge := "erkenning geverifieerd (Departement WSE, " + koppel.DateOf(time.Now().UTC()).Dutch() + ")"

	if _, page := f.do(t, "anonymous", "GET", "/ondernemingen/"+string(kboB), "", ""); !strings.Contains(page, badge) {
		t.Errorf("enterprise page lacks %q", badge)
	}
	_, api := f.do(t, "anonymous", "GET", "/api/v1/enterprises/"+string(kboB), "", "")
	var ev struct {
		Recognitions []koppel.Recognition `json:"recognitions"`
	}
	if err := json.Unmarshal([]byte(api), &ev); err != nil {
		t.Fatal(err)
	}
	if len(ev.Recognitions) != 1 || ev.Recognitions[0].Number != "MWB-0042" || ev.Recognitions[0].Verified == nil || ev.Recognitions[0].Verified.Source != "Departement WSE" {
		t.Errorf("API recognitions %+v, want the verified MWB-0042", ev.Recognitions)
	}
	_, matches := f.do(t, "buyerA", "GET", "/api/v1/tenders/reserved/matches", "", "")
	if !strings.Contains(matches, badge) || !strings.Contains(matches, "MWB-0042; geverifieerd in register Departement WSE van") {
		t.Errorf("matches lack the verified recognition: %s", matches)
	}

	if _, page := f.do(t, "supplierA", "GET", "/mijn-aanbod", "", ""); !strings.Contains(page, "Uw erkenning verschilt van het erkenningsregister") || !strings.Contains(page, "MWB-9999") {
		t.Errorf("Mijn aanbod of A does not flag its contradiction")
	}
	if _, page := f.do(t, "supplierB", "GET", "/mijn-aanbod", "", ""); strings.Contains(page, "verschilt van het erkenningsregister") {
		t.Errorf("Mijn aanbod of B flags a contradiction it does not have")
	}
	resp, page := f.do(t, "admin", "GET", "/beheer/erkenningen", "", "")
	if resp.StatusCode != 200 || !strings.Contains(page, "wse.xlsx") || !strings.Contains(page, "Eigen opgave in tegenspraak met het register (1)") || !strings.Contains(page, "niet gekend in Koppel") {
		t.Errorf("admin page: %d, want the file, the report and the contradiction:\n%s", resp.StatusCode, page)
	}
	if resp, _ := f.do(t, "supplierB", "GET", "/beheer/erkenningen", "", ""); resp.StatusCode != 403 {
		t.Errorf("supplier on the admin page: got %d, want 403", resp.StatusCode)
	}
}
