package importers

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"koppel"
)

// SheetProblems is the sheet AnnotateWorkbook adds with the list of
// problems.
const SheetProblems = "Problemen"

// Fill colours of annotated cells.
const (
	errorFill   = "FFC7CE"
	warningFill = "FFEB9C"
)

// AnnotateWorkbook writes the uploaded file back as an xlsx with its
// problems shown where they are: each problem cell gets a fill colour (red
// for an error, yellow for a warning) and a comment with the Dutch message,
// and a sheet "Problemen" lists them all. A CSV upload comes back as a
// workbook with one sheet "Aanbod". Cell values are left as they are and
// every value Koppel writes is a plain string, never a formula.
//
// Returns EINVALID when src is not a workbook or CSV, ETOOLARGE beyond the
// default upload limits.
func AnnotateWorkbook(src io.Reader, problems []koppel.Problem, w io.Writer) error {
	opts := Options{}.withDefaults()
	data, err := io.ReadAll(io.LimitReader(src, opts.MaxFileSize+1))
	if err != nil {
		return fmt.Errorf("annotate workbook: %w", err)
	}
	if int64(len(data)) > opts.MaxFileSize {
		return koppel.Errorf(koppel.ETOOLARGE, "het bestand is groter dan %d MB", opts.MaxFileSize>>20)
	}
	name := "upload.xlsx"
	if len(problems) > 0 && problems[0].File != "" {
		name = problems[0].File
	}
	format, err := sniff(name, data)
	if err != nil {
		return err
	}
	var f *excelize.File
	if format == FormatCSV {
		if f, err = csvWorkbook(data); err != nil {
			return err
		}
		for i := range problems {
			if problems[i].Sheet == "" {
				problems[i].Sheet = SheetOfferings
			}
		}
	} else {
		if _, err := checkZip(name, data, opts.UnzipSizeLimit, aanbodSchema.what); err != nil {
			return err
		}
		f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
			UnzipSizeLimit: opts.UnzipSizeLimit, UnzipXMLSizeLimit: opts.UnzipXMLSizeLimit,
		})
		if err != nil {
			if f != nil {
				f.Close()
			}
			return koppel.Errorf(koppel.EINVALID, "het bestand %q is beschadigd of geen geldig Excel-bestand (%w)", name, err)
		}
	}
	defer f.Close()
	if err := annotate(f, problems); err != nil {
		return fmt.Errorf("annotate workbook: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("annotate workbook: %w", err)
	}
	return nil
}

// csvWorkbook copies CSV records into a new workbook, every cell as a
// string.
func csvWorkbook(data []byte) (*excelize.File, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", SheetOfferings); err != nil {
		f.Close()
		return nil, err
	}
	sw, err := f.NewStreamWriter(SheetOfferings)
	if err != nil {
		f.Close()
		return nil, err
	}
	src, _ := newCSVRows(data)
	for src.Next() {
		num, cells := src.Row()
		row := make([]any, len(cells))
		for i, c := range cells {
			row[i] = excelize.Cell{Value: c} // a string value is written as a string, never a formula
		}
		if err := sw.SetRow(cell(1, num), row); err != nil {
			f.Close()
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

type annotKey struct {
	sheet, cell string
}

func annotate(f *excelize.File, problems []koppel.Problem) error {
	sheets := map[string]bool{}
	for _, s := range f.GetSheetList() {
		sheets[s] = true
	}
	// Group the problems by cell: one comment and one colour per cell, red
	// if any of them is an error.
	type note struct {
		lines []string
		err   bool
	}
	notes := map[annotKey]*note{}
	var order []annotKey
	for _, p := range problems {
		if !sheets[p.Sheet] {
			continue
		}
		row := max(p.Row, 1)
		col := columnLetter(p.Column)
		if p.Row == 0 {
			col = "A"
		}
		k := annotKey{p.Sheet, col + fmt.Sprint(row)}
		n := notes[k]
		if n == nil {
			n = &note{}
			notes[k] = n
			order = append(order, k)
		}
		prefix := "Let op: "
		if p.Severity == koppel.SeverityError {
			prefix = "Fout: "
			n.err = true
		}
		n.lines = append(n.lines, prefix+p.Message)
	}
	styles := map[[2]int]int{} // (old style, error?) → new style
	for _, k := range order {
		n := notes[k]
		old, err := f.GetCellStyle(k.sheet, k.cell)
		if err != nil {
			continue
		}
		isErr := 0
		if n.err {
			isErr = 1
		}
		id, ok := styles[[2]int{old, isErr}]
		if !ok {
			st, err := f.GetStyle(old)
			if err != nil || st == nil {
				st = &excelize.Style{}
			}
			color := warningFill
			if n.err {
				color = errorFill
			}
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
			if id, err = f.NewStyle(st); err != nil {
				return err
			}
			styles[[2]int{old, isErr}] = id
		}
		if err := f.SetCellStyle(k.sheet, k.cell, k.cell, id); err != nil {
			return err
		}
		text := strings.Join(n.lines, "\n")
		_ = f.DeleteComment(k.sheet, k.cell) // an earlier comment of the user gives way
		if err := f.AddComment(k.sheet, excelize.Comment{
			Author: "Koppel", Cell: k.cell, Width: 320, Height: 120,
			Paragraph: []excelize.RichTextRun{{Text: text}},
		}); err != nil {
			return err
		}
	}
	return problemSheet(f, problems)
}

// problemSheet adds the list of problems as a sheet, every cell a string.
func problemSheet(f *excelize.File, problems []koppel.Problem) error {
	name := SheetProblems
	if idx, _ := f.GetSheetIndex(name); idx >= 0 {
		name = SheetProblems + " (Koppel)"
		if idx, _ := f.GetSheetIndex(name); idx >= 0 {
			if err := f.DeleteSheet(name); err != nil {
				return err
			}
		}
	}
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	head := []any{}
	for _, h := range []string{"Blad", "Rij", "Kolom", "Waarde", "Ernst", "Melding", "Message"} {
		head = append(head, excelize.Cell{StyleID: bold, Value: h})
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, p := range problems {
		sev := "waarschuwing"
		if p.Severity == koppel.SeverityError {
			sev = "fout"
		}
		row := ""
		if p.Row > 0 {
			row = fmt.Sprint(p.Row)
		}
		vals := []any{}
		for _, v := range []string{p.Sheet, row, p.Column, p.Value, sev, p.Message, p.MessageEN} {
			vals = append(vals, excelize.Cell{Value: v})
		}
		if err := sw.SetRow(cell(1, i+2), vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// columnLetter takes the letter from a problem's column, "CPV-codes (E)"
// → "E", or the column itself when it is a letter; "A" otherwise.
func columnLetter(col string) string {
	col = strings.TrimSpace(col)
	if strings.HasSuffix(col, ")") {
		if i := strings.LastIndexByte(col, '('); i >= 0 {
			col = col[i+1 : len(col)-1]
		}
	}
	if col == "" || len(col) > 3 {
		return "A"
	}
	for _, r := range col {
		if r < 'A' || r > 'Z' {
			return "A"
		}
	}
	return col
}
