package importers

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/importers/hostile"
)

// streamCatalogue is hostile.Catalogue for a test.
func streamCatalogue(t testing.TB, n int, extra func(row int) []any) []byte {
	t.Helper()
	return must(t)(hostile.Catalogue(n, extra))
}

// must returns a function that fails t on an error and returns the data.
func must(t testing.TB) func([]byte, error) []byte {
	return func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}

// rowErrors is one error in column E of every data row.
func rowErrors(n int) []koppel.Problem {
	ps := make([]koppel.Problem, n)
	for i := range ps {
		ps[i] = koppel.Problem{File: "a.xlsx", Sheet: "Aanbod", Row: i + 2, Column: "CPV-codes (E)", Value: "9091200", Severity: koppel.SeverityError, Message: "'9091200' is geen geldige CPV-code (8 cijfers verwacht)"}
	}
	return ps
}

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func mustAnnotate(t testing.TB, data []byte, problems []koppel.Problem) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := AnnotateWorkbook(context.Background(), bytes.NewReader(data), problems, &out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// unpackedSize is the size of a package's parts unpacked.
func unpackedSize(t testing.TB, data []byte) uint64 {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var n uint64
	for _, f := range zr.File {
		n += f.UncompressedSize64
	}
	return n
}

// TestAnnotateLinear: one error per row costs the same per row whether
// the sheet has 1,000 or 4,000 of them (excelize's comments made it
// quadratic), and a bounded multiple of the file.
func TestAnnotateLinear(t *testing.T) {
	small, large := streamCatalogue(t, 1000, nil), streamCatalogue(t, 4000, nil)
	var out []byte
	a := allocated(func() { mustAnnotate(t, small, rowErrors(1000)) })
	b := allocated(func() { out = mustAnnotate(t, large, rowErrors(4000)) })
	if ratio := float64(b) / float64(a); ratio > 5.5 {
		t.Errorf("4× the rows allocated %.1f× the memory (%d → %d bytes), want about 4×", ratio, a, b)
	}
	// Per problem: the comment, its VML shape and its row of the problem
	// sheet, a few KB; the file itself is read once.
	if limit := 4*uint64(len(large)) + 4000*4096 + 4<<20; b > limit {
		t.Errorf("4,000 errors allocated %d bytes, want ≤ %d", b, limit)
	}
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	comments, err := f.GetComments("Aanbod")
	if err != nil || len(comments) != 4000 {
		t.Fatalf("comments = %d (%v), want 4000", len(comments), err)
	}
	if comments[3999].Cell != "E4001" {
		t.Errorf("last comment at %s, want E4001", comments[3999].Cell)
	}
	if fill := cellFill(t, f, "Aanbod", "E4001"); fill != errorFill {
		t.Errorf("E4001 fill = %q, want %q", fill, errorFill)
	}
	if v, _ := f.GetCellValue("Aanbod", "B4001"); v != "Dienst 4001" {
		t.Errorf("B4001 = %q, want the value kept", v)
	}
}

func cellFill(t testing.TB, f *excelize.File, sheet, c string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, c)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st == nil || len(st.Fill.Color) == 0 {
		return ""
	}
	return st.Fill.Color[0]
}

// TestAnnotateWithoutStyles: a workbook without xl/styles.xml gets one;
// it panicked in excelize.
func TestAnnotateWithoutStyles(t *testing.T) {
	data := must(t)(hostile.WithoutStyles(aanbod(t, templateHeader, []any{"A", "Poetsen", "", "", "9091200"})))
	if bytes.Contains(data, []byte("styles.xml")) {
		t.Fatal("the test workbook still names styles.xml")
	}
	res := mustRead(t, "a.xlsx", data, Options{})
	if len(res.problems) != 1 {
		t.Fatalf("problems = %v", res.problems)
	}
	out := mustAnnotate(t, data, res.problems)
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if fill := cellFill(t, f, "Aanbod", "E2"); fill != errorFill {
		t.Errorf("E2 fill = %q, want %q", fill, errorFill)
	}
	wellFormed(t, out)
	if rows, _ := f.GetRows(SheetProblems); len(rows) != 2 {
		t.Errorf("problem sheet = %q", rows)
	}
}

// TestAnnotateFarCells: cells at column XFD and a row at 1,048,576 cost
// what the file holds, not the cells between (excelize filled every row
// to 16,384 cells: +570 MB for 200 rows).
func TestAnnotateFarCells(t *testing.T) {
	data := must(t)(hostile.FarRight(streamCatalogue(t, 200, nil)))
	last := must(t)(hostile.LastRow(aanbod(t, templateHeader, []any{"A", "Poetsen", "", "", "9091200"})))
	cases := []struct {
		name     string
		data     []byte
		problems []koppel.Problem
		check    string
	}{
		{"XFD", data, append(rowErrors(200), koppel.Problem{Sheet: "Aanbod", Row: 201, Column: "XFD", Severity: koppel.SeverityWarning, Message: "ver"}), "XFD201"},
		{"last row", last, []koppel.Problem{{Sheet: "Aanbod", Row: 1048576, Column: "E", Severity: koppel.SeverityError, Message: "fout"}}, "E1048576"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out []byte
			n := allocated(func() { out = mustAnnotate(t, c.data, c.problems) })
			if limit := 4*unpackedSize(t, c.data) + 8<<20; n > limit {
				t.Errorf("allocated %d bytes for a %d-byte file (%d unpacked), want ≤ %d", n, len(c.data), unpackedSize(t, c.data), limit)
			}
			f, err := excelize.OpenReader(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			comments, _ := f.GetComments("Aanbod")
			found := false
			for _, cm := range comments {
				found = found || cm.Cell == c.check
			}
			if !found {
				t.Errorf("no comment at %s among %d", c.check, len(comments))
			}
		})
	}
}

// TestAnnotateLongCells: 32,767-character cells (the most a cell holds)
// in a column that reports them (an unknown place in Werkgebied) cost a
// bounded multiple of the file to read and to annotate: the messages that
// quote them are cut short.
func TestAnnotateLongCells(t *testing.T) {
	const rows = 300
	data := streamCatalogue(t, rows, func(r int) []any {
		return []any{strings.Repeat(fmt.Sprintf("lang %d ", r), 32767/len(fmt.Sprintf("lang %d ", r)))}
	})
	var res result
	if n := allocated(func() { res = mustRead(t, "a.xlsx", data, Options{}) }); n > 16*unpackedSize(t, data)+16<<20 {
		t.Errorf("reading allocated %d bytes for %d unpacked, want ≤ 16×", n, unpackedSize(t, data))
	}
	if len(res.problems) != 2*rows {
		t.Fatalf("%d problems, want %d", len(res.problems), 2*rows)
	}
	for _, p := range res.problems {
		if len(p.Message) > 600 || len(p.MessageEN) > 600 {
			t.Fatalf("a message of %d bytes: %.100s…", len(p.Message), p.Message)
		}
	}
	var out []byte
	n := allocated(func() { out = mustAnnotate(t, data, res.problems) })
	if limit := 3*unpackedSize(t, data) + 8<<20; n > limit {
		t.Errorf("allocated %d bytes for %d unpacked, want ≤ %d", n, unpackedSize(t, data), limit)
	}
	if _, err := excelize.OpenReader(bytes.NewReader(out)); err != nil {
		t.Fatal(err)
	}
}

// TestAnnotateKeepsComments: a user's comment elsewhere stays, the one on
// a problem cell gives way, and the workbook's other parts are unchanged.
func TestAnnotateKeepsComments(t *testing.T) {
	data := buildXLSX(t, []sheet{{"Aanbod", [][]any{templateHeader, {"A", "Poetsen", "", "", "9091200"}}}, {"Uitleg", [][]any{{"lees mij"}}}}, func(f *excelize.File) {
		for _, c := range []string{"B2", "E2"} {
			if err := f.AddComment("Aanbod", excelize.Comment{Author: "Els", Cell: c, Text: "eigen " + c}); err != nil {
				t.Fatal(err)
			}
		}
	})
	res := mustRead(t, "a.xlsx", data, Options{})
	out := mustAnnotate(t, data, res.problems)
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	comments, _ := f.GetComments("Aanbod")
	got := map[string]string{}
	for _, c := range comments {
		got[c.Cell] = c.Author + ": " + c.Text
	}
	if len(got) != 2 || got["B2"] != "Els: eigen B2" || !strings.HasPrefix(got["E2"], "Koppel: Fout:") {
		t.Errorf("comments = %q", got)
	}
	if sheets := f.GetSheetList(); strings.Join(sheets, ",") != "Aanbod,Uitleg,Problemen" {
		t.Errorf("sheets = %v", sheets)
	}
	if v, _ := f.GetCellValue("Uitleg", "A1"); v != "lees mij" {
		t.Errorf("Uitleg!A1 = %q", v)
	}
	wellFormed(t, out)
	// Annotating the annotated workbook again works too.
	again := mustAnnotate(t, out, res.problems)
	g, err := excelize.OpenReader(bytes.NewReader(again))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if sheets := g.GetSheetList(); len(sheets) != 4 || sheets[3] != "Problemen (Koppel)" {
		t.Errorf("sheets = %v", sheets)
	}
}

// wellFormed checks that every part of a package is well-formed XML.
func wellFormed(t testing.TB, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(rc)
		for {
			if _, err := d.Token(); err != nil {
				if err != io.EOF {
					t.Errorf("%s: %v", f.Name, err)
				}
				break
			}
		}
		rc.Close()
	}
}

// FuzzAnnotateSheet annotates workbooks whose sheet XML is the input: the
// annotator must not panic, and what it writes must be well-formed and
// open in excelize.
func FuzzAnnotateSheet(f *testing.F) {
	for _, s := range []string{
		`<sheetData><row r="2"><c r="E2" t="inlineStr"><is><t>x</t></is></c></row></sheetData>`,
		`<sheetData/>`,
		`<sheetData><row r="2"/><row><c><v>1</v></c><c s="7"><v>2</v></c></row></sheetData><legacyDrawing r:id="rId9"/>`,
		`<sheetData><!-- <row r="2"> --><row r="3" spans="1:2"><c r="A3"><v><![CDATA[<c r="E2">]]></v></c></row></sheetData><extLst><ext uri="x"><extLst/></ext></extLst>`,
		`<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>`,
	} {
		f.Add(s)
	}
	base := aanbod(f, templateHeader)
	problems := []koppel.Problem{
		{Sheet: "Aanbod", Row: 2, Column: "CPV-codes (E)", Severity: koppel.SeverityError, Message: "fout"},
		{Sheet: "Aanbod", Row: 3, Column: "A", Severity: koppel.SeverityWarning, Message: "let op"},
		{Sheet: "Aanbod", Row: 1048576, Column: "XFD", Severity: koppel.SeverityError, Message: "ver"},
		{Sheet: "Aanbod", Severity: koppel.SeverityWarning, Message: "blad"},
	}
	f.Fuzz(func(t *testing.T, sheetData string) {
		data, err := hostile.Rezip(base, func(name string, b []byte) ([]byte, bool) {
			if name == "xl/worksheets/sheet1.xml" {
				return []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` + sheetData + `</worksheet>`), true
			}
			return b, true
		})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := AnnotateWorkbook(context.Background(), bytes.NewReader(data), problems, &out); err != nil {
			return // refused with an error: fine
		}
		// A sheet that was well-formed stays so.
		if xml.Unmarshal([]byte("<w>"+sheetData+"</w>"), new(struct{})) == nil && !strings.Contains(sheetData, "xmlns") {
			wellFormed(t, out.Bytes())
		}
	})
}
