package importers

import (
	"slices"
	"strings"
	"testing"

	"koppel"
	"koppel/i18n"
)

// TestCatalogueFrenchNames reads a French template's Entreprise sheet
// whose work form and target group are the names the French pages show
// (workform.*, targetgroup.*): both are taken up without a problem. An
// unknown work form's warning lists the forms in French, none in Dutch.
func TestCatalogueFrenchNames(t *testing.T) {
	form, group := i18n.T(i18n.FR, "workform.maatwerkbedrijf"), i18n.T(i18n.FR, "targetgroup.arbeidshandicap")
	offerings := sheet{i18n.T(i18n.FR, "template.sheet_offerings"), [][]any{{i18n.T(i18n.FR, "template.h_title")}, {"Nettoyage"}}}
	ent := func(forms string) sheet {
		return sheet{i18n.T(i18n.FR, "template.sheet_enterprise"), [][]any{{"Donnée", "Valeur"}, {"Numéro d'entreprise", "0123.456.749"}, {"Nom", "De Ploeg"},
			{"Code postal", "9000"}, {"Forme(s) d'emploi", forms}, {"Groupes cibles", group}}}
	}
	res := mustRead(t, "e.xlsx", buildXLSX(t, []sheet{ent(form), offerings}, nil), Options{KBO: validKBO})
	if len(res.problems) != 0 {
		t.Fatalf("problems: %+v", res.problems)
	}
	e := res.cat.Enterprise
	if e == nil || !e.HasForm(koppel.Maatwerkbedrijf) || !slices.Equal(e.TargetGroups, []koppel.TargetGroup{koppel.TargetDisability}) {
		t.Fatalf("enterprise %+v: want work form %q and target group %q", e, koppel.Maatwerkbedrijf, koppel.TargetDisability)
	}

	res = mustRead(t, "e.xlsx", buildXLSX(t, []sheet{ent("Fusée"), offerings}, nil), Options{KBO: validKBO})
	if len(res.problems) != 1 {
		t.Fatalf("problems: %+v, want one about the work form", res.problems)
	}
	fr := res.problems[0].MessageFR
	for _, w := range koppel.WorkForms {
		if name := i18n.T(i18n.FR, "workform."+string(w.Form)); !strings.Contains(fr, name) {
			t.Errorf("French warning %q lacks %q", fr, name)
		}
	}
	if strings.Contains(fr, "Maatwerkafdeling") || strings.Contains(fr, "Invoegbedrijf") {
		t.Errorf("French warning %q lists Dutch names", fr)
	}
}

// TestSheetAndColumnNamesInReaderLanguage: the supplier page and the
// upload report name the sheets and the service column as the reader's
// template does, in French and English, never by their Dutch names.
func TestSheetAndColumnNamesInReaderLanguage(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
		enterprise, offerings, title := i18n.T(l, "template.sheet_enterprise"), i18n.T(l, "template.sheet_offerings"), i18n.T(l, "template.h_title")
		checks := []struct {
			text string
			want []string
		}{
			{i18n.T(l, "supplier.template_fill"), []string{enterprise, offerings}},
			{i18n.T(l, "recognition.conflict_help"), []string{enterprise}},
			{i18n.T(l, "import.enterprise_unknown", "KBO", "0123.456.749"), []string{enterprise}},
			{i18n.T(l, "import.service_name_missing"), []string{title}},
		}
		for _, c := range checks {
			for _, w := range c.want {
				if !strings.Contains(c.text, w) {
					t.Errorf("%s: %q lacks %q", l, c.text, w)
				}
			}
			for _, nl := range []string{"Onderneming", "Aanbod", "Dienst"} {
				if strings.Contains(c.text, nl) {
					t.Errorf("%s: %q names the Dutch %q", l, c.text, nl)
				}
			}
		}
	}
}
