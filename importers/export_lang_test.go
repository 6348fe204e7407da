package importers

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// TestWriteCatalogueInEveryLanguage: the catalogue export in French and
// English is the template of that language (sheets, headers, the lead
// time column) and reads back as the same profile and offerings.
func TestWriteCatalogueInEveryLanguage(t *testing.T) {
	e, offs := exportFixture(t)
	for _, tc := range []struct {
		lang                        i18n.Lang
		sheets                      []string
		title, leadTime, enterprise string
	}{
		{i18n.FR, []string{"Entreprise", "Offre", "Explication", "Listes"}, i18n.T(i18n.FR, "template.h_title"), "Délai de livraison", "Entreprise"},
		{i18n.EN, []string{"Enterprise", "Offerings", "Instructions", "Lists"}, i18n.T(i18n.EN, "template.h_title"), "Lead time", "Enterprise"},
	} {
		var buf bytes.Buffer
		err := WriteCatalogueIn(&buf, refdata.Load(), e, tc.lang, func(fn func(*koppel.Offering) error) error {
			for _, o := range offs {
				if err := fn(o); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if got := f.GetSheetList(); !cmp.Equal(got, tc.sheets) {
			t.Errorf("%s: sheets %v, want %v", tc.lang, got, tc.sheets)
		}
		rows, _ := f.GetRows(tc.sheets[1])
		if len(rows) != 1+len(offs) || rows[0][1] != tc.title || rows[0][len(aanbodColumns)] != tc.leadTime {
			t.Errorf("%s: header %q", tc.lang, rows[0])
		}
		if v, _ := f.GetCellValue(tc.enterprise, "B2"); v != "0123.456.749" {
			t.Errorf("%s: company number %q", tc.lang, v)
		}
		f.Close()
		res := mustRead(t, "export.xlsx", buf.Bytes(), Options{KBO: validKBO})
		if len(res.problems) != 0 || len(res.cat.IgnoredColumns) != 0 {
			t.Errorf("%s: problems %+v, ignored %v", tc.lang, res.problems, res.cat.IgnoredColumns)
		}
		if diff := cmp.Diff(e, res.cat.Enterprise, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: profile (-exported +read):\n%s", tc.lang, diff)
		}
		if diff := cmp.Diff(offs, res.offerings, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: offerings (-exported +read):\n%s", tc.lang, diff)
		}
	}
}
