package importers

import (
	"slices"
	"strings"
	"testing"

	"koppel"
)

// TestEnterpriseSheetDomainErrorInLanguage: a problem only the domain's
// own check of the enterprise finds (a recognition that ends before it
// starts) is in the report in Dutch, French and English, the work form
// named in each language.
func TestEnterpriseSheetDomainErrorInLanguage(t *testing.T) {
	ent := sheet{"Onderneming", [][]any{{"Gegeven", "Waarde"}, {"Ondernemingsnummer", "0123.456.749"}, {"Naam", "De Ploeg"}, {"Postcode", "9000"},
		{"Werkvorm(en)", "Invoegbedrijf"}, {"Erkend vanaf", "01/01/2027"}, {"Erkend tot", "31/12/2026"}}}
	res := mustRead(t, "o.xlsx", buildXLSX(t, []sheet{ent, {"Aanbod", [][]any{{"Dienst"}, {"Poetsen"}}}}, nil), Options{})
	want := koppel.Problem{File: "o.xlsx", Sheet: "Onderneming", Severity: koppel.SeverityError,
		Message:   "erkenning Invoegbedrijf: einddatum 31/12/2026 ligt voor de begindatum 01/01/2027",
		MessageFR: "agrément Entreprise d’insertion\u00a0: la date de fin 31/12/2026 précède la date de début 01/01/2027",
		MessageEN: "recognition Work integration enterprise: end date 31/12/2026 is before start date 01/01/2027"}
	if len(res.problems) != 1 || res.problems[0] != want {
		t.Errorf("problems = %+v, want %+v", res.problems, want)
	}
	if res.cat.Enterprise != nil {
		t.Errorf("enterprise %+v read, want none", res.cat.Enterprise)
	}
}

// TestTenderSheetDomainErrorInLanguage: a tender the domain's own check
// refuses (a lot description beyond the limit) is reported in French and
// English too.
func TestTenderSheetDomainErrorInLanguage(t *testing.T) {
	long := strings.Repeat("x\n", koppel.MaxLotDescriptionLines) + "x"
	data := opdrachten(t, tenderHeader, trow(map[string]any{"Opdracht": "A", "Aankoper": "Stad Gent", "Titel opdracht": "Poetsen", "Perceel": 1,
		"Omschrijving perceel": long, "CPV-codes": "90911200-8"}))
	tf := mustReadTenders(t, "a.xlsx", data, Options{})
	var got []string
	for _, p := range tf.Problems {
		got = append(got, p.MessageFR, p.MessageEN)
	}
	want := []string{"le marché «\u00a0Poetsen\u00a0» n’a pas été importé\u00a0: la description du lot 1 compte 301 lignes\u00a0; au plus 300 lignes par lot",
		"the tender 'Poetsen' was not imported: the description of lot 1 has 301 lines; at most 300 lines per lot"}
	if len(tf.Tenders) != 0 || !slices.Equal(got, want) {
		t.Errorf("got %d tenders, problems %q; want none and %q", len(tf.Tenders), got, want)
	}
}
