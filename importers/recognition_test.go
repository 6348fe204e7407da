package importers

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

func readRegister(t *testing.T, name string, data []byte) *RecognitionFile {
	t.Helper()
	rf, err := ReadRecognitions(context.Background(), name, bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rf
}

// TestReadRecognitionsXLSX reads a register as the administration might
// publish it: a title row, Dutch headers in another order, dates as Excel
// dates and as text, and rows with every kind of mistake.
func TestReadRecognitionsXLSX(t *testing.T) {
	data := buildXLSX(t, []sheet{{"Erkenningen", [][]any{
		{"Erkende maatwerkbedrijven en LDE-projecten, toestand 1/12/2026"},
		{"Bron", "Ondernemingsnummer", "Werkvorm", "Erkenningsnummer", "Geldig vanaf", "Geldig tot"},
		{"Departement WSE", "0123.456.749", "Maatwerkbedrijf", "MWB-0042", "01/01/2019", "31/12/2029"},
		{"Departement WSE", "BE0400040767", "LDE", "LDE-77", 44562, 46752},             // Excel serials: 1/1/2022, 31/12/2027
		{"Departement WSE", "0123.456.748", "Maatwerkbedrijf", "MWB-1", "", ""},        // check digits wrong
		{"Departement WSE", "0202.239.951", "ruimtevaart", "X-1", "", ""},              // unknown work form
		{"Departement WSE", "0202.239.951", "Sociale onderneming", "X-2", "", ""},      // no recognition
		{"Departement WSE", "0202.239.951", "MWB", "MWB-2", "31/12/2029", "1/1/2019"},  // end before start
		{"Departement WSE", "0202.239.951", "MWB", "MWB-3", "morgen", ""},              // no date
		{"", "0202.239.951", "MWB", "MWB-4", "", ""},                                   // no source
		{"Departement WSE", "0123456749", "mwb", "MWB-0042", "1/1/2019", "31/12/2029"}, // repeats row 3
		{},
	}}}, nil)
	rf := readRegister(t, "wse.xlsx", data)
	want := []koppel.RegisteredRecognition{
		{KBO: "0123456749", Form: koppel.Maatwerkbedrijf, Number: "MWB-0042", ValidFrom: koppel.NewDate(2019, 1, 1), ValidTo: koppel.NewDate(2029, 12, 31), Source: "Departement WSE", Row: 3},
		{KBO: "0400040767", Form: koppel.LokaleDiensteneconomie, Number: "LDE-77", ValidFrom: koppel.NewDate(2022, 1, 1), ValidTo: koppel.NewDate(2027, 12, 31), Source: "Departement WSE", Row: 4},
	}
	if diff := cmp.Diff(want, rf.Entries, cmp.Comparer(func(a, b koppel.Date) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if rf.Rows != 9 || rf.Rejected != 7 {
		t.Errorf("rows %d, rejected %d, want 9 and 7", rf.Rows, rf.Rejected)
	}
	type where struct {
		Row    int
		Column string
		Part   string
	}
	wantProbs := []where{
		{5, "Ondernemingsnummer (B)", "ondernemingsnummer"},
		{6, "Werkvorm (C)", "onbekende werkvorm"},
		{7, "Werkvorm (C)", "geen werkvorm met een erkenning"},
		{8, "Geldig tot (F)", "voor de begindatum"},
		{9, "Geldig vanaf (E)", "geen datum"},
		{10, "Bron (A)", "de bron ontbreekt"},
		{11, "Ondernemingsnummer (B)", "staat ook al op rij 3"},
	}
	if len(rf.Problems) != len(wantProbs) {
		t.Fatalf("got %d problems, want %d: %+v", len(rf.Problems), len(wantProbs), rf.Problems)
	}
	for i, w := range wantProbs {
		p := rf.Problems[i]
		if p.Row != w.Row || p.Column != w.Column || p.Severity != koppel.SeverityError || !strings.Contains(p.Message, w.Part) {
			t.Errorf("problem %d = row %d, column %q, %q; want row %d, column %q, containing %q", i, p.Row, p.Column, p.Message, w.Row, w.Column, w.Part)
		}
	}
	if rf.KBOColumn != "Ondernemingsnummer (B)" {
		t.Errorf("KBO column %q", rf.KBOColumn)
	}
}

// TestReadRecognitionsCSV reads a French CSV with semicolons.
func TestReadRecognitionsCSV(t *testing.T) {
	csv := "Numéro d'entreprise;Forme;Numéro d'agrément;Date de début;Date de fin;Source\n" +
		"0123.456.749;Entreprise de travail adapté;MWB-0042;01/01/2019;31/12/2029;Departement WSE\n" +
		"0400.040.767;LDE;LDE-77;2022-01-01;;Departement WSE\n" +
		"0400.040.767;;;;;Departement WSE\n"
	rf := readRegister(t, "register.csv", []byte(csv))
	if len(rf.Entries) != 2 || rf.Entries[0].Form != koppel.Maatwerkbedrijf || !rf.Entries[1].ValidTo.IsZero() || rf.Entries[1].Number != "LDE-77" {
		t.Errorf("entries %+v", rf.Entries)
	}
	if len(rf.Problems) != 1 || rf.Problems[0].Row != 4 || !strings.Contains(rf.Problems[0].Message, "werkvorm ontbreekt") {
		t.Errorf("problems %+v, want the missing work form on row 4", rf.Problems)
	}
}

// TestReadRecognitionsRefusesFile: a file without the required columns is
// one clear error, not an empty register.
func TestReadRecognitionsRefusesFile(t *testing.T) {
	_, err := ReadRecognitions(context.Background(), "x.csv", strings.NewReader("Ondernemingsnummer;Naam\n0123456749;X\n"), Options{})
	if koppel.ErrorCode(err) != koppel.EINVALID || !strings.Contains(koppel.ErrorMessage(err), "Werkvorm") || !strings.Contains(koppel.ErrorMessage(err), "Bron") {
		t.Errorf("got %v, want EINVALID naming Werkvorm and Bron", err)
	}
}
