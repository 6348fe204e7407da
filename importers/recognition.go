package importers

import (
	"context"
	"io"
	"strings"

	"koppel"
)

// The columns of a recognition register (recognitionSchema): one
// recognition per row.
const (
	rfKBO field = iota + 1
	rfForm
	rfNumber
	rfStart
	rfEnd
	rfSource
	numRecognitionFields
)

// recognitionColumns are the register's headers as the README documents
// them, in order.
var recognitionColumns = []column{
	{"Ondernemingsnummer", rfKBO, 16},
	{"Werkvorm", rfForm, 18},
	{"Erkenningsnummer", rfNumber, 18},
	{"Begin", rfStart, 12},
	{"Einde", rfEnd, 12},
	{"Bron", rfSource, 30},
}

// recognitionSynonyms are the header texts recognised for each column, as
// headerKey makes them: Dutch, French and English.
var recognitionSynonyms = map[field][]string{
	rfKBO: enterpriseSynonyms[eKBO],
	rfForm: {"werkvorm", "werkvormen", "type", "soort", "soort erkenning", "type erkenning", "erkenningstype",
		"forme", "type d agrement", "work form", "form", "recognition type"},
	rfNumber: {"erkenningsnummer", "erkenningsnr", "erkenning", "nummer", "nr", "dossiernummer", "numero d agrement",
		"n d agrement", "agrement", "numero", "recognition number", "number"},
	rfStart: {"begin", "begindatum", "startdatum", "start", "geldig vanaf", "vanaf", "erkend vanaf", "aanvang",
		"ingangsdatum", "date de debut", "debut", "a partir de", "valid from", "start date", "from"},
	rfEnd: {"einde", "einddatum", "geldig tot", "tot", "erkend tot", "vervaldatum", "date de fin", "fin",
		"jusqu au", "valid until", "valid to", "end date", "end", "until", "to"},
	rfSource: {"bron", "bronnen", "register", "uitgever", "source", "publie par", "published by"},
}

// recognitionSheetNames are the sheet names of a register, folded by
// headerKey.
var recognitionSheetNames = []string{"erkenningen", "erkenning", "register", "erkenningsregister", "agrements",
	"agrement", "recognitions", "recognition"}

var recognitionSchema = newSchema(schema{
	columns:   recognitionColumns,
	synonyms:  recognitionSynonyms,
	numFields: int(numRecognitionFields),
	key:       []field{rfKBO},
	required: []requiredColumn{
		{rfKBO, "het ondernemingsnummer; ook 'KBO', 'Numéro d'entreprise' of 'Company number'", "imports.hint.recognitions_kbo"},
		{rfForm, "de werkvorm, bv. maatwerkbedrijf of LDE; ook 'Forme' of 'Work form'", "imports.hint.recognitions_form"},
		{rfSource, "wie de erkenning publiceert, bv. Departement WSE; ook 'Source'", "imports.hint.recognitions_source"},
	},
	kind:   "recognitions",
	what:   "een erkenningsregister",
	split:  "splits het bestand",
	sheet:  "Erkenningen",
	sheets: recognitionSheetNames,
	skip:   otherSheetNames,
	items:  "erkenningen",
})

// DefaultMaxRecognitionRows is the most rows ReadRecognitions accepts
// when Options.MaxRows is not set: Flanders counts a few hundred
// recognised maatwerkbedrijven and LDE projects.
const DefaultMaxRecognitionRows = 10_000

// RecognitionFile is a recognition register read whole.
type RecognitionFile struct {
	File, Format, Sheet string
	// Entries are the valid rows, in file order, each with its Row.
	Entries []koppel.RegisteredRecognition
	// Problems are those of the header and the rows, in row order.
	Problems []koppel.Problem
	// Rows counts the data rows; Rejected those with an error.
	Rows, Rejected int
	// KBOColumn names the company-number column for problems found later
	// ("Ondernemingsnummer (A)"), e.g. a number Koppel does not know.
	KBOColumn string
}

// ReadRecognitions reads a recognition register (xlsx or CSV) with the
// same sniffing, limits, header search and cell parsers as ReadCatalogue:
// columns company number, work form, recognition number, start, end and
// source, headers in Dutch, French or English and in any order. A row with
// an invalid value is left out and reported (error); a row that repeats
// another is reported (warning) and left out. Options.MaxRows defaults to
// DefaultMaxRecognitionRows. Returns EINVALID for a file that cannot be
// read or lacks a required column, ETOOLARGE beyond the limits.
func ReadRecognitions(ctx context.Context, name string, r io.Reader, opts Options) (*RecognitionFile, error) {
	if opts.MaxRows <= 0 {
		opts.MaxRows = DefaultMaxRecognitionRows
	}
	opts = opts.withDefaults()
	data, format, err := readUpload(ctx, name, r, opts)
	if err != nil {
		return nil, err
	}
	t := &table{schema: recognitionSchema, opts: opts, file: name, format: format}
	defer t.close()
	if format == FormatCSV {
		err = t.openCSV(data)
	} else {
		err = t.openRecognitionXLSX(data)
	}
	if err != nil {
		return nil, err
	}
	rf := &RecognitionFile{File: name, Format: format, Sheet: t.sheet}
	if i := t.layout.col[rfKBO]; i >= 0 {
		rf.KBOColumn = t.layout.column(i)
	}
	seen := map[string]int{}
	err = t.eachRow(ctx, func(num int, cells []string) error {
		if t.emptyRecord(cells) {
			return nil
		}
		if rf.Rows++; rf.Rows > opts.MaxRows {
			return t.checkRowCount(rf.Rows)
		}
		rr := &rowReader{t: t, num: num, cells: cells}
		e, ok := readRecognitionRow(rr)
		if ok {
			key := string(e.KBO) + "\x00" + string(e.Form) + "\x00" + strings.ToLower(e.Number) + "\x00" + e.ValidFrom.String()
			if prev, dup := seen[key]; dup {
				rr.add(koppel.SeverityError, t.layout.col[rfKBO], string(e.KBO), problemf("import.recognition_duplicate", "Row", prev))
				ok = false
			} else {
				seen[key] = num
			}
		}
		t.record(rr.probs)
		if ok {
			rf.Entries = append(rf.Entries, e)
		} else {
			rf.Rejected++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rf.Problems = t.allProblems()
	return rf, nil
}

func (t *table) openRecognitionXLSX(data []byte) error {
	zr, err := t.openWorkbook(data)
	if err != nil {
		return err
	}
	if err := t.pickSheet(); err != nil {
		return err
	}
	if err := t.scan(zr); err != nil {
		return err
	}
	return t.readHeader()
}

// readRecognitionRow reads one row; ok is false when it has an error.
func readRecognitionRow(r *rowReader) (e koppel.RegisteredRecognition, ok bool) {
	l := &r.t.layout
	e.Row = r.num
	if r.tooLongCell() {
		return e, false
	}
	if v, col := l.get(r.cells, rfKBO); v == "" {
		r.add(koppel.SeverityError, col, v, problemf("import.kbo_missing"))
	} else if k, err := koppel.ParseKBO(v); err != nil {
		r.add(koppel.SeverityError, col, v, errorProblem(err))
	} else {
		e.KBO = k
	}
	if v, col := l.get(r.cells, rfForm); v == "" {
		r.add(koppel.SeverityError, col, v, problemf("import.work_form_missing"))
	} else if f, err := koppel.ParseWorkForm(v); err != nil {
		r.add(koppel.SeverityError, col, v, errorProblem(err))
	} else if info, _ := f.Info(); !info.Recognised {
		r.add(koppel.SeverityError, col, v, problemf("import.work_form_not_recognised", "Form", info.Label))
	} else {
		e.Form = f
	}
	if v, col := l.get(r.cells, rfNumber); len(v) > 50 {
		r.add(koppel.SeverityError, col, v, problemf("import.recognition_number_long"))
	} else {
		e.Number = v
	}
	e.ValidFrom = recognitionDate(r, rfStart)
	e.ValidTo = recognitionDate(r, rfEnd)
	if !e.ValidFrom.IsZero() && !e.ValidTo.IsZero() && e.ValidTo.Before(e.ValidFrom) {
		v, col := l.get(r.cells, rfEnd)
		r.add(koppel.SeverityError, col, v, problemf("import.end_before_begin", "End", e.ValidTo.Dutch(), "Start", e.ValidFrom.Dutch()))
	}
	if v, col := l.get(r.cells, rfSource); v == "" {
		r.add(koppel.SeverityError, col, v, problemf("import.source_missing"))
	} else if len(v) > 200 {
		r.add(koppel.SeverityError, col, v, problemf("import.source_long"))
	} else {
		e.Source = v
	}
	return e, r.errors == 0
}

// recognitionDate reads the date in column f; an empty cell is no date.
func recognitionDate(r *rowReader, f field) koppel.Date {
	v, col := r.t.layout.get(r.cells, f)
	if v == "" || isBlankWord(v) {
		return koppel.Date{}
	}
	d, err := parseDate(v, r.t.date1904)
	if err != nil {
		ce, ok := err.(*cellError)
		if !ok {
			ce = problemf("import.not_date", "Value", v)
		}
		r.add(koppel.SeverityError, col, v, ce)
		return koppel.Date{}
	}
	return d
}
