package server_test

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// xlsxIn opens an export in any language: its sheet "Over deze export"
// (in that language) as rows, and its data sheet's rows.
func xlsxIn(t *testing.T, body string) (about, rows [][]string) {
	t.Helper()
	x, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) != 2 {
		t.Fatalf("sheets = %q, want the about sheet and the data", sheets)
	}
	if about, err = x.GetRows(sheets[0]); err != nil {
		t.Fatal(err)
	}
	if rows, err = x.GetRows(sheets[1]); err != nil {
		t.Fatal(err)
	}
	return about, rows
}
