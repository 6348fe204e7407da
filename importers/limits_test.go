package importers

import (
	"strings"
	"testing"

	"koppel"
	"koppel/importers/hostile"
)

// TestReadLimits: hostile workbooks are refused before excelize reads
// them, with a Dutch message naming the limit, in memory bounded by a
// small multiple of what the limit lets through.
func TestReadLimits(t *testing.T) {
	wide := strings.Repeat("x;", 600) + "x\n"
	cases := []struct {
		name  string
		file  string
		data  func() ([]byte, error)
		want  string // in the message
		alloc uint64 // bound on the bytes allocated reading it
	}{
		// 14 million entries: 238 MB unpacked, over the part limit.
		{"shared strings part", "a.xlsx", func() ([]byte, error) { return hostile.SharedStrings(14_000_000) }, "uitgepakt groter is dan 128 MB", 8 << 20},
		// 1.2 million entries (20 MB unpacked): over the entry limit.
		{"shared strings entries", "a.xlsx", func() ([]byte, error) { return hostile.SharedStrings(1_200_000) }, "meer dan 1000000 verschillende teksten", 8 << 20},
		{"column XFD", "a.xlsx", func() ([]byte, error) {
			b, err := hostile.Catalogue(200, nil)
			if err != nil {
				return nil, err
			}
			return hostile.FarRight(b)
		}, "waarde in kolom XFD (cel XFD1)", 16 << 20},
		{"row 1048576", "a.xlsx", func() ([]byte, error) {
			b, err := hostile.Catalogue(10, nil)
			if err != nil {
				return nil, err
			}
			return hostile.LastRow(b)
		}, "waarde in rij 1048576", 16 << 20},
		{"CSV columns", "a.csv", func() ([]byte, error) { return []byte("Code;Dienst\n" + wide), nil }, "rij 2 van het bestand \"a.csv\" heeft 601 kolommen; Koppel leest hoogstens 500 kolommen", 4 << 20},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := c.data()
			if err != nil {
				t.Fatal(err)
			}
			var res result
			n := allocated(func() { res = read(t, c.file, data, Options{}) })
			if koppel.ErrorCode(res.err) != koppel.ETOOLARGE || !strings.Contains(koppel.ErrorMessage(res.err), c.want) {
				t.Errorf("err = %v, want ETOOLARGE with %q", res.err, c.want)
			}
			if n > c.alloc {
				t.Errorf("allocated %d bytes for a %d-byte file, want ≤ %d", n, len(data), c.alloc)
			}
		})
	}
}

// TestReadFormattedFarCells: empty cells far right (only formatted) are
// no value: the file is read, and the rows it hands on stay short.
func TestReadFormattedFarCells(t *testing.T) {
	data, err := hostile.Catalogue(300, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err = hostile.Rezip(data, func(name string, b []byte) ([]byte, bool) {
		if name == "xl/worksheets/sheet1.xml" {
			b = []byte(strings.ReplaceAll(string(b), "</row>", `<c r="XFD1" s="0"/></row>`))
		}
		return b, true
	})
	if err != nil {
		t.Fatal(err)
	}
	var res result
	n := allocated(func() { res = read(t, "a.xlsx", data, Options{}) })
	if res.err != nil || res.cat.Stats().Rejected != 300 {
		t.Fatalf("err = %v, stats = %+v; want 300 rows rejected for their CPV", res.err, res.cat.Stats())
	}
	if limit := uint64(64 << 20); n > limit {
		t.Errorf("allocated %d bytes, want ≤ %d", n, limit)
	}
}
