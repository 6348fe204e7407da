package importers

import (
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"koppel"
)

// field is a column of a table the importers understand. Each schema
// numbers its own fields from 1; fieldNone (0) is a column no schema knows.
type field int

// The columns of the Aanbod sheet (aanbodSchema).
const (
	fieldNone field = iota
	fieldID
	fieldTitle
	fieldDescription
	fieldCategory
	fieldCPV
	fieldArea
	fieldCapacity
	fieldUnit
	fieldPrice
	fieldKeywords
	fieldLanguages
	fieldLeadTime
	numFields
)

// column is a column of a template: its header, the field it fills and
// its width.
type column struct {
	Header string
	Field  field
	Width  float64
}

// aanbodColumns are the template's headers, in its order, with the field
// each one fills.
var aanbodColumns = []column{
	{"Code", fieldID, 14},
	{"Dienst", fieldTitle, 34},
	{"Omschrijving", fieldDescription, 50},
	{"Categorie", fieldCategory, 30},
	{"CPV-codes", fieldCPV, 26},
	{"Werkgebied", fieldArea, 28},
	{"Capaciteit", fieldCapacity, 12},
	{"Eenheid", fieldUnit, 14},
	{"Prijs (indicatief)", fieldPrice, 16},
	{"Trefwoorden", fieldKeywords, 30},
	{"Talen", fieldLanguages, 20},
}

// fieldSynonyms are the header texts recognised for each field, as
// headerKey makes them: Dutch, French and English, with and without
// accents, plural or not.
var fieldSynonyms = map[field][]string{
	fieldID: {"code", "id", "referentie", "reference", "ref", "code aanbod", "eigen code", "artikelcode",
		"artikelnummer", "nummer", "nr", "numero", "code dienst", "code service", "service code", "sku"},
	fieldTitle: {"dienst", "diensten", "titel", "naam", "naam dienst", "naam van de dienst", "service", "services",
		"prestation", "prestations", "title", "name", "dienstverlening", "aanbod", "product", "nom", "intitule",
		"titre", "offering", "libelle", "naam aanbod"},
	fieldDescription: {"omschrijving", "beschrijving", "description", "toelichting", "details", "info",
		"uitleg", "descriptif", "omschrijving dienst"},
	fieldCategory: {"categorie", "category", "categorieen", "categories", "rubriek", "domein", "domaine",
		"sector", "secteur", "soort dienst"},
	fieldCPV: {"cpv", "cpv code", "cpv codes", "code cpv", "codes cpv", "cpv nummer", "cpv nummers", "cpv code s"},
	fieldArea: {"werkgebied", "zone", "service area", "regio", "region", "gebied", "zone d intervention",
		"zone geographique", "area", "zone de service", "actieradius", "werkgebied gemeenten provincies"},
	fieldCapacity: {"capaciteit", "capacite", "capacity", "volume", "beschikbare capaciteit", "capaciteit per week"},
	fieldUnit:     {"eenheid", "unite", "unit", "eenheden", "units", "per"},
	fieldPrice: {"prijs", "prix", "price", "tarief", "tarif", "rate", "kostprijs", "prijs indicatief",
		"indicatieve prijs", "prix indicatif", "indicative price", "price indicative", "eenheidsprijs",
		"prijs per eenheid", "prix unitaire", "unit price", "prijs excl btw", "prijs eur", "prix eur", "price eur"},
	fieldKeywords: {"trefwoorden", "trefwoord", "mots cles", "mot cle", "keywords", "keyword", "tags",
		"zoekwoorden", "sleutelwoorden", "kernwoorden"},
	fieldLanguages: {"talen", "taal", "langues", "langue", "languages", "language"},
	fieldLeadTime:  {"levertermijn", "doorlooptijd", "delai", "delai de livraison", "lead time", "starttermijn"},
}

// aanbodSchema is the offerings table of a catalogue.
var aanbodSchema = newSchema(schema{
	columns:   aanbodColumns,
	synonyms:  fieldSynonyms,
	numFields: int(numFields),
	extra:     map[field]string{fieldLeadTime: "Levertermijn"},
	key:       []field{fieldTitle},
	required:  []requiredColumn{{fieldTitle, "de naam van de dienst; ook 'Titel', 'Service' of 'Prestation'", "imports.hint.catalogue_title"}},
	kind:      "catalogue",
	headers:   offeringHeaderKeys,
	what:      "een catalogus",
	split:     "splits de catalogus",
	sheet:     SheetOfferings,
	sheets:    offeringSheetNames,
	skip:      append(slices.Clone(enterpriseSheetNames), otherSheetNames...),
	items:     "diensten",
})

// schema describes a table an importer reads, one record per row: its
// columns, the header texts recognised for each, which columns mark the
// header row and must be there, and the words the messages about the
// table use. The catalogue's offerings and the tender spreadsheet are two
// schemas; the reading (sheets, header, limits, problems) is shared.
type schema struct {
	columns   []column           // the template's columns, in order
	synonyms  map[field][]string // header texts per field, as headerKey makes them
	numFields int                // fields are 1 … numFields-1
	extra     map[field]string   // headers of fields the template lacks
	// key: a row with one of these columns is the header row. required:
	// the columns the header must have, with a hint for the message.
	key      []field
	required []requiredColumn
	// Words for messages: what the file is ("een catalogus": too large
	// for …), what to do with too many rows ("splits de catalogus"), the
	// sheet the rows are on ("Aanbod"), what the rows are ("diensten"), in
	// Dutch; kind names them in the catalogue (imports.what.<kind>,
	// imports.split.<kind>, imports.sheet.<kind>, imports.items.<kind>).
	kind                      string
	what, split, sheet, items string
	// headers are the catalogue keys of the template's headers, when the
	// template is written in every language: messages name a column as
	// the reader's template does.
	headers map[field]string
	// sheets are the sheet names (headerKey form) of the table, in order
	// of preference; skip are sheets that are never the table.
	sheets, skip []string

	index map[string]field
}

// requiredColumn is a column the header must have and the hint that says,
// in the message when it lacks, what it holds and what else it may be
// called.
type requiredColumn struct {
	field field
	hint  string // in Dutch
	key   string // the hint in the catalogue
}

func newSchema(s schema) *schema {
	s.index = map[string]field{}
	for f, ss := range s.synonyms {
		for _, k := range ss {
			if prev, dup := s.index[k]; dup && prev != f {
				panic("importers: header synonym " + k + " of two fields")
			}
			s.index[k] = f
		}
	}
	return &s
}

// header is the header text the messages use for a field.
func (s *schema) header(f field) string {
	for _, c := range s.columns {
		if c.Field == f {
			return c.Header
		}
	}
	return s.extra[f]
}

// headerKey folds a header for matching: lower case, no accents, and every
// run of characters other than letters and digits as one space, so that
// "Mots-clés", "CPV-codes:" and "Prijs (indicatief) *" become "mots cles",
// "cpv codes" and "prijs indicatief".
func headerKey(s string) string {
	n := koppel.Normalize(s)
	var b strings.Builder
	space := false
	for _, r := range n {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// matchHeader returns the field of a header cell of the Aanbod sheet, or
// fieldNone.
func matchHeader(s string) field { return aanbodSchema.match(s) }

// match returns the field of a header cell, or fieldNone. It tries the
// whole text, then the text without its part in brackets ("Prijs (€)",
// "Werkgebied (gemeenten)").
func (s *schema) match(h string) field {
	if f, ok := s.index[headerKey(h)]; ok {
		return f
	}
	if i := strings.IndexAny(h, "([{"); i > 0 {
		if f, ok := s.index[headerKey(h[:i])]; ok {
			return f
		}
	}
	// A trailing "*" (required) or ":" is folded by headerKey already.
	return fieldNone
}

// layout is the header row of a table: which column holds which field,
// and the headers as written.
type layout struct {
	row     int      // 1-based row of the header
	col     []int    // 0-based column of each field, -1 when absent
	headers []string // header texts by column, as in the file
	ignored []string // headers not recognised
	dups    []int    // columns of a field that appeared before
}

// findLayout reads the header from a row: ok is false when the row has
// none of the schema's key columns.
func (s *schema) findLayout(rowNum int, cells []string) (l layout, ok bool) {
	l.row = rowNum
	l.col = make([]int, s.numFields)
	for i := range l.col {
		l.col[i] = -1
	}
	l.headers = make([]string, len(cells))
	for i, c := range cells {
		h := cleanCell(c)
		l.headers[i] = h
		if h == "" {
			continue
		}
		f := s.match(h)
		switch {
		case f == fieldNone:
			l.ignored = append(l.ignored, h)
		case l.col[f] >= 0:
			l.dups = append(l.dups, i)
			l.ignored = append(l.ignored, h)
		default:
			l.col[f] = i
		}
	}
	for _, f := range s.key {
		if l.col[f] >= 0 {
			return l, true
		}
	}
	return l, false
}

// column names a column for a problem: the header as in the file and the
// column letter, "CPV-codes (E)".
func (l *layout) column(i int) string {
	letter, _ := excelize.ColumnNumberToName(i + 1)
	h := ""
	if i < len(l.headers) {
		h = l.headers[i]
	}
	if h == "" {
		return letter
	}
	return h + " (" + letter + ")"
}

// get returns the cleaned cell of field f in a row, and its column index.
func (l *layout) get(cells []string, f field) (string, int) {
	i := l.col[f]
	if i < 0 || i >= len(cells) {
		return "", i
	}
	return cleanCell(cells[i]), i
}
