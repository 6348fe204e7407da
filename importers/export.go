package importers

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// languageNames are the Dutch names the export writes for language codes;
// parseLanguages reads each back as its code.
var languageNames = map[string]string{
	"nl": "Nederlands", "fr": "Frans", "en": "Engels", "de": "Duits", "es": "Spaans", "it": "Italiaans",
	"pt": "Portugees", "pl": "Pools", "ro": "Roemeens", "tr": "Turks", "ar": "Arabisch", "ru": "Russisch",
	"uk": "Oekraïens", "sgn": "Vlaamse gebarentaal",
}

// leadTimeHeader is the column the Dutch export adds after the template's
// own, for the field the template lacks (imports.export_lead_time in the
// other languages; the importer reads each).
const leadTimeHeader = "Levertermijn"

// WriteCatalogue writes an enterprise's current catalogue in the
// template's own format (the Onderneming sheet filled in, one Aanbod row
// per offering, the Uitleg sheet and the dropdowns), so that the file can
// be edited and uploaded again: read back by ReadCatalogue it gives the
// same profile and offerings. forEach calls its function for every
// offering, in order, and stops at its first error; the rows are streamed
// to a temporary file, so memory does not grow with the catalogue.
//
// What the importer cannot read back is lost, as with any upload: a
// keyword or recognition number containing a comma or semicolon (they
// separate the items of a list), and the numbers or dates of some but not
// all of several work forms.
func WriteCatalogue(w io.Writer, ref *refdata.Data, e *koppel.Enterprise, forEach func(fn func(*koppel.Offering) error) error) error {
	return WriteCatalogueIn(w, ref, e, i18n.NL, forEach)
}

// WriteCatalogueIn is WriteCatalogue with the template's sheet names,
// labels, headers, hints and instructions in lang (the catalogue template
// of WriteCatalogueTemplateIn), and the values of its lists (work forms,
// categories, languages, target groups, yes/no) named in lang as its
// dropdowns list them; the importer reads them in every language. Numbers
// keep a decimal comma.
func WriteCatalogueIn(w io.Writer, ref *refdata.Data, e *koppel.Enterprise, lang i18n.Lang, forEach func(fn func(*koppel.Offering) error) error) error {
	if ref == nil {
		return koppel.Errorf(koppel.EINTERNAL, "write catalogue: no reference data")
	}
	if _, ok := i18n.Parse(string(lang)); !ok {
		lang = i18n.NL
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := buildTemplate(f, ref, lang); err != nil {
		return fmt.Errorf("build catalogue export: %w", err)
	}
	if err := writeEnterpriseSheet(f, ref, e, lang); err != nil {
		return fmt.Errorf("write enterprise %s: %w", e.KBO, err)
	}
	if err := writeOfferingsSheet(f, ref, lang, forEach); err != nil {
		return err
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write catalogue export: %w", err)
	}
	return nil
}

// writeEnterpriseSheet fills in column B of the Onderneming sheet, with
// the sheet's name and the values of its lists in lang.
func writeEnterpriseSheet(f *excelize.File, ref *refdata.Data, e *koppel.Enterprise, lang i18n.Lang) error {
	sheet := i18n.T(lang, "template.sheet_enterprise")
	var forms, numbers, from, to []string
	for _, r := range e.Recognitions {
		forms = append(forms, workFormName(lang, r.Form))
		numbers = append(numbers, r.Number)
		from = append(from, r.ValidFrom.Dutch())
		to = append(to, r.ValidTo.Dutch())
	}
	var area []string
	for _, m := range e.ServiceArea.Municipalities {
		area = append(area, municipalityItem(ref, m))
	}
	area = append(area, e.ServiceArea.Provinces...)
	values := map[efield]string{
		eKBO:               e.KBO.String(),
		eName:              e.Name,
		eForms:             strings.Join(forms, "; "),
		eRecognitionNumber: joinFilled(numbers),
		eValidFrom:         joinFilled(from),
		eValidTo:           joinFilled(to),
		eStreet:            e.Address.Street,
		ePostcode:          e.Address.Postcode,
		eCity:              e.Address.City,
		eArea:              strings.Join(area, "; "),
		eEmail:             e.Contact.Email,
		ePhone:             e.Contact.Phone,
		eWebsite:           e.Contact.Website,
		eLanguages:         languageListIn(lang, e.Languages),
		eCertifications:    strings.Join(e.Certifications, "; "),
		eDescription:       e.Description,
		eTargetGroups:      targetGroupNamesIn(lang, e.TargetGroups),
		eTransitionPaths:   i18n.T(lang, "template.no"),
	}
	if e.TransitionPaths {
		values[eTransitionPaths] = i18n.T(lang, "template.yes")
	}
	if e.ServiceArea.RadiusKm != 0 {
		values[eRadius] = dutchNumber(e.ServiceArea.RadiusKm)
	}
	if e.FTETotal != nil {
		values[eFTETotal] = dutchNumber(*e.FTETotal)
	}
	if e.FTETarget != nil {
		values[eFTETarget] = dutchNumber(*e.FTETarget)
	}
	for i, r := range enterpriseRows {
		if v := values[r.Field]; v != "" {
			if err := f.SetCellStr(sheet, cell(2, i+2), v); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeOfferingsSheet streams the Aanbod sheet: the template's header (and
// Levertermijn), then one row per offering. The template's column widths,
// text columns, frozen header and dropdowns stay; its example row goes.
func writeOfferingsSheet(f *excelize.File, ref *refdata.Data, lang i18n.Lang, forEach func(fn func(*koppel.Offering) error) error) error {
	st, err := newTemplateStyles(f)
	if err != nil {
		return err
	}
	sheet := i18n.T(lang, "template.sheet_offerings")
	leadCol := len(aanbodColumns) + 1
	if err := f.SetColWidth(sheet, colName(leadCol), colName(leadCol), 20); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	header := make([]any, 0, leadCol)
	for _, c := range aanbodColumns {
		header = append(header, excelize.Cell{StyleID: st.header, Value: i18n.T(lang, offeringHeaderKeys[c.Field])})
	}
	header = append(header, excelize.Cell{StyleID: st.header, Value: i18n.T(lang, "imports.export_lead_time")})
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	areas := map[string]string{} // municipality → how it is written
	row := 1
	err = forEach(func(o *koppel.Offering) error {
		row++
		values := make([]any, leadCol)
		for i, c := range aanbodColumns {
			values[i] = offeringCell(ref, lang, areas, o, c.Field)
		}
		if o.LeadTime != "" {
			values[leadCol-1] = o.LeadTime
		}
		if err := sw.SetRow(cell(1, row), values); err != nil {
			return fmt.Errorf("write offering %s (row %d): %w", o.ID, row, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return sw.Flush()
}

// offeringCell is the value of one cell of an offering's row: text, a
// number, or nil for an empty cell.
func offeringCell(ref *refdata.Data, lang i18n.Lang, areas map[string]string, o *koppel.Offering, f field) any {
	switch f {
	case fieldID:
		return o.ID
	case fieldTitle:
		return o.Title
	case fieldDescription:
		return nilIfEmpty(o.Description)
	case fieldCategory:
		if o.Category == "" {
			return nil
		}
		return categoryName(lang, o.Category)
	case fieldCPV:
		codes := make([]string, len(o.CPV))
		for i, c := range o.CPV {
			codes[i] = string(c)
			if e, ok := ref.CPV(c); ok {
				codes[i] = e.Full()
			}
		}
		return nilIfEmpty(strings.Join(codes, "; "))
	case fieldArea:
		return nilIfEmpty(areaText(ref, areas, o.ServiceArea))
	case fieldCapacity:
		if o.Capacity == 0 {
			return nil
		}
		return o.Capacity
	case fieldUnit:
		return nilIfEmpty(o.Unit)
	case fieldPrice:
		if o.Price == nil {
			return nil
		}
		return *o.Price
	case fieldKeywords:
		return nilIfEmpty(strings.Join(o.Keywords, "; "))
	case fieldLanguages:
		return nilIfEmpty(languageListIn(lang, o.Languages))
	}
	return nil
}

// areaText writes a service area as parseArea reads it: "30 km", the
// municipalities, the provinces.
func areaText(ref *refdata.Data, cache map[string]string, a koppel.ServiceArea) string {
	var items []string
	if a.RadiusKm != 0 {
		// A decimal point: a comma would split the item.
		items = append(items, strconv.FormatFloat(a.RadiusKm, 'f', -1, 64)+" km")
	}
	for _, m := range a.Municipalities {
		s, ok := cache[m]
		if !ok {
			s = municipalityItem(ref, m)
			if len(cache) < maxCached {
				cache[m] = s
			}
		}
		items = append(items, s)
	}
	items = append(items, a.Provinces...)
	return strings.Join(items, "; ")
}

// municipalityItem writes a municipality so that parseArea reads it back as
// that municipality: its name, or, when the name is also a province or
// region (Antwerpen, Namen, Luik, Brussel), a postcode of it with the name.
func municipalityItem(ref *refdata.Data, m string) string {
	readsAs := func(s string) bool {
		a, unknown, errs := parseArea(ref, s)
		return len(unknown) == 0 && len(errs) == 0 && a.RadiusKm == 0 && len(a.Provinces) == 0 &&
			len(a.Municipalities) == 1 && a.Municipalities[0] == m
	}
	if readsAs(m) {
		return m
	}
	for _, p := range ref.PostcodesByName(m) {
		if s := p.Postcode + " " + p.Name; p.Municipality == m && readsAs(s) {
			return s
		}
	}
	return m
}

// joinFilled joins the items of a per-work-form list with "; ", or gives
// "" when none is filled in.
func joinFilled(items []string) string {
	for _, s := range items {
		if s != "" {
			return strings.Join(items, "; ")
		}
	}
	return ""
}

// dutchNumber writes a number with a decimal comma and no thousands
// separator, which parseNumber reads back exactly.
func dutchNumber(n float64) string {
	return strings.Replace(strconv.FormatFloat(n, 'f', -1, 64), ".", ",", 1)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
