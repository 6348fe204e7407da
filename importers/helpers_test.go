package importers

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/refdata"
)

// sheet is a sheet of a test workbook: rows of cell values from A1.
type sheet struct {
	name string
	rows [][]any
}

// buildXLSX makes a workbook with the sheets in order; edit, when set,
// changes it further (merges, formulas, hidden rows) before it is saved.
func buildXLSX(t testing.TB, sheets []sheet, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			if len(row) == 0 {
				continue
			}
			if err := f.SetSheetRow(s.name, cell(1, r+1), &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	if edit != nil {
		edit(f)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// aanbod is a workbook with only an Aanbod sheet.
func aanbod(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	return buildXLSX(t, []sheet{{"Aanbod", rows}}, nil)
}

// result is everything ReadCatalogue and one pass of Offerings give.
type result struct {
	cat       *Catalogue
	offerings []*koppel.Offering
	problems  []koppel.Problem
	err       error // from ReadCatalogue or yielded by Offerings
}

func read(t testing.TB, name string, data []byte, opts Options) result {
	t.Helper()
	ctx := context.Background()
	cat, err := ReadCatalogue(ctx, refdata.Load(), name, bytes.NewReader(data), opts)
	if err != nil {
		return result{err: err}
	}
	t.Cleanup(func() { cat.Close() })
	res := result{cat: cat}
	for o, err := range cat.Offerings(ctx) {
		if err != nil {
			res.err = err
			break
		}
		res.offerings = append(res.offerings, o)
	}
	res.problems = cat.Problems()
	return res
}

func mustRead(t testing.TB, name string, data []byte, opts Options) result {
	t.Helper()
	res := read(t, name, data, opts)
	if res.err != nil {
		t.Fatalf("read %s: %v", name, res.err)
	}
	return res
}

func ptr[T any](v T) *T { return &v }

// validKBO is a company number with the right check digits.
const validKBO = koppel.KBO("0123456749")

// otherKBO is another valid company number.
var otherKBO = func() koppel.KBO {
	k, err := koppel.ParseKBO("0203201340")
	if err != nil {
		panic(err)
	}
	return k
}()

// zipOf makes a zip archive of the named files.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// patchZip rewrites one part of a zip archive.
func patchZip(t testing.TB, data []byte, part string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			b = []byte(edit(string(b)))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ignoreFR leaves the French message out of a comparison of problems: the
// tests that compare whole problems check the Dutch and English texts;
// TestProblemsInFrench checks the French ones.
var ignoreFR = cmpopts.IgnoreFields(koppel.Problem{}, "MessageFR")
