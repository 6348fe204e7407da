package importers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"strconv"
	"strings"

	"koppel"
	"koppel/refdata"
)

// The columns of a tender spreadsheet (tenderSchema): one row per lot.
const (
	tfRef field = iota + 1
	tfBuyer
	tfTitle
	tfDescription
	tfLot
	tfLotTitle
	tfLotDescription
	tfCPV
	tfPlace
	tfCity
	tfValue
	tfStart
	tfEnd
	tfVolume
	tfDeadline
	tfStatus
	tfClauses
	tfObjectives
	numTenderFields
)

// SheetTenders is the sheet of the tender template that holds the lots.
const SheetTenders = "Opdrachten"

// tenderColumns are the tender template's headers, in its order.
var tenderColumns = []column{
	{"Opdracht", tfRef, 16},
	{"Aankoper", tfBuyer, 28},
	{"Titel opdracht", tfTitle, 34},
	{"Omschrijving opdracht", tfDescription, 40},
	{"Perceel", tfLot, 10},
	{"Titel perceel", tfLotTitle, 30},
	{"Omschrijving perceel", tfLotDescription, 40},
	{"CPV-codes", tfCPV, 24},
	{"Plaats van uitvoering", tfPlace, 22},
	{"Geraamde waarde (EUR)", tfValue, 16},
	{"Start", tfStart, 12},
	{"Einde", tfEnd, 12},
	{"VTE", tfVolume, 8},
	{"Uiterste indiendatum", tfDeadline, 16},
	{"Status", tfStatus, 14},
	{"Sociale clausule", tfClauses, 34},
	{"Sociale doelstellingen", tfObjectives, 26},
}

// tenderSynonyms are the header texts recognised for each tender column,
// as headerKey makes them: Dutch, French and English.
var tenderSynonyms = map[field][]string{
	tfRef: {"opdracht", "dossier", "dossiernummer", "dossiernr", "dossier nr", "referentie", "ref", "kenmerk",
		"opdrachtnummer", "nummer opdracht", "id opdracht", "opdracht id", "id", "code", "reference", "reference du marche",
		"numero de dossier", "n dossier", "dossier n", "marche", "tender id", "tender reference", "procedure id", "notice id"},
	tfBuyer: {"aankoper", "aanbestedende overheid", "aanbestedende dienst", "aanbestedende entiteit", "opdrachtgever",
		"bestuur", "koper", "pouvoir adjudicateur", "acheteur", "adjudicateur", "entite adjudicatrice", "buyer",
		"contracting authority", "purchaser", "organisatie", "organisation"},
	tfTitle: {"titel opdracht", "titel", "opdracht titel", "naam opdracht", "naam van de opdracht", "titel van de opdracht",
		"onderwerp", "voorwerp", "voorwerp van de opdracht", "intitule", "intitule du marche", "titre", "titre du marche",
		"objet", "objet du marche", "title", "tender title", "contract title", "tender", "name", "nom"},
	tfDescription: {"omschrijving opdracht", "omschrijving", "beschrijving", "beschrijving opdracht",
		"omschrijving van de opdracht", "description", "description du marche", "descriptif", "tender description"},
	tfLot: {"perceel", "perceelnummer", "perceel nr", "perceelnr", "nr perceel", "percelen", "lot", "lot nr", "lot no",
		"numero de lot", "numero du lot", "n lot", "lot n", "lot number", "lot id", "id perceel"},
	tfLotTitle: {"titel perceel", "perceel titel", "naam perceel", "titel van het perceel", "intitule du lot",
		"titre du lot", "lot title", "lot name"},
	tfLotDescription: {"omschrijving perceel", "beschrijving perceel", "omschrijving van het perceel",
		"description du lot", "lot description"},
	tfCPV: fieldSynonyms[fieldCPV],
	tfPlace: {"plaats van uitvoering", "uitvoeringsplaats", "plaats", "postcode", "postcode uitvoering", "locatie",
		"plaats van levering", "leveringsplaats", "lieu d execution", "lieu", "code postal", "place of performance",
		"place", "location", "postal code", "postcode plaats van uitvoering"},
	tfCity: {"gemeente", "stad", "commune", "ville", "localite", "municipality", "city", "town"},
	tfValue: {"geraamde waarde", "raming", "waarde", "geschatte waarde", "geraamd bedrag", "bedrag", "budget",
		"geraamde waarde excl btw", "geraamde waarde eur", "valeur estimee", "montant estime", "valeur", "montant",
		"estimated value", "value", "amount"},
	tfStart: {"start", "begindatum", "startdatum", "aanvang", "begin", "start uitvoering", "aanvang uitvoering",
		"date de debut", "debut", "start date", "begin date"},
	tfEnd: {"einde", "einddatum", "eind", "einde uitvoering", "date de fin", "fin", "end date", "end"},
	tfVolume: {"vte", "volume", "volume vte", "capaciteit", "benodigde capaciteit", "etp", "fte", "volume etp",
		"volume fte", "capacite", "required capacity"},
	tfDeadline: {"uiterste indiendatum", "indiendatum", "deadline", "uiterste datum", "uiterste datum indiening",
		"limietdatum", "date limite", "date limite de remise des offres", "date limite de depot", "remise des offres",
		"submission deadline", "tender deadline", "closing date"},
	tfStatus: {"status", "statut", "state", "staat"},
	tfClauses: {"sociale clausule", "sociale clausules", "sociale clausule s", "clausule", "clausules",
		"type sociale clausule", "clause sociale", "clauses sociales", "clause", "social clause", "social clauses"},
	tfObjectives: {"sociale doelstellingen", "sociale doelstelling", "doelstellingen", "doelstelling",
		"objectifs sociaux", "objectif social", "social objectives", "social objective", "bt 775"},
}

// tenderSheetNames are the sheet names of a tender spreadsheet, folded by
// headerKey.
var tenderSheetNames = []string{"opdrachten", "opdracht", "percelen", "aanbestedingen", "overheidsopdrachten",
	"marches", "marches publics", "tenders", "tender", "lots"}

// tenderSchema is the lots table of a tender spreadsheet.
var tenderSchema = newSchema(schema{
	columns:   tenderColumns,
	synonyms:  tenderSynonyms,
	numFields: int(numTenderFields),
	extra:     map[field]string{tfCity: "Gemeente"},
	key:       []field{tfTitle, tfBuyer, tfRef},
	required: []requiredColumn{
		{tfBuyer, "de aanbestedende overheid; ook 'Aanbestedende overheid', 'Pouvoir adjudicateur' of 'Buyer'", "imports.hint.tenders_buyer"},
		{tfTitle, "de titel van de opdracht; ook 'Titel', 'Intitulé du marché' of 'Title'", "imports.hint.tenders_title"},
	},
	kind:    "tenders",
	headers: tenderHeaderKeys,
	what:    "een lijst met opdrachten",
	split:   "splits het bestand",
	sheet:   SheetTenders,
	sheets:  tenderSheetNames,
	skip:    otherSheetNames,
	items:   "opdrachten",
})

// DefaultMaxTenderRows is the most lots ReadTenders accepts when
// Options.MaxRows is not set: tender files are small, and it reads them
// whole.
const DefaultMaxTenderRows = 10_000

// Length limits of tender cells.
const (
	maxRefLen   = 100
	maxNameLen  = 300
	maxLotIDLen = 50
)

// TenderFile is a tender spreadsheet read whole: the tenders its rows
// make, and what was wrong.
type TenderFile struct {
	// File is the name of the upload; Format is FormatXLSX or FormatCSV;
	// Sheet is the sheet the lots were read from ("" for CSV).
	File, Format, Sheet string
	// Tenders are the valid tenders, in the order of their first row. Each
	// passed (*koppel.Tender).Validate: lots have their places filled in.
	// They have no Owner, CreatedAt or UpdatedAt: the caller sets those.
	Tenders []*koppel.Tender
	// Problems are the problems of the header and the rows, in row order,
	// then those of whole tenders (on their first row).
	Problems []koppel.Problem
	// Rows counts the data rows (not empty rows nor the template's example
	// row); Rejected those not imported: rows with an error and the rows
	// of tenders left out.
	Rows, Rejected int
	// IgnoredColumns are the headers ReadTenders did not recognise.
	IgnoredColumns []string
	// FirstRows gives the row of each tender's first lot, by tender ID, to
	// point at the tender in messages.
	FirstRows map[string]int
}

// Report fills in what the import report takes from the file: its kind,
// name, rows, problems and ignored columns. The caller fills in the rest.
func (tf *TenderFile) Report(r *koppel.ImportReport) {
	r.Kind = "tenders"
	r.File = tf.File
	r.Rows = tf.Rows
	r.Rejected = tf.Rejected
	r.Problems = tf.Problems
	r.IgnoredColumns = tf.IgnoredColumns
}

// ReadTenders reads a tender spreadsheet (xlsx or CSV): one row per lot;
// rows with the same tender key — the Opdracht column (also "Dossier",
// "Referentie"), or for rows without it the same buyer and tender title —
// form one tender with several lots. It reads the upload with the same
// sniffing, limits, row sources, header synonyms and cell parsers as
// ReadCatalogue, and reports problems the same way: a row with an error is
// left out, a warning keeps it.
//
// A tender's ID is its Opdracht made slug-safe ("GENT/2026-045" →
// "gent-2026-045"), else a stable hash of its buyer and title, so that a
// new upload of the same file gives the same IDs. Its status defaults to
// draft: a spreadsheet tender is published only when its buyer says so.
// The lots' IDs are the Perceel column, else 1, 2, 3… in row order.
//
// Options.MaxRows defaults to DefaultMaxTenderRows here; KBO and Progress
// are not used. Returns EINVALID, with a message for the user, for a file
// that is not a workbook or CSV, is corrupt, password-protected or an old
// .xls, has no sheet of tenders, or lacks the Aankoper or Titel opdracht
// column; ETOOLARGE beyond the limits of opts or for a tender of more than
// koppel.MaxLots lots.
func ReadTenders(ctx context.Context, ref *refdata.Data, name string, r io.Reader, opts Options) (*TenderFile, error) {
	if opts.MaxRows <= 0 {
		opts.MaxRows = DefaultMaxTenderRows
	}
	opts = opts.withDefaults()
	if ref == nil {
		return nil, koppel.Errorf(koppel.EINTERNAL, "read tenders: no reference data")
	}
	data, format, err := readUpload(ctx, name, r, opts)
	if err != nil {
		return nil, err
	}
	tr := &tenderReader{
		table:  table{schema: tenderSchema, opts: opts, file: name, format: format},
		ref:    ref,
		byKey:  map[string]*tenderGroup{},
		byName: map[string]*tenderGroup{},
	}
	defer tr.close()
	if format == FormatCSV {
		err = tr.openCSV(data)
	} else {
		err = tr.openXLSX(data)
	}
	if err != nil {
		return nil, err
	}
	tf := &TenderFile{File: name, Format: format, Sheet: tr.sheet, IgnoredColumns: tr.layout.ignored}
	err = tr.eachRow(ctx, func(num int, cells []string) error {
		tr.readRow(num, cells)
		if tr.tooManyLots != nil {
			return tr.tooManyLots
		}
		if tr.rows > opts.MaxRows {
			return tr.checkRowCount(tr.rows)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	tf.Rows = tr.rows
	tf.Tenders, tf.FirstRows = tr.finish()
	tf.Problems = tr.allProblems()
	imported := 0
	for _, g := range tr.groups {
		if g.imported {
			imported += len(g.tender.Lots)
		}
	}
	tf.Rejected = tf.Rows - imported
	return tf, nil
}

func (tr *tenderReader) openXLSX(data []byte) error {
	zr, err := tr.openWorkbook(data)
	if err != nil {
		return err
	}
	if err := tr.pickSheet(); err != nil {
		return err
	}
	if err := tr.scan(zr); err != nil {
		return err
	}
	return tr.readHeader()
}

// tenderReader groups the rows of a tender spreadsheet into tenders.
type tenderReader struct {
	table
	ref    *refdata.Data
	rows   int
	groups []*tenderGroup
	byKey  map[string]*tenderGroup // by "r:" + Opdracht or "n:" + buyer and title
	byName map[string]*tenderGroup // by buyer and title, for rows without Opdracht
	// wholeProblems are problems of whole tenders, reported after the rows.
	wholeProblems []koppel.Problem
	// tooManyLots stops the reading at the first tender beyond
	// koppel.MaxLots: the whole file is refused.
	tooManyLots error
}

// tenderGroup is one tender being built from its rows.
type tenderGroup struct {
	tender   *koppel.Tender
	first    int            // row of the tender's first row
	lotRows  map[string]int // lot ID (lower case) → row
	fromRow  map[field]int  // tender-level field → row it was taken from
	imported bool
}

// lotRow is what one row says: its tender-level cells and its lot.
type lotRow struct {
	ref, buyer, title, description string
	deadline                       koppel.Date
	status                         koppel.TenderStatus
	lotID                          string
	lot                            koppel.Lot
}

// readRow reads one data row and adds its lot to its tender. Problems are
// recorded; a row with an error adds no lot but still names its tender,
// so that a tender none of whose rows is valid is reported.
func (tr *tenderReader) readRow(num int, cells []string) {
	if tr.emptyRecord(cells) {
		return
	}
	l := &tr.layout
	if ref, _ := l.get(cells, tfRef); strings.EqualFold(ref, exampleCode) {
		return
	}
	tr.rows++
	r := &rowReader{t: &tr.table, num: num, cells: cells}
	if r.tooLongCell() {
		tr.record(r.probs)
		return
	}
	row := tr.parseRow(r)
	g := tr.group(r, row)
	if g != nil && r.errors == 0 {
		tr.addLot(r, g, row)
	}
	tr.record(r.probs)
}

func (tr *tenderReader) parseRow(r *rowReader) *lotRow {
	l := &tr.layout
	get := func(f field) (string, int) { return l.get(r.cells, f) }
	row := &lotRow{}

	ref, refCol := get(tfRef)
	if len(ref) > maxRefLen {
		r.add(koppel.SeverityError, refCol, ref, problemf("import.tender_ref_long", "Length", len([]rune(ref)), "Max", maxRefLen))
		ref = ""
	}
	row.ref = ref

	buyer, buyerCol := get(tfBuyer)
	switch {
	case buyer == "":
		r.add(koppel.SeverityError, buyerCol, "", problemf("import.buyer_missing"))
	case len([]rune(buyer)) > maxNameLen:
		r.add(koppel.SeverityError, buyerCol, buyer, problemf("import.buyer_long", "Length", len([]rune(buyer)), "Max", maxNameLen))
		buyer = ""
	}
	row.buyer = buyer

	title, titleCol := get(tfTitle)
	switch {
	case title == "":
		r.add(koppel.SeverityError, titleCol, "", problemf("import.tender_title_missing"))
	case len([]rune(title)) > maxTitleLen:
		r.add(koppel.SeverityError, titleCol, title, problemf("import.tender_title_long", "Length", len([]rune(title)), "Max", maxTitleLen))
		title = ""
	}
	row.title = title
	row.description, _ = get(tfDescription)

	if v, col := get(tfDeadline); v != "" && !isBlankWord(v) {
		d, err := parseDeadline(v, tr.date1904)
		if err != nil {
			r.add(koppel.SeverityError, col, v, err.(*cellError))
		}
		row.deadline = d
	}
	if v, col := get(tfStatus); v != "" && !isBlankWord(v) {
		s, ok := parseStatus(v)
		if !ok {
			r.add(koppel.SeverityWarning, col, v, problemf("import.tender_status_unknown", "Value", v))
		}
		row.status = s
	}

	lot := &row.lot
	if v, col := get(tfLot); v != "" && !isBlankWord(v) {
		id := lotID(v)
		if len(id) > maxLotIDLen || strings.ContainsAny(id, "/\x00\n\t") {
			r.add(koppel.SeverityError, col, v, problemf("import.lot_invalid", "Value", truncate(v, 100), "Max", maxLotIDLen))
		}
		row.lotID = id
	}
	lot.Title, _ = get(tfLotTitle)
	if len([]rune(lot.Title)) > maxTitleLen {
		_, col := get(tfLotTitle)
		r.add(koppel.SeverityError, col, lot.Title, problemf("import.lot_title_long", "Length", len([]rune(lot.Title)), "Max", maxTitleLen))
	}
	if lot.Title == "" {
		lot.Title = title
	}
	lot.Description, _ = get(tfLotDescription)

	if v, col := get(tfCPV); v != "" && !isBlankWord(v) {
		codes, errs := parseCPVList(tr.ref, v)
		for _, e := range errs {
			r.add(koppel.SeverityError, col, v, e)
		}
		lot.CPV = codes
	}

	place, placeCol := get(tfPlace)
	if city, col := get(tfCity); place == "" || isBlankWord(place) {
		place, placeCol = city, col
	}
	if place != "" && !isBlankWord(place) {
		if p, ok := tr.ref.ResolvePlace(place); ok {
			// The name too: a postcode shared by several places ("9820
			// Bottelare") keeps the one written.
			lot.Postcode, lot.City = p.Postcode, p.Name
		} else {
			r.add(koppel.SeverityWarning, placeCol, place, problemf("import.place_unknown", "Value", place))
		}
	}

	if v, col := get(tfValue); v != "" && !isBlankWord(v) {
		n, _, err := parseMoney(v)
		if r.usableNumber(col, v, n, false, err, valueProblems) {
			lot.Value = n
		}
	}

	if v, col := get(tfStart); v != "" && !isBlankWord(v) {
		d, err := parseDate(v, tr.date1904)
		if err != nil {
			r.add(koppel.SeverityError, col, v, err.(*cellError))
		}
		lot.Start = d
	}
	if v, col := get(tfEnd); v != "" && !isBlankWord(v) {
		d, err := parseDate(v, tr.date1904)
		switch {
		case err != nil:
			r.add(koppel.SeverityError, col, v, err.(*cellError))
		case !lot.Start.IsZero() && d.Before(lot.Start):
			r.add(koppel.SeverityError, col, v, problemf("import.end_before_start", "End", d.Dutch(), "Start", lot.Start.Dutch()))
		}
		lot.End = d
	}

	if v, col := get(tfVolume); v != "" && !isBlankWord(v) {
		n, _, amb, err := parseQuantity(v)
		if r.usableNumber(col, v, n, amb, err, volumeProblems) {
			lot.VolumeFTE = n
		}
	}

	var clauses []koppel.Clause
	if v, col := get(tfClauses); v != "" {
		cs, errs, warns := parseClauses(v)
		for _, e := range errs {
			r.add(koppel.SeverityError, col, v, e)
		}
		for _, e := range warns {
			r.add(koppel.SeverityWarning, col, v, e)
		}
		clauses = cs
	}
	if v, col := get(tfObjectives); v != "" {
		codes, unknown := parseObjectives(v)
		for _, u := range unknown {
			r.add(koppel.SeverityWarning, col, v, problemf("import.objective_unknown", "Value", u, "List", objectiveHint))
		}
		clauses = withObjectives(clauses, codes)
	}
	lot.Clauses = clauses
	return row
}

// withObjectives gives every clause of a lot its social objectives (BT-775).
// A lot with objectives but no clause gets a social execution condition,
// as the eForms importer does for BT-775 without BT-06: the objectives say
// the lot pursues social aims, and that clause asks nothing of who may
// bid.
func withObjectives(clauses []koppel.Clause, codes []string) []koppel.Clause {
	if len(codes) == 0 {
		return clauses
	}
	if len(clauses) == 0 {
		return []koppel.Clause{{Kind: koppel.ClauseExecutionCondition, SocialObjectives: codes}}
	}
	for i := range clauses {
		clauses[i].SocialObjectives = slices.Clone(codes)
	}
	return clauses
}

// group finds or starts the tender of a row: by its Opdracht when given,
// else by its buyer and title (which also finds a tender whose first row
// had an Opdracht). It returns nil for a row that names no tender. A row
// joining a tender whose first row says otherwise (another buyer, title,
// deadline…) gets a warning: the first row wins.
func (tr *tenderReader) group(r *rowReader, row *lotRow) *tenderGroup {
	nameKey := ""
	if row.buyer != "" && row.title != "" {
		nameKey = "n:" + koppel.Normalize(row.buyer) + "\x00" + koppel.Normalize(row.title)
	}
	var g *tenderGroup
	switch {
	case row.ref != "":
		g = tr.byKey["r:"+strings.ToLower(row.ref)]
	case nameKey != "":
		g = tr.byName[nameKey]
	default:
		return nil
	}
	if g == nil {
		if row.title == "" || row.buyer == "" {
			return nil // an error is recorded; nothing to name the tender by
		}
		t := &koppel.Tender{
			ID:          tenderID(row.ref, row.buyer, row.title),
			Buyer:       koppel.Buyer{Name: row.buyer},
			Title:       row.title,
			Description: row.description,
			Deadline:    row.deadline,
			Status:      row.status,
			Source:      koppel.TenderSource{Kind: "xlsx", File: tr.file},
		}
		g = &tenderGroup{tender: t, first: r.num, lotRows: map[string]int{}, fromRow: map[field]int{}}
		for _, f := range []field{tfBuyer, tfTitle, tfDescription, tfDeadline, tfStatus} {
			g.fromRow[f] = r.num
		}
		tr.groups = append(tr.groups, g)
		if row.ref != "" {
			tr.byKey["r:"+strings.ToLower(row.ref)] = g
		}
		if _, ok := tr.byName[nameKey]; !ok {
			tr.byName[nameKey] = g
		}
		return g
	}
	t := g.tender
	tr.sameAs(r, g, tfBuyer, &t.Buyer.Name, row.buyer, "import.differs_buyer")
	tr.sameAs(r, g, tfTitle, &t.Title, row.title, "import.differs_title")
	tr.sameAs(r, g, tfDescription, &t.Description, row.description, "import.differs_description")
	deadline, dl := t.Deadline.Dutch(), row.deadline.Dutch()
	if tr.sameAs(r, g, tfDeadline, &deadline, dl, "import.differs_deadline") {
		t.Deadline = row.deadline
	}
	status := string(t.Status)
	if tr.sameAs(r, g, tfStatus, &status, string(row.status), "import.differs_status") {
		t.Status = row.status
	}
	return g
}

// sameAs compares a tender-level cell of a row with the tender's value. An
// empty cell says nothing; a value for an empty field fills it (and sameAs
// reports true); a different value gets a warning and is not used.
func (tr *tenderReader) sameAs(r *rowReader, g *tenderGroup, f field, have *string, got, key string) bool {
	if got == "" || koppel.Normalize(got) == koppel.Normalize(*have) {
		return false
	}
	_, col := tr.layout.get(r.cells, f)
	if *have == "" {
		*have = got
		g.fromRow[f] = r.num
		return true
	}
	from := g.fromRow[f]
	r.add(koppel.SeverityWarning, col, got, problemf(key, "Row", from, "Value", truncate(*have, 100)))
	return false
}

// addLot gives a valid row's lot its ID and adds it to the tender. A lot
// ID that the tender already has is an error on this row.
func (tr *tenderReader) addLot(r *rowReader, g *tenderGroup, row *lotRow) {
	lot := row.lot
	lot.ID = row.lotID
	if lot.ID == "" {
		n := len(g.tender.Lots) + 1
		for g.lotRows[strconv.Itoa(n)] != 0 {
			n++
		}
		lot.ID = strconv.Itoa(n)
	} else if prev := g.lotRows[strings.ToLower(lot.ID)]; prev != 0 {
		v, col := tr.layout.get(r.cells, tfLot)
		r.add(koppel.SeverityError, col, v, problemf("import.lot_duplicate", "Lot", lot.ID, "Row", prev))
		return
	}
	if len(g.tender.Lots) >= koppel.MaxLots {
		tr.tooManyLots = koppel.Errorf(koppel.ETOOLARGE, "rij %d: de opdracht '%s' heeft meer dan %d percelen; Koppel aanvaardt er hoogstens %d per opdracht", r.num, truncate(g.tender.Title, 100), koppel.MaxLots, koppel.MaxLots).WithKey("error.imports_tender_lots", "Row", r.num, "Title", truncate(g.tender.Title, 100), "Max", koppel.MaxLots)
		return
	}
	g.lotRows[strings.ToLower(lot.ID)] = r.num
	g.tender.Lots = append(g.tender.Lots, lot)
}

// finish validates each tender and returns the valid ones. A tender
// without a valid lot, or that fails Validate, is reported on its first
// row and left out.
func (tr *tenderReader) finish() ([]*koppel.Tender, map[string]int) {
	var out []*koppel.Tender
	first := map[string]int{}
	for _, g := range tr.groups {
		t := g.tender
		p := koppel.Problem{File: tr.file, Sheet: tr.sheet, Row: g.first, Severity: koppel.SeverityError}
		if c := tr.layout.col[tfTitle]; c >= 0 {
			p.Column = tr.layout.column(c)
		}
		p.Value = truncate(t.Title, 200)
		if len(t.Lots) == 0 {
			tr.wholeProblems = append(tr.wholeProblems, problemf("import.tender_no_good_lot", "Title", truncate(t.Title, 100)).problem(p))
			continue
		}
		if t.Status == "" {
			t.Status = koppel.TenderDraft
		}
		if err := t.Validate(tr.ref); err != nil {
			tr.wholeProblems = append(tr.wholeProblems, problemf("import.tender_invalid", "Title", truncate(t.Title, 100), "Reason", err).problem(p))
			continue
		}
		if _, dup := first[t.ID]; dup {
			// Two Opdracht values that make the same slug ("A/1", "a-1").
			tr.wholeProblems = append(tr.wholeProblems, problemf("import.tender_id_clash", "Title", truncate(t.Title, 100), "ID", t.ID).problem(p))
			continue
		}
		g.imported = true
		first[t.ID] = g.first
		out = append(out, t)
	}
	tr.record(tr.wholeProblems)
	return out, first
}

// tenderStatuses maps status words (headerKey form) to tender states.
var tenderStatuses = invert(map[koppel.TenderStatus][]string{
	koppel.TenderDraft: {"ontwerp", "draft", "concept", "brouillon", "projet", "in voorbereiding", "voorbereiding", "niet gepubliceerd"},
	koppel.TenderPublished: {"gepubliceerd", "published", "publie", "publiee", "open", "ouvert", "lopend", "actief", "active",
		"en cours"},
	koppel.TenderClosed: {"afgesloten", "closed", "gesloten", "cloture", "clos", "ferme", "gegund", "attribue", "awarded",
		"beeindigd", "afgelopen", "verlopen"},
})

// parseStatus reads a Status cell. ok is false for an unknown word, which
// reads as draft.
func parseStatus(s string) (koppel.TenderStatus, bool) {
	if st, ok := tenderStatuses[headerKey(s)]; ok {
		return st, true
	}
	if i := strings.IndexAny(s, "([{"); i > 0 {
		if st, ok := tenderStatuses[headerKey(s[:i])]; ok {
			return st, true
		}
	}
	return koppel.TenderDraft, false
}

// lotID reads a Perceel cell: "3", "Perceel 3", "Lot 3", "perceel nr. 3"
// are lot 3; other values ("LOT-0001", "A") are kept as written.
func lotID(s string) string {
	t := cleanCell(s)
	if strings.ContainsAny(t, "-_") {
		return t
	}
	k := headerKey(t)
	for _, p := range []string{"perceel nr ", "perceel ", "lot nr ", "lot n ", "lot ", "nr ", "n "} {
		if rest, ok := strings.CutPrefix(k, p); ok && isDigits(rest) {
			return rest
		}
	}
	return t
}

// tenderID is the ID of a spreadsheet tender: its reference made
// slug-safe, else the slug of its title and a hash of its buyer and title.
func tenderID(ref, buyer, title string) string {
	if s := slug(ref, 80); s != "" {
		return s
	}
	sum := sha256.Sum256([]byte(koppel.Normalize(buyer) + "\x00" + koppel.Normalize(title)))
	h := hex.EncodeToString(sum[:5])
	if s := slug(title, 40); s != "" {
		return s + "-" + h
	}
	return "opdracht-" + h
}

// slug lowers s, folds its accents and keeps letters and digits with one
// "-" for every run of other characters, at most n bytes: "GENT/2026-045"
// → "gent-2026-045".
func slug(s string, n int) string {
	var b strings.Builder
	dash := false
	for _, r := range koppel.Normalize(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= n {
			break
		}
	}
	return b.String()
}
