package importers

import (
	"context"
	"io"
	"math"
	"strings"

	"koppel"
)

// The columns of a spend file (spendSchema): one purchase per row.
const (
	sfKBO field = iota + 1
	sfSupplier
	sfAmount
	sfDate
	sfDescription
	sfCPV
	numSpendFields
)

// SheetSpend is the sheet a spend file's purchases are looked for on
// first.
const SheetSpend = "Aankopen"

// spendColumns are the headers of a spend file as messages name them.
var spendColumns = []column{
	{"Ondernemingsnummer", sfKBO, 18},
	{"Leverancier", sfSupplier, 30},
	{"Bedrag", sfAmount, 14},
	{"Datum", sfDate, 12},
	{"Omschrijving", sfDescription, 40},
	{"CPV-codes", sfCPV, 20},
}

// spendSynonyms are the header texts recognised for each column of a
// spend file, as headerKey makes them: Dutch, French and English, as
// accounting software writes them.
var spendSynonyms = map[field][]string{
	sfKBO: {"ondernemingsnummer", "ondernemingsnr", "ondernemingsnummer leverancier", "kbo", "kbo nummer", "kbo nr",
		"kbo leverancier", "btw", "btw nummer", "btw nr", "btw nummer leverancier", "btw leverancier", "vat", "vat number",
		"vat nr", "numero d entreprise", "n d entreprise", "numero bce", "bce", "numero de tva", "n tva", "tva",
		"numero tva", "tva fournisseur", "company number", "enterprise number", "supplier vat", "supplier vat number",
		"supplier company number", "ondernemingsnummer of btw nummer", "kbo of btw"},
	sfSupplier: {"leverancier", "leveranciers", "leveranciersnaam", "naam leverancier", "leverancier naam", "naam",
		"fournisseur", "nom du fournisseur", "nom fournisseur", "supplier", "supplier name", "vendor", "vendor name",
		"firma", "bedrijf", "onderneming", "crediteur", "crediteurnaam", "naam crediteur", "creditor", "begunstigde",
		"raison sociale", "name", "nom", "tiers", "contractant", "opdrachtnemer", "adjudicataire", "contractor"},
	sfAmount: {"bedrag", "bedragen", "bedrag excl btw", "bedrag incl btw", "bedrag eur", "bedrag excl", "bedrag incl",
		"totaal", "totaal bedrag", "totaalbedrag", "uitgave", "uitgaven", "kost", "kosten", "factuurbedrag",
		"netto bedrag", "montant", "montant htva", "montant tvac", "montant eur", "montant ht", "montant ttc",
		"montant facture", "total", "amount", "amount eur", "net amount", "invoice amount", "spend", "waarde",
		"value", "bedrag euro", "montant euro", "amount euro"},
	sfDate: {"datum", "factuurdatum", "datum factuur", "boekingsdatum", "boekdatum", "orderdatum", "besteldatum",
		"betaaldatum", "datum betaling", "date", "date facture", "date de facture", "date de commande",
		"date de paiement", "date comptable", "invoice date", "order date", "payment date", "booking date"},
	sfDescription: {"omschrijving", "beschrijving", "omschrijving aankoop", "voorwerp", "onderwerp", "artikel",
		"toelichting", "memo", "commentaar", "opmerking", "description", "libelle", "objet", "designation", "details",
		"intitule", "comment", "product", "dienst", "service", "prestation"},
	sfCPV: fieldSynonyms[fieldCPV],
}

// spendSheetNames are the sheet names of a spend file, folded by
// headerKey.
var spendSheetNames = []string{"aankopen", "aankoop", "uitgaven", "facturen", "bestellingen", "achats", "depenses",
	"factures", "commandes", "purchases", "spend", "invoices", "orders"}

// spendSchema is the purchases table of a spend file. A supplier column
// (name or company number) is checked apart: either will do.
var spendSchema = newSchema(schema{
	columns:   spendColumns,
	synonyms:  spendSynonyms,
	numFields: int(numSpendFields),
	key:       []field{sfAmount, sfSupplier, sfKBO},
	required: []requiredColumn{
		{sfAmount, "het bedrag van de aankoop; ook 'Montant' of 'Amount'", "imports.hint.spend_amount"},
		{sfDate, "de datum van de factuur of bestelling; ook 'Factuurdatum', 'Date' of 'Invoice date'", "imports.hint.spend_date"},
	},
	kind:   "spend",
	what:   "een lijst met aankopen",
	split:  "splits het bestand per jaar",
	sheet:  SheetSpend,
	sheets: spendSheetNames,
	skip:   otherSheetNames,
	items:  "aankopen",
})

// supplierColumn is the message's hint when a spend file has neither a
// supplier name nor a company number column.
var supplierColumn = requiredColumn{sfSupplier, "de naam van de leverancier, of een kolom 'Ondernemingsnummer' met zijn KBO- of btw-nummer", "imports.hint.spend_supplier"}

// DefaultMaxSpendRows is the most purchases ReadSpend accepts when
// Options.MaxRows is not set; DefaultMaxSpendProblems the most problems
// its report keeps.
const (
	DefaultMaxSpendRows     = 50_000
	DefaultMaxSpendProblems = 1_000
)

// Length limits of spend cells.
const (
	maxSupplierLen    = 300
	maxDescriptionLen = 500
)

// ReadSpend reads a buyer's spend file (xlsx or CSV): one purchase per
// row with the supplier's company number or name (or both), the amount,
// the date and optionally a description and CPV codes. It reads the
// upload with the same sniffing, limits, row sources (CSV in UTF-8 or
// UTF-16, with or without BOM), header synonyms and cell parsers as
// ReadCatalogue. A row with an error is left out of the purchases and
// counted in Rejected; its problems, like warnings, are in Problems.
// The returned file has no Buyer or UploadedAt: the caller sets them.
//
// Options.MaxRows defaults to DefaultMaxSpendRows and MaxProblems to
// DefaultMaxSpendProblems; KBO and Progress are not used. Returns
// EINVALID, with a message for the user, for a file that is not a
// workbook or CSV, is corrupt, password-protected or an old .xls, has no
// sheet of purchases, or lacks the amount, date or supplier column;
// ETOOLARGE beyond the limits of opts.
func ReadSpend(ctx context.Context, ref koppel.Reference, name string, r io.Reader, opts Options) (*koppel.SpendFile, error) {
	if opts.MaxRows <= 0 {
		opts.MaxRows = DefaultMaxSpendRows
	}
	if opts.MaxProblems <= 0 {
		opts.MaxProblems = DefaultMaxSpendProblems
	}
	opts = opts.withDefaults()
	if ref == nil {
		return nil, koppel.Errorf(koppel.EINTERNAL, "read spend: no reference data")
	}
	data, format, err := readUpload(ctx, name, r, opts)
	if err != nil {
		return nil, err
	}
	sr := &spendReader{table: table{schema: spendSchema, opts: opts, file: name, format: format}, ref: ref}
	defer sr.close()
	if format == FormatCSV {
		err = sr.openCSV(data)
	} else {
		err = sr.openSpendXLSX(data)
	}
	if err != nil {
		return nil, err
	}
	if sr.layout.col[sfSupplier] < 0 && sr.layout.col[sfKBO] < 0 {
		return nil, sr.missingColumns([]requiredColumn{supplierColumn}, sr.layout.headers)
	}
	f := &koppel.SpendFile{File: name, IgnoredColumns: sr.layout.ignored, Purchases: []koppel.Purchase{}}
	err = sr.eachRow(ctx, func(num int, cells []string) error {
		p, ok := sr.readRow(num, cells)
		if sr.rows > opts.MaxRows {
			return sr.checkRowCount(sr.rows)
		}
		if ok {
			f.Purchases = append(f.Purchases, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	f.Rows, f.Rejected = sr.rows, sr.rejected
	f.Problems, f.ProblemsOmitted = sr.allProblems(), sr.omitted
	return f, nil
}

func (sr *spendReader) openSpendXLSX(data []byte) error {
	zr, err := sr.openWorkbook(data)
	if err != nil {
		return err
	}
	if err := sr.pickSheet(); err != nil {
		return err
	}
	if err := sr.scan(zr); err != nil {
		return err
	}
	return sr.readHeader()
}

// spendReader reads the rows of a spend file.
type spendReader struct {
	table
	ref            koppel.Reference
	rows, rejected int
	cpv            map[string]cpvResult
}

// readRow turns one data row into a purchase. ok is false for an empty
// row and a row with errors; the row's problems are recorded either way.
func (sr *spendReader) readRow(num int, cells []string) (p koppel.Purchase, ok bool) {
	if sr.emptyRecord(cells) {
		return p, false
	}
	sr.rows++
	r := &rowReader{t: &sr.table, num: num, cells: cells}
	if !r.tooLongCell() {
		p = sr.parseRow(r)
	}
	sr.record(r.probs)
	if r.errors > 0 {
		sr.rejected++
		return koppel.Purchase{}, false
	}
	return p, true
}

func (sr *spendReader) parseRow(r *rowReader) koppel.Purchase {
	l := &sr.layout
	p := koppel.Purchase{Row: r.num}

	name, nameCol := l.get(r.cells, sfSupplier)
	if len(name) > maxSupplierLen {
		r.add(koppel.SeverityWarning, nameCol, name, problemf("imports.spend_supplier_long", "Max", maxSupplierLen))
		name = truncate(name, maxSupplierLen)
	}
	kboText, kboCol := l.get(r.cells, sfKBO)
	if kboText == "" && name != "" && looksLikeKBO(name) {
		// A supplier column that holds company numbers.
		if k, err := koppel.ParseKBO(name); err == nil {
			p.KBO = k
			name = ""
		}
	}
	if kboText != "" && !isBlankWord(kboText) {
		k, err := koppel.ParseKBO(kboText)
		switch {
		case err == nil:
			p.KBO = k
		case name != "":
			r.add(koppel.SeverityWarning, kboCol, kboText, problemf("imports.spend_kbo_by_name", "Err", err))
		default:
			r.add(koppel.SeverityError, kboCol, kboText, problemf("imports.spend_kbo_no_name", "Err", err))
		}
	}
	p.Supplier = name
	if p.KBO == "" && name == "" && r.errors == 0 {
		col := nameCol
		if col < 0 {
			col = kboCol
		}
		r.add(koppel.SeverityError, col, "", problemf("imports.spend_supplier_missing"))
	}

	amount, amountCol := l.get(r.cells, sfAmount)
	if amount == "" {
		r.add(koppel.SeverityError, amountCol, "", problemf("imports.spend_amount_missing"))
	} else if v, rest, err := parseMoney(amount); err != nil || !amountRest(rest) {
		r.add(koppel.SeverityError, amountCol, amount, problemf("imports.spend_not_amount", "Value", amount))
	} else if cents := math.Round(v * 100); math.Abs(cents) > koppel.MaxPurchaseCents {
		r.add(koppel.SeverityError, amountCol, amount, problemf("imports.spend_amount_too_large", "Value", amount))
	} else {
		p.Cents = int64(cents)
	}

	date, dateCol := l.get(r.cells, sfDate)
	if date == "" {
		r.add(koppel.SeverityError, dateCol, "", problemf("imports.spend_date_missing"))
	} else if d, err := parseDeadline(date, sr.date1904); err != nil {
		r.add(koppel.SeverityError, dateCol, date, problemf("imports.spend_not_date", "Value", date))
	} else if y := d.Time().Year(); y < 1990 || y > 2100 {
		r.add(koppel.SeverityError, dateCol, date, problemf("imports.spend_date_year", "Value", date, "Year", y))
	} else {
		p.Date = d
	}

	if v, _ := l.get(r.cells, sfDescription); v != "" {
		p.Description = truncate(v, maxDescriptionLen)
	}
	if v, col := l.get(r.cells, sfCPV); v != "" && !isBlankWord(v) {
		res := cached(&sr.cpv, v, func() (cpvResult, bool) {
			codes, errs := parseCPVList(sr.ref, v)
			return cpvResult{codes, errs}, true
		})
		// A wrong CPV code does not make a purchase wrong: it is only left
		// out of the category.
		for _, e := range res.errs {
			r.add(koppel.SeverityWarning, col, v, e)
		}
		p.CPV = append([]koppel.CPV(nil), res.codes...)
	}
	return p
}

// amountRest reports whether the words after an amount are harmless: none,
// a currency or a VAT note.
func amountRest(rest string) bool {
	return rest == "" || isVATNote(rest) || strings.EqualFold(rest, "eur") || rest == "€"
}

// looksLikeKBO reports whether a supplier cell is a company number rather
// than a name: digits, dots, spaces and an optional BE.
func looksLikeKBO(s string) bool {
	t := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "BE")
	digits := 0
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ' ' || r == '-':
		default:
			return false
		}
	}
	return digits == 9 || digits == 10
}
