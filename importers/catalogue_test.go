package importers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

var templateHeader = []any{"Code", "Dienst", "Omschrijving", "Categorie", "CPV-codes", "Werkgebied", "Capaciteit", "Eenheid", "Prijs (indicatief)", "Trefwoorden", "Talen"}

func TestTemplateRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCatalogueTemplate(&buf, refdata.Load()); err != nil {
		t.Fatal(err)
	}
	res := mustRead(t, "sjabloon.xlsx", buf.Bytes(), Options{KBO: validKBO})
	if len(res.offerings) != 0 || len(res.problems) != 0 {
		t.Fatalf("template: %d offerings, problems %v; want none", len(res.offerings), res.problems)
	}
	c := res.cat
	if c.Enterprise != nil || c.EnterpriseFilled {
		t.Errorf("template: Enterprise = %v, filled %v; want nil, false", c.Enterprise, c.EnterpriseFilled)
	}
	if c.Sheet != "Aanbod" || len(c.IgnoredColumns) != 0 || c.Stats() != (Stats{}) || c.KBO != validKBO {
		t.Errorf("template: sheet %q, ignored %v, stats %+v, KBO %q", c.Sheet, c.IgnoredColumns, c.Stats(), c.KBO)
	}

	// The template's structure: sheets, header, dropdowns from the hidden
	// list sheet, hints, frozen header.
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if diff := cmp.Diff([]string{"Onderneming", "Aanbod", "Uitleg", "Lijsten"}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if v, _ := f.GetSheetVisible("Lijsten"); v {
		t.Error("sheet Lijsten is visible, want hidden")
	}
	rows, _ := f.GetRows("Aanbod")
	want := make([]string, len(templateHeader))
	for i, h := range templateHeader {
		want[i] = h.(string)
	}
	if diff := cmp.Diff(want, rows[0]); diff != "" {
		t.Errorf("Aanbod header (-want +got):\n%s", diff)
	}
	if rows[1][0] != exampleCode {
		t.Errorf("example row code = %q, want %q", rows[1][0], exampleCode)
	}
	dvs, _ := f.GetDataValidations("Aanbod")
	got := map[string]string{}
	for _, dv := range dvs {
		got[dv.Sqref] = dv.Formula1
	}
	for sqref, formula := range map[string]string{"D2:D5000": "Lijsten!$B$1:$B$11", "K2:K5000": "Lijsten!$C$1:$C$8", "E2:E5000": ""} {
		if f1, ok := got[sqref]; !ok || !strings.Contains(f1, formula) {
			t.Errorf("Aanbod validation on %s = %q (present %v), want %q", sqref, f1, ok, formula)
		}
	}
	dvs, _ = f.GetDataValidations("Onderneming")
	got = map[string]string{}
	for _, dv := range dvs {
		got[dv.Sqref] = dv.Formula1
		if dv.Sqref == "B2" && (dv.Prompt == nil || !strings.Contains(*dv.Prompt, "0123.456.749")) {
			t.Errorf("KBO hint = %v", dv.Prompt)
		}
	}
	if !strings.Contains(got["B4"], "Lijsten!$A$1:$A$7") || !strings.Contains(got["B17"], "Lijsten!$C$1") {
		t.Errorf("Onderneming validations = %v", got)
	}
	panes, _ := f.GetPanes("Aanbod")
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("Aanbod panes = %+v, want the header row frozen", panes)
	}
	help, _ := f.GetRows("Uitleg")
	n := 0
	for _, r := range help {
		if len(r) >= 3 {
			if _, err := koppel.ParseCategory(r[0]); err == nil {
				n++
				codes, errs := parseCPVList(refdata.Load(), r[2])
				if len(codes) == 0 || len(errs) > 0 {
					t.Errorf("Uitleg %s: CPV %q: %v", r[0], r[2], errs)
				}
			}
		}
	}
	if n != len(koppel.Categories) {
		t.Errorf("Uitleg has %d category examples, want %d", n, len(koppel.Categories))
	}
}

// TestTemplateFilledIn fills the template as a user would, in the file
// itself, and reads it back.
func TestTemplateFilledIn(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCatalogueTemplate(&buf, refdata.Load()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]any{
		"B2": "0123.456.749", "B3": "De Poetsploeg vzw", "B4": "Maatwerkbedrijf; LDE", "B5": "MWB-123; LDE-9",
		"B6": 46387, "B7": "Stationsstraat 12", "B8": 9000, "B10": "25 km", "B11": "Merelbeke; Oost-Vlaanderen",
		"B12": "info@poetsploeg.be", "B13": 92251234, "B14": "www.poetsploeg.be", "B15": "42,5", "B16": 31,
		"B17": "Nederlands, Frans", "B18": "VCA; ISO 9001", "B19": "Schoonmaak en groen met doelgroepwerknemers.",
	}
	for c, v := range values {
		if err := f.SetCellValue("Onderneming", c, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetSheetRow("Aanbod", "A3", &[]any{"P1", "Poetsen", "", "Schoonmaak & poetsen", "90911200-8", "", 2, "VTE", "28,5"}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res := mustRead(t, "ingevuld.xlsx", out.Bytes(), Options{})
	if len(res.problems) != 0 {
		t.Fatalf("problems: %v", res.problems)
	}
	gent, _ := refdata.Load().Postcode("9000")
	want := &koppel.Enterprise{
		KBO: validKBO, Name: "De Poetsploeg vzw",
		Recognitions: []koppel.Recognition{
			{Form: koppel.Maatwerkbedrijf, Number: "MWB-123", ValidTo: koppel.NewDate(2026, 12, 31)},
			{Form: koppel.LokaleDiensteneconomie, Number: "LDE-9", ValidTo: koppel.NewDate(2026, 12, 31)},
		},
		Address:     koppel.Address{Street: "Stationsstraat 12", Postcode: "9000", City: "Gent", Place: &gent},
		ServiceArea: koppel.ServiceArea{RadiusKm: 25, Municipalities: []string{"Merelbeke"}, Provinces: []string{"Oost-Vlaanderen"}},
		Contact:     koppel.Contact{Email: "info@poetsploeg.be", Phone: "092251234", Website: "www.poetsploeg.be"},
		FTETotal:    ptr(42.5), FTETarget: ptr(31.0),
		Languages:      []string{"nl", "fr"},
		Certifications: []string{"VCA", "ISO 9001"},
		Description:    "Schoonmaak en groen met doelgroepwerknemers.",
	}
	if diff := cmp.Diff(want, res.cat.Enterprise, cmp.AllowUnexported(koppel.Date{})); diff != "" {
		t.Errorf("enterprise (-want +got):\n%s", diff)
	}
	wantO := []*koppel.Offering{{ID: "P1", Enterprise: validKBO, Title: "Poetsen", Category: "schoonmaak", CPV: []koppel.CPV{"90911200"}, Capacity: 2, Unit: "VTE", Price: ptr(28.5)}}
	if diff := cmp.Diff(wantO, res.offerings); diff != "" {
		t.Errorf("offerings (-want +got):\n%s", diff)
	}
}

func TestHeaderSynonyms(t *testing.T) {
	want := []*koppel.Offering{{
		ID: "A1", Title: "Poetsen", Description: "Klaslokalen", Category: "schoonmaak",
		CPV: []koppel.CPV{"90911200"}, ServiceArea: koppel.ServiceArea{RadiusKm: 30}, Capacity: 3, Unit: "VTE",
		Price: ptr(32.5), Keywords: []string{"poetsen", "scholen"}, Languages: []string{"nl", "fr"},
	}}
	row := []any{"A1", "Poetsen", "Klaslokalen", "Schoonmaak & poetsen", "90911200-8", "30 km", "3", "VTE", "32,50", "poetsen; scholen", "Nederlands, Frans"}
	tests := []struct {
		name   string
		header []any
	}{
		{"nl", templateHeader},
		{"nl other words", []any{"ID", "Titel", "Beschrijving", "categorie", "CPV", "Werkgebied", "capaciteit", "EENHEID", "Prijs", "trefwoorden", "Taal"}},
		{"fr", []any{"Référence", "Prestation", "Description", "Catégorie", "Code CPV", "Zone", "Capacité", "Unité", "Prix", "Mots-clés", "Langues"}},
		{"en", []any{"Reference", "Title", "Description", "Category", "CPV codes", "Service area", "Capacity", "Unit", "Price", "Keywords", "Languages"}},
		{"spaces and marks", []any{" Code ", "Dienst *", "Omschrijving:", "Categorie\u00a0", "CPV-code", "Werkgebied (gemeenten)", "Capaciteit", "Eenheid", "Prijs (€)", "Trefwoorden", "Talen"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRead(t, "a.xlsx", aanbod(t, tt.header, row), Options{})
			if len(res.problems) != 0 || len(res.cat.IgnoredColumns) != 0 {
				t.Errorf("problems %v, ignored %v", res.problems, res.cat.IgnoredColumns)
			}
			if diff := cmp.Diff(want, res.offerings); diff != "" {
				t.Errorf("offerings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestShuffledAndExtraColumns(t *testing.T) {
	data := aanbod(t,
		[]any{"Opmerking", "CPV-codes", "Dienst", "Intern nummer", "Code", "Prijs"},
		[]any{"niet tonen", "77310000", "Groenonderhoud", 17, "G1", 25},
		[]any{"enkel een opmerking"}, // no known field: an empty row
	)
	res := mustRead(t, "a.xlsx", data, Options{KBO: validKBO})
	want := []*koppel.Offering{{ID: "G1", Enterprise: validKBO, Title: "Groenonderhoud", CPV: []koppel.CPV{"77310000"}, Price: ptr(25.0)}}
	if diff := cmp.Diff(want, res.offerings); diff != "" {
		t.Errorf("offerings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Opmerking", "Intern nummer"}, res.cat.IgnoredColumns); diff != "" {
		t.Errorf("ignored columns (-want +got):\n%s", diff)
	}
	if s := res.cat.Stats(); s != (Stats{Rows: 1, Accepted: 1}) {
		t.Errorf("stats = %+v", s)
	}
	var r koppel.ImportReport
	res.cat.Report(&r)
	if r.Rows != 1 || r.Enterprise != validKBO || r.File != "a.xlsx" || len(r.IgnoredColumns) != 2 || r.Problems == nil {
		t.Errorf("report = %+v", r)
	}
}

func TestHeaderErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"no Dienst", aanbod(t, []any{"Code", "Omschrijving", "CPV"}, []any{"A", "b", "90911200"}),
			`in het blad 'Aanbod' van "a.xlsx" ontbreekt de kolom 'Dienst' (de naam van de dienst; ook 'Titel', 'Service' of 'Prestation'). Gevonden kolommen: 'Code', 'Omschrijving', 'CPV'`},
		{"empty sheet", aanbod(t), `het blad 'Aanbod' van "a.xlsx" is leeg: er staan geen kolomkoppen en geen diensten in`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := read(t, "a.xlsx", tt.data, Options{})
			if koppel.ErrorCode(res.err) != koppel.EINVALID || koppel.ErrorMessage(res.err) != tt.want {
				t.Errorf("err = %v (%s), want %s", res.err, koppel.ErrorCode(res.err), tt.want)
			}
		})
	}
}

func TestHeaderBelowTitleRows(t *testing.T) {
	data := aanbod(t,
		[]any{"Catalogus De Poetsploeg"},
		nil,
		[]any{"Dienst", "Dienst"},
		[]any{"Poetsen", "tweede"},
	)
	res := mustRead(t, "a.xlsx", data, Options{})
	if len(res.offerings) != 1 || res.offerings[0].Title != "Poetsen" {
		t.Errorf("offerings = %v", res.offerings)
	}
	want := []koppel.Problem{{File: "a.xlsx", Sheet: "Aanbod", Row: 3, Column: "Dienst (B)", Value: "Dienst", Severity: "warning",
		Message: "de kolom 'Dienst' komt twee keer voor; alleen de eerste wordt gelezen", MessageEN: "the column 'Dienst' appears twice; only the first one is read"}}
	if diff := cmp.Diff(want, res.problems, ignoreFR); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestCellFormats(t *testing.T) {
	gentArea := koppel.ServiceArea{Municipalities: []string{"Gent"}}
	tests := []struct {
		name  string
		cells map[string]any // header → value; Dienst is "X" unless given
		want  koppel.Offering
		probs []koppel.Problem
	}{
		{name: "number as text", cells: map[string]any{"Capaciteit": "12", "Prijs (indicatief)": "30"}, want: koppel.Offering{Capacity: 12, Price: ptr(30.0)}},
		{name: "number as number", cells: map[string]any{"Capaciteit": 12.5, "Prijs (indicatief)": 1250.5}, want: koppel.Offering{Capacity: 12.5, Price: ptr(1250.5)}},
		{name: "decimal comma", cells: map[string]any{"Capaciteit": "12,5"}, want: koppel.Offering{Capacity: 12.5}},
		{name: "decimal point", cells: map[string]any{"Capaciteit": "12.5"}, want: koppel.Offering{Capacity: 12.5}},
		{name: "thousands", cells: map[string]any{"Prijs (indicatief)": "1.250,50"}, want: koppel.Offering{Price: ptr(1250.5)}},
		{name: "euro sign and unit", cells: map[string]any{"Prijs (indicatief)": "€ 35,00 per uur"}, want: koppel.Offering{Price: ptr(35.0), Unit: "uur"}},
		{name: "price excl btw", cells: map[string]any{"Prijs (indicatief)": "35 excl. btw", "Eenheid": "uur"}, want: koppel.Offering{Price: ptr(35.0), Unit: "uur"}},
		{name: "capacity with unit", cells: map[string]any{"Capaciteit": "120 uur/week"}, want: koppel.Offering{Capacity: 120, Unit: "uur/week"}},
		{name: "price on request", cells: map[string]any{"Prijs (indicatief)": "op aanvraag"}, want: koppel.Offering{}},
		{name: "radius", cells: map[string]any{"Werkgebied": "30 km"}, want: koppel.Offering{ServiceArea: koppel.ServiceArea{RadiusKm: 30}}},
		{name: "municipality", cells: map[string]any{"Werkgebied": "Gent"}, want: koppel.Offering{ServiceArea: gentArea}},
		{name: "postcode as number", cells: map[string]any{"Werkgebied": 9000}, want: koppel.Offering{ServiceArea: gentArea}},
		{name: "province", cells: map[string]any{"Werkgebied": "O-Vl."}, want: koppel.Offering{ServiceArea: koppel.ServiceArea{Provinces: []string{"Oost-Vlaanderen"}}}},
		{name: "nbsp and spaces", cells: map[string]any{"Dienst": "\u00a0 Poetsen  \u00a0", "Categorie": " poetsen\u00a0"}, want: koppel.Offering{Title: "Poetsen", Category: "schoonmaak"}},
		{name: "cpv list", cells: map[string]any{"CPV-codes": "90911200-8;90919200\n77310000, 90919300-5"}, want: koppel.Offering{CPV: []koppel.CPV{"90911200", "90919200", "77310000", "90919300"}}},
		{name: "cpv as number", cells: map[string]any{"CPV-codes": 90911200}, want: koppel.Offering{CPV: []koppel.CPV{"90911200"}}},
		{name: "category alias", cells: map[string]any{"Categorie": "Groenzorg"}, want: koppel.Offering{Category: "groenonderhoud"}},
		{name: "category typed freely", cells: map[string]any{"Categorie": "was en strijk"}, want: koppel.Offering{Category: "was-strijk"}},
		{name: "category synonym", cells: map[string]any{"Categorie": "Poetsen"}, want: koppel.Offering{Category: "schoonmaak"}},
		{name: "category near miss", cells: map[string]any{"Categorie": "drkwrk"}, want: koppel.Offering{},
			probs: []koppel.Problem{{Column: "Categorie (D)", Value: "drkwrk", Severity: "warning",
				Message:   "onbekende categorie 'drkwrk'; de dienst is ingelezen zonder categorie. Bedoelde u Drukwerk & digitalisering? Kies anders uit: " + categoryNames(i18n.NL),
				MessageEN: "unknown category 'drkwrk'; the service is read without a category. Did you mean Printing & digitisation? Otherwise choose from: " + categoryNames(i18n.EN)}}},
		{name: "category naming two", cells: map[string]any{"Categorie": "fietsen en catering"}, want: koppel.Offering{},
			probs: []koppel.Problem{{Column: "Categorie (D)", Value: "fietsen en catering", Severity: "warning",
				Message:   "onbekende categorie 'fietsen en catering'; de dienst is ingelezen zonder categorie. Bedoelde u Fietsen (fietspunt, herstelling, stalling, verhuur) of Catering & maaltijden? Kies anders uit: " + categoryNames(i18n.NL),
				MessageEN: "unknown category 'fietsen en catering'; the service is read without a category. Did you mean Bicycles (bike point, repair, parking, rental) or Catering & meals? Otherwise choose from: " + categoryNames(i18n.EN)}}},
		{name: "keywords", cells: map[string]any{"Trefwoorden": "poetsen, Poetsen; ramen\nscholen"}, want: koppel.Offering{Keywords: []string{"poetsen", "ramen", "scholen"}}},
		{name: "unknown category", cells: map[string]any{"Categorie": "Ruimtevaart"}, want: koppel.Offering{},
			probs: []koppel.Problem{{Column: "Categorie (D)", Value: "Ruimtevaart", Severity: "warning",
				Message:   "onbekende categorie 'Ruimtevaart'; de dienst is ingelezen zonder categorie. Kies uit: " + categoryNames(i18n.NL),
				MessageEN: "unknown category 'Ruimtevaart'; the service is read without a category. Choose from: " + categoryNames(i18n.EN)}}},
		{name: "unknown place", cells: map[string]any{"Werkgebied": "Gent; Atlantis"}, want: koppel.Offering{ServiceArea: gentArea},
			probs: []koppel.Problem{{Column: "Werkgebied (F)", Value: "Gent; Atlantis", Severity: "warning",
				Message:   "'Atlantis' is geen gekende gemeente, postcode of provincie; het is weggelaten uit het werkgebied",
				MessageEN: "'Atlantis' is not a known municipality, postcode or province; it was left out of the service area"}}},
		{name: "ambiguous thousands", cells: map[string]any{"Prijs (indicatief)": "1.250"}, want: koppel.Offering{Price: ptr(1.25)},
			probs: []koppel.Problem{{Column: "Prijs (indicatief) (I)", Value: "1.250", Severity: "warning",
				Message:   "'1.250' is gelezen als 1,25; bedoelde u duizendtallen, schrijf het getal dan zonder punt of komma",
				MessageEN: "'1.250' was read as 1,25; if you meant thousands, write the number without a dot or comma"}}},
		{name: "capacity not a number", cells: map[string]any{"Capaciteit": "veel"}, want: koppel.Offering{},
			probs: []koppel.Problem{{Column: "Capaciteit (G)", Value: "veel", Severity: "warning",
				Message:   "capaciteit 'veel' is geen getal; de capaciteit is leeg gelaten (schrijf bv. 3 of 12,5)",
				MessageEN: "capacity 'veel' is not a number; it was left empty (write e.g. 3 or 12.5)"}}},
		{name: "unknown language", cells: map[string]any{"Talen": "nl, Klingon"}, want: koppel.Offering{Languages: []string{"nl"}},
			probs: []koppel.Problem{{Column: "Talen (K)", Value: "nl, Klingon", Severity: "warning",
				Message: "taal 'Klingon' niet herkend en weggelaten; schrijf bv. Nederlands, Frans, Engels", MessageEN: "language 'Klingon' not recognised and left out; write e.g. Dutch, French, English"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := make([]any, len(templateHeader))
			row[0], row[1] = "C1", "X"
			for i, h := range templateHeader {
				if v, ok := tt.cells[h.(string)]; ok {
					row[i] = v
				}
			}
			res := mustRead(t, "a.xlsx", aanbod(t, templateHeader, row), Options{})
			want := tt.want
			want.ID = "C1"
			if want.Title == "" {
				want.Title = "X"
			}
			for i := range tt.probs {
				tt.probs[i].File, tt.probs[i].Sheet, tt.probs[i].Row = "a.xlsx", "Aanbod", 2
			}
			if diff := cmp.Diff(tt.probs, res.problems, cmpopts.EquateEmpty(), ignoreFR); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if len(res.offerings) != 1 {
				t.Fatalf("got %d offerings, want 1", len(res.offerings))
			}
			if diff := cmp.Diff(&want, res.offerings[0]); diff != "" {
				t.Errorf("offering (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRowErrors(t *testing.T) {
	long := strings.Repeat("a", maxTitleLen+1)
	data := aanbod(t, templateHeader,
		[]any{"A", "Poetsen"},
		[]any{"B", "Ramen wassen", "", "", "90911200; 9091200"},
		[]any{"A", "Nog eens poetsen"},
		[]any{"", "", "alleen een omschrijving"},
		[]any{"C", long},
		[]any{"", "Tuin"},
		[]any{"", "tuin"},
		[]any{"D/1", "Slash"},
		[]any{"E", "Negatief", "", "", "", "", -2},
		[]any{"F", "Straal", "", "", "", "900 km"},
	)
	res := mustRead(t, "a.xlsx", data, Options{})
	// Each error says that its row is not imported, and that a stored
	// service with the row's own code stays.
	p := func(row int, col, value, nl, en string) koppel.Problem {
		nl, en = nl+". Deze dienst is niet ingelezen.", en+". This service was not imported."
		return koppel.Problem{File: "a.xlsx", Sheet: "Aanbod", Row: row, Column: col, Value: value, Severity: "error", Message: nl, MessageEN: en}
	}
	pc := func(row int, col, value, nl, en, code string) koppel.Problem {
		nl += ". Deze dienst is niet ingelezen; een bestaande dienst met code " + code + " blijft zoals hij was."
		en += ". This service was not imported; an existing service with code " + code + " stays as it was."
		return koppel.Problem{File: "a.xlsx", Sheet: "Aanbod", Row: row, Column: col, Value: value, Severity: "error", Message: nl, MessageEN: en}
	}
	want := []koppel.Problem{
		pc(3, "CPV-codes (E)", "90911200; 9091200", "'9091200' is geen geldige CPV-code (8 cijfers verwacht)", "'9091200' is not a valid CPV code (8 digits expected)", "B"),
		p(4, "Code (A)", "A", "de code 'A' staat ook al op rij 2; elke dienst heeft een eigen code", "the code 'A' is already used on row 2; each service needs its own code"),
		p(5, "Dienst (B)", "", "de naam van de dienst ontbreekt; vul de kolom Dienst in", "the name of the service is missing; fill in the Service column"),
		pc(6, "Dienst (B)", truncate(long, 200), "de naam van de dienst is te lang (10001 tekens; max. 10000); zet de uitleg in de kolom Omschrijving",
			"the name of the service is too long (10001 characters; max. 10000); put the details in the Description column", "C"),
		p(8, "Dienst (B)", "tuin", "de dienst 'tuin' staat ook al op rij 7; geef beide rijen een eigen code in de kolom Code",
			"the service 'tuin' is already on row 7; give both rows their own code in the Code column"),
		p(9, "Code (A)", "D/1", "de code 'D/1' is ongeldig: gebruik max. 100 tekens en geen '/'", "the code 'D/1' is invalid: use at most 100 characters and no '/'"),
		pc(10, "Capaciteit (G)", "-2", "capaciteit mag niet negatief zijn", "capacity must not be negative", "E"),
		pc(11, "Werkgebied (F)", "900 km", "straal 900 km moet tussen 0 en 500 km liggen", "radius 900 km must be between 0 and 500 km", "F"),
	}
	if diff := cmp.Diff(want, res.problems, ignoreFR); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	var ids []string
	for _, o := range res.offerings {
		ids = append(ids, o.ID)
	}
	if diff := cmp.Diff([]string{"A", deriveID("Tuin")}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if s := res.cat.Stats(); s != (Stats{Rows: 10, Accepted: 2, Rejected: 8}) {
		t.Errorf("stats = %+v", s)
	}
}

func TestMergedFormulaHiddenEmpty(t *testing.T) {
	data := buildXLSX(t, []sheet{{"Aanbod", [][]any{
		templateHeader,
		{"M1", "Poetsen", "", "Schoonmaak & poetsen"},
		{"M2", "Ramen"},
		{"M3", "Trappen"},
		{},
		{},
		{"H1", "Verborgen rij"},
		{"F1"},
		{"   ", "\u00a0"}, // only spaces: empty
		{"L1", "Laatste"},
	}}}, func(f *excelize.File) {
		// Categorie merged down over the three rows of cleaning.
		if err := f.MergeCell("Aanbod", "D2", "D4"); err != nil {
			t.Fatal(err)
		}
		// A title merged across Dienst and Omschrijving: Omschrijving
		// stays empty.
		if err := f.MergeCell("Aanbod", "B10", "C10"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetRowVisible("Aanbod", 7, false); err != nil {
			t.Fatal(err)
		}
		// Formulas; their cached values are added below, as a spreadsheet
		// program saves them.
		if err := f.SetCellFormula("Aanbod", "B8", `CONCATENATE("For","mule")`); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellFormula("Aanbod", "G8", "1+2"); err != nil {
			t.Fatal(err)
		}
	})
	data = patchZip(t, data, "xl/worksheets/sheet1.xml", func(s string) string {
		s = strings.Replace(s, "mule&#34;)</f>", "mule&#34;)</f><v>Formule</v>", 1)
		s = strings.Replace(s, `<c r="G8" t="str"><f>1+2</f>`, `<c r="G8"><f>1+2</f><v>3</v>`, 1)
		if !strings.Contains(s, "<v>Formule</v>") || !strings.Contains(s, "<v>3</v>") {
			t.Fatalf("formula cells not patched: %s", s)
		}
		return s
	})
	res := mustRead(t, "a.xlsx", data, Options{})
	if len(res.problems) != 0 {
		t.Errorf("problems: %v", res.problems)
	}
	want := []*koppel.Offering{
		{ID: "M1", Title: "Poetsen", Category: "schoonmaak"},
		{ID: "M2", Title: "Ramen", Category: "schoonmaak"},
		{ID: "M3", Title: "Trappen", Category: "schoonmaak"},
		{ID: "H1", Title: "Verborgen rij"},
		{ID: "F1", Title: "Formule", Capacity: 3},
		{ID: "L1", Title: "Laatste"},
	}
	if diff := cmp.Diff(want, res.offerings); diff != "" {
		t.Errorf("offerings (-want +got):\n%s", diff)
	}
	if res.cat.TotalRows != 8 {
		t.Errorf("TotalRows = %d, want 8 (the <row> elements)", res.cat.TotalRows)
	}
}

func TestEnterpriseSheet(t *testing.T) {
	offerings := sheet{"Aanbod", [][]any{{"Dienst"}, {"Poetsen"}}}
	ent := func(kbo any, extra ...[]any) sheet {
		rows := [][]any{{"Gegeven", "Waarde"}, {"Ondernemingsnummer", kbo}, {"Naam", "De Ploeg"}, {"Postcode", "9000"}}
		return sheet{"Onderneming", append(rows, extra...)}
	}
	p := func(row int, col, value, sev, nl, en string) koppel.Problem {
		return koppel.Problem{File: "o.xlsx", Sheet: "Onderneming", Row: row, Column: col, Value: value, Severity: sev, Message: nl, MessageEN: en}
	}
	tests := []struct {
		name       string
		sheets     []sheet
		opts       Options
		wantKBO    koppel.KBO
		wantEnt    bool
		wantProbs  []koppel.Problem
		wantErr    string
		wantFilled bool
	}{
		{name: "valid", sheets: []sheet{ent("0123.456.749"), offerings}, wantKBO: validKBO, wantEnt: true, wantFilled: true},
		{name: "valid as number", sheets: []sheet{ent(123456749), offerings}, opts: Options{KBO: validKBO}, wantKBO: validKBO, wantEnt: true, wantFilled: true},
		{name: "bad KBO", sheets: []sheet{ent("0123.456.748"), offerings}, opts: Options{KBO: validKBO}, wantKBO: validKBO, wantFilled: true,
			wantProbs: []koppel.Problem{p(2, "Ondernemingsnummer (B)", "0123.456.748", "error",
				`ondernemingsnummer "0123.456.748" klopt niet: de laatste twee cijfers (het controlegetal) moeten 49 zijn; kijk het nummer na`,
				`enterprise number "0123.456.748" is not right: the last two digits (the check number) must be 49; check the number`)}},
		{name: "KBO mismatch", sheets: []sheet{ent(string(otherKBO)), offerings}, opts: Options{KBO: validKBO},
			wantErr: `het ondernemingsnummer in het bestand "o.xlsx" (` + otherKBO.String() + `) is niet dat van de onderneming waarvoor u oplaadt (0123.456.749); controleer het blad "Onderneming" of kies de juiste onderneming`},
		{name: "soft problems", sheets: []sheet{ent("0123456749", []any{"Werkvorm(en)", "MWB; Ruimtevaartbedrijf"}, []any{"Erkend tot", "morgen"}, []any{"VTE totaal", "veel"}), offerings},
			wantKBO: validKBO, wantEnt: true, wantFilled: true,
			wantProbs: []koppel.Problem{
				p(5, "Werkvorm(en) (B)", "MWB; Ruimtevaartbedrijf", "warning",
					`onbekende werkvorm "Ruimtevaartbedrijf"; kies uit: Maatwerkbedrijf; Maatwerkafdeling; Lokale diensteneconomie; Arbeidszorg; Invoegbedrijf; Coöperatie; Sociale onderneming; deze werkvorm is weggelaten`,
					`unknown work form "Ruimtevaartbedrijf"; choose from: Sheltered workshop (maatwerkbedrijf); Sheltered work unit (maatwerkafdeling); Local service economy; Supported work (arbeidszorg); Work integration enterprise; Cooperative; Social enterprise; it was left out`),
				p(6, "Erkend tot (B)", "morgen", "warning", "'morgen' is geen datum; schrijf dd/mm/jjjj, bv. 31/12/2027; de datum is weggelaten",
					"'morgen' is not a date; write dd/mm/yyyy, e.g. 31/12/2027; the date was left out"),
				p(7, "VTE totaal (B)", "veel", "warning", "'veel' is geen getal; het aantal VTE is leeg gelaten (dan wordt het 'te verifiëren')",
					"'veel' is not a number; the FTE was left empty (it becomes 'to be checked')"),
			}},
		{name: "missing postcode and bad email", sheets: []sheet{{"Onderneming", [][]any{{"Ondernemingsnummer", "0123456749"}, {"Naam", "X"}, {"E-mail", "info@"}}}, offerings},
			wantKBO: validKBO, wantFilled: true,
			wantProbs: []koppel.Problem{
				p(0, "Postcode (B)", "", "error", "de postcode van de onderneming ontbreekt", "the postcode of the enterprise is missing"),
				p(3, "E-mail (B)", "info@", "error", "'info@' is geen geldig e-mailadres", "'info@' is not a valid email address"),
			}},
		{name: "empty sheet", sheets: []sheet{{"Onderneming", [][]any{{"Ondernemingsnummer", ""}, {"Naam"}}}, offerings}, opts: Options{KBO: validKBO}, wantKBO: validKBO},
		{name: "no sheet", sheets: []sheet{offerings}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := read(t, "o.xlsx", buildXLSX(t, tt.sheets, nil), tt.opts)
			if tt.wantErr != "" {
				if koppel.ErrorCode(res.err) != koppel.EINVALID || koppel.ErrorMessage(res.err) != tt.wantErr {
					t.Fatalf("err = %v, want %s", res.err, tt.wantErr)
				}
				return
			}
			if res.err != nil {
				t.Fatal(res.err)
			}
			if diff := cmp.Diff(tt.wantProbs, res.problems, cmpopts.EquateEmpty(), ignoreFR); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (res.cat.Enterprise != nil) != tt.wantEnt || res.cat.EnterpriseFilled != tt.wantFilled || res.cat.KBO != tt.wantKBO {
				t.Errorf("enterprise %v filled %v KBO %q; want enterprise %v filled %v KBO %q",
					res.cat.Enterprise, res.cat.EnterpriseFilled, res.cat.KBO, tt.wantEnt, tt.wantFilled, tt.wantKBO)
			}
			if len(res.offerings) != 1 || res.offerings[0].Enterprise != tt.wantKBO {
				t.Errorf("offerings = %v, want one of %q", res.offerings, tt.wantKBO)
			}
		})
	}
}

func TestCSV(t *testing.T) {
	want := []*koppel.Offering{
		{ID: "A1", Title: "Poetsen", Category: "schoonmaak", CPV: []koppel.CPV{"90911200", "90919200"}, Capacity: 12.5, Price: ptr(1250.5)},
		{ID: "A2", Title: "Fietsherstelling; \"snel\"", Description: "twee\nregels", Category: "fietsen"},
	}
	tests := []struct {
		name string
		data string
	}{
		{"BOM and semicolon", "\ufeffCode;Dienst;Omschrijving;Categorie;CPV-codes;Capaciteit;Prijs\r\n" +
			"A1;Poetsen;;poetsen;90911200-8, 90919200;12,5;1.250,50\r\n" +
			"A2;\"Fietsherstelling; \"\"snel\"\"\";\"twee\nregels\";fietsen;;;\r\n;;;;;;\r\n"},
		{"comma, no BOM", "Code,Dienst,Omschrijving,Categorie,CPV-codes,Capaciteit,Prijs\n" +
			"A1,Poetsen,,poetsen,\"90911200-8; 90919200\",\"12,5\",\"1.250,50\"\n" +
			"A2,\"Fietsherstelling; \"\"snel\"\"\",\"twee\nregels\",fietsen,,,\n"},
		{"tab", "Code\tDienst\tOmschrijving\tCategorie\tCPV-codes\tCapaciteit\tPrijs\n" +
			"A1\tPoetsen\t\tpoetsen\t90911200 90919200\t12.5\t1250.50\n" +
			"A2\t\"Fietsherstelling; \"\"snel\"\"\"\t\"twee\nregels\"\tfietsen\t\t\t\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRead(t, "aanbod.csv", []byte(tt.data), Options{})
			if len(res.problems) != 0 {
				t.Errorf("problems: %v", res.problems)
			}
			if diff := cmp.Diff(want, res.offerings); diff != "" {
				t.Errorf("offerings (-want +got):\n%s", diff)
			}
			if res.cat.Format != FormatCSV || res.cat.Enterprise != nil {
				t.Errorf("format %q enterprise %v", res.cat.Format, res.cat.Enterprise)
			}
		})
	}
	t.Run("windows-1252", func(t *testing.T) {
		data := []byte("Dienst;Catégorie\nKoffie \x80 2;Schoonmaak\n")
		data = bytes.Replace(data, []byte("é"), []byte{0xE9}, 1)
		res := mustRead(t, "export.csv", data, Options{})
		if len(res.offerings) != 1 || res.offerings[0].Title != "Koffie € 2" || res.offerings[0].Category != "schoonmaak" {
			t.Errorf("offerings = %+v, problems %v", res.offerings, res.problems)
		}
	})
	t.Run("row numbers", func(t *testing.T) {
		res := mustRead(t, "a.csv", []byte("Dienst;CPV\nA;1\nB;2\n"), Options{})
		if len(res.problems) != 2 || res.problems[0].Row != 2 || res.problems[1].Row != 3 || res.problems[0].Column != "CPV (B)" {
			t.Errorf("problems = %v", res.problems)
		}
	})
}

func TestBrokenFiles(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	encrypted := append(append([]byte{}, ole...), utf16le("EncryptionInfo")...)
	encrypted = append(encrypted, utf16le("EncryptedPackage")...)
	valid := aanbod(t, []any{"Dienst"}, []any{"x"})
	tests := []struct {
		name, file string
		data       []byte
		code       string
		msg        string
	}{
		{"empty", "a.xlsx", nil, koppel.EINVALID, `het bestand "a.xlsx" is leeg`},
		{"not a zip", "a.xlsx", []byte("dit is geen excel"), koppel.EINVALID,
			`het bestand "a.xlsx" is geen geldig Excel-bestand of is beschadigd; open het in Excel of LibreOffice en sla het opnieuw op als .xlsx`},
		{"binary", "upload", []byte{1, 2, 3, 0, 0, 9, 200}, koppel.EINVALID, `het bestand "upload" is geen Excel-werkmap (.xlsx) of CSV-bestand`},
		{"truncated zip", "a.xlsx", valid[:len(valid)/2], koppel.EINVALID, ""},
		{"zip, not xlsx", "a.xlsx", zipOf(t, map[string]string{"hello.txt": "hi"}), koppel.EINVALID,
			`het bestand "a.xlsx" is een zip-bestand maar geen Excel-werkmap (.xlsx)`},
		{"ods", "a.ods", zipOf(t, map[string]string{"content.xml": "<x/>", "mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), koppel.EINVALID,
			`het bestand "a.ods" is een OpenDocument-rekenblad (.ods); sla het in LibreOffice op als Excel-werkmap (.xlsx)`},
		{"corrupt workbook xml", "a.xlsx", zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<<<"}), koppel.EINVALID, ""},
		{"old xls", "oud.xls", ole, koppel.EINVALID,
			`het bestand "oud.xls" is een oud Excel-bestand (.xls, Excel 97-2003); open het in Excel of LibreOffice en sla het op als Excel-werkmap (.xlsx)`},
		{"xls named xlsx", "a.xlsx", ole, koppel.EINVALID,
			`het bestand "a.xlsx" is een oud Excel-bestand (.xls, Excel 97-2003); open het in Excel of LibreOffice en sla het op als Excel-werkmap (.xlsx)`},
		{"password", "geheim.xlsx", encrypted, koppel.EINVALID,
			`het bestand "geheim.xlsx" is beveiligd met een wachtwoord; sla het op zonder wachtwoord (Bestand > Info > Werkmap beveiligen > Versleutelen met wachtwoord: leegmaken) en laad het opnieuw op`},
		{"no Aanbod sheet", "a.xlsx", buildXLSX(t, []sheet{{"Onderneming", nil}, {"Blad2", [][]any{{"Dienst"}}}}, nil), koppel.EINVALID,
			`het bestand "a.xlsx" heeft geen blad 'Aanbod' met de diensten; het heeft de bladen 'Onderneming', 'Blad2'. Gebruik het sjabloon of hernoem het blad met de diensten naar 'Aanbod'`},
		{"too large", "a.xlsx", valid, koppel.ETOOLARGE, `het bestand "a.xlsx" is groter dan 0 MB`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{}
			if tt.code == koppel.ETOOLARGE {
				opts.MaxFileSize = 100
			}
			res := read(t, tt.file, tt.data, opts)
			if koppel.ErrorCode(res.err) != tt.code {
				t.Fatalf("err = %v (code %q), want code %q", res.err, koppel.ErrorCode(res.err), tt.code)
			}
			if tt.msg != "" && koppel.ErrorMessage(res.err) != tt.msg {
				t.Errorf("message = %s\nwant %s", koppel.ErrorMessage(res.err), tt.msg)
			}
		})
	}
}

func TestSingleSheetAnyName(t *testing.T) {
	res := mustRead(t, "a.xlsx", buildXLSX(t, []sheet{{"Blad1", [][]any{{"Dienst"}, {"x"}}}}, nil), Options{})
	if res.cat.Sheet != "Blad1" || len(res.offerings) != 1 {
		t.Errorf("sheet %q offerings %v", res.cat.Sheet, res.offerings)
	}
}

func TestZipBomb(t *testing.T) {
	// 2,000 rows of repeated text compress to little and unpack to 2 MB.
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Aanbod")
	sw, _ := f.NewStreamWriter("Aanbod")
	sw.SetRow("A1", []any{"Dienst", "Omschrijving"})
	pad := strings.Repeat("x", 1000)
	for r := 2; r <= 2_000; r++ {
		sw.SetRow(cell(1, r), []any{"Poetsen", pad})
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	f.Write(&buf)
	res := read(t, "bom.xlsx", buf.Bytes(), Options{UnzipSizeLimit: 1 << 20})
	want := `het bestand "bom.xlsx" is uitgepakt groter dan 1 MB; dat is te groot voor een catalogus (of het is een zip-bom)`
	if koppel.ErrorCode(res.err) != koppel.ETOOLARGE || koppel.ErrorMessage(res.err) != want {
		t.Errorf("err = %v, want %s", res.err, want)
	}
	// The same file is fine under the default limits, and TmpDir is used
	// for the large sheet.
	res = read(t, "bom.xlsx", buf.Bytes(), Options{UnzipXMLSizeLimit: 1 << 20, TmpDir: t.TempDir()})
	if res.err != nil || len(res.offerings) != 1 || res.cat.Stats().Rejected != 1_998 {
		// every row after the first repeats the derived ID
		t.Errorf("default limits: err %v, %d offerings, stats %+v", res.err, len(res.offerings), res.cat.Stats())
	}
}

func TestMaxRows(t *testing.T) {
	rows := [][]any{{"Dienst"}}
	for i := 0; i < 11; i++ {
		rows = append(rows, []any{fmt.Sprintf("Dienst %d", i)})
	}
	data := buildXLSX(t, []sheet{{"Aanbod", rows}}, nil)
	want := `het bestand "a.xlsx" heeft meer dan 10 rijen; splits de catalogus of neem contact op`
	res := read(t, "a.xlsx", data, Options{MaxRows: 10})
	if koppel.ErrorCode(res.err) != koppel.ETOOLARGE || koppel.ErrorMessage(res.err) != want {
		t.Errorf("xlsx: err = %v, want %s", res.err, want)
	}
	if res := read(t, "a.xlsx", data, Options{MaxRows: 11}); res.err != nil || len(res.offerings) != 11 {
		t.Errorf("xlsx at the limit: err %v, %d offerings", res.err, len(res.offerings))
	}
	var csv strings.Builder
	for _, r := range rows {
		csv.WriteString(r[0].(string) + "\n")
	}
	res = read(t, "a.csv", []byte(csv.String()), Options{MaxRows: 10})
	want = strings.Replace(want, "a.xlsx", "a.csv", 1)
	if koppel.ErrorCode(res.err) != koppel.ETOOLARGE || koppel.ErrorMessage(res.err) != want {
		t.Errorf("csv: err = %v, want %s", res.err, want)
	}
}

func TestProblemLimit(t *testing.T) {
	rows := [][]any{{"Dienst", "CPV"}}
	for i := 0; i < 5; i++ {
		rows = append(rows, []any{fmt.Sprintf("D%d", i), "1"})
	}
	res := mustRead(t, "a.xlsx", buildXLSX(t, []sheet{{"Aanbod", rows}}, nil), Options{MaxProblems: 3})
	if len(res.problems) != 4 || res.problems[3].Message != "nog 2 problemen worden niet getoond; verbeter eerst de getoonde en laad het bestand opnieuw op" {
		t.Errorf("problems = %v", res.problems)
	}
	if res.cat.Stats().Rejected != 5 {
		t.Errorf("rejected = %d, want 5", res.cat.Stats().Rejected)
	}
	var rep koppel.ImportReport
	res.cat.Report(&rep)
	if rep.ProblemsOmitted != 2 || len(rep.Problems) != 4 {
		t.Errorf("report: %d problems, %d omitted; want 4 and 2", len(rep.Problems), rep.ProblemsOmitted)
	}
}

func TestOfferingsTwiceAndEarlyStop(t *testing.T) {
	data := aanbod(t, []any{"Dienst", "CPV"}, []any{"A", "1"}, []any{"B"}, []any{"C"})
	ctx := context.Background()
	cat, err := ReadCatalogue(ctx, refdata.Load(), "a.xlsx", bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	for o, err := range cat.Offerings(ctx) {
		if err != nil || o.Title != "B" {
			t.Fatalf("first offering %v, %v", o, err)
		}
		break
	}
	n := 0
	for _, err := range cat.Offerings(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 || len(cat.Problems()) != 1 || cat.Stats().Rows != 3 {
		t.Errorf("second pass: %d offerings, problems %v, stats %+v", n, cat.Problems(), cat.Stats())
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	big := [][]any{{"Dienst"}}
	for i := 0; i < 2500; i++ {
		big = append(big, []any{fmt.Sprint("D", i)})
	}
	cat2, err := ReadCatalogue(ctx, refdata.Load(), "b.xlsx", bytes.NewReader(buildXLSX(t, []sheet{{"Aanbod", big}}, nil)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cat2.Close()
	var got error
	for _, err := range cat2.Offerings(cctx) {
		if err != nil {
			got = err
		}
	}
	if !errors.Is(got, context.Canceled) {
		t.Errorf("cancelled pass: err = %v, want context.Canceled", got)
	}
	cat2.Close()
	for _, err := range cat2.Offerings(ctx) {
		if koppel.ErrorCode(err) != koppel.EINVALID {
			t.Errorf("pass after Close: err = %v", err)
		}
	}
}

// TestLargeFile streams a generated 20,000-row workbook (the 100,000-row
// case is BenchmarkReadCatalogue100k).
func TestLargeFile(t *testing.T) {
	const n = 20_000
	data := generateCatalogue(t, n)
	var calls, last int
	res := mustRead(t, "groot.xlsx", data, Options{KBO: validKBO, UnzipXMLSizeLimit: 1 << 20, Progress: func(done, total int) {
		calls++
		last = done
		if total != n {
			t.Errorf("progress total = %d, want %d", total, n)
		}
	}})
	if len(res.offerings) != n || len(res.problems) != 0 {
		t.Fatalf("%d offerings, %d problems (first %v)", len(res.offerings), len(res.problems), res.problems[:min(1, len(res.problems))])
	}
	if calls != n/1000+1 || last != n {
		t.Errorf("progress called %d times, last %d", calls, last)
	}
	o := res.offerings[n-1]
	if o.ID != fmt.Sprintf("S%06d", n-1) || len(o.CPV) != 2 || o.Enterprise != validKBO {
		t.Errorf("last offering = %+v", o)
	}
}

// generateCatalogue writes an n-row catalogue with excelize's stream
// writer, the way a large real upload looks.
func generateCatalogue(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Aanbod")
	sw, err := f.NewStreamWriter("Aanbod")
	if err != nil {
		tb.Fatal(err)
	}
	if err := sw.SetRow("A1", templateHeader); err != nil {
		tb.Fatal(err)
	}
	cats := []string{"Schoonmaak & poetsen", "Groenonderhoud", "Catering & maaltijden", "Fietsen (fietspunt, herstelling, stalling, verhuur)"}
	cpvs := []string{"90911200-8; 90919200-4", "77310000-6; 77313000-7", "55524000-9; 55523100-3", "50100000-6; 34430000-0"}
	areas := []string{"30 km", "Gent; Merelbeke", "Oost-Vlaanderen", "9000; 2000"}
	row := make([]any, len(templateHeader))
	for i := 0; i < n; i++ {
		k := i % 4
		row[0] = fmt.Sprintf("S%06d", i)
		row[1] = fmt.Sprintf("Dienst %d: %s voor scholen", i, cats[k])
		row[2] = "Dagelijkse uitvoering door een ploeg doelgroepwerknemers met begeleiding, ook tijdens de schoolvakanties."
		row[3] = cats[k]
		row[4] = cpvs[k]
		row[5] = areas[k]
		row[6] = float64(i%7) + 0.5
		row[7] = "uur/week"
		row[8] = "32,50"
		row[9] = "poetsen; scholen; sociale economie"
		row[10] = "Nederlands, Frans"
		if err := sw.SetRow(cell(1, i+2), row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// categoryNames lists every category's name in l, as the category
// warnings do.
func categoryNames(l i18n.Lang) string {
	names := make([]string, len(koppel.Categories))
	for i, c := range koppel.Categories {
		names[i] = i18n.Label(l, "category."+string(c.Category), c.Label)
	}
	return strings.Join(names, "; ")
}
