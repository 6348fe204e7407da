package importers

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/refdata"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in        string
		want      float64
		ambiguous bool
		bad       bool
	}{
		{in: "12", want: 12},
		{in: "12,5", want: 12.5},
		{in: "12.5", want: 12.5},
		{in: " 12,5\u00a0", want: 12.5},
		{in: "1.250,50", want: 1250.5},
		{in: "1,250.50", want: 1250.5},
		{in: "1 250", want: 1250},
		{in: "1\u202f250,5", want: 1250.5},
		{in: "1.250.000", want: 1250000},
		{in: "1,250,000", want: 1250000},
		{in: "-3", want: -3},
		{in: "+3", want: 3},
		{in: "0,5", want: 0.5},
		{in: ",5", want: 0.5},
		{in: "1.250", want: 1.25, ambiguous: true},
		{in: "2,125", want: 2.125, ambiguous: true},
		{in: "0.125", want: 0.125},
		{in: "1250.5", want: 1250.5},
		{in: "1.5E-3", want: 0.0015},
		{in: "12.300000000000001", want: 12.3},
		{in: "", bad: true},
		{in: "abc", bad: true},
		{in: "12,5,5", bad: true},
		{in: "1.25.0", bad: true},
		{in: "1,2.3,4", bad: true},
		{in: "1.2,3.4", bad: true},
		{in: ".", bad: true},
		{in: "-", bad: true},
		{in: "12 km", bad: true},
		{in: "1e999", bad: true},
	}
	for _, tt := range tests {
		got, amb, err := parseNumber(tt.in)
		if (err != nil) != tt.bad {
			t.Errorf("parseNumber(%q) error = %v, want error %v", tt.in, err, tt.bad)
			continue
		}
		if tt.bad {
			continue
		}
		if got != tt.want || amb != tt.ambiguous {
			t.Errorf("parseNumber(%q) = %v, %v, want %v, %v", tt.in, got, amb, tt.want, tt.ambiguous)
		}
	}
}

func TestParseQuantity(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		rest string
		bad  bool
	}{
		{in: "30 km", want: 30, rest: "km"},
		{in: "30km", want: 30, rest: "km"},
		{in: "3 VTE", want: 3, rest: "VTE"},
		{in: "120 uur/week", want: 120, rest: "uur/week"},
		{in: "€ 35,00 per uur", want: 35, rest: "per uur"},
		{in: "35 EUR/uur", want: 35, rest: "uur"},
		{in: "1 250,50 €", want: 1250.5},
		{in: "12,5", want: 12.5},
		{in: "ongeveer 40", bad: true},
		{in: "km", bad: true},
	}
	for _, tt := range tests {
		got, rest, _, err := parseQuantity(tt.in)
		if (err != nil) != tt.bad {
			t.Errorf("parseQuantity(%q) error = %v, want error %v", tt.in, err, tt.bad)
			continue
		}
		if !tt.bad && (got != tt.want || rest != tt.rest) {
			t.Errorf("parseQuantity(%q) = %v, %q, want %v, %q", tt.in, got, rest, tt.want, tt.rest)
		}
	}
}

func TestParseRadius(t *testing.T) {
	for in, want := range map[string]float64{"30": 30, "30 km": 30, "30km": 30, "straal 25 km": 25, "12,5 km": 12.5, "0": 0} {
		got, err := parseRadius(in)
		if err != nil || got != want {
			t.Errorf("parseRadius(%q) = %v, %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"600 km", "-5", "dertig", "30 miles"} {
		if _, err := parseRadius(in); err == nil {
			t.Errorf("parseRadius(%q) = nil error, want one", in)
		}
	}
}

func TestParseCPVList(t *testing.T) {
	ref := refdata.Load()
	tests := []struct {
		in   string
		want []koppel.CPV
		errs []string
	}{
		{in: "90911200-8", want: []koppel.CPV{"90911200"}},
		{in: "90911200", want: []koppel.CPV{"90911200"}},
		{in: "90911200 8", want: []koppel.CPV{"90911200"}},
		{in: "909112008", want: []koppel.CPV{"90911200"}},
		{in: "90911200-8; 90919200-4", want: []koppel.CPV{"90911200", "90919200"}},
		{in: "90911200,90919200", want: []koppel.CPV{"90911200", "90919200"}},
		{in: "90911200 90919200", want: []koppel.CPV{"90911200", "90919200"}},
		{in: "90911200\n90919200\r\n", want: []koppel.CPV{"90911200", "90919200"}},
		{in: "90911200-8 Reiniging van gebouwen", want: []koppel.CPV{"90911200"}},
		{in: "90911200; 90911200-8", want: []koppel.CPV{"90911200"}},
		{in: "9332000", want: []koppel.CPV{"09332000"}}, // typed as a number, lost its zero
		{in: "9091200", errs: []string{"'9091200' is geen geldige CPV-code (8 cijfers verwacht)"}},
		{in: "90911200-1", errs: []string{"'90911200-1' heeft een fout controlecijfer: de code is 90911200-8 (Reiniging van gebouwen)"}},
		{in: "99999999", errs: []string{"'99999999' is geen geldige CPV-code: die code bestaat niet in de CPV-lijst"}},
		{in: "9091I200", errs: []string{"'9091I200' is geen geldige CPV-code (alleen cijfers, bv. 90911200-8)"}},
		{in: "90911200-88", errs: []string{"'90911200-88' is geen geldige CPV-code (na het streepje hoort één controlecijfer, bv. 90911200-8)"}},
		{in: "90911200; 123", want: []koppel.CPV{"90911200"}, errs: []string{"'123' is geen geldige CPV-code (8 cijfers verwacht)"}},
	}
	for _, tt := range tests {
		got, errs := parseCPVList(ref, tt.in)
		var msgs []string
		for _, e := range errs {
			msgs = append(msgs, e.nl)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("parseCPVList(%q) codes (-want +got):\n%s", tt.in, diff)
		}
		if diff := cmp.Diff(tt.errs, msgs); diff != "" {
			t.Errorf("parseCPVList(%q) errors (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseArea(t *testing.T) {
	ref := refdata.Load()
	tests := []struct {
		in      string
		want    koppel.ServiceArea
		unknown []string
	}{
		{in: "30 km", want: koppel.ServiceArea{RadiusKm: 30}},
		{in: "30", want: koppel.ServiceArea{RadiusKm: 30}},
		{in: "Gent", want: koppel.ServiceArea{Municipalities: []string{"Gent"}}},
		{in: "9000; 9031 Drongen; Merelbeke", want: koppel.ServiceArea{Municipalities: []string{"Gent", "Merelbeke"}}},
		{in: "Oost-Vlaanderen, prov. Antwerpen", want: koppel.ServiceArea{Provinces: []string{"Oost-Vlaanderen", "Antwerpen"}}},
		{in: "Flandre-Orientale", want: koppel.ServiceArea{Provinces: []string{"Oost-Vlaanderen"}}},
		{in: "heel Vlaanderen", want: koppel.ServiceArea{Provinces: []string{"Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"}}},
		{in: "25 km rond Gent en Aalst", want: koppel.ServiceArea{RadiusKm: 25, Municipalities: []string{"Gent", "Aalst"}}},
		{in: "Gent en Aalst", want: koppel.ServiceArea{Municipalities: []string{"Gent", "Aalst"}}},
		{in: "Atlantis; Gent", want: koppel.ServiceArea{Municipalities: []string{"Gent"}}, unknown: []string{"Atlantis"}},
		{in: "20 km\nLimburg", want: koppel.ServiceArea{RadiusKm: 20, Provinces: []string{"Limburg"}}},
	}
	for _, tt := range tests {
		got, unknown, errs := parseArea(ref, tt.in)
		if len(errs) > 0 {
			t.Errorf("parseArea(%q) errs = %v", tt.in, errs)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("parseArea(%q) (-want +got):\n%s", tt.in, diff)
		}
		if diff := cmp.Diff(tt.unknown, unknown); diff != "" {
			t.Errorf("parseArea(%q) unknown (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseLanguages(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		unknown []string
	}{
		{in: "Nederlands, Frans", want: []string{"nl", "fr"}},
		{in: "NL/FR", want: []string{"nl", "fr"}},
		{in: "nl - fr - en", want: []string{"nl", "fr", "en"}},
		{in: "Français; English; Deutsch", want: []string{"fr", "en", "de"}},
		{in: "Nederlands en Frans", want: []string{"nl", "fr"}},
		{in: "Klingon, nl", want: []string{"nl"}, unknown: []string{"Klingon"}},
	}
	for _, tt := range tests {
		got, unknown := parseLanguages(tt.in)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("parseLanguages(%q) (-want +got):\n%s", tt.in, diff)
		}
		if diff := cmp.Diff(tt.unknown, unknown); diff != "" {
			t.Errorf("parseLanguages(%q) unknown (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in       string
		date1904 bool
		want     koppel.Date
		bad      bool
	}{
		{in: "46387", want: koppel.NewDate(2026, 12, 31)},
		{in: "46387.75", want: koppel.NewDate(2026, 12, 31)},
		{in: "44927", want: koppel.NewDate(2023, 1, 1)},
		{in: "61", want: koppel.NewDate(1900, 3, 1)},
		{in: "1", want: koppel.NewDate(1900, 1, 1)},
		{in: "44927", date1904: true, want: koppel.NewDate(2027, 1, 2)},
		{in: "31/12/2026", want: koppel.NewDate(2026, 12, 31)},
		{in: "1/9/2026", want: koppel.NewDate(2026, 9, 1)},
		{in: "31-12-2026", want: koppel.NewDate(2026, 12, 31)},
		{in: "2026-12-31", want: koppel.NewDate(2026, 12, 31)},
		{in: "31.12.2026", want: koppel.NewDate(2026, 12, 31)},
		{in: "31/02/2026", bad: true},
		{in: "morgen", bad: true},
		{in: "0", bad: true},
		{in: "-5", bad: true},
		{in: "99999999", bad: true},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, tt.date1904)
		if (err != nil) != tt.bad {
			t.Errorf("parseDate(%q) error = %v, want error %v", tt.in, err, tt.bad)
			continue
		}
		if !tt.bad && got != tt.want {
			t.Errorf("parseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestDeriveID(t *testing.T) {
	a := deriveID("Poetsen van klaslokalen")
	if !strings.HasPrefix(a, "poetsen-van-klaslokalen-") || len(a) != len("poetsen-van-klaslokalen-")+6 {
		t.Errorf("deriveID = %q, want poetsen-van-klaslokalen-xxxxxx", a)
	}
	if b := deriveID("  POETSEN van\u00a0klaslokalen "); b != a {
		t.Errorf("deriveID of the same title differently written = %q, want %q", b, a)
	}
	if b := deriveID("Poetsen van klaslokalen 2"); b == a {
		t.Errorf("deriveID of another title = %q, the same", b)
	}
	if id := deriveID("Œuvre d’art à l’école"); id != "oeuvre-d-art-a-l-ecole-"+id[len(id)-6:] && !strings.HasPrefix(id, "ouvre-d-art-a-l-ecole-") {
		t.Errorf("deriveID accents = %q", id)
	}
	if id := deriveID("!!!"); !strings.HasPrefix(id, "aanbod-") {
		t.Errorf("deriveID(!!!) = %q, want aanbod-…", id)
	}
	long := deriveID(strings.Repeat("schoonmaak ", 50))
	if len(long) > 48 {
		t.Errorf("deriveID long = %q (%d bytes), want at most 48", long, len(long))
	}
}

func TestMatchHeader(t *testing.T) {
	tests := map[string]field{
		"Code": fieldID, "ID": fieldID, "Référence": fieldID, "Reference": fieldID,
		"Dienst": fieldTitle, "Titel": fieldTitle, "Service": fieldTitle, "Prestation": fieldTitle, "Title": fieldTitle, " DIENST * ": fieldTitle,
		"Omschrijving": fieldDescription, "Beschrijving": fieldDescription, "Description": fieldDescription,
		"CPV": fieldCPV, "CPV-code": fieldCPV, "CPV-codes": fieldCPV, "Code CPV": fieldCPV, "cpv codes:": fieldCPV,
		"Categorie": fieldCategory, "Catégorie": fieldCategory, "Category": fieldCategory,
		"Werkgebied": fieldArea, "Zone": fieldArea, "Service area": fieldArea,
		"Capaciteit": fieldCapacity, "Capacité": fieldCapacity, "Capacity": fieldCapacity,
		"Eenheid": fieldUnit, "Unité": fieldUnit, "Unit": fieldUnit,
		"Prijs": fieldPrice, "Prix": fieldPrice, "Price": fieldPrice, "Prijs (indicatief)": fieldPrice, "Prijs (€)": fieldPrice,
		"Trefwoorden": fieldKeywords, "Mots-clés": fieldKeywords, "Keywords": fieldKeywords,
		"Talen": fieldLanguages, "Langues": fieldLanguages, "Languages": fieldLanguages,
		"Opmerking": fieldNone, "": fieldNone,
	}
	for in, want := range tests {
		if got := matchHeader(in); got != want {
			t.Errorf("matchHeader(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestCleanCell(t *testing.T) {
	for in, want := range map[string]string{
		"\u00a0 Poetsen \u00a0": "Poetsen",
		"\ufeffCode":            "Code",
		"a\u200bb":              "ab",
		"a\r\nb":                "a\nb",
		"\t x \n":               "x",
	} {
		if got := cleanCell(in); got != want {
			t.Errorf("cleanCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{"92251234": "092251234", "471123456": "0471123456", "09 225 12 34": "09 225 12 34", "+32 9 225 12 34": "+32 9 225 12 34"} {
		if got := normalizePhone(in); got != want {
			t.Errorf("normalizePhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTruncate(t *testing.T) {
	s := strings.Repeat("é", 10)
	got := truncate(s, 5)
	if !utf8.ValidString(got) || got != "éé…" {
		t.Errorf("truncate = %q, want éé…", got)
	}
}
