package importers

import (
	"context"
	"io"
	"iter"

	"koppel"
	"koppel/refdata"
)

// Options bound what ReadCatalogue and ReadTenders accept. The zero value
// takes the defaults below.
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
	// MaxPartSize is the most bytes one part of an xlsx (a sheet, the
	// shared strings) may hold unpacked (default 128 MB); MaxSharedStrings
	// the most entries of its shared-strings table (default 1,000,000),
	// which excelize holds in memory whole. More is ETOOLARGE.
	MaxPartSize      int64
	MaxSharedStrings int
	// MaxColumns is the highest column that may hold a value (default
	// 500); a value further right is ETOOLARGE, as is a value below row
	// MaxRows + 20.
	MaxColumns int
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
	DefaultMaxPartSize       = 128 << 20
	DefaultMaxSharedStrings  = 1_000_000
	DefaultMaxColumns        = 500
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
	if o.MaxPartSize <= 0 {
		o.MaxPartSize = DefaultMaxPartSize
	}
	if o.MaxSharedStrings <= 0 {
		o.MaxSharedStrings = DefaultMaxSharedStrings
	}
	if o.MaxColumns <= 0 {
		o.MaxColumns = DefaultMaxColumns
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
	// enterpriseCells are the label rows read from the Onderneming sheet,
	// for KeepStored.
	enterpriseCells [numEFields]ecell
	// EnterpriseSheet is the name of that sheet as the file has it
	// (Onderneming, Entreprise …), FormsRow the row of its work forms and
	// FormsColumn that row's label with its column ("Formes d'emploi et
	// agrément (B)"); empty and 0 when the file has none.
	EnterpriseSheet string
	FormsRow        int
	FormsColumn     string
	// KBO is the enterprise the offerings are for: Options.KBO, else the
	// file's; the offerings carry it. It is empty when neither is known.
	KBO koppel.KBO
	// IgnoredColumns are the headers of the offerings table that the
	// importer did not recognise, as written in the file.
	IgnoredColumns []string
	// TotalRows estimates the rows of the offerings table, for a progress
	// bar; 0 when unknown.
	TotalRows int

	table
	ref      *refdata.Data
	stats    Stats
	seen     map[string]int // offering ID → row
	rejected map[string]bool
	cache    parseCache
	// profileErrors are the errors of the Onderneming sheet, for
	// ExplainProfileErrors.
	profileErrors []profileError
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
		return nil, koppel.Errorf(koppel.EINTERNAL, "read catalogue: no reference data")
	}
	if opts.KBO != "" {
		k, err := koppel.ParseKBO(string(opts.KBO))
		if err != nil {
			return nil, err
		}
		opts.KBO = k
	}
	data, format, err := readUpload(ctx, name, r, opts)
	if err != nil {
		return nil, err
	}
	c := &Catalogue{File: name, Format: format, ref: ref, KBO: opts.KBO,
		table: table{schema: aanbodSchema, opts: opts, file: name, format: format}}
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
	c.Sheet, c.IgnoredColumns, c.TotalRows = c.sheet, c.layout.ignored, c.totalRows
	return c, nil
}

func (c *Catalogue) openXLSX(data []byte) error {
	zr, err := c.openWorkbook(data)
	if err != nil {
		return err
	}
	if err := c.pickSheet(); err != nil {
		return err
	}
	if es := findSheet(c.xf.GetSheetList(), enterpriseSheetNames); es != "" {
		if err := c.readEnterprise(es); err != nil {
			return err
		}
	}
	if err := c.scan(zr); err != nil {
		return err
	}
	return c.readHeader()
}

// Close removes the temporary files of the workbook. It may be called more
// than once.
func (c *Catalogue) Close() error { return c.close() }

// Problems returns the problems found so far: those of the Onderneming
// sheet and the headers, then those of the rows read by the last pass of
// Offerings. After a complete pass it is the whole report.
func (c *Catalogue) Problems() []koppel.Problem { return c.allProblems() }

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
	r.ProblemsOmitted = c.omitted
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
		c.resetProblems()
		c.stats = Stats{}
		c.seen = make(map[string]int, 1024)
		c.rejected = map[string]bool{}
		defer func() { c.seen = nil }()
		reported := 0
		progress := func() {
			if c.opts.Progress != nil {
				reported = c.stats.Rows
				c.opts.Progress(c.stats.Rows, max(c.TotalRows-c.layout.row, 0))
			}
		}
		err := c.eachRow(ctx, func(num int, cells []string) error {
			o, ok := c.readRow(num, cells)
			if c.stats.Rows > c.opts.MaxRows {
				return c.checkRowCount(c.stats.Rows)
			}
			if c.stats.Rows%1000 == 0 && c.stats.Rows > reported {
				progress()
			}
			if ok && !yield(o, nil) {
				return errStopRows
			}
			return nil
		})
		if err != nil {
			yield(nil, err)
			return
		}
		progress()
	}
}
