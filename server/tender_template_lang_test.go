package server_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel/server"
)

// TestTenderTemplateLanguage: GET /api/v1/tenders/template.xlsx gives the
// template in the request's language (sheet, headers, file name), and the
// French or English template, filled in, imports as a tender.
func TestTenderTemplateLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tt := range []struct {
		header                           map[string]string
		sheet, buyerHeader, status, file string
	}{
		{map[string]string{"Accept-Language": "fr"}, "Marchés", "Pouvoir adjudicateur", "Publié", "koppel-modele-marches.xlsx"},
		{map[string]string{"Cookie": "lang=en"}, "Tenders", "Buyer", "Published", "koppel-tender-template.xlsx"},
		{nil, "Opdrachten", "Aankoper", "Gepubliceerd", "koppel-opdrachten-sjabloon.xlsx"},
	} {
		resp, body := f.doWith(t, "anonymous", "GET", "/api/v1/tenders/template.xlsx", "", tt.header)
		x, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%v: %d %v", tt.header, resp.StatusCode, err)
		}
		rows, err := x.GetRows(tt.sheet)
		if err != nil || len(rows) < 2 || rows[0][1] != tt.buyerHeader || !strings.Contains(resp.Header.Get("Content-Disposition"), tt.file) {
			t.Fatalf("%v: sheets %q, rows %q (%v), disposition %q", tt.header, x.GetSheetList(), rows, err, resp.Header.Get("Content-Disposition"))
		}
		row := []any{"T-" + tt.sheet, "Stad Gent", "Groenonderhoud " + tt.sheet, "", 1, "", "", "77313000", "9000", 15000, nil, nil, nil, nil, tt.status}
		if err := x.SetSheetRow(tt.sheet, "A3", &row); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := x.Write(&out); err != nil {
			t.Fatal(err)
		}
		x.Close()
		resp, body = upload(t, f, "buyerA", "/api/v1/tenders/import", "sjabloon.xlsx", out.Bytes())
		var res struct {
			Tenders []struct{ ID, Status string }
		}
		json.Unmarshal([]byte(body), &res)
		if resp.StatusCode != 201 || len(res.Tenders) != 1 {
			t.Errorf("%v: import = %d %s", tt.header, resp.StatusCode, body)
			continue
		}
		_, body = f.do(t, "buyerA", "GET", "/api/v1/tenders/"+res.Tenders[0].ID, "", "")
		if !strings.Contains(body, `"status":"published"`) {
			t.Errorf("%v: tender %s", tt.header, body)
		}
	}
}
