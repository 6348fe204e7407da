package server_test

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel/i18n"
)

// exportSheets fetches an xlsx export as who and returns its sheet names.
func exportSheets(t *testing.T, f *fixture, who, path string) []string {
	t.Helper()
	resp, body := f.do(t, who, "GET", path, "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %.200s", path, resp.StatusCode, body)
	}
	x, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	return x.GetSheetList()
}

// TestExportSheetNamesLanguage: the data sheet of every export is named
// in the export's language (the matches of a tender too: "Matches",
// "Entreprises par lot"), within Excel's 31 characters.
func TestExportSheetNamesLanguage(t *testing.T) {
	f, d := demoFixture(t)
	tender := firstPublished(d)
	want := map[i18n.Lang]map[string]string{
		i18n.NL: {"matches": "Matches", "offerings": "Aanbod", "enterprises": "Ondernemingen", "scan": "Marktverkenning"},
		i18n.FR: {"matches": "Entreprises par lot", "offerings": "Offre", "enterprises": "Entreprises", "scan": "Analyse du marché"},
		i18n.EN: {"matches": "Matches", "offerings": "Offerings", "enterprises": "Enterprises", "scan": "Market scan"},
	}
	for lang, sheets := range want {
		for kind, path := range map[string]string{
			"matches":     "/api/v1/tenders/" + tender + "/matches?format=xlsx",
			"offerings":   "/api/v1/offerings?category=schoonmaak&format=xlsx",
			"enterprises": "/api/v1/enterprises?format=xlsx",
			"scan":        "/api/v1/tenders/" + tender + "/clauses?format=xlsx",
		} {
			got := exportSheets(t, f, "buyerA", path+"&lang="+string(lang))
			if len(got) != 2 || got[1] != sheets[kind] || len([]rune(got[1])) > 31 {
				t.Errorf("%s %s: sheets %q, want the data sheet %q", lang, kind, got, sheets[kind])
			}
		}
	}
}
