package export_test

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/export"
	"koppel/i18n"
)

var cols = []export.Column{
	{Name: "Naam", Width: 30},
	{Name: "Rang", Kind: export.Integer},
	{Name: "Afstand (km)", Kind: export.Number, Width: 12},
	{Name: "Erkend tot", Kind: export.Date, Width: 12},
}

func TestWriterXLSX(t *testing.T) {
	var b bytes.Buffer
	about := export.About{Title: "Zoekresultaten: aanbod", Query: "poetsen", Filters: []export.Field{{Name: "Provincie", Value: "Oost-Vlaanderen"}},
		Created: time.Date(2026, 12, 4, 9, 30, 0, 0, time.UTC), Version: "v1.2.3", Sheet: "Aanbod"}
	w, err := export.New(&b, export.XLSX, about, cols)
	if err != nil {
		t.Fatal(err)
	}
	d := 12.5
	rows := [][]any{
		{"Poetsdienst Één", 1, &d, koppel.NewDate(2027, 6, 30)},
		{"=SUM(A1)", 2, (*float64)(nil), koppel.Date{}},
	}
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Row("te weinig"); err == nil {
		t.Error("a row of 1 value for 4 columns was accepted")
	}
	w.AddFilter("Totaal gevonden", "2")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); len(got) != 2 || got[0] != "Over deze export" || got[1] != "Aanbod" {
		t.Fatalf("sheets = %q", got)
	}
	if i := x.GetActiveSheetIndex(); i != 1 {
		t.Errorf("active sheet %d, want the data (1)", i)
	}
	if p, err := x.GetPanes("Aanbod"); err != nil || !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
		t.Errorf("panes %+v, %v: want the header row frozen", p, err)
	}
	tests := []struct {
		cell string
		typ  excelize.CellType
		want string
	}{
		{"A1", excelize.CellTypeInlineString, "Naam"},
		{"A2", excelize.CellTypeInlineString, "Poetsdienst Één"},
		{"B2", excelize.CellTypeUnset, "1"},
		{"C2", excelize.CellTypeUnset, "12.5"},
		{"D2", excelize.CellTypeUnset, "30/06/2027"},
		{"A3", excelize.CellTypeInlineString, "=SUM(A1)"}, // text, not a formula
		{"C3", excelize.CellTypeUnset, ""},
		{"D3", excelize.CellTypeUnset, ""},
	}
	for _, tt := range tests {
		typ, _ := x.GetCellType("Aanbod", tt.cell)
		v, _ := x.GetCellValue("Aanbod", tt.cell)
		if typ != tt.typ || v != tt.want {
			t.Errorf("%s = %q (type %v), want %q (type %v)", tt.cell, v, typ, tt.want, tt.typ)
		}
	}
	if f, _ := x.GetCellFormula("Aanbod", "A3"); f != "" {
		t.Errorf("A3 has formula %q", f)
	}
	for col, want := range map[string]float64{"A": 30, "B": 10, "C": 12} {
		if got, _ := x.GetColWidth("Aanbod", col); got != want {
			t.Errorf("width of %s = %v, want %v", col, got, want)
		}
	}
	aboutRows, _ := x.GetRows("Over deze export")
	text := fmt.Sprint(aboutRows)
	for _, want := range []string{"Zoekvraag poetsen", "Provincie Oost-Vlaanderen", "Totaal gevonden 2", "Aantal rijen 2", "Koppel-versie v1.2.3", "Gemaakt op 04/12/2026 10:30"} {
		if !strings.Contains(text, want) {
			t.Errorf("Over deze export lacks %q: %s", want, text)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]export.Format{"": "", "xlsx": export.XLSX, "CSV": export.CSV, " csv ": export.CSV} {
		if got, err := export.ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := export.ParseFormat("pdf"); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("ParseFormat(pdf) = %v, want EINVALID", err)
	}
}

// TestXLSXMemoryBounded writes 100,000 rows, the most a search exports,
// and checks the heap stays well inside the 200 MB an export may use: the
// rows go to excelize's stream writer, kept on disk beyond 16 MB. (Quiet,
// without -race, the peak is about 31 MB; the bound leaves room for the
// race detector and a loaded machine, and is far below what building the
// sheet in memory takes.)
func TestXLSXMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 rows")
	}
	peak := writeRows(t, 100000, io.Discard)
	t.Logf("heap peak %.1f MB", float64(peak)/(1<<20))
	if peak > 150<<20 {
		t.Errorf("heap peaked at %d MB while writing 100,000 rows, want under 150 MB", peak>>20)
	}
}

// writeRows writes n rows of offering-like values as xlsx to dst and
// returns the highest heap in use it saw (sampled every 1,000 rows and
// after the zip is written), with the collector run often (GOGC 10), so
// that the heap is what the export keeps rather than garbage not yet
// collected.
func writeRows(tb testing.TB, n int, dst io.Writer) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapInuse, uint64(0)
	sample := func() {
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > base && ms.HeapInuse-base > peak {
			peak = ms.HeapInuse - base
		}
	}
	w, err := export.New(dst, export.XLSX, export.About{Title: "bench"}, cols)
	if err != nil {
		tb.Fatal(err)
	}
	d := 3.5
	until := koppel.NewDate(2027, 1, 1)
	for i := range n {
		if err := w.Row(fmt.Sprintf("Fictieve Poetsdienst %d vzw, dagelijkse schoonmaak van klaslokalen", i), i, &d, until); err != nil {
			tb.Fatal(err)
		}
		if i%1000 == 0 {
			sample()
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	sample()
	return peak
}

// BenchmarkXLSX100k writes a 100,000-row export (the writer alone; the
// search and store reads are in make bench) and reports the heap's peak.
func BenchmarkXLSX100k(b *testing.B) {
	for b.Loop() {
		peak := writeRows(b, 100000, io.Discard)
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	}
}

// TestCSVNumbers: a CSV writes numbers as the spreadsheets of its
// language read them (";" and a decimal comma in Dutch and French, ","
// and a decimal point in English), rounded to their column's decimals,
// without thousands separators; the xlsx keeps them whole.
func TestCSVNumbers(t *testing.T) {
	cols := []export.Column{
		{Name: "Naam"},
		{Name: "Relevantie", Kind: export.Number, Decimals: 3},
		{Name: "Afstand (km)", Kind: export.Number, Decimals: 1},
		{Name: "Bedrag (EUR)", Kind: export.Number},
	}
	km := 9.64
	rows := [][]any{
		{"Poetsdienst, Gent", 0.03682416874338516, &km, 1234.5},
		{"Klein", -0.0001, (*float64)(nil), 48000.0},
	}
	for _, tt := range []struct {
		lang i18n.Lang
		want string
	}{
		{i18n.NL, "Naam;Relevantie;Afstand (km);Bedrag (EUR)\r\nPoetsdienst, Gent;0,037;9,6;1234,5\r\nKlein;0,000;;48000\r\n"},
		{i18n.FR, "Naam;Pertinence;Distance (km);Montant (EUR)\r\nPoetsdienst, Gent;0,037;9,6;1234,5\r\nKlein;0,000;;48000\r\n"},
		{i18n.EN, "Naam,Relevance,Distance (km),Amount (EUR)\r\n\"Poetsdienst, Gent\",0.037,9.6,1234.5\r\nKlein,0.000,,48000\r\n"},
	} {
		var b bytes.Buffer
		w, err := export.New(&b, export.CSV, export.About{Lang: tt.lang}, cols)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if err := w.Row(r...); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimPrefix(b.String(), "\uFEFF"); got != tt.want {
			t.Errorf("%s: CSV\n%q\nwant\n%q", tt.lang, got, tt.want)
		}
	}
}
