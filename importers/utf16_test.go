package importers

import (
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"

	"koppel"
)

// encodeUTF16 writes text as Excel's "Unicode-tekst" does: UTF-16 with a
// BOM (unless bom is false), tabs between cells, CRLF between rows.
func encodeUTF16(text string, order binary.AppendByteOrder, bom bool) []byte {
	var out []byte
	units := utf16.Encode([]rune(text))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		out = order.AppendUint16(out, u)
	}
	return out
}

func TestReadUTF16CSV(t *testing.T) {
	text := "Code\tDienst\tCategorie\tCPV-codes\r\nP1\tPoetsen van crèches €\tSchoonmaak & poetsen\t90911200-8\r\nP2\tMaaien 🌱\t\t9091120\r\n"
	cases := []struct {
		name  string
		file  string
		order binary.AppendByteOrder
		bom   bool
	}{
		{"little endian with BOM", "aanbod.txt", binary.LittleEndian, true},
		{"big endian with BOM", "aanbod.csv", binary.BigEndian, true},
		{"little endian without BOM", "aanbod.csv", binary.LittleEndian, false},
		{"no extension", "upload", binary.LittleEndian, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustRead(t, c.file, encodeUTF16(text, c.order, c.bom), Options{})
			if len(res.offerings) != 1 || res.offerings[0].Title != "Poetsen van crèches €" {
				t.Fatalf("offerings = %+v, want P1 with its accents", res.offerings)
			}
			if len(res.problems) != 1 || res.problems[0].Row != 3 || res.problems[0].Value != "9091120" {
				t.Errorf("problems = %+v, want the CPV of row 3", res.problems)
			}
		})
	}
	// A message about the file names its columns without NUL bytes.
	res := read(t, "aanbod.txt", encodeUTF16("Kleur\tMaat\r\nx\t1\r\n", binary.LittleEndian, true), Options{})
	if koppel.ErrorCode(res.err) != koppel.EINVALID || strings.ContainsRune(koppel.ErrorMessage(res.err), 0) || !strings.Contains(koppel.ErrorMessage(res.err), "'Kleur', 'Maat'") {
		t.Errorf("err = %q, want EINVALID naming the columns", res.err)
	}
}
