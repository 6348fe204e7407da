package importers

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel/i18n"
)

// TestAnnotateCSVSheetLanguage: a CSV upload comes back as a workbook
// whose sheet is named as the template's Aanbod sheet in the reader's
// language, with the comments on that sheet and the problem list naming
// it.
func TestAnnotateCSVSheetLanguage(t *testing.T) {
	data := []byte("Dienst;CPV\nPoetsen;1\n")
	res := mustRead(t, "a.csv", data, Options{})
	for lang, want := range map[i18n.Lang]string{i18n.NL: "Aanbod", i18n.FR: "Offre", i18n.EN: "Offerings"} {
		var out bytes.Buffer
		if err := AnnotateWorkbookIn(context.Background(), bytes.NewReader(data), res.problems, lang, &out); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&out)
		if err != nil {
			t.Fatal(err)
		}
		sheets := f.GetSheetList()
		if !slices.Contains(sheets, want) || slices.Contains(sheets, "Aanbod") != (lang == i18n.NL) {
			t.Errorf("%s: sheets %q, want %q", lang, sheets, want)
		}
		if comments, _ := f.GetComments(want); len(comments) != 1 || comments[0].Cell != "B2" {
			t.Errorf("%s: comments on %s = %+v", lang, want, comments)
		}
		rows, _ := f.GetRows(i18n.T(lang, "imports.annotate_sheet"))
		if len(rows) != 2 || !slices.Contains(rows[1], want) {
			t.Errorf("%s: problem list %q, want the sheet %q named", lang, rows, want)
		}
		f.Close()
	}
}
