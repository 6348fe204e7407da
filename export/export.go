package export

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
)

// Format is the file format of an export.
type Format string

// Formats of an export.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// ParseFormat reads the format parameter: "xlsx" or "csv" (any case); ""
// for none. Returns EINVALID for anything else.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case "", XLSX, CSV:
		return f, nil
	}
	return "", koppel.Errorf(koppel.EINVALID, "formaat %q: kies xlsx of csv", s).WithKey("error.imports_format", "Value", s)
}

// ContentType is the media type of the format.
func (f Format) ContentType() string {
	if f == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

// Kind is the type of a column's values, which decides how a cell is
// written: text as text, numbers as numbers, dates as dates.
type Kind int

// Kinds of columns.
const (
	Text Kind = iota
	Integer
	Number
	Date
)

// Column is one column of the data sheet: its Dutch name (the header of
// a Dutch export; in another language its name from the catalogue, see
// Header), its width in characters (0: from the name) and, for numbers,
// the digits a CSV writes after the decimal sign, rounded (0: as many as
// the number has); an xlsx cell keeps the whole number.
type Column struct {
	Name     string
	Kind     Kind
	Width    float64
	Decimals int
}

// Field is one line of the sheet "Over deze export": a name and its value.
type Field struct {
	Name, Value string
}

// About describes an export for the procurement file: what was asked, with
// which filters, when, and by which Koppel.
type About struct {
	// Title says what the rows are ("Zoekresultaten: aanbod").
	Title string
	// Query is the search text or the subject (a tender); Filters the
	// filters and options, in the order the page shows them.
	Query   string
	Filters []Field
	Created time.Time
	Version string
	// Notes are extra lines, such as the maximum number of rows.
	Notes []string
	// Sheet names the data sheet; "Gegevens" (in Lang) when empty.
	Sheet string
	// Lang is the language of the sheet "Over deze export": its name and
	// its labels (the caller says Title, Filters and Notes in it); Dutch
	// when empty.
	Lang i18n.Lang
}

// AboutSheetIn is the name of the first sheet of an xlsx export in lang.
func AboutSheetIn(lang i18n.Lang) string { return i18n.T(lang, "imports.export_about_sheet") }

// Writer writes one table, row by row, as xlsx or CSV. The xlsx rows are
// kept by excelize's stream writer (on disk beyond 16 MB), so the memory an
// export takes does not grow with its rows; the zip is written to the
// destination by Close. CSV rows go to the destination as they come, in
// UTF-8 with a byte-order mark, as the spreadsheets of the export's
// language read them (see CSVSeparators).
type Writer struct {
	format Format
	about  About
	cols   []Column
	dst    io.Writer
	rows   int

	// xlsx
	file   *excelize.File
	stream *excelize.StreamWriter
	date   int // style of date cells
	buf    []any

	// csv
	bw      *bufio.Writer
	cw      *csv.Writer
	record  []string
	decimal rune
}

// CSVSeparators are the separator between values and the decimal sign of
// a CSV export in lang. Dutch and French: ";" and a decimal comma, as
// Excel in Belgium (nl-BE, fr-BE) reads them. English: "," and a decimal
// point, as Excel in English and most programs read them.
func CSVSeparators(lang i18n.Lang) (comma, decimal rune) {
	if lang == i18n.EN {
		return ',', '.'
	}
	return ';', ','
}

// New starts an export of the columns to dst and writes the header row.
func New(dst io.Writer, format Format, about About, cols []Column) (*Writer, error) {
	w := &Writer{format: format, about: about, cols: cols, dst: dst}
	if _, ok := i18n.Parse(string(about.Lang)); !ok {
		w.about.Lang = i18n.NL
	}
	if about.Sheet == "" {
		w.about.Sheet = i18n.T(w.about.Lang, "imports.export_data_sheet")
	}
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = Header(w.about.Lang, c.Name)
	}
	switch format {
	case CSV:
		w.bw = bufio.NewWriterSize(dst, 64<<10)
		if _, err := w.bw.WriteString("\uFEFF"); err != nil {
			return nil, err
		}
		w.cw = csv.NewWriter(w.bw)
		w.cw.Comma, w.decimal = CSVSeparators(w.about.Lang)
		w.cw.UseCRLF = true
		w.record = make([]string, len(cols))
		if err := w.cw.Write(header); err != nil {
			return nil, err
		}
		return w, nil
	case XLSX:
		return w, w.startXLSX(header)
	}
	return nil, koppel.Errorf(koppel.EINVALID, "formaat %q: kies xlsx of csv", format).WithKey("error.imports_format", "Value", string(format))
}

func (w *Writer) startXLSX(header []string) error {
	f := excelize.NewFile()
	w.file = f
	if err := f.SetSheetName("Sheet1", AboutSheetIn(w.about.Lang)); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if _, err := f.NewSheet(w.about.Sheet); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	var err error
	if w.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")}); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}}})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	// The data opens first; "Over deze export" is one click away. Set
	// before the rows are streamed: afterwards excelize would read the
	// whole data sheet back into memory to set it.
	f.SetActiveSheet(1)
	if w.stream, err = f.NewStreamWriter(w.about.Sheet); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for i, c := range w.cols {
		width := c.Width
		if width == 0 {
			width = max(float64(len([]rune(header[i])))+2, 10)
		}
		if err := w.stream.SetColWidth(i+1, i+1, width); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := w.stream.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	row := make([]any, len(header))
	for i, h := range header {
		row[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	w.buf = make([]any, len(w.cols))
	return w.stream.SetRow("A1", row)
}

func ptr[T any](v T) *T { return &v }

// Row adds one row. Values follow the columns: string, int, float64,
// *float64, time.Time or koppel.Date; nil, a nil *float64 and the zero date
// leave the cell empty.
func (w *Writer) Row(values ...any) error {
	if len(values) != len(w.cols) {
		return fmt.Errorf("export: row of %d values for %d columns", len(values), len(w.cols))
	}
	w.rows++
	if w.format == CSV {
		for i, v := range values {
			w.record[i] = csvValue(v, w.cols[i].Decimals, w.decimal)
		}
		return w.cw.Write(w.record)
	}
	for i, v := range values {
		w.buf[i] = w.cell(v)
	}
	cell, err := excelize.CoordinatesToCellName(1, w.rows+1)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return w.stream.SetRow(cell, w.buf)
}

// cell turns a value into what excelize writes: dates with the date style.
func (w *Writer) cell(v any) any {
	switch v := v.(type) {
	case *float64:
		if v == nil {
			return nil
		}
		return *v
	case koppel.Date:
		if v.IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: w.date, Value: v.Time()}
	case time.Time:
		if v.IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: w.date, Value: v}
	}
	return v
}

// csvValue writes a value for CSV: numbers rounded to decimals (0: all
// their digits) with the decimal sign decimal, dates as 2006-01-02, and
// text that a spreadsheet would read as a formula (starting with =, +, -,
// @, a tab or a carriage return) behind an apostrophe, so that a name
// typed by anyone is never run as one.
func csvValue(v any, decimals int, decimal rune) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			return "'" + v
		}
		return v
	case int:
		return strconv.Itoa(v)
	case float64:
		return csvNumber(v, decimals, decimal)
	case *float64:
		if v == nil {
			return ""
		}
		return csvNumber(*v, decimals, decimal)
	case koppel.Date:
		return v.String()
	case time.Time:
		if v.IsZero() {
			return ""
		}
		return v.Format("2006-01-02")
	}
	return csvValue(fmt.Sprint(v), decimals, decimal)
}

// csvNumber writes f with decimals digits after the decimal sign (all its
// digits when 0), without thousands separators: 0.956 as "0,956" with a
// decimal comma. A number that rounds to zero has no minus sign.
func csvNumber(f float64, decimals int, decimal rune) string {
	prec := -1
	if decimals > 0 {
		prec = decimals
	}
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if s[0] == '-' && strings.Trim(s, "-0.") == "" {
		s = s[1:]
	}
	if decimal != '.' {
		s = strings.Replace(s, ".", string(decimal), 1)
	}
	return s
}

// AddFilter adds a line to the sheet "Over deze export" after the
// filters: for what is only known once the rows are read, such as the
// total found.
func (w *Writer) AddFilter(name, value string) {
	w.about.Filters = append(w.about.Filters, Field{Name: name, Value: value})
}

// AddNote adds a note to the sheet "Over deze export".
func (w *Writer) AddNote(note string) { w.about.Notes = append(w.about.Notes, note) }

// Rows returns the number of rows added so far.
func (w *Writer) Rows() int { return w.rows }

// Close finishes the export: for xlsx it fills the sheet "Over deze
// export" (with the number of rows) and writes the workbook to the
// destination. The Writer cannot be used afterwards.
func (w *Writer) Close() error {
	if w.format == CSV {
		w.cw.Flush()
		if err := w.cw.Error(); err != nil {
			return err
		}
		return w.bw.Flush()
	}
	defer w.file.Close()
	if err := w.stream.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := w.writeAbout(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	// File.WriteTo builds the whole zip in memory before it writes it out;
	// its zip writer hook writes it to the destination as it is made (what
	// WriteTo would have written, without the zip64 headers of parts over
	// 4 GB, which an export never reaches).
	w.file.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w.dst) })
	_, err := w.file.WriteTo(io.Discard)
	return err
}

// writeAbout fills the first sheet.
func (w *Writer) writeAbout() error {
	f, a := w.file, w.about
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	when, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy hh:mm")})
	if err != nil {
		return err
	}
	s := AboutSheetIn(a.Lang)
	t := func(key string) string { return i18n.T(a.Lang, key) }
	row := 1
	set := func(name string, value any, style int) error {
		if err := f.SetCellValue(s, "A"+strconv.Itoa(row), name); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, "A"+strconv.Itoa(row), "A"+strconv.Itoa(row), bold); err != nil {
			return err
		}
		if err := f.SetCellValue(s, "B"+strconv.Itoa(row), value); err != nil {
			return err
		}
		if style != 0 {
			if err := f.SetCellStyle(s, "B"+strconv.Itoa(row), "B"+strconv.Itoa(row), style); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	if err := f.SetCellValue(s, "A1", "Koppel – "+a.Title); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, "A1", "A1", title); err != nil {
		return err
	}
	row = 3
	version := a.Version
	if version == "" {
		version = t("imports.export_unknown")
	}
	if err := set(t("imports.export_content"), a.Title, 0); err != nil {
		return err
	}
	if err := set(t("imports.export_query"), a.Query, 0); err != nil {
		return err
	}
	for _, fl := range a.Filters {
		if err := set(fl.Name, fl.Value, 0); err != nil {
			return err
		}
	}
	created := a.Created
	if created.IsZero() {
		created = time.Now()
	}
	// Excel has no time zones: the local time of Belgium.
	if loc, err := time.LoadLocation("Europe/Brussels"); err == nil {
		created = created.In(loc)
	}
	created = time.Date(created.Year(), created.Month(), created.Day(), created.Hour(), created.Minute(), created.Second(), 0, time.UTC)
	for _, l := range []struct {
		name  string
		value any
		style int
	}{
		{t("imports.export_created"), created, when},
		{t("imports.export_rows"), w.rows, 0},
		{t("imports.export_sheet"), a.Sheet, 0},
		{t("imports.export_version"), version, 0},
	} {
		if err := set(l.name, l.value, l.style); err != nil {
			return err
		}
	}
	for _, n := range a.Notes {
		if err := set(t("imports.export_note"), n, 0); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(s, "A", "A", 22); err != nil {
		return err
	}
	return f.SetColWidth(s, "B", "B", 80)
}
