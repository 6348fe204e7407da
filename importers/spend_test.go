package importers

import (
	"bytes"
	"context"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/refdata"
)

func readSpend(t testing.TB, name string, data []byte) (*koppel.SpendFile, error) {
	t.Helper()
	return ReadSpend(context.Background(), refdata.Load(), name, bytes.NewReader(data), Options{})
}

// TestReadSpendFormats reads the same purchase written as people write
// it: company numbers in every format, Belgian amounts, dates as text and
// as Excel serials, headers in Dutch, French and English.
func TestReadSpendFormats(t *testing.T) {
	want := koppel.Purchase{Row: 2, KBO: "0123456749", Supplier: "De Kringwinkel vzw", Cents: 125050, Date: koppel.NewDate(2025, 12, 31), Description: "Poetsen", CPV: []koppel.CPV{"90911200"}}
	tests := []struct {
		name   string
		header []string
		row    []string
		want   koppel.Purchase
	}{
		{"dutch", []string{"Ondernemingsnummer", "Leverancier", "Bedrag (excl. btw)", "Factuurdatum", "Omschrijving", "CPV"},
			[]string{"0123.456.749", "De Kringwinkel vzw", "1.250,50", "31/12/2025", "Poetsen", "90911200-8"}, want},
		{"french", []string{"Numéro d'entreprise", "Fournisseur", "Montant HTVA", "Date de facture", "Libellé", "Code CPV"},
			[]string{"BE0123.456.749", "De Kringwinkel vzw", "€ 1 250,50", "2025-12-31", "Poetsen", "90911200"}, want},
		{"english", []string{"VAT number", "Supplier name", "Amount (EUR)", "Invoice date", "Description", "CPV codes"},
			[]string{"BE 0123 456 749", "De Kringwinkel vzw", "1250.50", "31-12-2025", "Poetsen", "90911200"}, want},
		{"kbo in the supplier column", []string{"Leverancier", "Bedrag", "Datum"},
			[]string{"0123456749", "1.250,5", "31.12.2025"}, koppel.Purchase{Row: 2, KBO: "0123456749", Cents: 125050, Date: koppel.NewDate(2025, 12, 31)}},
		{"name only, thousands", []string{"Naam leverancier", "Totaal", "Datum"},
			[]string{"Groep Intro", "€ 1.250", "1/2/2025"}, koppel.Purchase{Row: 2, Supplier: "Groep Intro", Cents: 125000, Date: koppel.NewDate(2025, 2, 1)}},
		{"credit note", []string{"Leverancier", "Bedrag", "Datum"},
			[]string{"Groep Intro", "-80", "2025-03-01"}, koppel.Purchase{Row: 2, Supplier: "Groep Intro", Cents: -8000, Date: koppel.NewDate(2025, 3, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, format := range []string{"csv", "xlsx"} {
				var data []byte
				if format == "csv" {
					data = []byte(strings.Join(tt.header, ";") + "\n" + strings.Join(tt.row, ";") + "\n")
				} else {
					data = buildXLSX(t, []sheet{{"Aankopen", [][]any{anys(tt.header), anys(tt.row)}}}, nil)
				}
				f, err := readSpend(t, "aankopen."+format, data)
				if err != nil {
					t.Fatalf("%s: %v", format, err)
				}
				if len(f.Problems) > 0 || f.Rows != 1 || f.Rejected != 0 {
					t.Errorf("%s: rows %d, rejected %d, problems %+v", format, f.Rows, f.Rejected, f.Problems)
				}
				if len(f.Purchases) != 1 {
					t.Fatalf("%s: purchases %+v", format, f.Purchases)
				}
				if diff := cmp.Diff(tt.want, f.Purchases[0], cmp.AllowUnexported(koppel.Date{})); diff != "" {
					t.Errorf("%s: purchase (-want +got):\n%s", format, diff)
				}
			}
		})
	}
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// TestReadSpendExcelCells reads numbers and dates stored as Excel values,
// not text: a number cell for the amount and a date cell with a format.
func TestReadSpendExcelCells(t *testing.T) {
	data := buildXLSX(t, []sheet{{"Blad1", [][]any{{"KBO", "Bedrag", "Datum"}, {"0123456749", 1250.5, 46022}}}}, func(f *excelize.File) {
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellStyle("Blad1", "C2", "C2", style)
	})
	f, err := readSpend(t, "x.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Purchases) != 1 || f.Purchases[0].Cents != 125050 || !f.Purchases[0].Date.Equal(koppel.NewDate(2025, 12, 31)) {
		t.Errorf("got %+v (problems %+v), want € 1.250,50 on 31/12/2025", f.Purchases, f.Problems)
	}
}

// TestReadSpendBadRows reports each bad row with its sheet, row, column
// and a Dutch reason, and leaves it out; the good rows stay.
func TestReadSpendBadRows(t *testing.T) {
	rows := [][]any{
		{"Aankopen 2025"}, // a title above the header
		{"Ondernemingsnummer", "Leverancier", "Bedrag", "Datum", "CPV"},
		{"0123456749", "Goed", "100", "01/01/2025", ""},
		{"", "", "100", "01/01/2025", ""},
		{"0123456748", "", "100", "01/01/2025", ""},
		{"0123456748", "Naam", "100", "01/01/2025", ""},
		{"", "Geen bedrag", "", "01/01/2025", ""},
		{"", "Tekst", "veel", "01/01/2025", ""},
		{"", "Geen datum", "100", "", ""},
		{"", "Foute datum", "100", "31/02/2025", ""},
		{"", "Oud", "100", "01/01/1890", ""},
		{"", "Foute CPV", "100", "01/01/2025", "12345678"},
		{},
		{"", "Te groot", "2.000.000.000", "01/01/2025", ""},
	}
	f, err := readSpend(t, "aankopen.xlsx", buildXLSX(t, []sheet{{"Aankopen", rows}}, nil))
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Row                    int
		Column, Severity, Word string
	}
	var gots []got
	for _, p := range f.Problems {
		if p.File != "aankopen.xlsx" || p.Sheet != "Aankopen" {
			t.Errorf("problem %+v: want file and sheet", p)
		}
		word := strings.Fields(p.Message)[0]
		gots = append(gots, got{p.Row, p.Column, p.Severity, word})
	}
	want := []got{
		{4, "Leverancier (B)", "error", "de"},
		{5, "Ondernemingsnummer (A)", "error", "ondernemingsnummer"},
		{6, "Ondernemingsnummer (A)", "warning", "ondernemingsnummer"},
		{7, "Bedrag (C)", "error", "het"},
		{8, "Bedrag (C)", "error", "'veel'"},
		{9, "Datum (D)", "error", "de"},
		{10, "Datum (D)", "error", "'31/02/2025'"},
		{11, "Datum (D)", "error", "de"},
		{12, "CPV (E)", "warning", "'12345678'"},
		{14, "Bedrag (C)", "error", "het"},
	}
	if diff := cmp.Diff(want, gots); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%+v", diff, f.Problems)
	}
	if f.Rows != 11 || f.Rejected != 8 || len(f.Purchases) != 3 {
		t.Errorf("rows %d, rejected %d, purchases %d; want 11, 8, 3", f.Rows, f.Rejected, len(f.Purchases))
	}
	if p := f.Purchases[1]; p.KBO != "" || p.Supplier != "Naam" {
		t.Errorf("row with a wrong number and a name = %+v, want linked by name", p)
	}
}

// TestReadSpendFileErrors refuses files it cannot read as a whole, with a
// message naming what lacks.
func TestReadSpendFileErrors(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"no supplier", "a.csv", "Bedrag;Datum\n100;01/01/2025\n", "Leverancier"},
		{"no date", "a.csv", "Leverancier;Bedrag\nX;100\n", "Datum"},
		{"no amount", "a.csv", "Leverancier;Datum\nX;01/01/2025\n", "Bedrag"},
		{"empty", "a.csv", "\n\n", "leeg"},
		{"old xls", "a.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", ".xls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readSpend(t, tt.file, []byte(tt.data))
			if koppel.ErrorCode(err) != koppel.EINVALID || !strings.Contains(koppel.ErrorMessage(err), tt.want) {
				t.Errorf("got %v, want EINVALID naming %q", err, tt.want)
			}
		})
	}
	many := "Leverancier;Bedrag;Datum\n" + strings.Repeat("X;1;01/01/2025\n", 11)
	_, err := ReadSpend(context.Background(), refdata.Load(), "a.csv", strings.NewReader(many), Options{MaxRows: 10})
	if koppel.ErrorCode(err) != koppel.ETOOLARGE {
		t.Errorf("11 rows with MaxRows 10: got %v, want ETOOLARGE", err)
	}
}

// TestReadSpendUTF16 reads a CSV as Excel saves "Unicode text": UTF-16
// with a BOM and tabs.
func TestReadSpendUTF16(t *testing.T) {
	text := "Fournisseur\tMontant\tDate\nCoopérative Été\t1.250,50\t31/12/2025\n"
	f, err := readSpend(t, "achats.txt", encodeUTF16(text, binary.LittleEndian, true))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Purchases) != 1 || f.Purchases[0].Supplier != "Coopérative Été" || f.Purchases[0].Cents != 125050 {
		t.Errorf("got %+v, problems %+v", f.Purchases, f.Problems)
	}
}

// FuzzReadSpend feeds whole small files to the spend importer: an error
// or a file, never a panic, and every purchase has a supplier and a date.
func FuzzReadSpend(f *testing.F) {
	f.Add("a.csv", []byte("Leverancier;Bedrag;Datum\nX;1.250,50;31/12/2025\n"))
	f.Add("a.csv", []byte("\ufeffKBO,Amount,Date,CPV\nBE0123456749,\"1,250.50\",2025-12-31,90911200-8\n"))
	f.Add("a.xlsx", buildXLSX(f, []sheet{{"Aankopen", [][]any{{"Leverancier", "Bedrag", "Datum"}, {"X", 12.5, 46022}}}}, nil))
	f.Add("a.xlsx", []byte("PK\x03\x04garbage"))
	ref := refdata.Load()
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		sf, err := ReadSpend(context.Background(), ref, name, bytes.NewReader(data), Options{MaxRows: 1000, UnzipSizeLimit: 8 << 20})
		if err != nil {
			if koppel.ErrorCode(err) == koppel.EINTERNAL {
				t.Errorf("internal error: %v", err)
			}
			return
		}
		if sf.Rows != len(sf.Purchases)+sf.Rejected {
			t.Errorf("rows %d ≠ %d purchases + %d rejected", sf.Rows, len(sf.Purchases), sf.Rejected)
		}
		for _, p := range sf.Purchases {
			if p.Supplier == "" && p.KBO == "" || p.Date.IsZero() {
				t.Errorf("purchase without supplier or date: %+v", p)
			}
		}
	})
}

// TestSpendProblemsInEveryLanguage: every problem of a spend file is
// written in Dutch, French and English when it is read, so that the
// report reads in its reader's language later.
func TestSpendProblemsInEveryLanguage(t *testing.T) {
	data := buildXLSX(t, []sheet{{"Aankopen", [][]any{
		{"Ondernemingsnummer", "Leverancier", "Bedrag", "Datum"},
		{"0123.456.748", "Bakkerij", "veel", "31/12/2025"},
		{"", "", "100", "gisteren"},
		{"0123.456.748", "", "1.000.000.000.000", "1/1/1900"},
		{"", "Bakkerij", "", ""},
		{"", strings.Repeat("x", 400), "5", "1/1/2025"},
	}}}, nil)
	f, err := readSpend(t, "aankopen.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Problems) < 8 {
		t.Fatalf("problems %+v, want one per bad cell", f.Problems)
	}
	fr := ""
	for _, p := range f.Problems {
		if p.Message == "" || p.MessageFR == "" || p.MessageEN == "" || p.MessageFR == p.Message || p.MessageEN == p.Message {
			t.Errorf("row %d %s: nl %q, fr %q, en %q", p.Row, p.Column, p.Message, p.MessageFR, p.MessageEN)
		}
		fr += p.MessageFR + "\n"
	}
	for _, want := range []string{"le fournisseur est recherché par son nom", "«\u00a0veel\u00a0» n’est pas un montant", "«\u00a0gisteren\u00a0» n’est pas une date",
		"dépasse un milliard d’euros", "le fournisseur manque", "le montant manque", "la date manque", "a été raccourci à 300 caractères"} {
		if !strings.Contains(fr, want) {
			t.Errorf("French messages lack %q:\n%s", want, fr)
		}
	}
}
