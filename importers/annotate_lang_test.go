package importers

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel/i18n"
)

// TestAnnotateWorkbookIn: the comments on the problem cells and the sheet
// listing the problems are in the reader's language.
func TestAnnotateWorkbookIn(t *testing.T) {
	data := aanbod(t, templateHeader,
		[]any{"A", "Poetsen", "", "", "90911200"},
		[]any{"B", "Ramen", "", "Ruimtevaart", "9091200"},
	)
	res := mustRead(t, "a.xlsx", data, Options{})
	for _, tc := range []struct {
		lang                   i18n.Lang
		sheet, e3, d3, sev, h1 string
	}{
		{i18n.NL, "Problemen", "Fout: '9091200' is geen geldige CPV-code (8 cijfers verwacht). Deze dienst is niet ingelezen; een bestaande dienst met code B blijft zoals hij was.", "Let op: onbekende categorie 'Ruimtevaart'", "fout", "Blad"},
		{i18n.FR, "Problèmes", "Erreur : « 9091200 » n’est pas un code CPV valable (8 chiffres attendus). Ce service n’a pas été importé ; un service existant avec le code B reste tel quel.", "Attention : catégorie inconnue « Ruimtevaart »", "erreur", "Onglet"},
		{i18n.EN, "Problems", "Error: '9091200' is not a valid CPV code (8 digits expected). This service was not imported; an existing service with code B stays as it was.", "Note: unknown category 'Ruimtevaart'", "error", "Sheet"},
	} {
		var out bytes.Buffer
		if err := AnnotateWorkbookIn(context.Background(), bytes.NewReader(data), res.problems, tc.lang, &out); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&out)
		if err != nil {
			t.Fatal(err)
		}
		comments, _ := f.GetComments("Aanbod")
		texts := map[string]string{}
		for _, c := range comments {
			var b strings.Builder
			for _, p := range c.Paragraph {
				b.WriteString(p.Text)
			}
			texts[c.Cell] = plain(b.String() + c.Text)
		}
		if texts["E3"] != tc.e3 {
			t.Errorf("%s: E3 comment = %q, want %q", tc.lang, texts["E3"], tc.e3)
		}
		if !strings.HasPrefix(texts["D3"], tc.d3) {
			t.Errorf("%s: D3 comment = %q, want %q…", tc.lang, texts["D3"], tc.d3)
		}
		rows, err := f.GetRows(tc.sheet)
		for _, r := range rows {
			for i := range r {
				r[i] = plain(r[i])
			}
		}
		if err != nil {
			t.Fatalf("%s: sheets %q: %v", tc.lang, f.GetSheetList(), err)
		}
		if len(rows) != 3 || rows[0][0] != tc.h1 || rows[2][4] != tc.sev || rows[2][5] != strings.TrimPrefix(tc.e3, strings.SplitAfter(tc.e3, ": ")[0]) {
			t.Errorf("%s: problem sheet = %q", tc.lang, rows)
		}
		f.Close()
	}
}

// plain is s with its no-break spaces (French typography) as spaces, for
// comparing with a text written with ordinary spaces.
func plain(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }
