package importers

import (
	"net/mail"
	"slices"
	"strings"

	"koppel"
	"koppel/i18n"
)

// efield is a label of the Onderneming sheet.
type efield int

const (
	eNone efield = iota
	eKBO
	eName
	eForms
	eRecognitionNumber
	eValidTo
	eStreet
	ePostcode
	eCity
	eRadius
	eArea
	eEmail
	ePhone
	eWebsite
	eFTETotal
	eFTETarget
	eLanguages
	eCertifications
	eDescription
	eValidFrom
	eTargetGroups
	eTransitionPaths
	numEFields
)

// enterpriseRows are the template's label rows of the Onderneming sheet
// with a hint for each.
var enterpriseRows = []struct {
	Label string
	Field efield
	Hint  string
}{
	{"Ondernemingsnummer", eKBO, "10 cijfers, bv. 0123.456.749 (verplicht)"},
	{"Naam", eName, "de naam van de onderneming (verplicht)"},
	{"Werkvorm(en)", eForms, "kies uit de lijst; meer werkvormen: scheid ze met een puntkomma"},
	{"Erkenningsnummer", eRecognitionNumber, "het nummer van de erkenning; per werkvorm, gescheiden door een puntkomma"},
	{"Erkend tot", eValidTo, "einddatum van de erkenning, dd/mm/jjjj"},
	{"Straat en nummer", eStreet, "bv. Stationsstraat 12"},
	{"Postcode", ePostcode, "4 cijfers, bv. 9000 (verplicht)"},
	{"Gemeente", eCity, "bv. Gent"},
	{"Werkgebied (km)", eRadius, "straal rond uw adres in km, bv. 30"},
	{"Werkgebied (gemeenten/provincies)", eArea, "bv. Gent; Merelbeke; Oost-Vlaanderen"},
	{"E-mail", eEmail, "bv. info@voorbeeld.be"},
	{"Telefoon", ePhone, "bv. 09 123 45 67"},
	{"Website", eWebsite, "bv. www.voorbeeld.be"},
	{"VTE totaal", eFTETotal, "totaal aantal voltijdse equivalenten, bv. 42,5"},
	{"VTE doelgroepwerknemers", eFTETarget, "voltijdse equivalenten uit de doelgroep, bv. 31"},
	{"Talen", eLanguages, "bv. Nederlands, Frans"},
	{"Certificaten", eCertifications, "bv. ISO 9001; VCA"},
	{"Omschrijving", eDescription, "wat doet de onderneming, in een paar zinnen"},
	// Last, so that the rows above keep their place in the template.
	{"Erkend vanaf", eValidFrom, "begindatum van de erkenning, dd/mm/jjjj; per werkvorm, gescheiden door een puntkomma"},
	{"Doelgroepen", eTargetGroups, "met wie werkt u? kies uit de lijst, meer doelgroepen gescheiden door een puntkomma, bv. Mensen met een arbeidshandicap; Langdurig werkzoekenden"},
	{"Doorstroomtrajecten", eTransitionPaths, "ja of nee: begeleidt u doelgroepwerknemers in een doorstroomtraject, met een stage van drie maanden op een gewone werkplek?"},
}

var enterpriseSynonyms = map[efield][]string{
	eKBO: {"ondernemingsnummer", "kbo", "kbo nummer", "kbo nr", "btw nummer", "btw nr", "numero d entreprise",
		"n d entreprise", "numero bce", "bce", "company number", "enterprise number", "vat number", "vat", "tva"},
	eName:  {"naam", "naam onderneming", "naam van de onderneming", "denomination", "nom", "name", "company name", "raison sociale"},
	eForms: {"werkvorm en", "werkvorm", "werkvormen", "forme", "formes", "work form", "work forms", "type onderneming"},
	eRecognitionNumber: {"erkenningsnummer", "erkenningsnummers", "erkenning", "erkenningsnr", "numero d agrement",
		"agrement", "recognition number"},
	eValidFrom:      {"erkend vanaf", "erkend sinds", "erkenning geldig vanaf", "begindatum erkenning", "agree depuis", "recognised from", "recognised since"},
	eValidTo:        {"erkend tot", "erkenning geldig tot", "geldig tot", "einddatum erkenning", "agree jusqu au", "valid until", "recognised until"},
	eStreet:         {"straat en nummer", "straat", "adres", "straat nr", "adresse", "rue", "rue et numero", "address", "street", "street and number"},
	ePostcode:       {"postcode", "code postal", "postal code", "zip", "postnummer"},
	eCity:           {"gemeente", "plaats", "stad", "woonplaats", "commune", "localite", "city", "municipality"},
	eRadius:         {"werkgebied km", "straal", "straal km", "rayon", "rayon km", "radius", "radius km", "service area km"},
	eArea:           {"werkgebied gemeenten provincies", "werkgebied", "werkgebied gemeenten", "zone", "zone d intervention", "service area"},
	eEmail:          {"e mail", "email", "mail", "e mailadres", "mailadres", "courriel", "adresse e mail"},
	ePhone:          {"telefoon", "tel", "telefoonnummer", "telephone", "phone", "gsm"},
	eWebsite:        {"website", "site web", "site", "url", "web", "webstek"},
	eFTETotal:       {"vte totaal", "vte", "aantal vte", "etp total", "etp", "fte total", "fte"},
	eFTETarget:      {"vte doelgroepwerknemers", "doelgroepwerknemers", "vte doelgroep", "etp groupe cible", "fte target group", "target group fte"},
	eLanguages:      {"talen", "taal", "langues", "languages"},
	eCertifications: {"certificaten", "certificaat", "certificats", "certifications", "labels", "keurmerken"},
	eDescription:    {"omschrijving", "beschrijving", "description", "over ons", "activiteiten"},
	eTargetGroups:   {"doelgroepen", "doelgroep", "doelgroepwerknemers uit", "groupes cibles", "groupe cible", "public cible", "target groups", "target group"},
	eTransitionPaths: {"doorstroomtrajecten", "doorstroomtraject", "doorstroom", "trajets de transition", "trajet de transition",
		"parcours de transition", "transition paths", "transition path"},
}

var enterpriseIndex = func() map[string]efield {
	m := map[string]efield{}
	for f, ss := range enterpriseSynonyms {
		for _, s := range ss {
			m[s] = f
		}
	}
	return m
}()

// maxEnterpriseRows bounds the rows read from the Onderneming sheet.
const maxEnterpriseRows = 200

type ecell struct {
	row   int
	label string
	value string
}

// readEnterprise reads the Onderneming sheet: a label in column A, its
// value in column B. It sets Enterprise when the sheet is filled in
// without errors, records the problems otherwise, and checks the company
// number against Options.KBO.
func (c *Catalogue) readEnterprise(sheet string) error {
	rows, err := c.xf.Rows(sheet)
	if err != nil {
		return koppel.Errorf(koppel.EINVALID, "het blad %q van het bestand %q kan niet gelezen worden (%w)", sheet, c.File, err).WithKey("error.imports_sheet_unreadable", "Sheet", sheet, "File", c.File)
	}
	defer rows.Close()
	var cells [numEFields]ecell
	num := 0
	for rows.Next() && num < maxEnterpriseRows {
		num++
		row, err := rows.Columns()
		if err != nil {
			return koppel.Errorf(koppel.EINVALID, "het blad %q van het bestand %q kan niet gelezen worden (%w)", sheet, c.File, err).WithKey("error.imports_sheet_unreadable", "Sheet", sheet, "File", c.File)
		}
		if len(row) < 2 {
			continue
		}
		label := cleanCell(row[0])
		f := enterpriseIndex[headerKey(label)]
		if f == eNone {
			if i := strings.IndexAny(label, "([{"); i > 0 {
				f = enterpriseIndex[headerKey(label[:i])]
			}
		}
		if f == eNone || cells[f].label != "" {
			continue
		}
		cells[f] = ecell{row: num, label: label, value: cleanCell(row[1])}
	}
	c.EnterpriseSheet = sheet
	if x := cells[eForms]; x.label != "" {
		c.FormsRow, c.FormsColumn = x.row, x.label+" (B)"
	}
	filled := false
	for _, x := range cells {
		if x.value != "" {
			filled = true
		}
	}
	if !filled {
		return nil
	}
	c.EnterpriseFilled = true
	c.enterpriseCells = cells
	e, kbo := c.parseEnterprise(sheet, &cells)
	if kbo != "" {
		if c.opts.KBO != "" && kbo != c.opts.KBO {
			return koppel.Errorf(koppel.EINVALID, "het ondernemingsnummer in het bestand %q (%s) is niet dat van de onderneming waarvoor u oplaadt (%s); controleer het blad %q of kies de juiste onderneming", c.File, kbo, c.opts.KBO, sheet).WithKey("error.file_other_kbo", "File", c.File, "KBO", kbo.String(), "Want", c.opts.KBO.String(), "Sheet", sheet)
		}
		c.KBO = kbo
	}
	c.Enterprise = e
	return nil
}

// parseEnterprise builds the enterprise from the label cells. It returns
// nil when a cell has an error, and the valid company number if there is
// one.
func (c *Catalogue) parseEnterprise(sheet string, cells *[numEFields]ecell) (*koppel.Enterprise, koppel.KBO) {
	errs := 0
	add := func(f efield, sev string, e *cellError) {
		x := cells[f]
		if sev == koppel.SeverityError {
			errs++
			c.profileErrors = append(c.profileErrors, profileError{problem: len(c.sheetProblems), field: f})
		}
		label := x.label
		if label == "" {
			label = enterpriseLabel(f)
		}
		c.sheetProblems = append(c.sheetProblems, e.problem(koppel.Problem{
			File: c.File, Sheet: sheet, Row: x.row, Column: label + " (B)",
			Value: truncate(x.value, 200), Severity: sev,
		}))
	}
	e := &koppel.Enterprise{}

	var kbo koppel.KBO
	if v := cells[eKBO].value; v == "" {
		add(eKBO, koppel.SeverityError, problemf("import.kbo_missing"))
	} else if k, err := koppel.ParseKBO(v); err != nil {
		add(eKBO, koppel.SeverityError, errorProblem(err))
	} else {
		kbo = k
		e.KBO = k
	}

	e.Name = cells[eName].value
	switch {
	case e.Name == "":
		add(eName, koppel.SeverityError, problemf("import.enterprise_name_missing"))
	case len(e.Name) > 300:
		add(eName, koppel.SeverityError, problemf("import.enterprise_name_long"))
	}

	var forms []koppel.WorkForm
	for _, s := range splitList(textCell(cells[eForms].value)) {
		f, err := koppel.ParseWorkForm(s)
		if err != nil {
			add(eForms, koppel.SeverityWarning, errorProblem(err).then("import.work_form_left_out"))
			continue
		}
		forms = append(forms, f)
	}
	numbers := splitList(textCell(cells[eRecognitionNumber].value))
	readDates := func(f efield) []koppel.Date {
		var dates []koppel.Date
		for _, s := range strings.FieldsFunc(cells[f].value, func(r rune) bool { return r == ';' || r == '\n' || r == '|' }) {
			if s = cleanCell(s); s == "" {
				continue
			}
			d, err := parseDate(s, c.date1904)
			if err != nil {
				add(f, koppel.SeverityWarning, err.(*cellError).then("import.date_left_out"))
				d = koppel.Date{}
			}
			dates = append(dates, d)
		}
		return dates
	}
	dates, from := readDates(eValidTo), readDates(eValidFrom)
	for i, f := range forms {
		r := koppel.Recognition{Form: f}
		if len(numbers) == len(forms) {
			r.Number = numbers[i]
		} else if len(numbers) == 1 {
			r.Number = numbers[0]
		}
		if len(dates) == len(forms) {
			r.ValidTo = dates[i]
		} else if len(dates) == 1 {
			r.ValidTo = dates[0]
		}
		if len(from) == len(forms) {
			r.ValidFrom = from[i]
		} else if len(from) == 1 {
			r.ValidFrom = from[0]
		}
		e.Recognitions = append(e.Recognitions, r)
	}
	if len(forms) == 0 && (len(numbers) > 0 || len(dates) > 0 || len(from) > 0) {
		add(eForms, koppel.SeverityWarning, problemf("import.recognition_without_form"))
	}

	e.Address.Street = textCell(cells[eStreet].value)
	pc, city := cells[ePostcode].value, cells[eCity].value
	switch {
	case pc != "":
		p, ok := c.ref.ResolvePlace(pc)
		if !ok {
			add(ePostcode, koppel.SeverityError, problemf("import.postcode_not_belgian", "Value", pc))
			break
		}
		e.Address.Postcode = p.Postcode
		if city == "" {
			city = p.Name
		}
	case city != "":
		p, ok := c.ref.ResolvePlace(city)
		if !ok {
			add(eCity, koppel.SeverityError, problemf("import.city_unknown", "City", city))
			break
		}
		e.Address.Postcode = p.Postcode
	default:
		add(ePostcode, koppel.SeverityError, problemf("import.postcode_missing"))
	}
	e.Address.City = city

	if v := cells[eRadius].value; v != "" && !isBlankWord(v) {
		r, err := parseRadius(v)
		if err != nil {
			add(eRadius, koppel.SeverityError, err.(*cellError))
		}
		e.ServiceArea.RadiusKm = r
	}
	if v := cells[eArea].value; v != "" && !isBlankWord(v) {
		area, unknown, errs := parseArea(c.ref, v)
		for _, err := range errs {
			add(eArea, koppel.SeverityError, err)
		}
		for _, u := range unknown {
			add(eArea, koppel.SeverityWarning, problemf("import.area_unknown", "Value", u))
		}
		if area.RadiusKm != 0 && e.ServiceArea.RadiusKm == 0 {
			e.ServiceArea.RadiusKm = area.RadiusKm
		}
		e.ServiceArea.Municipalities = area.Municipalities
		e.ServiceArea.Provinces = area.Provinces
	}

	if v := cells[eEmail].value; v != "" && !isBlankWord(v) {
		v = strings.TrimPrefix(v, "mailto:")
		if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
			add(eEmail, koppel.SeverityError, problemf("import.email_invalid", "Value", v))
		}
		e.Contact.Email = v
	}
	e.Contact.Phone = normalizePhone(textCell(cells[ePhone].value))
	e.Contact.Website = textCell(cells[eWebsite].value)

	fte := func(f efield) *float64 {
		v := cells[f].value
		if v == "" || isBlankWord(v) {
			return nil
		}
		n, _, err := parseNumber(v)
		if err != nil {
			add(f, koppel.SeverityWarning, problemf("import.fte_not_number", "Value", v))
			return nil
		}
		if n < 0 {
			add(f, koppel.SeverityError, problemf("import.fte_negative"))
		}
		return &n
	}
	e.FTETotal = fte(eFTETotal)
	e.FTETarget = fte(eFTETarget)
	if e.FTETotal != nil && e.FTETarget != nil && *e.FTETarget > *e.FTETotal {
		add(eFTETarget, koppel.SeverityError, problemf("import.fte_target_over_total", "Target", formatDutch(*e.FTETarget), "Total", formatDutch(*e.FTETotal)))
	}

	if v := cells[eLanguages].value; v != "" && !isBlankWord(v) {
		langs, unknown := parseLanguages(v)
		for _, u := range unknown {
			add(eLanguages, koppel.SeverityWarning, problemf("import.language_unknown", "Value", u))
		}
		e.Languages = langs
	}
	e.Certifications = splitList(textCell(cells[eCertifications].value))
	e.Description = textCell(cells[eDescription].value)

	if v := cells[eTargetGroups].value; v != "" && !isBlankWord(v) {
		groups, unknown := parseTargetGroups(v)
		for _, u := range unknown {
			add(eTargetGroups, koppel.SeverityWarning, problemf("import.target_group_unknown", "Value", u))
		}
		e.TargetGroups = groups
	}
	if v := cells[eTransitionPaths].value; v != "" && !isBlankWord(v) {
		yes, ok := parseYesNo(v)
		if !ok {
			add(eTransitionPaths, koppel.SeverityWarning, problemf("import.yes_no", "Value", v))
		}
		e.TransitionPaths = yes
	}

	if errs > 0 {
		return nil, kbo
	}
	// The domain's own check, as a safety net; it also fills in the place.
	if err := e.Validate(c.ref); err != nil {
		c.profileErrors = append(c.profileErrors, profileError{problem: len(c.sheetProblems), field: eNone})
		c.sheetProblems = append(c.sheetProblems, errorProblem(err).problem(koppel.Problem{
			File: c.File, Sheet: sheet, Severity: koppel.SeverityError,
		}))
		return nil, kbo
	}
	return e, kbo
}

// textCell is the text of an optional cell: "" for a word that says
// "nothing" ("-", "nvt", "onbekend"), which clears the row.
func textCell(v string) string {
	if isBlankWord(v) {
		return ""
	}
	return v
}

// profileError is an error of the Onderneming sheet: the index of its
// problem in sheetProblems and the label it is about (eNone: the sheet).
type profileError struct {
	problem int
	field   efield
}

// ExplainProfileErrors adds to each error of the Onderneming sheet what the import
// does instead of taking over the profile: stored is the profile it keeps
// ("De vorige postcode (8500) blijft"), nil when there is none, so that the
// enterprise cannot be created and nothing is imported. Call it once,
// when Enterprise is nil; without errors it does nothing.
func (c *Catalogue) ExplainProfileErrors(stored *koppel.Enterprise) {
	for _, pe := range c.profileErrors {
		var more *cellError
		switch {
		case stored == nil:
			more = problemf("import.profile_not_created")
		case (pe.field == ePostcode || pe.field == eCity) && stored.Address.Postcode != "":
			more = problemf("import.profile_kept_postcode", "Postcode", strings.TrimSpace(stored.Address.Postcode+" "+stored.Address.City))
		case pe.field == eName && stored.Name != "":
			more = problemf("import.profile_kept_name", "Name", stored.Name)
		default:
			more = problemf("import.profile_kept")
		}
		c.sheetProblems[pe.problem] = more.after(c.sheetProblems[pe.problem])
	}
	c.profileErrors = nil
}

func enterpriseLabel(f efield) string {
	for _, r := range enterpriseRows {
		if r.Field == f {
			return r.Label
		}
	}
	return ""
}

// KeepStored fills in what the Onderneming sheet left empty from the stored
// profile, so that a template filled in with only the required rows (or a
// row left out) changes those rows and keeps the rest: an empty cell keeps
// the current value, a word that says "nothing" ("-", "nvt", "onbekend")
// clears it. Work forms left empty keep the stored recognitions whole;
// given, each keeps its stored number and dates where those rows are
// empty. The street is kept only with the same postcode, the service area
// only when both its rows are empty, the target-group FTE only when it
// stays within the total. It adds a warning to the sheet's problems that
// names the rows whose stored value was kept (as the file names them), and
// does nothing when the sheet gave no profile or stored is nil.
func (c *Catalogue) KeepStored(stored *koppel.Enterprise) {
	e := c.Enterprise
	if e == nil || stored == nil {
		return
	}
	if e.PublicServiceMission == nil {
		// The sheet has no row for it.
		e.PublicServiceMission = stored.PublicServiceMission
	}
	cells := &c.enterpriseCells
	empty := func(f efield) bool { return cells[f].value == "" }
	var kept []string
	keep := func(f efield, had bool) {
		if !had {
			return
		}
		label := cells[f].label
		if label == "" {
			label = enterpriseLabel(f)
		}
		if !slices.Contains(kept, label) {
			kept = append(kept, label)
		}
	}
	if empty(eForms) {
		e.Recognitions = slices.Clone(stored.Recognitions)
		keep(eForms, len(stored.Recognitions) > 0)
	} else {
		for i := range e.Recognitions {
			r := &e.Recognitions[i]
			j := slices.IndexFunc(stored.Recognitions, func(s koppel.Recognition) bool { return s.Form == r.Form })
			if j < 0 {
				continue
			}
			s := stored.Recognitions[j]
			if empty(eRecognitionNumber) && r.Number == "" {
				r.Number = s.Number
				keep(eRecognitionNumber, s.Number != "")
			}
			if empty(eValidFrom) && r.ValidFrom.IsZero() {
				r.ValidFrom = s.ValidFrom
				keep(eValidFrom, !s.ValidFrom.IsZero())
			}
			if empty(eValidTo) && r.ValidTo.IsZero() {
				r.ValidTo = s.ValidTo
				keep(eValidTo, !s.ValidTo.IsZero())
			}
		}
	}
	if empty(eStreet) && e.Address.Postcode == stored.Address.Postcode {
		e.Address.Street = stored.Address.Street
		keep(eStreet, stored.Address.Street != "")
	}
	if empty(eRadius) && empty(eArea) {
		e.ServiceArea = stored.ServiceArea
		keep(eRadius, stored.ServiceArea.RadiusKm != 0)
		keep(eArea, len(stored.ServiceArea.Municipalities)+len(stored.ServiceArea.Provinces) > 0)
	}
	keepText := func(f efield, v *string, old string) {
		if empty(f) {
			*v = old
			keep(f, old != "")
		}
	}
	keepText(eEmail, &e.Contact.Email, stored.Contact.Email)
	keepText(ePhone, &e.Contact.Phone, stored.Contact.Phone)
	keepText(eWebsite, &e.Contact.Website, stored.Contact.Website)
	keepText(eDescription, &e.Description, stored.Description)
	if empty(eFTETotal) {
		e.FTETotal = stored.FTETotal
		keep(eFTETotal, stored.FTETotal != nil)
	}
	if empty(eFTETarget) && (stored.FTETarget == nil || e.FTETotal == nil || *stored.FTETarget <= *e.FTETotal) {
		e.FTETarget = stored.FTETarget
		keep(eFTETarget, stored.FTETarget != nil)
	}
	if empty(eLanguages) {
		e.Languages = slices.Clone(stored.Languages)
		keep(eLanguages, len(stored.Languages) > 0)
	}
	if empty(eCertifications) {
		e.Certifications = slices.Clone(stored.Certifications)
		keep(eCertifications, len(stored.Certifications) > 0)
	}
	if empty(eTargetGroups) {
		e.TargetGroups = slices.Clone(stored.TargetGroups)
		keep(eTargetGroups, len(stored.TargetGroups) > 0)
	}
	if empty(eTransitionPaths) {
		e.TransitionPaths = stored.TransitionPaths
		keep(eTransitionPaths, stored.TransitionPaths)
	}
	if len(kept) == 0 {
		return
	}
	say := func(l i18n.Lang) string {
		return i18n.KeyText(l, "import.profile_rows_kept", "Rows", strings.Join(kept, i18n.T(l, "display.semicolon")))
	}
	msg := &cellError{nl: say(i18n.NL), fr: say(i18n.FR), en: say(i18n.EN)}
	c.sheetProblems = append(c.sheetProblems, msg.problem(koppel.Problem{
		File: c.File, Sheet: c.EnterpriseSheet, Severity: koppel.SeverityWarning,
	}))
}
