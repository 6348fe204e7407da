package importers

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// TestTenderTemplateInEveryLanguage writes the tender template in French
// and English (real xlsx), checks that its sheets, headers, dropdown
// values, hints and instructions are in that language, fills it in as a
// buyer would and reads it back. In Dutch the catalogue gives the headers
// the importer's table has.
func TestTenderTemplateInEveryLanguage(t *testing.T) {
	for _, c := range tenderColumns {
		if got := i18n.T(i18n.NL, tenderHeaderKeys[c.Field]); got != c.Header {
			t.Errorf("header %q: Dutch catalogue has %q", c.Header, got)
		}
	}
	dutch := regexp.MustCompile(`(?i)\b(het|van|een|uw|opdracht|opdrachten|perceel|aankoper|puntkomma|ontwerp|gepubliceerd|afgesloten|voorbehouden|leeg|rij|rijen)\b`)
	for _, lang := range []i18n.Lang{i18n.FR, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteTenderTemplateIn(&buf, refdata.Load(), lang); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			lots, help, lists := i18n.T(lang, "imports.sheet.tenders"), i18n.T(lang, "template.sheet_help"), i18n.T(lang, "template.sheet_lists")
			if got, want := strings.Join(f.GetSheetList(), ","), lots+","+help+","+lists; got != want {
				t.Fatalf("sheets %s, want %s", got, want)
			}
			rows, _ := f.GetRows(lots)
			for i, c := range tenderColumns {
				if h := rows[0][i]; h != i18n.T(lang, tenderHeaderKeys[c.Field]) || tenderSchema.match(h) != c.Field {
					t.Errorf("header %d %q: want %q, read as field %d", i, h, i18n.T(lang, tenderHeaderKeys[c.Field]), c.Field)
				}
			}
			if rows[1][0] != exampleCode {
				t.Errorf("example row %q", rows[1])
			}
			// Everything a person reads: headers, the example, hints,
			// dropdown values, the instructions (not the column of
			// recognised words, which lists the Dutch ones too).
			texts := append([]string{}, rows[0]...)
			texts = append(texts, rows[1][1:]...)
			dvs, _ := f.GetDataValidations(lots)
			for _, dv := range dvs {
				if dv.Prompt != nil {
					texts = append(texts, *dv.Prompt, *dv.PromptTitle)
				}
			}
			listRows, _ := f.GetRows(lists)
			for _, r := range listRows {
				texts = append(texts, r...)
			}
			helpRows, _ := f.GetRows(help)
			for _, r := range helpRows {
				texts = append(texts, r[:min(len(r), 2)]...)
			}
			for _, s := range texts {
				if w := dutch.FindString(strings.ReplaceAll(s, "VOORBEELD", "")); w != "" {
					t.Errorf("Dutch word %q in %q", w, s)
				}
			}
			if !strings.Contains(helpRows[0][0], i18n.T(lang, "imports.tt_help_title")) {
				t.Errorf("instructions start %q", helpRows[0])
			}
			// Every dropdown value reads back as what it says.
			for i, r := range listRows {
				if i < len(clauseChoices) {
					if cs, errs, _ := parseClauses(r[0]); len(errs) > 0 || len(cs) != 1 || cs[0].Kind != clauseChoices[i].kind {
						t.Errorf("dropdown %q reads as %v, %v", r[0], cs, errs)
					}
				}
				if len(r) > 1 && r[1] != "" {
					if st, ok := parseStatus(r[1]); !ok || st != tenderStatusChoices[i] {
						t.Errorf("status %q reads as %q, %v", r[1], st, ok)
					}
				}
			}

			// Filled in below the example row with the dropdowns' values,
			// and read back.
			fill := []any{"S-1", "Basisschool De Linde", "Groenonderhoud", "", 1, "Speelplaats", "", "77313000-7", "Merelbeke", 15000,
				time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), 0.5,
				time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC), listRows[1][1], listRows[4][0], "opp"}
			if err := f.SetSheetRow(lots, "A3", &fill); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := f.Write(&out); err != nil {
				t.Fatal(err)
			}
			tf := mustReadTenders(t, "filled.xlsx", out.Bytes(), Options{})
			if len(tf.Problems) != 0 || len(tf.IgnoredColumns) != 0 || tf.Sheet != lots || len(tf.Tenders) != 1 {
				t.Fatalf("problems %v, ignored %v, sheet %q, tenders %d", tf.Problems, tf.IgnoredColumns, tf.Sheet, len(tf.Tenders))
			}
			tn := tf.Tenders[0]
			l := tn.Lots[0]
			if tn.ID != "s-1" || tn.Status != koppel.TenderPublished || l.Postcode != "9820" || l.VolumeFTE != 0.5 || l.Value != 15000 ||
				!l.End.Equal(koppel.NewDate(2027, 6, 30)) || len(l.Clauses) != 1 || l.Clauses[0].Kind != koppel.ClauseAwardCriterion || l.Clauses[0].Weight != 10 {
				t.Errorf("tender %+v, lot %+v", tn, l)
			}
		})
	}
}
