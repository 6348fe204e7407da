package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/export"
	"koppel/i18n"
	"koppel/server"
)

// TestExportLotsPageLine reads the line "Lots" of a matches export's
// sheet "Over deze export" in each language: the number of lots comes
// first, in the singular for one lot, then the page and its size.
func TestExportLotsPageLine(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	two := &koppel.Tender{ID: "two-lots", Owner: "Stad A", Status: koppel.TenderPublished, Title: "Schoonmaak", Buyer: koppel.Buyer{Name: "Stad A"},
		Lots: []koppel.Lot{{ID: "1", Title: "Poetsen", CPV: []koppel.CPV{"90911200"}, Postcode: "9000"}, {ID: "2", Title: "Ramen", CPV: []koppel.CPV{"90911300"}, Postcode: "9000"}}}
	if err := f.st.PutTender(context.Background(), two); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang       i18n.Lang
		one, paged string
	}{
		{i18n.NL, "1 perceel, pagina 1 (20 per pagina)", "2 percelen, pagina 2 (1 per pagina)"},
		{i18n.FR, "1 lot, page 1 (20 par page)", "2 lots, page 2 (1 par page)"},
		{i18n.EN, "1 lot, page 1 (20 per page)", "2 lots, page 2 (1 per page)"},
	} {
		line := func(path string) string {
			t.Helper()
			resp, body := f.do(t, "buyerA", "GET", path+"&lang="+string(tc.lang), "", "")
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %.200s", path, resp.StatusCode, body)
			}
			x, err := excelize.OpenReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			rows, _ := x.GetRows(export.AboutSheetIn(tc.lang))
			for _, r := range rows {
				if len(r) >= 2 && r[0] == i18n.T(tc.lang, "imports.export_lots") {
					return r[1]
				}
			}
			t.Fatalf("%s %s: no line %q in %q", tc.lang, path, i18n.T(tc.lang, "imports.export_lots"), rows)
			return ""
		}
		if got := line("/api/v1/tenders/published-A/matches?format=xlsx&lots_size=20"); got != tc.one {
			t.Errorf("%s: one lot: %q, want %q", tc.lang, got, tc.one)
		}
		if got := line("/api/v1/tenders/two-lots/matches?format=xlsx&lots_size=1&lots_page=2"); got != tc.paged {
			t.Errorf("%s: two lots: %q, want %q", tc.lang, got, tc.paged)
		}
	}
}
