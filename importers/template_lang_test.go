package importers

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel/i18n"
	"koppel/refdata"
)

// TestTemplateInEveryLanguage writes the catalogue template in French and
// English (real xlsx), checks its sheets, labels, headers and instructions
// are in that language, fills it in and reads it back: the importer reads
// every language's template. In Dutch the catalogue gives the labels and
// headers the importer's tables have.
func TestTemplateInEveryLanguage(t *testing.T) {
	for _, r := range enterpriseRows {
		keys := enterpriseRowKeys[r.Field]
		if i18n.T(i18n.NL, keys[0]) != r.Label || i18n.T(i18n.NL, keys[1]) != r.Hint {
			t.Errorf("row %q: Dutch catalogue has %q / %q, enterpriseRows %q / %q", r.Label, i18n.T(i18n.NL, keys[0]), i18n.T(i18n.NL, keys[1]), r.Label, r.Hint)
		}
	}
	for _, c := range aanbodColumns {
		if got := i18n.T(i18n.NL, offeringHeaderKeys[c.Field]); got != c.Header {
			t.Errorf("header %q: Dutch catalogue has %q", c.Header, got)
		}
	}
	dutch := regexp.MustCompile(`(?i)\b(het|van|een|uw|gegevens|dienst|onderneming|werkvorm|verplicht|puntkomma)\b`)
	for _, lang := range []i18n.Lang{i18n.FR, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCatalogueTemplateIn(&buf, refdata.Load(), lang); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			ent, off, help := i18n.T(lang, "template.sheet_enterprise"), i18n.T(lang, "template.sheet_offerings"), i18n.T(lang, "template.sheet_help")
			if got, want := strings.Join(f.GetSheetList(), ","), strings.Join([]string{ent, off, help, i18n.T(lang, "template.sheet_lists")}, ","); got != want {
				t.Fatalf("sheets %s, want %s", got, want)
			}
			// Everything a person reads: labels, hints, headers, instructions.
			var texts []string
			rows, _ := f.GetRows(ent)
			for _, r := range rows {
				texts = append(texts, strings.Join(r[:1], ""), strings.Join(r[min(2, len(r)-1):], ""))
			}
			rows, _ = f.GetRows(off)
			texts = append(texts, rows[0]...)
			rows, _ = f.GetRows(help)
			for _, r := range rows[:12] {
				texts = append(texts, r...)
			}
			dvs, _ := f.GetDataValidations(ent)
			for _, dv := range dvs {
				if dv.Prompt != nil {
					texts = append(texts, *dv.Prompt)
				}
			}
			for _, s := range texts {
				// Names users type as values stay Dutch (Mensen met een
				// arbeidshandicap, Oost-Vlaanderen, Nederlands, Frans).
				s = strings.NewReplacer("Mensen met een arbeidshandicap", "", "Langdurig werkzoekenden", "", "Nederlands, Frans, Engels, Duits", "", "Nederlands, Frans", "", "VOORBEELD", "").Replace(s)
				if w := dutch.FindString(s); w != "" {
					t.Errorf("Dutch word %q in %q", w, s)
				}
			}
			if rows, _ := f.GetRows(off); rows[0][1] != i18n.T(lang, "template.h_title") || rows[1][0] != exampleCode {
				t.Errorf("offerings header/example %q, want %q and the example row", rows[0][:2], i18n.T(lang, "template.h_title"))
			}

			// Filled in and read back.
			for c, v := range map[string]any{"B2": "0123.456.749", "B3": "De Poetsploeg vzw", "B4": "Maatwerkbedrijf", "B8": 9000, "B15": "42,5"} {
				if err := f.SetCellValue(ent, c, v); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.SetSheetRow(off, "A3", &[]any{"P1", "Poetsen", "", "Schoonmaak & poetsen", "90911200-8", "", 2, "VTE", "28,5"}); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := f.Write(&out); err != nil {
				t.Fatal(err)
			}
			res := mustRead(t, "filled.xlsx", out.Bytes(), Options{})
			e := res.cat.Enterprise
			if len(res.problems) != 0 || e == nil || e.KBO != validKBO || e.Name != "De Poetsploeg vzw" || e.Address.Postcode != "9000" || e.FTETotal == nil || *e.FTETotal != 42.5 || len(e.Recognitions) != 1 {
				t.Errorf("enterprise %+v, problems %v; want it read from the %s sheet", e, res.problems, ent)
			}
			if len(res.offerings) != 1 || res.offerings[0].ID != "P1" || res.offerings[0].Category != "schoonmaak" || *res.offerings[0].Price != 28.5 || res.cat.Sheet != off || len(res.cat.IgnoredColumns) != 0 {
				t.Errorf("offerings %v from sheet %q (ignored %v); want P1 from %q", res.offerings, res.cat.Sheet, res.cat.IgnoredColumns, off)
			}
		})
	}
}
