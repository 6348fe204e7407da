package importers

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
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

// dropdownValues are the values each dropdown of a template's sheet
// offers, by the cell range it covers, read from the list the dropdown
// points at.
func dropdownValues(t *testing.T, f *excelize.File, sheet string) map[string][]string {
	t.Helper()
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, dv := range dvs {
		if dv.Type != "list" || !strings.Contains(dv.Formula1, "!") {
			continue
		}
		listSheet, rng, _ := strings.Cut(strings.ReplaceAll(dv.Formula1, "$", ""), "!")
		from, to, _ := strings.Cut(rng, ":")
		col, first, err := excelize.CellNameToCoordinates(from)
		if err != nil {
			t.Fatalf("%s: %q: %v", sheet, dv.Formula1, err)
		}
		_, last, _ := excelize.CellNameToCoordinates(to)
		for row := first; row <= last; row++ {
			v, _ := f.GetCellValue(listSheet, cell(col, row))
			out[dv.Sqref] = append(out[dv.Sqref], v)
		}
	}
	return out
}

// TestTemplateDropdownsInLanguage: the dropdowns of the French and English
// catalogue templates list work forms, categories, languages and target
// groups in that language, and a template filled in with its own dropdown
// values imports as those values.
func TestTemplateDropdownsInLanguage(t *testing.T) {
	ref := refdata.Load()
	for _, tc := range []struct {
		lang                 i18n.Lang
		form, cat, langs, tg string // the first value of each list
	}{
		{i18n.NL, "Maatwerkbedrijf", "Schoonmaak & poetsen", "Nederlands", "Mensen met een arbeidshandicap"},
		{i18n.FR, "Entreprise de travail adapté (ETA)", "Nettoyage", "Néerlandais", "Personnes avec un handicap au travail"},
		{i18n.EN, "Sheltered workshop (maatwerkbedrijf)", "Cleaning", "Dutch", "People with a work disability"},
	} {
		var buf bytes.Buffer
		if err := WriteCatalogueTemplateIn(&buf, ref, tc.lang); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		ent, off := i18n.T(tc.lang, "template.sheet_enterprise"), i18n.T(tc.lang, "template.sheet_offerings")
		rowOf := map[efield]int{}
		for i, r := range enterpriseRows {
			rowOf[r.Field] = i + 2
		}
		entLists, offLists := dropdownValues(t, f, ent), dropdownValues(t, f, off)
		forms, groups, entLangs := entLists[cell(2, rowOf[eForms])], entLists[cell(2, rowOf[eTargetGroups])], entLists[cell(2, rowOf[eLanguages])]
		cats, langs := offLists[columnRange(aanbodColumns, fieldCategory, templateRows)], offLists[columnRange(aanbodColumns, fieldLanguages, templateRows)]
		if len(forms) != len(koppel.WorkForms) || len(groups) != len(koppel.TargetGroups) || len(cats) != len(koppel.Categories) ||
			len(langs) != len(languageChoices) || !slices.Equal(langs, entLangs) {
			t.Fatalf("%s: dropdowns %q %q", tc.lang, entLists, offLists)
		}
		if forms[0] != tc.form || cats[0] != tc.cat || langs[0] != tc.langs || groups[0] != tc.tg {
			t.Errorf("%s: first values %q, %q, %q, %q; want %q, %q, %q, %q", tc.lang, forms[0], cats[0], langs[0], groups[0], tc.form, tc.cat, tc.langs, tc.tg)
		}
		if tc.lang != i18n.NL {
			for _, list := range [][]string{forms, cats, langs, groups} {
				for _, v := range list {
					if w := i18n.DutchLeft(tc.lang, v); w != "" && !strings.Contains(v, "(") {
						t.Errorf("%s: dropdown value %q is Dutch (%s)", tc.lang, v, w)
					}
				}
			}
		}

		// Fill in the template with its own dropdown values: every work
		// form, the last three target groups, each category and language
		// combination on an offering of its own.
		set := func(sheet, c, v string) {
			if err := f.SetCellStr(sheet, c, v); err != nil {
				t.Fatal(err)
			}
		}
		set(ent, cell(2, rowOf[eKBO]), string(validKBO))
		set(ent, cell(2, rowOf[eName]), "De Poetsploeg vzw")
		set(ent, cell(2, rowOf[ePostcode]), "9000")
		set(ent, cell(2, rowOf[eForms]), strings.Join(forms, "; "))
		set(ent, cell(2, rowOf[eTargetGroups]), strings.Join(groups[len(groups)-3:], "; "))
		set(ent, cell(2, rowOf[eLanguages]), entLangs[len(entLangs)-1])
		set(ent, cell(2, rowOf[eTransitionPaths]), i18n.T(tc.lang, "template.yes"))
		col := func(fl field) int {
			for i, c := range aanbodColumns {
				if c.Field == fl {
					return i + 1
				}
			}
			t.Fatalf("no column %v", fl)
			return 0
		}
		for i, c := range cats {
			row := i + 3
			set(off, cell(col(fieldID), row), fmt.Sprintf("S-%d", i))
			set(off, cell(col(fieldTitle), row), "Dienst "+c)
			set(off, cell(col(fieldCategory), row), c)
			set(off, cell(col(fieldLanguages), row), langs[i%len(langs)])
		}
		var filled bytes.Buffer
		if err := f.Write(&filled); err != nil {
			t.Fatal(err)
		}
		f.Close()
		res := mustRead(t, "modele.xlsx", filled.Bytes(), Options{KBO: validKBO})
		if len(res.problems) != 0 {
			t.Errorf("%s: problems %+v", tc.lang, res.problems)
		}
		e := res.cat.Enterprise
		var gotForms []koppel.WorkForm
		for _, r := range e.Recognitions {
			gotForms = append(gotForms, r.Form)
		}
		var wantForms []koppel.WorkForm
		for _, w := range koppel.WorkForms {
			wantForms = append(wantForms, w.Form)
		}
		var wantGroups []koppel.TargetGroup
		for _, g := range koppel.TargetGroups[len(koppel.TargetGroups)-3:] {
			wantGroups = append(wantGroups, g.Group)
		}
		if !slices.Equal(gotForms, wantForms) || !slices.Equal(e.TargetGroups, wantGroups) || !e.TransitionPaths ||
			!slices.Equal(e.Languages, languageChoices[len(languageChoices)-1]) {
			t.Errorf("%s: read forms %v, target groups %v, transition %v, languages %v", tc.lang, gotForms, e.TargetGroups, e.TransitionPaths, e.Languages)
		}
		if len(res.offerings) != len(koppel.Categories) {
			t.Fatalf("%s: %d offerings, want %d", tc.lang, len(res.offerings), len(koppel.Categories))
		}
		for i, o := range res.offerings {
			if o.Category != koppel.Categories[i].Category || !slices.Equal(o.Languages, languageChoices[i%len(languageChoices)]) {
				t.Errorf("%s: offering %s read as %s %v, want %s %v", tc.lang, o.ID, o.Category, o.Languages, koppel.Categories[i].Category, languageChoices[i%len(languageChoices)])
			}
		}
	}
}

// TestOldTransitionLabel: a French workbook filled in before the template
// said "Parcours de transition" still reads its row "Trajets de
// transition" (or "Trajet de transition").
func TestOldTransitionLabel(t *testing.T) {
	rowOf := map[efield]int{}
	for i, r := range enterpriseRows {
		rowOf[r.Field] = i + 2
	}
	for _, label := range []string{"Trajets de transition", "Trajet de transition", "Parcours de transition"} {
		var buf bytes.Buffer
		if err := WriteCatalogueTemplateIn(&buf, refdata.Load(), i18n.FR); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		ent := i18n.T(i18n.FR, "template.sheet_enterprise")
		for c, v := range map[string]string{cell(1, rowOf[eTransitionPaths]): label, cell(2, rowOf[eTransitionPaths]): "oui",
			cell(2, rowOf[eKBO]): string(validKBO), cell(2, rowOf[eName]): "De Poetsploeg vzw", cell(2, rowOf[ePostcode]): "9000"} {
			if err := f.SetCellStr(ent, c, v); err != nil {
				t.Fatal(err)
			}
		}
		var filled bytes.Buffer
		if err := f.Write(&filled); err != nil {
			t.Fatal(err)
		}
		f.Close()
		res := mustRead(t, "ancien.xlsx", filled.Bytes(), Options{KBO: validKBO})
		if e := res.cat.Enterprise; len(res.problems) != 0 || e == nil || !e.TransitionPaths {
			t.Errorf("%s: enterprise %+v, problems %+v", label, e, res.problems)
		}
	}
}
