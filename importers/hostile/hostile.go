// Package hostile makes the hostile spreadsheets the tests and the
// benchmark feed the importers: files a careless user or an attacker could
// upload that once cost unbounded time or memory. They are generated, not
// committed, because some are large.
package hostile

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Header is the header row of the catalogue template's Aanbod sheet.
var Header = []any{"Code", "Dienst", "Omschrijving", "Categorie", "CPV-codes", "Werkgebied", "Capaciteit", "Eenheid", "Prijs (indicatief)", "Trefwoorden", "Talen"}

// BadCPV is the 7-digit CPV code every row of Catalogue has in column E:
// one error per row.
const BadCPV = "9091200"

// Catalogue returns a workbook with an Aanbod sheet of n data rows, each
// with the error BadCPV in column E; extra, when set, adds cells after
// column E to a row (1-based, the header is row 1). It is written with
// excelize's stream writer, so large ones are quick to make.
func Catalogue(n int, extra func(row int) []any) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Aanbod"); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter("Aanbod")
	if err != nil {
		return nil, err
	}
	if err := sw.SetRow("A1", Header); err != nil {
		return nil, err
	}
	for r := 2; r <= n+1; r++ {
		row := []any{fmt.Sprintf("C%d", r), fmt.Sprintf("Dienst %d", r), "", "", BadCPV}
		if extra != nil {
			row = append(row, extra(r)...)
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", r), row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Rezip rewrites a package: edit returns a part's new content, or false to
// leave the part out.
func Rezip(data []byte, edit func(name string, b []byte) ([]byte, bool)) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		b, keep := edit(f.Name, b)
		if !keep {
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(b); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var (
	stylesRel      = regexp.MustCompile(`<Relationship [^>]*styles\.xml"[^>]*?(/>|></Relationship>)`)
	stylesOverride = regexp.MustCompile(`<Override PartName="/xl/styles\.xml"[^>]*?(/>|></Override>)`)
	rowRE          = regexp.MustCompile(`<row r="(\d+)"[^>]*>.*?</row>`)
)

// WithoutStyles drops the optional styles part, and every mention of it,
// as some generators do.
func WithoutStyles(data []byte) ([]byte, error) {
	return Rezip(data, func(name string, b []byte) ([]byte, bool) {
		switch name {
		case "xl/styles.xml":
			return nil, false
		case "[Content_Types].xml":
			return stylesOverride.ReplaceAll(b, nil), true
		case "xl/_rels/workbook.xml.rels":
			return stylesRel.ReplaceAll(b, nil), true
		}
		return b, true
	})
}

// FarRight adds a cell at column XFD, the last one, to every row of the
// first sheet.
func FarRight(data []byte) ([]byte, error) {
	return Rezip(data, func(name string, b []byte) ([]byte, bool) {
		if name != "xl/worksheets/sheet1.xml" {
			return b, true
		}
		return rowRE.ReplaceAllFunc(b, func(row []byte) []byte {
			r := rowRE.FindSubmatch(row)[1]
			row = row[: len(row)-len("</row>") : len(row)-len("</row>")]
			return append(row, `<c r="XFD`+string(r)+`" t="inlineStr"><is><t>ver</t></is></c></row>`...)
		}), true
	})
}

// LastRow adds row 1,048,576, the last one, to the first sheet, with
// BadCPV in column E.
func LastRow(data []byte) ([]byte, error) {
	return Rezip(data, func(name string, b []byte) ([]byte, bool) {
		if name != "xl/worksheets/sheet1.xml" {
			return b, true
		}
		return bytes.Replace(b, []byte("</sheetData>"), []byte(`<row r="1048576"><c r="E1048576" t="inlineStr"><is><t>`+BadCPV+`</t></is></c></row></sheetData>`), 1), true
	})
}

// SharedStrings returns a workbook whose shared-strings table holds n tiny
// entries, with one cell pointing at the last: 14 million make a 580 KB
// file of 238 MB unpacked.
func SharedStrings(n int) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	part := func(name, body string) error {
		w, err := zw.Create(name)
		if err == nil {
			_, err = io.WriteString(w, body)
		}
		return err
	}
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Aanbod" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Code</t></is></c><c r="B1" t="inlineStr"><is><t>Dienst</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2" t="s"><v>%d</v></c></row></sheetData></worksheet>`, n-1)},
	}
	for _, p := range parts {
		if err := part(p[0], p[1]); err != nil {
			return nil, err
		}
	}
	w, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, n, n)
	entry := strings.Repeat("<si><t>x</t></si>", 1024)
	for i := 0; i < n; i += 1024 {
		if _, err := io.WriteString(w, entry[:min(1024, n-i)*len("<si><t>x</t></si>")]); err != nil {
			return nil, err
		}
	}
	io.WriteString(w, "</sst>")
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
