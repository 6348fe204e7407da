package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/server"
)

// TestCatalogueAnnotatedLanguage: the annotated workbook of an upload
// speaks the uploader's language: its problem sheet, its headers and the
// comments on the problem cells.
func TestCatalogueAnnotatedLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	path := "/api/v1/enterprises/" + string(kboA) + "/catalogue?dry_run=true&lang="
	data := catalogueWorkbook(t, kboA, [][]any{
		{"G1", "Groenonderhoud", "Maaien", "Groenonderhoud", "9091120"}, // bad CPV
	})
	for _, tc := range []struct{ lang, sheet, comment string }{
		{"nl", "Problemen", "Fout: '9091120' is geen geldige CPV-code"},
		{"fr", "Problèmes", "Erreur : « 9091120 » n’est pas un code CPV valable"},
		{"en", "Problems", "Error: '9091120' is not a valid CPV code"},
	} {
		resp, body := upload(t, f, "supplierA", path+tc.lang, "aanbod.xlsx", data)
		var rep koppel.ImportReport
		if err := json.Unmarshal([]byte(body), &rep); err != nil || resp.StatusCode != 200 || !rep.Annotated {
			t.Fatalf("%s: upload = %d %s", tc.lang, resp.StatusCode, body)
		}
		resp, body = f.do(t, "supplierA", "GET", "/api/v1/imports/"+rep.ID+"/annotated.xlsx", "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: GET annotated = %d", tc.lang, resp.StatusCode)
		}
		x, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if rows, err := x.GetRows(tc.sheet); err != nil || len(rows) != 2 {
			t.Errorf("%s: sheets %q, %s rows %q (%v)", tc.lang, x.GetSheetList(), tc.sheet, rows, err)
		}
		comments, _ := x.GetComments("Aanbod")
		found := false
		for _, c := range comments {
			text := c.Text
			for _, p := range c.Paragraph {
				text += p.Text
			}
			found = found || strings.HasPrefix(plain(text), tc.comment)
		}
		if !found {
			t.Errorf("%s: comments %+v, want one starting %q", tc.lang, comments, tc.comment)
		}
		x.Close()
	}
}
