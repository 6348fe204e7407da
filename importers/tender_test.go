package importers

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// tenderHeader is the template's header row; columns A to Q.
var tenderHeader = []any{"Opdracht", "Aankoper", "Titel opdracht", "Omschrijving opdracht", "Perceel", "Titel perceel",
	"Omschrijving perceel", "CPV-codes", "Plaats van uitvoering", "Geraamde waarde (EUR)", "Start", "Einde", "VTE",
	"Uiterste indiendatum", "Status", "Sociale clausule", "Sociale doelstellingen"}

// trow makes a row under tenderHeader from cells by header.
func trow(cells map[string]any) []any {
	row := make([]any, len(tenderHeader))
	for k := range cells {
		found := false
		for i, h := range tenderHeader {
			if h == k {
				row[i], found = cells[k], true
			}
		}
		if !found {
			panic("trow: no column " + k)
		}
	}
	return row
}

// opdrachten is a workbook with only an Opdrachten sheet.
func opdrachten(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	return buildXLSX(t, []sheet{{"Opdrachten", rows}}, nil)
}

func readTenders(t testing.TB, name string, data []byte, opts Options) (*TenderFile, error) {
	t.Helper()
	return ReadTenders(context.Background(), refdata.Load(), name, bytes.NewReader(data), opts)
}

func mustReadTenders(t testing.TB, name string, data []byte, opts Options) *TenderFile {
	t.Helper()
	tf, err := readTenders(t, name, data, opts)
	if err != nil {
		t.Fatalf("ReadTenders %s: %v", name, err)
	}
	return tf
}

func place(t testing.TB, postcode string) *koppel.Place {
	t.Helper()
	p, ok := refdata.Load().Postcode(postcode)
	if !ok {
		t.Fatalf("no postcode %s", postcode)
	}
	return &p
}

// tenderCmp compares tenders: Date has unexported fields.
var tenderCmp = []cmp.Option{cmp.AllowUnexported(koppel.Date{}), cmpopts.EquateEmpty()}

func TestReadTendersMultiLot(t *testing.T) {
	data := opdrachten(t, tenderHeader,
		trow(map[string]any{"Opdracht": "GENT/2026-045", "Aankoper": "Stad Gent", "Titel opdracht": "Schoonmaak scholen",
			"Omschrijving opdracht": "Drie basisscholen", "Perceel": 1, "Titel perceel": "De Regenboog", "Omschrijving perceel": "Dagelijks",
			"CPV-codes": "90911200-8", "Plaats van uitvoering": 9000, "Geraamde waarde (EUR)": "€ 120.000,00",
			"Start": "01/09/2026", "Einde": "31/08/2029", "VTE": "2,5", "Uiterste indiendatum": "15/06/2026 11:00",
			"Status": "gepubliceerd", "Sociale clausule": "voorbehouden", "Sociale doelstellingen": "opp"}),
		trow(map[string]any{"Opdracht": "GENT/2026-045", "Aankoper": "Stad Gent", "Titel opdracht": "Schoonmaak scholen",
			"Perceel": "2", "Titel perceel": "De Linde", "CPV-codes": "90919200", "Plaats van uitvoering": "Drongen",
			"Geraamde waarde (EUR)": 80000, "Start": 46266, "Einde": 46568,
			"Sociale clausule": "uitvoeringsvoorwaarde; gunningscriterium 15%"}),
		trow(map[string]any{"Opdracht": "GENT/2026-045", "Aankoper": "Stad Gent", "Titel opdracht": "Schoonmaak scholen",
			"Perceel": "Perceel 3", "CPV-codes": "90911200", "Sociale clausule": "onderaanneming"}),
		trow(map[string]any{"Aankoper": "Gemeente Merelbeke", "Titel opdracht": "Groenonderhoud", "CPV-codes": "77310000",
			"Plaats van uitvoering": "Merelbeke", "Sociale clausule": "beschutte arbeid"}),
		trow(map[string]any{"Aankoper": "Gemeente Merelbeke", "Titel opdracht": "Groenonderhoud", "Titel perceel": "Kerkhof",
			"CPV-codes": "77313000", "Plaats van uitvoering": "9820", "Status": "ontwerp"}),
	)
	tf := mustReadTenders(t, "opdrachten.xlsx", data, Options{})
	if len(tf.Problems) != 0 {
		t.Fatalf("problems: %v", tf.Problems)
	}
	src := koppel.TenderSource{Kind: "xlsx", File: "opdrachten.xlsx"}
	want := []*koppel.Tender{{
		ID: "gent-2026-045", Buyer: koppel.Buyer{Name: "Stad Gent"}, Title: "Schoonmaak scholen", Description: "Drie basisscholen",
		Deadline: koppel.NewDate(2026, 6, 15), Status: koppel.TenderPublished, Source: src,
		Lots: []koppel.Lot{
			{ID: "1", Title: "De Regenboog", Description: "Dagelijks", CPV: []koppel.CPV{"90911200"}, Postcode: "9000", City: "Gent",
				Place: place(t, "9000"), Value: 120000, Start: koppel.NewDate(2026, 9, 1), End: koppel.NewDate(2029, 8, 31), VolumeFTE: 2.5,
				Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS, SocialObjectives: []string{"opp"}}}},
			{ID: "2", Title: "De Linde", CPV: []koppel.CPV{"90919200"}, Postcode: "9031", City: "Drongen", Place: place(t, "9031"),
				Value: 80000, Start: koppel.NewDate(2026, 9, 1), End: koppel.NewDate(2027, 6, 30),
				Clauses: []koppel.Clause{{Kind: koppel.ClauseExecutionCondition}, {Kind: koppel.ClauseAwardCriterion, Weight: 15}}},
			{ID: "3", Title: "Schoonmaak scholen", CPV: []koppel.CPV{"90911200"},
				Clauses: []koppel.Clause{{Kind: koppel.ClauseSubcontracting}}},
		},
	}, {
		ID: tenderID("", "Gemeente Merelbeke", "Groenonderhoud"), Buyer: koppel.Buyer{Name: "Gemeente Merelbeke"}, Title: "Groenonderhoud",
		Status: koppel.TenderDraft, Source: src,
		Lots: []koppel.Lot{
			{ID: "1", Title: "Groenonderhoud", CPV: []koppel.CPV{"77310000"}, Postcode: "9820", City: "Merelbeke", Place: place(t, "9820"),
				Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedExecution}}},
			{ID: "2", Title: "Kerkhof", CPV: []koppel.CPV{"77313000"}, Postcode: "9820", City: "Merelbeke", Place: place(t, "9820")},
		},
	}}
	if diff := cmp.Diff(want, tf.Tenders, tenderCmp...); diff != "" {
		t.Errorf("tenders (-want +got):\n%s", diff)
	}
	if tf.Rows != 5 || tf.Rejected != 0 || tf.Sheet != "Opdrachten" || tf.Format != FormatXLSX || len(tf.IgnoredColumns) != 0 {
		t.Errorf("file = rows %d, rejected %d, sheet %q, format %q, ignored %v", tf.Rows, tf.Rejected, tf.Sheet, tf.Format, tf.IgnoredColumns)
	}
	if diff := cmp.Diff(map[string]int{"gent-2026-045": 2, want[1].ID: 5}, tf.FirstRows); diff != "" {
		t.Errorf("first rows (-want +got):\n%s", diff)
	}
	var r koppel.ImportReport
	tf.Report(&r)
	if r.Kind != "tenders" || r.File != "opdrachten.xlsx" || r.Rows != 5 || r.Problems == nil {
		t.Errorf("report = %+v", r)
	}
}

func TestTenderID(t *testing.T) {
	for _, tt := range []struct{ ref, buyer, title, want string }{
		{"GENT/2026-045", "x", "y", "gent-2026-045"},
		{"  Dossier n° 12 ", "x", "y", "dossier-n-12"},
		{"Réf._A.1", "x", "y", "ref-a-1"},
	} {
		if got := tenderID(tt.ref, tt.buyer, tt.title); got != tt.want {
			t.Errorf("tenderID(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
	a := tenderID("", "Stad Gent", "Groenonderhoud parken")
	if !strings.HasPrefix(a, "groenonderhoud-parken-") || len(a) != len("groenonderhoud-parken-")+10 {
		t.Errorf("hash ID = %q", a)
	}
	if b := tenderID("", " stad  gent", "Groenonderhoud Parken"); b != a {
		t.Errorf("the same buyer and title written otherwise: %q, want %q", b, a)
	}
	if c := tenderID("", "Stad Antwerpen", "Groenonderhoud parken"); c == a {
		t.Errorf("another buyer gives the same ID %q", c)
	}
	if d := tenderID("///", "x", "!!!"); !strings.HasPrefix(d, "opdracht-") {
		t.Errorf("no slug: %q", d)
	}
}

func TestTenderHeaderSynonyms(t *testing.T) {
	want := []*koppel.Tender{{
		ID: "a-1", Buyer: koppel.Buyer{Name: "Stad Gent"}, Title: "Poetsen", Description: "Scholen", Status: koppel.TenderClosed,
		Deadline: koppel.NewDate(2026, 6, 15), Source: koppel.TenderSource{Kind: "xlsx", File: "a.xlsx"},
		Lots: []koppel.Lot{{ID: "2", Title: "Lot twee", Description: "Klaslokalen", CPV: []koppel.CPV{"90911200"}, Postcode: "9000", City: "Gent",
			Place: place(t, "9000"), Value: 1500, Start: koppel.NewDate(2026, 9, 1), End: koppel.NewDate(2027, 6, 30), VolumeFTE: 3,
			Clauses: []koppel.Clause{{Kind: koppel.ClauseAwardCriterion, Weight: 10, SocialObjectives: []string{"work-cond"}}}}},
	}}
	values := []any{"A/1", "Stad Gent", "Poetsen", "Scholen", "2", "Lot twee", "Klaslokalen", "90911200-8", "9000", "1.500", "01/09/2026", "30/06/2027", "3", "15/06/2026", "afgesloten", "gunningscriterium 10%", "work-cond"}
	tests := []struct {
		name   string
		header []any
		order  []int // column order; nil is as given
	}{
		{"nl", tenderHeader, nil},
		{"nl other words", []any{"Dossiernummer", "Aanbestedende overheid", "Titel", "Omschrijving", "Perceelnummer", "Naam perceel",
			"Beschrijving perceel", "CPV", "Postcode", "Raming", "Begindatum", "Einddatum", "Volume", "Deadline", "status", "Sociale clausules", "Doelstellingen"}, nil},
		{"fr", []any{"Référence", "Pouvoir adjudicateur", "Intitulé du marché", "Description", "Numéro de lot", "Intitulé du lot",
			"Description du lot", "Codes CPV", "Lieu d'exécution", "Valeur estimée", "Date de début", "Date de fin", "ETP",
			"Date limite de remise des offres", "Statut", "Clauses sociales", "Objectifs sociaux"}, nil},
		{"en", []any{"Reference", "Buyer", "Title", "Description", "Lot number", "Lot title", "Lot description", "CPV codes",
			"Place of performance", "Estimated value", "Start date", "End date", "FTE", "Submission deadline", "State", "Social clauses", "Social objectives"}, nil},
		{"shuffled", tenderHeader, []int{16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}},
		{"marks and brackets", []any{"Opdracht *", "Aankoper:", " Titel opdracht ", "Omschrijving opdracht", "Perceel (nr)", "Titel perceel",
			"Omschrijving perceel", "CPV-code(s)", "Plaats van uitvoering (postcode)", "Geraamde waarde (€, excl. btw)", "Start", "Einde", "VTE",
			"Uiterste indiendatum", "Status", "Sociale clausule", "Sociale doelstellingen"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header, row := tt.header, values
			if tt.order != nil {
				header, row = make([]any, len(tt.order)), make([]any, len(tt.order))
				for i, j := range tt.order {
					header[i], row[i] = tt.header[j], values[j]
				}
			}
			tf := mustReadTenders(t, "a.xlsx", opdrachten(t, header, row), Options{})
			if len(tf.Problems) != 0 || len(tf.IgnoredColumns) != 0 {
				t.Errorf("problems %v, ignored %v", tf.Problems, tf.IgnoredColumns)
			}
			if diff := cmp.Diff(want, tf.Tenders, tenderCmp...); diff != "" {
				t.Errorf("tenders (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseClauses(t *testing.T) {
	c := func(k koppel.ClauseKind) koppel.Clause { return koppel.Clause{Kind: k} }
	award := func(w float64) koppel.Clause { return koppel.Clause{Kind: koppel.ClauseAwardCriterion, Weight: w} }
	tests := []struct {
		in    string
		want  []koppel.Clause
		errs  []string
		warns []string
	}{
		{in: "voorbehouden", want: []koppel.Clause{c(koppel.ClauseReservedWS)}},
		{in: "Voorbehouden opdracht", want: []koppel.Clause{c(koppel.ClauseReservedWS)}},
		{in: "res-ws", want: []koppel.Clause{c(koppel.ClauseReservedWS)}},
		{in: "RES_WS", want: []koppel.Clause{c(koppel.ClauseReservedWS)}},
		{in: "Marché réservé (art. 20)", want: []koppel.Clause{c(koppel.ClauseReservedWS)}},
		{in: "voorbehouden (art. 15)", want: []koppel.Clause{c(koppel.ClauseReservedWS)}},
		{in: "res-pub-ser", want: []koppel.Clause{c(koppel.ClauseReservedPubSer)}},
		{in: "Voorbehouden aan openbare dienst (res-pub-ser)", want: []koppel.Clause{c(koppel.ClauseReservedPubSer)}},
		{in: "voorbehouden uitvoering", want: []koppel.Clause{c(koppel.ClauseReservedExecution)}},
		{in: "Beschutte arbeid", want: []koppel.Clause{c(koppel.ClauseReservedExecution)}},
		{in: "Voorbehouden uitvoering (beschutte arbeid)", want: []koppel.Clause{c(koppel.ClauseReservedExecution)}},
		{in: "uitvoeringsvoorwaarde", want: []koppel.Clause{c(koppel.ClauseExecutionCondition)}},
		{in: "Sociale uitvoeringsvoorwaarde", want: []koppel.Clause{c(koppel.ClauseExecutionCondition)}},
		{in: "gunningscriterium", want: []koppel.Clause{award(0)}},
		{in: "gunningscriterium 15%", want: []koppel.Clause{award(15)}},
		{in: "Sociaal gunningscriterium (12,5 %)", want: []koppel.Clause{award(12.5)}},
		{in: "gunningscriterium 20 punten", want: []koppel.Clause{award(20)}},
		{in: "critère d'attribution 10 %", want: []koppel.Clause{award(10)}},
		// The French dropdown's value, with ’ and a no-break space before %.
		{in: "Critère d’attribution social 10\u00a0%", want: []koppel.Clause{award(10)}},
		{in: "onderaanneming", want: []koppel.Clause{c(koppel.ClauseSubcontracting)}},
		{in: "Sous-traitance", want: []koppel.Clause{c(koppel.ClauseSubcontracting)}},
		{in: "execution-condition", want: []koppel.Clause{c(koppel.ClauseExecutionCondition)}},
		{in: "Voorbehouden opdracht (maatwerkbedrijven en sociale inschakeling)", want: []koppel.Clause{c(koppel.ClauseReservedWS)}},
		{in: "uitvoeringsvoorwaarde: 5% van de uren door doelgroepwerknemers",
			want: []koppel.Clause{{Kind: koppel.ClauseExecutionCondition, Text: "5% van de uren door doelgroepwerknemers"}}},
		{in: "voorbehouden; gunningscriterium 12,5%\nonderaanneming, uitvoeringsvoorwaarde | voorbehouden",
			want: []koppel.Clause{c(koppel.ClauseReservedWS), award(12.5), c(koppel.ClauseSubcontracting), c(koppel.ClauseExecutionCondition)}},
		{in: "geen"},
		{in: "nvt"},
		{in: "-"},
		{in: "gunningscriterium 150%", errs: []string{"het gewicht '150' van het gunningscriterium moet een percentage tussen 0 en 100 zijn"}},
		{in: "onderaanneming 10%", want: []koppel.Clause{c(koppel.ClauseSubcontracting)},
			warns: []string{"een gewicht (10) hoort alleen bij een gunningscriterium; het is weggelaten bij 'onderaanneming 10%'"}},
		{in: "voorbehouden; sociale sfeer", want: []koppel.Clause{c(koppel.ClauseReservedWS)},
			errs: []string{"'sociale sfeer' is geen gekende sociale clausule; schrijf bv. " + clauseHint}},
	}
	for _, tt := range tests {
		got, errs, warns := parseClauses(tt.in)
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("parseClauses(%q) (-want +got):\n%s", tt.in, diff)
		}
		if diff := cmp.Diff(tt.errs, messages(errs), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("parseClauses(%q) errors (-want +got):\n%s", tt.in, diff)
		}
		if diff := cmp.Diff(tt.warns, messages(warns), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("parseClauses(%q) warnings (-want +got):\n%s", tt.in, diff)
		}
	}
}

func messages(errs []*cellError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.nl)
	}
	return out
}

func TestParseObjectives(t *testing.T) {
	for in, want := range map[string][2][]string{
		"opp":                                   {{"opp"}},
		"opp; acc-all, et-eq\ngen-eq|hum-right": {{"opp", "acc-all", "et-eq", "gen-eq", "hum-right"}},
		"Kansengroepen; arbeidsvoorwaarden":     {{"opp", "work-cond"}},
		"Toegankelijkheid voor iedereen":        {{"acc-all"}},
		"Égalité hommes-femmes; Human rights":   {{"gen-eq", "hum-right"}},
		"opp (kansengroepen); opp; andere":      {{"opp", "other"}},
		"Werkgelegenheid (opp)":                 {{"opp"}},
		"opp; wereldvrede":                      {{"opp"}, {"wereldvrede"}},
		"nvt":                                   {},
	} {
		codes, unknown := parseObjectives(in)
		if diff := cmp.Diff(want[0], codes, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("parseObjectives(%q) codes (-want +got):\n%s", in, diff)
		}
		if diff := cmp.Diff(want[1], unknown, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("parseObjectives(%q) unknown (-want +got):\n%s", in, diff)
		}
	}
}

func TestTenderCells(t *testing.T) {
	tests := []struct {
		name  string
		cells map[string]any
		check func(t *testing.T, tn *koppel.Tender)
	}{
		{"money with euro and thousands", map[string]any{"Geraamde waarde (EUR)": "€ 120.000,00"}, func(t *testing.T, tn *koppel.Tender) {
			if v := tn.Lots[0].Value; v != 120000 {
				t.Errorf("value = %v, want 120000", v)
			}
		}},
		{"money thousands dot", map[string]any{"Geraamde waarde (EUR)": "120.000"}, func(t *testing.T, tn *koppel.Tender) {
			if v := tn.Lots[0].Value; v != 120000 {
				t.Errorf("value = %v, want 120000", v)
			}
		}},
		{"money decimals and VAT note", map[string]any{"Geraamde waarde (EUR)": "1 250,50 EUR excl. btw"}, func(t *testing.T, tn *koppel.Tender) {
			if v := tn.Lots[0].Value; v != 1250.5 {
				t.Errorf("value = %v, want 1250.5", v)
			}
		}},
		{"money as number", map[string]any{"Geraamde waarde (EUR)": 99999.99}, func(t *testing.T, tn *koppel.Tender) {
			if v := tn.Lots[0].Value; v != 99999.99 {
				t.Errorf("value = %v, want 99999.99", v)
			}
		}},
		{"dates as text and serial", map[string]any{"Start": "2026-09-01", "Einde": 46568, "Uiterste indiendatum": "15-06-2026"}, func(t *testing.T, tn *koppel.Tender) {
			l := tn.Lots[0]
			if !l.Start.Equal(koppel.NewDate(2026, 9, 1)) || !l.End.Equal(koppel.NewDate(2027, 6, 30)) || !tn.Deadline.Equal(koppel.NewDate(2026, 6, 15)) {
				t.Errorf("start %s, end %s, deadline %s", l.Start, l.End, tn.Deadline)
			}
		}},
		{"date cells", map[string]any{"Start": time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), "Uiterste indiendatum": time.Date(2026, 6, 15, 11, 0, 0, 0, time.UTC)}, func(t *testing.T, tn *koppel.Tender) {
			if !tn.Lots[0].Start.Equal(koppel.NewDate(2026, 9, 1)) || !tn.Deadline.Equal(koppel.NewDate(2026, 6, 15)) {
				t.Errorf("start %s, deadline %s", tn.Lots[0].Start, tn.Deadline)
			}
		}},
		{"deadline with time", map[string]any{"Uiterste indiendatum": "15/06/2026 om 11u00"}, func(t *testing.T, tn *koppel.Tender) {
			if !tn.Deadline.Equal(koppel.NewDate(2026, 6, 15)) {
				t.Errorf("deadline %s", tn.Deadline)
			}
		}},
		{"status words", map[string]any{"Status": "Published"}, func(t *testing.T, tn *koppel.Tender) {
			if tn.Status != koppel.TenderPublished {
				t.Errorf("status %s", tn.Status)
			}
		}},
		{"default status is draft", map[string]any{}, func(t *testing.T, tn *koppel.Tender) {
			if tn.Status != koppel.TenderDraft {
				t.Errorf("status %s", tn.Status)
			}
		}},
		{"place as name and postcode", map[string]any{"Plaats van uitvoering": "9031 Drongen"}, func(t *testing.T, tn *koppel.Tender) {
			if l := tn.Lots[0]; l.Postcode != "9031" || l.City != "Drongen" || l.Place == nil {
				t.Errorf("place %q %q %v", l.Postcode, l.City, l.Place)
			}
		}},
		{"place in French", map[string]any{"Plaats van uitvoering": "Gand"}, func(t *testing.T, tn *koppel.Tender) {
			if l := tn.Lots[0]; l.Postcode != "9000" {
				t.Errorf("postcode %q", l.Postcode)
			}
		}},
		{"lot id kept", map[string]any{"Perceel": "LOT-0001"}, func(t *testing.T, tn *koppel.Tender) {
			if id := tn.Lots[0].ID; id != "LOT-0001" {
				t.Errorf("lot id %q", id)
			}
		}},
		{"volume with unit", map[string]any{"VTE": "1,5 VTE"}, func(t *testing.T, tn *koppel.Tender) {
			if v := tn.Lots[0].VolumeFTE; v != 1.5 {
				t.Errorf("volume %v", v)
			}
		}},
		{"objectives without clause", map[string]any{"Sociale doelstellingen": "opp; gen-eq"}, func(t *testing.T, tn *koppel.Tender) {
			want := []koppel.Clause{{Kind: koppel.ClauseExecutionCondition, SocialObjectives: []string{"opp", "gen-eq"}}}
			if diff := cmp.Diff(want, tn.Lots[0].Clauses); diff != "" {
				t.Errorf("clauses (-want +got):\n%s", diff)
			}
		}},
		{"objectives on every clause", map[string]any{"Sociale clausule": "voorbehouden; gunningscriterium 5%", "Sociale doelstellingen": "opp"}, func(t *testing.T, tn *koppel.Tender) {
			want := []koppel.Clause{{Kind: koppel.ClauseReservedWS, SocialObjectives: []string{"opp"}},
				{Kind: koppel.ClauseAwardCriterion, Weight: 5, SocialObjectives: []string{"opp"}}}
			if diff := cmp.Diff(want, tn.Lots[0].Clauses); diff != "" {
				t.Errorf("clauses (-want +got):\n%s", diff)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells := map[string]any{"Aankoper": "Stad Gent", "Titel opdracht": "Poetsen"}
			for k, v := range tt.cells {
				cells[k] = v
			}
			tf := mustReadTenders(t, "a.xlsx", opdrachten(t, tenderHeader, trow(cells)), Options{})
			if len(tf.Problems) != 0 || len(tf.Tenders) != 1 {
				t.Fatalf("problems %v, %d tenders", tf.Problems, len(tf.Tenders))
			}
			tt.check(t, tf.Tenders[0])
		})
	}
}

func TestTenderRowProblems(t *testing.T) {
	base := map[string]any{"Opdracht": "A", "Aankoper": "Stad Gent", "Titel opdracht": "Poetsen"}
	with := func(extra map[string]any) []any {
		m := map[string]any{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			if v == nil {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
		return trow(m)
	}
	data := opdrachten(t, tenderHeader,
		with(map[string]any{"Perceel": 1, "CPV-codes": "90911200-8"}),                                   // 2: ok
		with(map[string]any{"Perceel": 2, "CPV-codes": "90911200; 9091200"}),                            // 3: bad CPV
		with(map[string]any{"Perceel": 3, "Plaats van uitvoering": "Atlantis"}),                         // 4: unknown place, kept
		with(map[string]any{"Perceel": 4, "Start": "01/09/2026", "Einde": "31/08/2026"}),                // 5: end before start
		with(map[string]any{"Perceel": "Perceel 1"}),                                                    // 6: duplicate lot
		with(map[string]any{"Perceel": 5, "Aankoper": nil}),                                             // 7: no buyer
		with(map[string]any{"Perceel": 6, "Titel opdracht": nil}),                                       // 8: no title
		with(map[string]any{"Perceel": 7, "Sociale clausule": "gunningscriterium 150%"}),                // 9: bad weight
		with(map[string]any{"Perceel": 8, "Sociale clausule": "sociaal"}),                               // 10: unknown clause
		with(map[string]any{"Perceel": 9, "Start": "31/02/2026"}),                                       // 11: no date
		with(map[string]any{"Perceel": 10, "Aankoper": "Stad Gent (OCMW)", "Status": "bezig"}),          // 12: other buyer, unknown status: kept
		with(map[string]any{"Perceel": 11, "Geraamde waarde (EUR)": "veel"}),                            // 13: value a warning, kept
		with(map[string]any{"Opdracht": "B", "Titel opdracht": "Groen", "CPV-codes": "123", "VTE": -1}), // 14: B's only lot is bad
		with(map[string]any{"Opdracht": "VOORBEELD", "CPV-codes": "bad"}),                               // 15: example row, skipped
		[]any{},
		with(map[string]any{"Perceel": 12, "Sociale doelstellingen": "opp; wereldvrede"}), // 17: unknown objective, kept
	)
	tf := mustReadTenders(t, "a.xlsx", data, Options{})
	p := func(row int, sev, col, value, nl, en string) koppel.Problem {
		return koppel.Problem{File: "a.xlsx", Sheet: "Opdrachten", Row: row, Column: col, Value: value, Severity: sev, Message: nl, MessageEN: en}
	}
	const e, w = koppel.SeverityError, koppel.SeverityWarning
	want := []koppel.Problem{
		p(3, e, "CPV-codes (H)", "90911200; 9091200", "'9091200' is geen geldige CPV-code (8 cijfers verwacht)", "'9091200' is not a valid CPV code (8 digits expected)"),
		p(4, w, "Plaats van uitvoering (I)", "Atlantis", "'Atlantis' is geen gekende postcode of gemeente; het perceel is ingelezen zonder plaats van uitvoering",
			"'Atlantis' is not a known postcode or municipality; the lot was imported without a place of performance"),
		p(5, e, "Einde (L)", "31/08/2026", "de einddatum 31/08/2026 ligt voor de startdatum 01/09/2026", "the end date 31/08/2026 is before the start date 01/09/2026"),
		p(6, e, "Perceel (E)", "Perceel 1", "perceel '1' van deze opdracht staat ook al op rij 2; geef elk perceel een eigen nummer",
			"lot '1' of this tender is already on row 2; give each lot its own number"),
		p(7, e, "Aankoper (B)", "", "de aankoper ontbreekt; vul de kolom Aankoper in (de aanbestedende overheid)", "the buyer is missing; fill in the Buyer column (Aankoper)"),
		p(8, e, "Titel opdracht (C)", "", "de titel van de opdracht ontbreekt; vul de kolom Titel opdracht in op elke rij, ook bij de volgende percelen",
			"the title of the tender is missing; fill in the Tender title column (Titel opdracht) on every row, also for the next lots"),
		p(9, e, "Sociale clausule (P)", "gunningscriterium 150%", "het gewicht '150' van het gunningscriterium moet een percentage tussen 0 en 100 zijn",
			"the weight '150' of the award criterion must be a percentage between 0 and 100"),
		p(10, e, "Sociale clausule (P)", "sociaal", "'sociaal' is geen gekende sociale clausule; schrijf bv. "+clauseHint, "'sociaal' is not a known social clause; write e.g. "+clauseHint),
		p(11, e, "Start (K)", "31/02/2026", "'31/02/2026' is geen datum; schrijf dd/mm/jjjj, bv. 31/12/2027", "'31/02/2026' is not a date; write dd/mm/yyyy, e.g. 31/12/2027"),
		p(12, w, "Status (O)", "bezig", "status 'bezig' niet herkend; de opdracht is ingelezen als ontwerp. Schrijf ontwerp, gepubliceerd of afgesloten",
			"status 'bezig' not recognised; the tender was imported as a draft. Write draft, published or closed"),
		p(12, w, "Aankoper (B)", "Stad Gent (OCMW)", "de aankoper verschilt van die op rij 2 ('Stad Gent') van dezelfde opdracht; die van rij 2 is genomen",
			"the buyer differs from the one on row 2 ('Stad Gent') of the same tender; the one of row 2 was used"),
		p(13, w, "Geraamde waarde (EUR) (J)", "veel", "geraamde waarde 'veel' is geen bedrag; de waarde is leeg gelaten (schrijf bv. 120.000,00)",
			"estimated value 'veel' is not an amount; it was left empty (write e.g. 120000.00)"),
		p(14, e, "CPV-codes (H)", "123", "'123' is geen geldige CPV-code (8 cijfers verwacht)", "'123' is not a valid CPV code (8 digits expected)"),
		p(14, e, "VTE (M)", "-1", "het volume mag niet negatief zijn", "the volume must not be negative"),
		p(17, w, "Sociale doelstellingen (Q)", "opp; wereldvrede", "sociale doelstelling 'wereldvrede' niet herkend; ze is weggelaten. Kies uit: "+objectiveHint,
			"social objective 'wereldvrede' not recognised; it was left out. Choose from: "+objectiveHint),
		p(14, e, "Titel opdracht (C)", "Groen", "de opdracht 'Groen' is niet ingelezen: geen enkel perceel ervan is zonder fouten",
			"the tender 'Groen' was not imported: none of its lots is free of errors"),
	}
	if diff := cmp.Diff(want, tf.Problems, ignoreFR); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if len(tf.Tenders) != 1 {
		t.Fatalf("got %d tenders, want 1", len(tf.Tenders))
	}
	var ids []string
	for _, l := range tf.Tenders[0].Lots {
		ids = append(ids, l.ID)
	}
	if diff := cmp.Diff([]string{"1", "3", "10", "11", "12"}, ids); diff != "" {
		t.Errorf("lots (-want +got):\n%s", diff)
	}
	tn := tf.Tenders[0]
	if tn.Buyer.Name != "Stad Gent" || tn.Status != koppel.TenderDraft || tn.Lots[1].Postcode != "" || tn.Lots[3].Value != 0 {
		t.Errorf("tender = %+v", tn)
	}
	if tf.Rows != 14 || tf.Rejected != 9 {
		t.Errorf("rows %d, rejected %d; want 14, 9", tf.Rows, tf.Rejected)
	}
}

func TestTenderGroupingWithoutReference(t *testing.T) {
	data := opdrachten(t, tenderHeader,
		trow(map[string]any{"Opdracht": "X-1", "Aankoper": "Stad Gent", "Titel opdracht": "Poetsen", "Perceel": 1}),
		trow(map[string]any{"Aankoper": "stad gent", "Titel opdracht": "POETSEN", "Uiterste indiendatum": "15/06/2026"}), // joins X-1
		trow(map[string]any{"Aankoper": "Stad Gent", "Titel opdracht": "Groen"}),
		trow(map[string]any{"Opdracht": "x-1", "Aankoper": "Stad Gent", "Titel opdracht": "Poetsen", "Uiterste indiendatum": "16/06/2026"}),
		trow(map[string]any{"Opdracht": "X/1", "Aankoper": "Stad Gent", "Titel opdracht": "Ander"}), // slug x-1 again
	)
	tf := mustReadTenders(t, "a.xlsx", data, Options{})
	got := map[string][]string{}
	for _, tn := range tf.Tenders {
		for _, l := range tn.Lots {
			got[tn.ID] = append(got[tn.ID], l.ID)
		}
	}
	want := map[string][]string{"x-1": {"1", "2", "3"}, tenderID("", "Stad Gent", "Groen"): {"1"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tenders and lots (-want +got):\n%s", diff)
	}
	if d := tf.Tenders[0].Deadline; !d.Equal(koppel.NewDate(2026, 6, 15)) {
		t.Errorf("deadline = %s, want the first one given", d)
	}
	wantP := []koppel.Problem{
		{File: "a.xlsx", Sheet: "Opdrachten", Row: 5, Column: "Uiterste indiendatum (N)", Value: "16/06/2026", Severity: "warning",
			Message:   "de uiterste indiendatum verschilt van die op rij 3 ('15/06/2026') van dezelfde opdracht; die van rij 3 is genomen",
			MessageEN: "the deadline differs from the one on row 3 ('15/06/2026') of the same tender; the one of row 3 was used"},
		{File: "a.xlsx", Sheet: "Opdrachten", Row: 6, Column: "Titel opdracht (C)", Value: "Ander", Severity: "error",
			Message:   "de opdracht 'Ander' krijgt het kenmerk x-1, dat al een andere opdracht van dit bestand heeft; geef ze een ander kenmerk in de kolom Opdracht",
			MessageEN: "the tender 'Ander' gets the ID x-1, which another tender of this file already has; give it another reference in the Tender reference column (Opdracht)"},
	}
	if diff := cmp.Diff(wantP, tf.Problems, ignoreFR); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if tf.Rows != 5 || tf.Rejected != 1 {
		t.Errorf("rows %d, rejected %d; want 5, 1", tf.Rows, tf.Rejected)
	}
}

func TestTenderHeaderErrors(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"no buyer column", "a.xlsx", opdrachten(t, []any{"Opdracht", "Titel opdracht", "CPV-codes"}, []any{"A", "Poetsen", "90911200"}),
			`in het blad 'Opdrachten' van "a.xlsx" ontbreekt de kolom 'Aankoper' (de aanbestedende overheid; ook 'Aanbestedende overheid', 'Pouvoir adjudicateur' of 'Buyer'). Gevonden kolommen: 'Opdracht', 'Titel opdracht', 'CPV-codes'`},
		{"no title column", "a.xlsx", opdrachten(t, []any{"Aankoper", "Omschrijving"}, []any{"Stad Gent", "x"}),
			`in het blad 'Opdrachten' van "a.xlsx" ontbreekt de kolom 'Titel opdracht' (de titel van de opdracht; ook 'Titel', 'Intitulé du marché' of 'Title'). Gevonden kolommen: 'Aankoper', 'Omschrijving'`},
		{"neither", "a.xlsx", opdrachten(t, []any{"Wat", "Waar"}, []any{"x", "y"}),
			`in het blad 'Opdrachten' van "a.xlsx" ontbreken de kolommen 'Aankoper' (de aanbestedende overheid; ook 'Aanbestedende overheid', 'Pouvoir adjudicateur' of 'Buyer') en 'Titel opdracht' (de titel van de opdracht; ook 'Titel', 'Intitulé du marché' of 'Title'). Gevonden kolommen: 'Wat', 'Waar'`},
		{"csv without buyer", "a.csv", []byte("Titel;CPV\nPoetsen;90911200\n"),
			`in het bestand van "a.csv" ontbreekt de kolom 'Aankoper' (de aanbestedende overheid; ook 'Aanbestedende overheid', 'Pouvoir adjudicateur' of 'Buyer'). Gevonden kolommen: 'Titel', 'CPV'`},
		{"empty sheet", "a.xlsx", opdrachten(t), `het blad 'Opdrachten' van "a.xlsx" is leeg: er staan geen kolomkoppen en geen opdrachten in`},
		{"no tenders sheet", "a.xlsx", buildXLSX(t, []sheet{{"Blad1", nil}, {"Blad2", nil}}, nil),
			`het bestand "a.xlsx" heeft geen blad 'Opdrachten' met de opdrachten; het heeft de bladen 'Blad1', 'Blad2'. Gebruik het sjabloon of hernoem het blad met de opdrachten naar 'Opdrachten'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readTenders(t, tt.file, tt.data, Options{})
			if koppel.ErrorCode(err) != koppel.EINVALID || koppel.ErrorMessage(err) != tt.want {
				t.Errorf("err = %v (%s)\nwant %s", err, koppel.ErrorCode(err), tt.want)
			}
		})
	}
}

func TestTenderSheetChoice(t *testing.T) {
	rows := [][]any{{"Lijst van de opdrachten 2026"}, {}, {"Aankoper", "Titel", "Opmerking"}, {"Stad Gent", "Poetsen", "x"}}
	for _, sheets := range [][]sheet{
		{{"Blad1", rows}}, // the only sheet, whatever its name
		{{"Uitleg", nil}, {"Marchés publics", rows}}, // a named sheet among others
	} {
		tf := mustReadTenders(t, "a.xlsx", buildXLSX(t, sheets, nil), Options{})
		if len(tf.Tenders) != 1 || tf.Sheet != sheets[len(sheets)-1].name || !slicesEqual(tf.IgnoredColumns, []string{"Opmerking"}) {
			t.Errorf("sheets %v: tenders %v, sheet %q, ignored %v, problems %v", sheets[0].name, tf.Tenders, tf.Sheet, tf.IgnoredColumns, tf.Problems)
		}
	}
}

func slicesEqual(a, b []string) bool { return cmp.Equal(a, b) }

func TestTenderCSV(t *testing.T) {
	csv := "\ufeffOpdracht;Aankoper;Titel opdracht;Perceel;CPV-codes;Postcode;Geraamde waarde;Start;Sociale clausule\n" +
		"A1;Stad Gent;Poetsen;1;90911200-8;9000;\"120.000,00\";01/09/2026;\"voorbehouden\ngunningscriterium 10%\"\n" +
		"A1;Stad Gent;Poetsen;2;90919200;Gent;80000;01/09/2026;uitvoeringsvoorwaarde\n"
	tf := mustReadTenders(t, "opdrachten.csv", []byte(csv), Options{})
	if len(tf.Problems) != 0 || tf.Format != FormatCSV || tf.Sheet != "" {
		t.Fatalf("problems %v, format %q, sheet %q", tf.Problems, tf.Format, tf.Sheet)
	}
	want := []*koppel.Tender{{
		ID: "a1", Buyer: koppel.Buyer{Name: "Stad Gent"}, Title: "Poetsen", Status: koppel.TenderDraft,
		Source: koppel.TenderSource{Kind: "xlsx", File: "opdrachten.csv"},
		Lots: []koppel.Lot{
			{ID: "1", Title: "Poetsen", CPV: []koppel.CPV{"90911200"}, Postcode: "9000", City: "Gent", Place: place(t, "9000"), Value: 120000,
				Start: koppel.NewDate(2026, 9, 1), Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS}, {Kind: koppel.ClauseAwardCriterion, Weight: 10}}},
			{ID: "2", Title: "Poetsen", CPV: []koppel.CPV{"90919200"}, Postcode: "9000", City: "Gent", Place: place(t, "9000"), Value: 80000,
				Start: koppel.NewDate(2026, 9, 1), Clauses: []koppel.Clause{{Kind: koppel.ClauseExecutionCondition}}},
		},
	}}
	if diff := cmp.Diff(want, tf.Tenders, tenderCmp...); diff != "" {
		t.Errorf("tenders (-want +got):\n%s", diff)
	}
}

func TestTenderTemplateRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTenderTemplate(&buf, refdata.Load()); err != nil {
		t.Fatal(err)
	}
	tf := mustReadTenders(t, "sjabloon.xlsx", buf.Bytes(), Options{})
	if len(tf.Tenders) != 0 || len(tf.Problems) != 0 || tf.Rows != 0 || len(tf.IgnoredColumns) != 0 || tf.Sheet != SheetTenders {
		t.Fatalf("template: %d tenders, problems %v, rows %d, ignored %v, sheet %q", len(tf.Tenders), tf.Problems, tf.Rows, tf.IgnoredColumns, tf.Sheet)
	}

	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if diff := cmp.Diff([]string{"Opdrachten", "Uitleg", "Lijsten"}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if v, _ := f.GetSheetVisible("Lijsten"); v {
		t.Error("sheet Lijsten is visible, want hidden")
	}
	rows, _ := f.GetRows("Opdrachten")
	want := make([]string, len(tenderHeader))
	for i, h := range tenderHeader {
		want[i] = h.(string)
	}
	if diff := cmp.Diff(want, rows[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if rows[1][0] != exampleCode {
		t.Errorf("example row = %q, want %q", rows[1][0], exampleCode)
	}
	dvs, _ := f.GetDataValidations("Opdrachten")
	got := map[string]string{}
	for _, dv := range dvs {
		got[dv.Sqref] = dv.Formula1
	}
	for sqref, formula := range map[string]string{"P2:P2000": "Lijsten!$A$1:$A$7", "O2:O2000": "Lijsten!$B$1:$B$3", "Q2:Q2000": "Lijsten!$C$1:$C$7", "H2:H2000": ""} {
		if f1, ok := got[sqref]; !ok || !strings.Contains(f1, formula) {
			t.Errorf("validation on %s = %q (present %v), want %q", sqref, f1, ok, formula)
		}
	}
	// Every dropdown value reads back as what it says.
	lists, _ := f.GetRows("Lijsten")
	for i, r := range lists {
		if i < len(clauseChoices) {
			cs, errs, _ := parseClauses(r[0])
			if len(errs) > 0 || len(cs) != 1 || cs[0].Kind != clauseChoices[i].kind {
				t.Errorf("dropdown %q reads as %v, %v", r[0], cs, errs)
			}
		}
		if len(r) > 1 && r[1] != "" {
			if _, ok := parseStatus(r[1]); !ok {
				t.Errorf("status %q not recognised", r[1])
			}
		}
		if len(r) > 2 && r[2] != "" {
			if codes, unknown := parseObjectives(r[2]); len(codes) != 1 || len(unknown) > 0 {
				t.Errorf("objective %q reads as %v, %v", r[2], codes, unknown)
			}
		}
	}
	help, _ := f.GetRows("Uitleg")
	if len(help) < 20 || !strings.Contains(help[0][0], "Hoe vult u") {
		t.Errorf("Uitleg has %d rows", len(help))
	}

	// Fill it in as a buyer would, below the example row, and read it back.
	fill := []any{"S-1", "Basisschool De Linde", "Groenonderhoud", "", 1, "Speelplaats", "", "77313000-7", "Merelbeke", 15000,
		time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), 0.5,
		time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC), "Gepubliceerd", clauseChoiceLabel(i18n.NL, clauseChoices[4].kind), "opp"}
	if err := f.SetSheetRow("Opdrachten", "A3", &fill); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	tf = mustReadTenders(t, "ingevuld.xlsx", out.Bytes(), Options{})
	wantT := []*koppel.Tender{{
		ID: "s-1", Buyer: koppel.Buyer{Name: "Basisschool De Linde"}, Title: "Groenonderhoud", Status: koppel.TenderPublished,
		Deadline: koppel.NewDate(2026, 6, 15), Source: koppel.TenderSource{Kind: "xlsx", File: "ingevuld.xlsx"},
		Lots: []koppel.Lot{{ID: "1", Title: "Speelplaats", CPV: []koppel.CPV{"77313000"}, Postcode: "9820", City: "Merelbeke", Place: place(t, "9820"),
			Value: 15000, Start: koppel.NewDate(2026, 9, 1), End: koppel.NewDate(2027, 6, 30), VolumeFTE: 0.5,
			Clauses: []koppel.Clause{{Kind: koppel.ClauseAwardCriterion, Weight: 10, SocialObjectives: []string{"opp"}}}}},
	}}
	if len(tf.Problems) != 0 {
		t.Errorf("problems: %v", tf.Problems)
	}
	if diff := cmp.Diff(wantT, tf.Tenders, tenderCmp...); diff != "" {
		t.Errorf("tenders (-want +got):\n%s", diff)
	}
}

// TestTenderHostileFiles checks that the shared reading refuses what the
// catalogue refuses, with the tender words.
func TestTenderHostileFiles(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	encrypted := append(append([]byte{}, ole...), utf16le("EncryptedPackage")...)
	big := [][]any{tenderHeader}
	for i := 0; i < 12; i++ {
		big = append(big, trow(map[string]any{"Aankoper": "Stad Gent", "Titel opdracht": fmt.Sprint("Opdracht ", i)}))
	}
	bomb := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		f.SetSheetName("Sheet1", "Opdrachten")
		sw, _ := f.NewStreamWriter("Opdrachten")
		sw.SetRow("A1", []any{"Aankoper", "Titel opdracht", "Omschrijving"})
		pad := strings.Repeat("x", 1000)
		for r := 2; r <= 2_000; r++ {
			sw.SetRow(cell(1, r), []any{"Stad Gent", fmt.Sprint("Poetsen ", r), pad}) // a tender per row: at most koppel.MaxLots lots per tender
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		f.Write(&buf)
		return buf.Bytes()
	}()
	tests := []struct {
		name, file string
		data       []byte
		opts       Options
		code, msg  string
	}{
		{"empty", "a.xlsx", nil, Options{}, koppel.EINVALID, `het bestand "a.xlsx" is leeg`},
		{"corrupt zip", "a.xlsx", []byte("PK\x03\x04garbage"), Options{}, koppel.EINVALID, ""},
		{"zip but no workbook", "a.xlsx", zipOf(t, map[string]string{"a.txt": "x"}), Options{}, koppel.EINVALID,
			`het bestand "a.xlsx" is een zip-bestand maar geen Excel-werkmap (.xlsx)`},
		{"fake xls", "oud.xls", ole, Options{}, koppel.EINVALID,
			`het bestand "oud.xls" is een oud Excel-bestand (.xls, Excel 97-2003); open het in Excel of LibreOffice en sla het op als Excel-werkmap (.xlsx)`},
		{"password", "geheim.xlsx", encrypted, Options{}, koppel.EINVALID,
			`het bestand "geheim.xlsx" is beveiligd met een wachtwoord; sla het op zonder wachtwoord (Bestand > Info > Werkmap beveiligen > Versleutelen met wachtwoord: leegmaken) en laad het opnieuw op`},
		{"binary", "a.bin", []byte{0, 1, 2, 3, 0, 0, 0xff}, Options{}, koppel.EINVALID, `het bestand "a.bin" is geen Excel-werkmap (.xlsx) of CSV-bestand`},
		{"too large", "a.xlsx", opdrachten(t, tenderHeader), Options{MaxFileSize: 100}, koppel.ETOOLARGE, `het bestand "a.xlsx" is groter dan 0 MB`},
		{"zip bomb", "bom.xlsx", bomb, Options{UnzipSizeLimit: 1 << 20}, koppel.ETOOLARGE,
			`het bestand "bom.xlsx" is uitgepakt groter dan 1 MB; dat is te groot voor een lijst met opdrachten (of het is een zip-bom)`},
		{"too many rows", "a.xlsx", opdrachten(t, big...), Options{MaxRows: 10}, koppel.ETOOLARGE,
			`het bestand "a.xlsx" heeft meer dan 10 rijen; splits het bestand of neem contact op`},
		{"default row limit", "bom.xlsx", bomb, Options{MaxRows: 0}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tf, err := readTenders(t, tt.file, tt.data, tt.opts)
			if koppel.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v (code %q), want code %q", err, koppel.ErrorCode(err), tt.code)
			}
			if tt.msg != "" && koppel.ErrorMessage(err) != tt.msg {
				t.Errorf("message = %s\nwant %s", koppel.ErrorMessage(err), tt.msg)
			}
			if err == nil && (tf.Rows != 1_999 || len(tf.Tenders) != 1_999) {
				t.Errorf("rows %d, %d tenders", tf.Rows, len(tf.Tenders))
			}
		})
	}
	// The default limit for tenders is DefaultMaxTenderRows.
	rows := [][]any{{"Aankoper", "Titel opdracht"}}
	for i := 0; i <= DefaultMaxTenderRows; i++ {
		rows = append(rows, []any{"Stad Gent", fmt.Sprint("Poetsen ", i)})
	}
	var csv strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&csv, "%s;%s\n", r[0], r[1])
	}
	_, err := readTenders(t, "groot.csv", []byte(csv.String()), Options{})
	if koppel.ErrorCode(err) != koppel.ETOOLARGE || !strings.Contains(koppel.ErrorMessage(err), "rijen") {
		t.Errorf("%d rows: err = %v, want ETOOLARGE for the rows", DefaultMaxTenderRows+1, err)
	}
	// One tender of more than koppel.MaxLots lots stops the reading there.
	csv.Reset()
	csv.WriteString("Aankoper;Titel opdracht\n")
	for range koppel.MaxLots + 1 {
		csv.WriteString("Stad Gent;Poetsen\n")
	}
	_, err = readTenders(t, "percelen.csv", []byte(csv.String()), Options{})
	if want := fmt.Sprintf("rij %d: de opdracht 'Poetsen' heeft meer dan %d percelen", koppel.MaxLots+2, koppel.MaxLots); koppel.ErrorCode(err) != koppel.ETOOLARGE || !strings.Contains(koppel.ErrorMessage(err), want) {
		t.Errorf("%d lots: err = %v, want ETOOLARGE saying %q", koppel.MaxLots+1, err, want)
	}
}

func TestTenderContextCancelled(t *testing.T) {
	rows := [][]any{{"Aankoper", "Titel opdracht"}}
	for i := 0; i < 2500; i++ {
		rows = append(rows, []any{"Stad Gent", fmt.Sprint("Opdracht ", i)})
	}
	data := opdrachten(t, rows...)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadTenders(ctx, nil, "a.xlsx", bytes.NewReader(data), Options{}); err == nil {
		t.Error("cancelled: no error")
	}
}
