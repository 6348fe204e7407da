package importers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/refdata"
)

// Options bound what ReadCatalogue accepts. The zero value takes the
// defaults below.
type Options struct {
	// KBO, when set, is the enterprise the upload is for (the URL or the
	// --enterprise flag). A different company number in the file's
	// Onderneming sheet makes ReadCatalogue fail with EINVALID.
	KBO koppel.KBO
	// MaxRows is the most data rows accepted (default 200,000); more is
	// ETOOLARGE.
	MaxRows int
	// MaxFileSize is the most bytes read from the upload (default 20 MB);
	// more is ETOOLARGE. The server should refuse larger bodies before.
	MaxFileSize int64
	// UnzipSizeLimit is the most bytes an xlsx may hold unpacked (default
	// 256 MB): larger is refused as a zip bomb. UnzipXMLSizeLimit is the
	// size above which excelize unpacks a sheet to a temporary file instead
	// of memory (default 16 MB); it is capped at UnzipSizeLimit.
	UnzipSizeLimit    int64
	UnzipXMLSizeLimit int64
	// MaxProblems is the most problems kept in the report (default
	// 10,000); the rest are counted in a last problem.
	MaxProblems int
	// TmpDir is where excelize unpacks large sheets; "" is os.TempDir().
	TmpDir string
	// Progress, when set, is called during Offerings with the data rows
	// read so far and the estimated total (0 when unknown), every 1,000
	// rows and at the end.
	Progress func(done, total int)
}

// Default limits of Options.
const (
	DefaultMaxRows           = 200_000
	DefaultMaxFileSize       = 20 << 20
	DefaultUnzipSizeLimit    = 256 << 20
	DefaultUnzipXMLSizeLimit = 16 << 20
	DefaultMaxProblems       = 10_000
)

func (o Options) withDefaults() Options {
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultMaxFileSize
	}
	if o.UnzipSizeLimit <= 0 {
		o.UnzipSizeLimit = DefaultUnzipSizeLimit
	}
	if o.UnzipXMLSizeLimit <= 0 {
		o.UnzipXMLSizeLimit = DefaultUnzipXMLSizeLimit
	}
	o.UnzipXMLSizeLimit = min(o.UnzipXMLSizeLimit, o.UnzipSizeLimit)
	if o.MaxProblems <= 0 {
		o.MaxProblems = DefaultMaxProblems
	}
	return o
}

// Sheet names the importer looks for, folded by headerKey.
var (
	offeringSheetNames   = []string{"aanbod", "catalogus", "catalogue", "offre", "offres", "offerings", "offering", "diensten", "services", "aanbod diensten"}
	enterpriseSheetNames = []string{"onderneming", "entreprise", "enterprise", "company", "bedrijf", "organisatie", "organisation"}
	otherSheetNames      = []string{"uitleg", "instructies", "explication", "instructions", "help", "lijsten", "listes", "lists"}
)

// maxCellLen is the longest cell an xlsx can hold; CSV cells longer than
// it are refused too. maxTitleLen is the longest title accepted.
const (
	maxCellLen  = 32_767
	maxTitleLen = 10_000
	headerScan  = 20 // rows searched for the header
)

// exampleCode is the Code of the template's example row, which the
// importer skips.
const exampleCode = "VOORBEELD"

// Catalogue is an opened catalogue upload: the enterprise from its
// Onderneming sheet, and its offerings, read row by row by Offerings.
// Close it to remove excelize's temporary files. A Catalogue is not safe
// for concurrent use.
type Catalogue struct {
	// File is the name of the upload; Format is FormatXLSX or FormatCSV.
	File   string
	Format string
	// Sheet is the sheet the offerings are read from ("" for CSV).
	Sheet string
	// Enterprise is the profile from the Onderneming sheet. It is nil when
	// the file has no such sheet, when it is not filled in, and when it has
	// errors (EnterpriseFilled then is true and Problems say why): the
	// caller then keeps the stored profile.
	Enterprise       *koppel.Enterprise
	EnterpriseFilled bool
	// KBO is the enterprise the offerings are for: Options.KBO, else the
	// file's; the offerings carry it. It is empty when neither is known.
	KBO koppel.KBO
	// IgnoredColumns are the headers of the offerings table that the
	// importer did not recognise, as written in the file.
	IgnoredColumns []string
	// TotalRows estimates the rows of the offerings table, for a progress
	// bar; 0 when unknown.
	TotalRows int

	ref      *refdata.Data
	opts     Options
	xf       *excelize.File
	csv      []byte
	merges   []mergeRange
	layout   layout
	date1904 bool

	sheetProblems []koppel.Problem // from opening: kept across iterations
	problems      []koppel.Problem // from the rows of the last iteration
	omitted       int
	stats         Stats
	seen          map[string]int // offering ID → row
	rejected      map[string]bool
	cache         parseCache
}

// Stats counts the data rows of the last pass of Offerings. Rows excludes
// empty rows and the template's example row.
type Stats struct {
	Rows     int `json:"rows"`     // data rows read
	Accepted int `json:"accepted"` // rows yielded as offerings
	Rejected int `json:"rejected"` // rows with an error, not yielded
	Warnings int `json:"warnings"` // accepted rows with a warning
}

// ReadCatalogue opens a catalogue upload — an xlsx workbook made from the
// template (or any workbook with an Aanbod sheet), or a CSV file — and
// reads its Onderneming sheet and the header of its offerings. name is the
// file name as uploaded; it names the file in problems and helps tell CSV
// from a broken workbook. The offerings are read by Offerings, one row at
// a time; the caller must Close the Catalogue.
//
// Returns EINVALID, with a message for the user, for a file that is not a
// workbook or CSV, is corrupt, password-protected or an old .xls, has no
// Aanbod sheet or no Dienst column, or whose company number is not
// opts.KBO; ETOOLARGE for more than opts.MaxFileSize bytes, more than
// opts.MaxRows rows or a zip bomb.
func ReadCatalogue(ctx context.Context, ref *refdata.Data, name string, r io.Reader, opts Options) (*Catalogue, error) {
	opts = opts.withDefaults()
	if ref == nil {
		ref = refdata.Load()
	}
	if opts.KBO != "" {
		k, err := koppel.ParseKBO(string(opts.KBO))
		if err != nil {
			return nil, err
		}
		opts.KBO = k
	}
	data, err := io.ReadAll(io.LimitReader(r, opts.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %q: %w", name, err)
	}
	if int64(len(data)) > opts.MaxFileSize {
		return nil, koppel.Errorf(koppel.ETOOLARGE, "het bestand %q is groter dan %d MB", name, opts.MaxFileSize>>20)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	format, err := sniff(name, data)
	if err != nil {
		return nil, err
	}
	c := &Catalogue{File: name, Format: format, ref: ref, opts: opts, KBO: opts.KBO}
	switch format {
	case FormatCSV:
		err = c.openCSV(data)
	default:
		err = c.openXLSX(data)
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func (c *Catalogue) openCSV(data []byte) error {
	c.csv = data
	src, converted := newCSVRows(data)
	if converted {
		c.csv = windows1252ToUTF8(bytes.TrimPrefix(data, utf8BOM))
	}
	if err := c.findHeader(src); err != nil {
		return err
	}
	// Count the records so that the row limit holds before anything is
	// read; CSV parses fast.
	n := 0
	for src.Next() {
		if n++; n > c.opts.MaxRows+headerScan {
			break
		}
	}
	c.TotalRows = n + c.layout.row
	return c.checkRowCount(n)
}

func (c *Catalogue) checkRowCount(dataRows int) error {
	if dataRows > c.opts.MaxRows {
		return koppel.Errorf(koppel.ETOOLARGE, "het bestand %q heeft meer dan %d rijen; splits de catalogus of neem contact op", c.File, c.opts.MaxRows)
	}
	return nil
}

func (c *Catalogue) openXLSX(data []byte) error {
	zr, err := checkZip(c.File, data, c.opts.UnzipSizeLimit)
	if err != nil {
		return err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    c.opts.UnzipSizeLimit,
		UnzipXMLSizeLimit: c.opts.UnzipXMLSizeLimit,
		RawCellValue:      true,
		TmpDir:            c.opts.TmpDir,
	})
	if f != nil {
		c.xf = f
	}
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return koppel.Errorf(koppel.ETOOLARGE, "het bestand %q is uitgepakt groter dan %d MB; dat is te groot voor een catalogus (of het is een zip-bom)", c.File, c.opts.UnzipSizeLimit>>20)
		}
		return koppel.Errorf(koppel.EINVALID, "het bestand %q is beschadigd of geen geldig Excel-bestand; open het in Excel of LibreOffice en sla het opnieuw op als .xlsx (%w)", c.File, err)
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		c.date1904 = *props.Date1904
	}
	sheets := f.GetSheetList()
	c.Sheet = findSheet(sheets, offeringSheetNames)
	if c.Sheet == "" {
		// A workbook of one sheet is the catalogue, whatever its name.
		var candidates []string
		for _, s := range sheets {
			k := headerKey(s)
			if !contains(enterpriseSheetNames, k) && !contains(otherSheetNames, k) {
				candidates = append(candidates, s)
			}
		}
		if len(sheets) == 1 && len(candidates) == 1 {
			c.Sheet = candidates[0]
		}
	}
	if c.Sheet == "" {
		return koppel.Errorf(koppel.EINVALID, "het bestand %q heeft geen blad 'Aanbod' met de diensten; het heeft de bladen %s. Gebruik het sjabloon of hernoem het blad met de diensten naar 'Aanbod'", c.File, quoteList(sheets))
	}
	if es := findSheet(sheets, enterpriseSheetNames); es != "" {
		if err := c.readEnterprise(es); err != nil {
			return err
		}
	}
	if part, err := sheetPart(zr, c.Sheet); err == nil {
		rows, merges, err := scanSheet(zr, part)
		if err != nil {
			return koppel.Errorf(koppel.EINVALID, "het blad %q van het bestand %q is beschadigd (%w)", c.Sheet, c.File, err)
		}
		c.merges = merges
		c.TotalRows = rows
		if rows > c.opts.MaxRows+1 {
			return c.checkRowCount(rows - 1)
		}
	}
	src, err := c.source()
	if err != nil {
		return err
	}
	defer src.Close()
	return c.findHeader(src)
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

// source opens a new pass over the offering rows.
func (c *Catalogue) source() (rowSource, error) {
	if c.Format == FormatCSV {
		src, _ := newCSVRows(c.csv)
		return src, nil
	}
	src, err := newXLSXRows(c.xf, c.Sheet, c.merges)
	if err != nil {
		return nil, koppel.Errorf(koppel.EINVALID, "het blad %q van het bestand %q kan niet gelezen worden (%w)", c.Sheet, c.File, err)
	}
	return src, nil
}

// findHeader reads rows until the header: the first row, among the first
// headerScan, with a Dienst column. Rows above it (a title, a note) are
// skipped.
func (c *Catalogue) findHeader(src rowSource) error {
	var first []string
	for src.Next() {
		num, cells := src.Row()
		if l, ok := findLayout(num, cells); ok {
			c.layout = l
			c.IgnoredColumns = l.ignored
			for _, i := range l.dups {
				c.sheetProblems = append(c.sheetProblems, koppel.Problem{
					File: c.File, Sheet: c.Sheet, Row: num, Column: l.column(i), Value: l.headers[i],
					Severity:  koppel.SeverityWarning,
					Message:   fmt.Sprintf("de kolom '%s' komt twee keer voor; alleen de eerste wordt gelezen", l.headers[i]),
					MessageEN: fmt.Sprintf("the column '%s' appears twice; only the first one is read", l.headers[i]),
				})
			}
			return nil
		}
		if first == nil && !emptyRow(cells) {
			first = cells
		}
		if num >= headerScan {
			break
		}
	}
	if err := src.Err(); err != nil {
		return koppel.Errorf(koppel.EINVALID, "het bestand %q kan niet gelezen worden (%w)", c.File, err)
	}
	where := "het bestand"
	if c.Sheet != "" {
		where = "het blad '" + c.Sheet + "'"
	}
	if first == nil {
		return koppel.Errorf(koppel.EINVALID, "%s van %q is leeg: er staan geen kolomkoppen en geen diensten in", where, c.File)
	}
	var found []string
	for _, h := range first {
		if h = cleanCell(h); h != "" {
			found = append(found, h)
		}
	}
	return koppel.Errorf(koppel.EINVALID, "in %s van %q ontbreekt de kolom 'Dienst' (de naam van de dienst; ook 'Titel', 'Service' of 'Prestation'). Gevonden kolommen: %s", where, c.File, quoteList(found))
}

func emptyRow(cells []string) bool {
	for _, c := range cells {
		if cleanCell(c) != "" {
			return false
		}
	}
	return true
}

// Close removes the temporary files of the workbook. It may be called more
// than once.
func (c *Catalogue) Close() error {
	if c.xf == nil {
		return nil
	}
	err := c.xf.Close()
	c.xf = nil
	return err
}

// Problems returns the problems found so far: those of the Onderneming
// sheet and the headers, then those of the rows read by the last pass of
// Offerings. After a complete pass it is the whole report.
func (c *Catalogue) Problems() []koppel.Problem {
	out := make([]koppel.Problem, 0, len(c.sheetProblems)+len(c.problems)+1)
	out = append(out, c.sheetProblems...)
	out = append(out, c.problems...)
	if c.omitted > 0 {
		out = append(out, koppel.Problem{
			File: c.File, Sheet: c.Sheet, Severity: koppel.SeverityWarning,
			Message:   fmt.Sprintf("nog %d problemen worden niet getoond; verbeter eerst de getoonde en laad het bestand opnieuw op", c.omitted),
			MessageEN: fmt.Sprintf("%d more problems are not shown; fix the ones shown first and upload the file again", c.omitted),
		})
	}
	return out
}

// Rejected reports whether the last pass of Offerings rejected a row with
// offering ID id. A replace keeps the stored version of such an offering:
// a typo in one cell must not delete it.
func (c *Catalogue) Rejected(id string) bool { return c.rejected[id] }

// Stats returns the counts of the last pass of Offerings.
func (c *Catalogue) Stats() Stats { return c.stats }

// Report fills in what the import report takes from the file: its name,
// the enterprise, the rows read and rejected, the problems and the
// ignored columns. Call it after a complete pass of Offerings; the store
// fills in the rest (created, updated, removed…).
func (c *Catalogue) Report(r *koppel.ImportReport) {
	r.Kind = "catalogue"
	r.File = c.File
	if r.Enterprise == "" {
		r.Enterprise = c.KBO
	}
	r.Rows = c.stats.Rows
	r.Rejected = c.stats.Rejected
	r.Problems = c.Problems()
	r.IgnoredColumns = c.IgnoredColumns
}

// Offerings reads the offering rows one at a time and yields each valid
// one; rows with errors are skipped and, like warnings, recorded in
// Problems. Memory does not grow with the number of rows, except for the
// set of offering IDs that finds duplicates. An error is yielded (and the
// pass ends) only when the file cannot be read further or ctx is done.
//
// Each pass reads the file again and resets Problems and Stats, so a dry
// run and the real import may use the same Catalogue. The sequence fits
// store.ReplaceCatalogue.
func (c *Catalogue) Offerings(ctx context.Context) iter.Seq2[*koppel.Offering, error] {
	return func(yield func(*koppel.Offering, error) bool) {
		c.problems, c.omitted, c.stats = nil, 0, Stats{}
		c.seen = make(map[string]int, 1024)
		c.rejected = map[string]bool{}
		defer func() { c.seen = nil }()
		if c.Format == FormatXLSX && c.xf == nil {
			yield(nil, koppel.Errorf(koppel.EINVALID, "de catalogus %q is al gesloten", c.File))
			return
		}
		s, err := c.source()
		if err != nil {
			yield(nil, err)
			return
		}
		// The rows are decoded in a goroutine of their own, ahead of the
		// consumer: decoding the sheet XML is most of the work, and the
		// consumer (the store) can write meanwhile.
		src := prefetch(s)
		defer src.Close()
		reported := 0
		progress := func(final bool) {
			if c.opts.Progress != nil && (final || c.stats.Rows != reported) {
				reported = c.stats.Rows
				c.opts.Progress(c.stats.Rows, max(c.TotalRows-c.layout.row, 0))
			}
		}
		for src.Next() {
			num, cells := src.Row()
			if num <= c.layout.row {
				continue
			}
			o, ok := c.readRow(num, cells)
			if c.stats.Rows > c.opts.MaxRows {
				yield(nil, c.checkRowCount(c.stats.Rows))
				return
			}
			if c.stats.Rows%1000 == 0 && c.stats.Rows > reported {
				if err := ctx.Err(); err != nil {
					yield(nil, err)
					return
				}
				progress(false)
			}
			if !ok {
				continue
			}
			if !yield(o, nil) {
				return
			}
		}
		if err := src.Err(); err != nil {
			if errors.Is(err, excelize.ErrMaxRows) {
				yield(nil, c.checkRowCount(c.opts.MaxRows+1))
				return
			}
			yield(nil, koppel.Errorf(koppel.EINVALID, "het bestand %q kan niet verder gelezen worden na rij %d (%w)", c.File, c.stats.Rows+c.layout.row, err))
			return
		}
		progress(true)
	}
}
