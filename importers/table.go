package importers

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
)

// table is an opened spreadsheet upload read as one table: a header row
// and one record per row below it. The catalogue and the tender importer
// share it: the size limits, the format sniffing, the xlsx and CSV row
// sources, the header search and the capped list of problems. What a row
// means is the importer's business.
type table struct {
	schema *schema
	opts   Options

	file, format, sheet string

	xf        *excelize.File
	csv       []byte
	merges    []mergeRange
	date1904  bool
	layout    layout
	totalRows int // rows of the sheet, 0 when unknown
	lastRow   int // the last row with a value, 0 when unknown

	sheetProblems []koppel.Problem // from opening: kept across passes
	problems      []koppel.Problem // from the rows of the last pass
	omitted       int
}

// readUpload reads an upload under opts.MaxFileSize (with the defaults
// applied) and tells its format. Returns ETOOLARGE for a larger file and
// the EINVALID of sniff for one that is no workbook or CSV.
func readUpload(ctx context.Context, name string, r io.Reader, opts Options) (data []byte, format string, err error) {
	data, err = io.ReadAll(io.LimitReader(r, opts.MaxFileSize+1))
	if err != nil {
		return nil, "", fmt.Errorf("read %q: %w", name, err)
	}
	if int64(len(data)) > opts.MaxFileSize {
		return nil, "", koppel.Errorf(koppel.ETOOLARGE, "het bestand %q is groter dan %d MB", name, opts.MaxFileSize>>20).WithKey("error.file_too_large", "File", name, "MB", opts.MaxFileSize>>20)
	}
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	format, err = sniff(name, data)
	if err != nil {
		return nil, "", err
	}
	return data, format, nil
}

// openCSV finds the header of a CSV upload and checks the row limit.
func (t *table) openCSV(data []byte) error {
	t.csv, _ = toUTF8(data)
	src, _ := newCSVRows(t.csv)
	if err := t.findHeader(src); err != nil {
		return err
	}
	// Count the records so that the row limit holds before anything is
	// read; CSV parses fast.
	n := 0
	for src.Next() {
		if n++; n > t.opts.MaxRows+headerScan {
			break
		}
		num, cells := src.Row()
		if err := t.checkColumns(num, cells); err != nil {
			return err
		}
	}
	t.totalRows = n + t.layout.row
	return t.checkRowCount(n)
}

// checkColumns refuses a CSV row with a value beyond opts.MaxColumns.
func (t *table) checkColumns(num int, cells []string) error {
	if len(cells) <= t.opts.MaxColumns {
		return nil
	}
	for i := len(cells) - 1; i >= t.opts.MaxColumns; i-- {
		if strings.TrimSpace(cells[i]) != "" {
			return koppel.Errorf(koppel.ETOOLARGE, "rij %d van het bestand %q heeft %d kolommen; Koppel leest hoogstens %d kolommen", num, t.file, i+1, t.opts.MaxColumns).WithKey("error.imports_columns", "Row", num, "File", t.file, "Count", i+1, "Max", t.opts.MaxColumns)
		}
	}
	return nil
}

func (t *table) checkRowCount(dataRows int) error {
	if dataRows > t.opts.MaxRows {
		return koppel.Errorf(koppel.ETOOLARGE, "het bestand %q heeft meer dan %d rijen; %s of neem contact op", t.file, t.opts.MaxRows, t.schema.split).WithKey("error.imports_rows", "File", t.file, "Max", t.opts.MaxRows, "Split", t.schema.word("imports.split."))
	}
	return nil
}

// openWorkbook opens an xlsx upload with excelize under the unzip limits,
// after checkZip has refused zip bombs and packages that are no workbook.
// The caller must close t.xf, also after an error.
func (t *table) openWorkbook(data []byte) (*zip.Reader, error) {
	zr, err := checkZip(t.file, data, t.opts.UnzipSizeLimit, t.schema)
	if err != nil {
		return nil, err
	}
	if err := t.checkParts(zr); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    t.opts.UnzipSizeLimit,
		UnzipXMLSizeLimit: t.opts.UnzipXMLSizeLimit,
		RawCellValue:      true,
		TmpDir:            t.opts.TmpDir,
	})
	if f != nil {
		t.xf = f
	}
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, koppel.Errorf(koppel.ETOOLARGE, "het bestand %q is uitgepakt groter dan %d MB; dat is te groot voor %s (of het is een zip-bom)", t.file, t.opts.UnzipSizeLimit>>20, t.schema.what).WithKey("error.imports_unzip", "File", t.file, "MB", t.opts.UnzipSizeLimit>>20, "What", t.schema.word("imports.what."))
		}
		return nil, koppel.Errorf(koppel.EINVALID, "het bestand %q is beschadigd of geen geldig Excel-bestand; open het in Excel of LibreOffice en sla het opnieuw op als .xlsx (%w)", t.file, err).WithKey("error.file_damaged", "File", t.file)
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		t.date1904 = *props.Date1904
	}
	return zr, nil
}

// pickSheet chooses the sheet of the table: the first of the schema's
// sheet names, else the only sheet of a workbook of one sheet whatever its
// name (unless it is one of the sheets to skip).
func (t *table) pickSheet() error {
	sheets := t.xf.GetSheetList()
	t.sheet = findSheet(sheets, t.schema.sheets)
	if t.sheet == "" {
		var candidates []string
		for _, s := range sheets {
			if !contains(t.schema.skip, headerKey(s)) {
				candidates = append(candidates, s)
			}
		}
		if len(sheets) == 1 && len(candidates) == 1 {
			t.sheet = candidates[0]
		}
	}
	if t.sheet == "" {
		s := t.schema
		return koppel.Errorf(koppel.EINVALID, "het bestand %q heeft geen blad '%s' met de %s; het heeft de bladen %s. Gebruik het sjabloon of hernoem het blad met de %s naar '%s'", t.file, s.sheet, s.items, quoteList(sheets), s.items, s.sheet).WithKey("error.imports_no_sheet", "File", t.file, "Sheet", s.word("imports.sheet."), "Items", s.word("imports.items."), "Sheets", quoteListIn(sheets))
	}
	return nil
}

// scan counts the rows of the chosen sheet and lists its merged
// cells in one fast pass, so that the row limit holds before anything is
// read.
func (t *table) scan(zr *zip.Reader) error {
	part, err := sheetPart(zr, t.sheet)
	if err != nil {
		return nil // excelize found the sheet; read it without the scan
	}
	sc, err := scanSheet(zr, part)
	if err != nil {
		return koppel.Errorf(koppel.EINVALID, "het blad %q van het bestand %q is beschadigd (%w)", t.sheet, t.file, err).WithKey("error.imports_sheet_damaged", "Sheet", t.sheet, "File", t.file)
	}
	t.merges = sc.merges
	t.totalRows = sc.rows
	t.lastRow = sc.lastRow
	if sc.rows > t.opts.MaxRows+1 {
		return t.checkRowCount(sc.rows - 1)
	}
	if sc.farCol > t.opts.MaxColumns {
		return koppel.Errorf(koppel.ETOOLARGE, "het blad '%s' van het bestand %q heeft een waarde in kolom %s (cel %s%d); Koppel leest hoogstens %d kolommen. Verwijder wat rechts van de tabel staat en laad het bestand opnieuw op", t.sheet, t.file, colName(sc.farCol), colName(sc.farCol), sc.farColRow, t.opts.MaxColumns).WithKey("error.imports_far_column", "Sheet", t.sheet, "File", t.file, "Column", colName(sc.farCol), "Cell", colName(sc.farCol)+strconv.Itoa(sc.farColRow), "Max", t.opts.MaxColumns)
	}
	if sc.lastRow > t.opts.MaxRows+headerScan {
		return koppel.Errorf(koppel.ETOOLARGE, "het blad '%s' van het bestand %q heeft een waarde in rij %d; Koppel leest hoogstens %d rijen. Verwijder wat onder de tabel staat en laad het bestand opnieuw op", t.sheet, t.file, sc.lastRow, t.opts.MaxRows).WithKey("error.imports_far_row", "Sheet", t.sheet, "File", t.file, "Row", sc.lastRow, "Max", t.opts.MaxRows)
	}
	return nil
}

// readHeader finds the header of the chosen sheet.
func (t *table) readHeader() error {
	src, err := t.source()
	if err != nil {
		return err
	}
	defer src.Close()
	return t.findHeader(src)
}

// source opens a new pass over the rows of the table.
func (t *table) source() (rowSource, error) {
	if t.format == FormatCSV {
		src, _ := newCSVRows(t.csv)
		return src, nil
	}
	src, err := newXLSXRows(t.xf, t.sheet, t.merges)
	if err != nil {
		return nil, koppel.Errorf(koppel.EINVALID, "het blad %q van het bestand %q kan niet gelezen worden (%w)", t.sheet, t.file, err).WithKey("error.imports_sheet_unreadable", "Sheet", t.sheet, "File", t.file)
	}
	return src, nil
}

// findHeader reads rows until the header: the first row, among the first
// headerScan, with one of the schema's key columns. Rows above it (a
// title, a note) are skipped. A header without a required column is one
// EINVALID error naming what lacks and what was found.
func (t *table) findHeader(src rowSource) error {
	s := t.schema
	var first []string
	for src.Next() {
		num, cells := src.Row()
		if l, ok := s.findLayout(num, cells); ok {
			t.layout = l
			for _, i := range l.dups {
				t.sheetProblems = append(t.sheetProblems, problemf("import.column_twice", "Column", l.headers[i]).problem(koppel.Problem{
					File: t.file, Sheet: t.sheet, Row: num, Column: l.column(i), Value: l.headers[i],
					Severity: koppel.SeverityWarning,
				}))
			}
			var missing []requiredColumn
			for _, r := range s.required {
				if l.col[r.field] < 0 {
					missing = append(missing, r)
				}
			}
			if len(missing) == 0 {
				return nil
			}
			return t.missingColumns(missing, cells)
		}
		if first == nil && !emptyRow(cells) {
			first = cells
		}
		if num >= headerScan {
			break
		}
	}
	if err := src.Err(); err != nil {
		return koppel.Errorf(koppel.EINVALID, "het bestand %q kan niet gelezen worden (%w)", t.file, err).WithKey("error.imports_unreadable", "File", t.file)
	}
	if first == nil {
		e := koppel.Errorf(koppel.EINVALID, "%s van %q is leeg: er staan geen kolomkoppen en geen %s in", t.where(), t.file, s.items)
		if t.sheet != "" {
			return e.WithKey("error.imports_sheet_empty", "Sheet", t.sheet, "File", t.file, "Items", s.word("imports.items."))
		}
		return e.WithKey("error.imports_file_empty_table", "File", t.file, "Items", s.word("imports.items."))
	}
	return t.missingColumns(s.required, first)
}

// where names the table in a message: the sheet, or the file for CSV.
func (t *table) where() string {
	if t.sheet != "" {
		return "het blad '" + t.sheet + "'"
	}
	return "het bestand"
}

func (t *table) missingColumns(missing []requiredColumn, row []string) error {
	var found []string
	for _, h := range row {
		if h = cleanCell(h); h != "" {
			found = append(found, h)
		}
	}
	names := make([]string, len(missing))
	for i, m := range missing {
		names[i] = fmt.Sprintf("'%s' (%s)", t.schema.header(m.field), m.hint)
	}
	what := "ontbreekt de kolom " + names[0]
	if len(names) > 1 {
		what = "ontbreken de kolommen " + strings.Join(names[:len(names)-1], ", ") + " en " + names[len(names)-1]
	}
	// The columns with their hints, in the reader's language.
	list := i18n.Localized(func(l i18n.Lang) string {
		out := make([]string, len(missing))
		for i, m := range missing {
			out[i] = i18n.T(l, "imports.column_hint", "Column", t.schema.headerIn(l, m.field), "Hint", i18n.T(l, m.key))
		}
		if len(out) == 1 {
			return out[0]
		}
		return strings.Join(out[:len(out)-1], ", ") + i18n.T(l, "imports.and") + out[len(out)-1]
	})
	e := koppel.Errorf(koppel.EINVALID, "in %s van %q %s. Gevonden kolommen: %s", t.where(), t.file, what, quoteList(found))
	if t.sheet != "" {
		return e.WithKey("error.imports_missing_sheet", "Sheet", t.sheet, "File", t.file, "N", len(missing), "Names", list, "Found", quoteListIn(found))
	}
	return e.WithKey("error.imports_missing_file", "File", t.file, "N", len(missing), "Names", list, "Found", quoteListIn(found))
}

// headerIn is the header the messages use for a field in l: the header of
// the template in l when the template has one, else the Dutch header.
func (s *schema) headerIn(l i18n.Lang, f field) string {
	if k := s.headers[f]; k != "" {
		return i18n.T(l, k)
	}
	return s.header(f)
}

// word is the schema's word for messages under the catalogue prefix
// ("imports.what.", "imports.items." …) in the reader's language.
func (s *schema) word(prefix string) i18n.Localized {
	return func(l i18n.Lang) string { return i18n.T(l, prefix+s.kind) }
}

// errStopRows is returned by an eachRow callback to end the pass early
// without an error.
var errStopRows = errors.New("stop")

// eachRow reads the rows below the header and calls fn with each one's
// number (as the spreadsheet shows it) and cells. The rows are decoded in
// a goroutine of their own, a few batches ahead: decoding the sheet XML is
// most of the work, and the consumer may write meanwhile. Memory stays
// bounded by the batches in flight.
//
// It returns fn's error (nil for errStopRows), ctx's error (checked every
// 1,000 rows), or EINVALID / ETOOLARGE when the file cannot be read
// further.
func (t *table) eachRow(ctx context.Context, fn func(num int, cells []string) error) error {
	if t.format == FormatXLSX && t.xf == nil {
		return koppel.Errorf(koppel.EINVALID, "het bestand %q is al gesloten", t.file)
	}
	s, err := t.source()
	if err != nil {
		return err
	}
	src := prefetch(s)
	defer src.Close()
	read, last := 0, t.layout.row
	for src.Next() {
		num, cells := src.Row()
		if num <= t.layout.row {
			continue
		}
		if t.lastRow > 0 && num > t.lastRow {
			break // only empty rows follow (excelize steps through them one by one)
		}
		if read++; read%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		last = num
		if err := fn(num, cells); err != nil {
			if err == errStopRows {
				return nil
			}
			return err
		}
	}
	if err := src.Err(); err != nil {
		if errors.Is(err, excelize.ErrMaxRows) {
			return t.checkRowCount(t.opts.MaxRows + 1)
		}
		return koppel.Errorf(koppel.EINVALID, "het bestand %q kan niet verder gelezen worden na rij %d (%w)", t.file, last, err).WithKey("error.imports_read_after", "File", t.file, "Row", last)
	}
	return nil
}

// resetProblems starts the problems of a new pass.
func (t *table) resetProblems() { t.problems, t.omitted = nil, 0 }

// record keeps the problems of a row, up to opts.MaxProblems; the rest are
// counted.
func (t *table) record(probs []koppel.Problem) {
	for _, p := range probs {
		if len(t.problems) >= t.opts.MaxProblems {
			t.omitted++
			continue
		}
		t.problems = append(t.problems, capProblem(p))
	}
}

// maxMessageLen bounds a problem's message in bytes: a message quoting a
// 32,767-character cell made the report and the annotated workbook many
// times the size of the file.
const maxMessageLen = 500

func capProblem(p koppel.Problem) koppel.Problem {
	p.Message = truncate(p.Message, maxMessageLen)
	p.MessageEN = truncate(p.MessageEN, maxMessageLen)
	p.MessageFR = truncate(p.MessageFR, maxMessageLen)
	p.Value = truncate(p.Value, 200)
	return p
}

// allProblems returns the problems of opening, then those of the rows,
// then a last one counting those left out.
func (t *table) allProblems() []koppel.Problem {
	out := make([]koppel.Problem, 0, len(t.sheetProblems)+len(t.problems)+1)
	for _, p := range t.sheetProblems {
		out = append(out, capProblem(p))
	}
	out = append(out, t.problems...)
	if t.omitted > 0 {
		out = append(out, problemf("import.more_not_shown", "N", t.omitted).problem(koppel.Problem{
			File: t.file, Sheet: t.sheet, Severity: koppel.SeverityWarning,
		}))
	}
	return out
}

// close removes the temporary files of the workbook. It may be called
// more than once.
func (t *table) close() error {
	if t.xf == nil {
		return nil
	}
	err := t.xf.Close()
	t.xf = nil
	return err
}

// rowReader collects the problems of one row.
type rowReader struct {
	t      *table
	num    int
	cells  []string
	errors int
	warns  int
	probs  []koppel.Problem
	// codeError: the row's code is invalid or that of an earlier row.
	codeError bool
}

// add records a problem with the cell in column col (0-based; -1 for the
// row as a whole).
func (r *rowReader) add(sev string, col int, value string, e *cellError) {
	if sev == koppel.SeverityError {
		r.errors++
	} else {
		r.warns++
	}
	column := ""
	if col >= 0 {
		column = r.t.layout.column(col)
	}
	r.probs = append(r.probs, e.problem(koppel.Problem{
		File: r.t.file, Sheet: r.t.sheet, Row: r.num, Column: column,
		Value: truncate(value, 200), Severity: sev,
	}))
}

// tooLongCell records an error for the first cell of a known column
// longer than an xlsx cell may be, and reports whether there was one.
func (r *rowReader) tooLongCell() bool {
	for i, v := range r.cells {
		if len(v) > maxCellLen && fieldAt(&r.t.layout, i) != fieldNone {
			r.add(koppel.SeverityError, i, v, problemf("import.cell_long", "Length", len([]rune(v)), "Max", maxCellLen))
			return true
		}
	}
	return false
}

// emptyRecord reports whether a row has nothing in any known column.
func (t *table) emptyRecord(cells []string) bool {
	for f := field(1); int(f) < t.schema.numFields; f++ {
		if v, _ := t.layout.get(cells, f); v != "" {
			return false
		}
	}
	return true
}

func findSheet(sheets []string, names []string) string {
	for _, n := range names {
		for _, s := range sheets {
			if headerKey(s) == n {
				return s
			}
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quoteList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = "'" + s + "'"
	}
	return strings.Join(q, ", ")
}

// quoteListIn is quoteList in the reader's language: French quotes each
// name « Code », with no-break spaces inside, as its messages do.
func quoteListIn(l []string) i18n.Localized {
	return func(lang i18n.Lang) string {
		if lang != i18n.FR {
			return quoteList(l)
		}
		q := make([]string, len(l))
		for i, s := range l {
			q[i] = "«\u00a0" + s + "\u00a0»"
		}
		return strings.Join(q, ", ")
	}
}

func emptyRow(cells []string) bool {
	for _, c := range cells {
		if cleanCell(c) != "" {
			return false
		}
	}
	return true
}
