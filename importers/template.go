package importers

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// SheetOfferings is the Dutch name of the template's sheet of offerings
// (the sheets' names in every language are the catalogue's
// template.sheet_* texts).
const SheetOfferings = "Aanbod"

// templateRows is how many rows of the Aanbod sheet get the dropdowns and
// hints.
const templateRows = 5000

// languageChoices are the language codes of the Talen dropdown's values
// ("Nederlands, Frans" in Dutch); other combinations may be typed.
var languageChoices = [][]string{
	{"nl"}, {"fr"}, {"en"}, {"de"},
	{"nl", "fr"}, {"nl", "en"}, {"nl", "fr", "en"}, {"nl", "fr", "en", "de"},
}

// categoryExamples are the catalogue keys of an example service and unit
// per category, for the Uitleg sheet.
var categoryExamples = map[koppel.Category][2]string{
	"schoonmaak":                 {"template.x_service_schoonmaak", "template.x_unit_schoonmaak"},
	"groenonderhoud":             {"template.x_service_groenonderhoud", "template.x_unit_groenonderhoud"},
	"fietsen":                    {"template.x_service_fietsen", "template.x_unit_fietsen"},
	"klusjes":                    {"template.x_service_klusjes", "template.x_unit_klusjes"},
	"catering":                   {"template.x_service_catering", "template.x_unit_catering"},
	"was-strijk":                 {"template.x_service_was_strijk", "template.x_unit_was_strijk"},
	"kringloop":                  {"template.x_service_kringloop", "template.x_unit_kringloop"},
	"logistiek":                  {"template.x_service_logistiek", "template.x_unit_logistiek"},
	"energie-renovatie":          {"template.x_service_energie_renovatie", "template.x_unit_energie_renovatie"},
	"drukwerk-digitalisering":    {"template.x_service_drukwerk_digitalisering", "template.x_unit_drukwerk_digitalisering"},
	"sport-schoolinfrastructuur": {"template.x_service_sport_schoolinfrastructuur", "template.x_unit_sport_schoolinfrastructuur"},
}

// enterpriseRowKeys are the catalogue keys of the label and hint of each
// row of the Onderneming sheet; in Dutch they are enterpriseRows' (a test
// checks), and the importer reads the French and English labels too.
var enterpriseRowKeys = map[efield][2]string{
	eKBO:               {"template.e_kbo", "template.e_kbo_hint"},
	eName:              {"template.e_name", "template.e_name_hint"},
	eForms:             {"template.e_forms", "template.e_forms_hint"},
	eRecognitionNumber: {"template.e_recognition", "template.e_recognition_hint"},
	eValidTo:           {"template.e_valid_to", "template.e_valid_to_hint"},
	eStreet:            {"template.e_street", "template.e_street_hint"},
	ePostcode:          {"template.e_postcode", "template.e_postcode_hint"},
	eCity:              {"template.e_city", "template.e_city_hint"},
	eRadius:            {"template.e_radius", "template.e_radius_hint"},
	eArea:              {"template.e_area", "template.e_area_hint"},
	eEmail:             {"template.e_email", "template.e_email_hint"},
	ePhone:             {"template.e_phone", "template.e_phone_hint"},
	eWebsite:           {"template.e_website", "template.e_website_hint"},
	eFTETotal:          {"template.e_fte_total", "template.e_fte_total_hint"},
	eFTETarget:         {"template.e_fte_target", "template.e_fte_target_hint"},
	eLanguages:         {"template.e_languages", "template.e_languages_hint"},
	eCertifications:    {"template.e_certifications", "template.e_certifications_hint"},
	eDescription:       {"template.e_description", "template.e_description_hint"},
	eValidFrom:         {"template.e_valid_from", "template.e_valid_from_hint"},
	eTargetGroups:      {"template.e_target_groups", "template.e_target_groups_hint"},
	eTransitionPaths:   {"template.e_transition", "template.e_transition_hint"},
}

// offeringHeaderKeys are the catalogue keys of the Aanbod sheet's headers
// (aanbodColumns' in Dutch); the importer recognises them in every
// language.
var offeringHeaderKeys = map[field]string{
	fieldID:          "template.h_code",
	fieldTitle:       "template.h_title",
	fieldDescription: "template.h_description",
	fieldCategory:    "template.h_category",
	fieldCPV:         "template.h_cpv",
	fieldArea:        "template.h_area",
	fieldCapacity:    "template.h_capacity",
	fieldUnit:        "template.h_unit",
	fieldPrice:       "template.h_price",
	fieldKeywords:    "template.h_keywords",
	fieldLanguages:   "template.h_languages",
}

// WriteCatalogueTemplate writes the catalogue template as an xlsx: the
// Onderneming sheet (label and value rows), the Aanbod sheet (a header row
// and an example row with Code VOORBEELD, which ReadCatalogue skips) and
// the Uitleg sheet, with dropdowns on Werkvorm, Categorie and Talen and
// hints on the company number and the CPV codes. ReadCatalogue reads the
// template back as an empty catalogue. ref gives the labels of the CPV
// codes of the examples.
func WriteCatalogueTemplate(w io.Writer, ref *refdata.Data) error {
	return WriteCatalogueTemplateIn(w, ref, i18n.NL)
}

// WriteCatalogueTemplateIn writes the catalogue template with its sheet
// names, labels, headers, hints and instructions in lang, and the values of
// its dropdowns (work forms, categories, languages, target groups) as the
// pages name them in lang; ReadCatalogue reads the template of every
// language, filled in with the values of any of them.
func WriteCatalogueTemplateIn(w io.Writer, ref *refdata.Data, lang i18n.Lang) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := buildTemplate(f, ref, lang); err != nil {
		return fmt.Errorf("build catalogue template: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write catalogue template: %w", err)
	}
	return nil
}

func buildTemplate(f *excelize.File, ref *refdata.Data, lang i18n.Lang) error {
	t := func(key string) string { return i18n.T(lang, key) }
	sheetEnterprise, sheetOfferings, sheetHelp, listsSheet := t("template.sheet_enterprise"), t("template.sheet_offerings"), t("template.sheet_help"), t("template.sheet_lists")
	if err := f.SetSheetName("Sheet1", sheetEnterprise); err != nil {
		return err
	}
	for _, s := range []string{sheetOfferings, sheetHelp, listsSheet} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	st, err := newTemplateStyles(f)
	if err != nil {
		return err
	}
	header, label, hint, example, text, title := st.header, st.label, st.hint, st.example, st.text, st.title

	// The hidden list sheet feeds the dropdowns: SetDropList is capped at
	// 255 characters, a range is not.
	for i, wf := range koppel.WorkForms {
		if err := f.SetCellStr(listsSheet, cell(1, i+1), workFormName(lang, wf.Form)); err != nil {
			return err
		}
	}
	for i, c := range koppel.Categories {
		if err := f.SetCellStr(listsSheet, cell(2, i+1), categoryName(lang, c.Category)); err != nil {
			return err
		}
	}
	for i, codes := range languageChoices {
		if err := f.SetCellStr(listsSheet, cell(3, i+1), languageListIn(lang, codes)); err != nil {
			return err
		}
	}
	for i, g := range koppel.TargetGroups {
		if err := f.SetCellStr(listsSheet, cell(4, i+1), targetGroupName(lang, g.Group)); err != nil {
			return err
		}
	}
	groupsRange := fmt.Sprintf("%s!$D$1:$D$%d", listsSheet, len(koppel.TargetGroups))
	formsRange := fmt.Sprintf("%s!$A$1:$A$%d", listsSheet, len(koppel.WorkForms))
	catRange := fmt.Sprintf("%s!$B$1:$B$%d", listsSheet, len(koppel.Categories))
	langRange := fmt.Sprintf("%s!$C$1:$C$%d", listsSheet, len(languageChoices))
	if err := f.SetSheetVisible(listsSheet, false, true); err != nil {
		return err
	}

	// Onderneming: label, value, hint.
	s := sheetEnterprise
	for i, h := range []string{t("template.head_field"), t("template.head_value"), t("template.head_hint")} {
		if err := f.SetCellStr(s, cell(i+1, 1), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(s, "A1", "C1", header); err != nil {
		return err
	}
	for i, r := range enterpriseRows {
		row := i + 2
		keys := enterpriseRowKeys[r.Field]
		if err := f.SetCellStr(s, cell(1, row), t(keys[0])); err != nil {
			return err
		}
		if err := f.SetCellStr(s, cell(3, row), t(keys[1])); err != nil {
			return err
		}
		rowCell := cell(2, row)
		var dv *excelize.DataValidation
		switch r.Field {
		case eKBO:
			dv = excelize.NewDataValidation(true)
			dv.SetInput(t(keys[0]), t("template.dv_kbo"))
		case eForms:
			dv = dropdown(formsRange, t(keys[0]), t("template.dv_forms"), t("template.dv_not_in_list"))
		case eLanguages:
			dv = dropdown(langRange, t(keys[0]), t("template.dv_languages"), t("template.dv_not_in_list"))
		case eValidTo:
			dv = excelize.NewDataValidation(true)
			dv.SetInput(t(keys[0]), t("template.dv_valid_to"))
		case eValidFrom:
			dv = excelize.NewDataValidation(true)
			dv.SetInput(t(keys[0]), t("template.dv_valid_from"))
		case eTargetGroups:
			dv = dropdown(groupsRange, t(keys[0]), t("template.dv_target_groups"), t("template.dv_not_in_list"))
		case eTransitionPaths:
			dv = excelize.NewDataValidation(true)
			if err := dv.SetDropList([]string{t("template.yes"), t("template.no")}); err != nil {
				return err
			}
			dv.SetInput(t(keys[0]), t("template.dv_transition"))
		}
		if dv != nil {
			dv.Sqref = rowCell
			if err := f.AddDataValidation(s, dv); err != nil {
				return err
			}
		}
	}
	last := len(enterpriseRows) + 1
	if err := f.SetCellStyle(s, "A2", cell(1, last), label); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, "B2", cell(2, last), text); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, "C2", cell(3, last), hint); err != nil {
		return err
	}
	for col, w := range map[string]float64{"A": 34, "B": 44, "C": 60} {
		if err := f.SetColWidth(s, col, col, w); err != nil {
			return err
		}
	}
	if err := freezeHeader(f, s); err != nil {
		return err
	}

	// Aanbod: header, example row, validations on the rows below.
	s = sheetOfferings
	columns := make([]column, len(aanbodColumns))
	for i, c := range aanbodColumns {
		columns[i] = c
		columns[i].Header = t(offeringHeaderKeys[c.Field])
	}
	if err := writeHeaderRow(f, s, columns, header); err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(aanbodColumns))
	full := func(code string) string {
		if e, ok := ref.CPV(koppel.CPV(code)); ok {
			return e.Full()
		}
		return code
	}
	exampleRow := []any{
		exampleCode, t("template.x_title"), t("template.x_description"),
		categoryName(lang, "schoonmaak"),
		full("90911200") + "; " + full("90919300"),
		"30 km; Gent; Oost-Vlaanderen", 3, t("template.x_unit"), 32.5, t("template.x_keywords"), languageListIn(lang, []string{"nl", "fr"}),
	}
	for i, v := range exampleRow {
		if err := f.SetCellValue(s, cell(i+1, 2), v); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(s, "A2", lastCol+"2", example); err != nil {
		return err
	}
	rng := func(f field) string { return columnRange(aanbodColumns, f, templateRows) }
	dvs := []*excelize.DataValidation{
		dropdown(catRange, t("template.h_category"), t("template.dv_category"), t("template.dv_not_in_list")),
		dropdown(langRange, t("template.h_languages"), t("template.dv_languages"), t("template.dv_not_in_list")),
		excelize.NewDataValidation(true),
		excelize.NewDataValidation(true),
		excelize.NewDataValidation(true),
	}
	dvs[0].Sqref = rng(fieldCategory)
	dvs[1].Sqref = rng(fieldLanguages)
	dvs[2].Sqref = rng(fieldCPV)
	dvs[2].SetInput(t("template.h_cpv"), t("template.dv_cpv"))
	dvs[3].Sqref = rng(fieldID)
	dvs[3].SetInput(t("template.h_code"), t("template.dv_code"))
	dvs[4].Sqref = rng(fieldArea)
	dvs[4].SetInput(t("template.h_area"), t("template.dv_area"))
	for _, dv := range dvs {
		if err := f.AddDataValidation(s, dv); err != nil {
			return err
		}
	}
	// Code and CPV-codes as text, so that leading zeros stay (09332000).
	for _, fl := range []field{fieldID, fieldCPV} {
		col, _, _ := strings.Cut(rng(fl), "2:")
		if err := f.SetColStyle(s, col, text); err != nil {
			return err
		}
	}
	if err := freezeHeader(f, s); err != nil {
		return err
	}

	// Uitleg.
	s = sheetHelp
	lines := []string{
		t("template.help_title"), "",
		t("template.help_1"), t("template.help_2"), t("template.help_3"), t("template.help_4"), t("template.help_5"),
		t("template.help_6"), t("template.help_7"), t("template.help_8"), t("template.help_9"), t("template.help_10"),
		"", t("template.help_examples"),
	}
	for i, l := range lines {
		if err := f.SetCellStr(s, cell(1, i+1), l); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(s, "A1", "A1", title); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, cell(1, len(lines)), cell(1, len(lines)), label); err != nil {
		return err
	}
	hr := len(lines) + 1
	for i, h := range []string{t("template.ex_category"), t("template.ex_service"), t("template.ex_cpv"), t("template.ex_unit")} {
		if err := f.SetCellStr(s, cell(i+1, hr), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(s, cell(1, hr), cell(4, hr), header); err != nil {
		return err
	}
	for i, c := range koppel.Categories {
		row := hr + 1 + i
		codes := make([]string, 0, 2)
		for _, code := range c.CPV[:min(2, len(c.CPV))] {
			codes = append(codes, full(string(code)))
		}
		ex := categoryExamples[c.Category]
		for j, v := range []string{categoryName(lang, c.Category), t(ex[0]), strings.Join(codes, "; "), t(ex[1])} {
			if err := f.SetCellStr(s, cell(j+1, row), v); err != nil {
				return err
			}
		}
	}
	for col, w := range map[string]float64{"A": 44, "B": 56, "C": 26, "D": 12} {
		if err := f.SetColWidth(s, col, col, w); err != nil {
			return err
		}
	}

	idx, err := f.GetSheetIndex(sheetOfferings)
	if err != nil {
		return err
	}
	f.SetActiveSheet(idx)
	return nil
}

// templateStyles are the cell styles the templates share.
type templateStyles struct {
	header, label, hint, example, text, title int
}

func newTemplateStyles(f *excelize.File) (templateStyles, error) {
	var st templateStyles
	for _, x := range []struct {
		id    *int
		style *excelize.Style
	}{
		{&st.header, &excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2F6B4F"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		}},
		{&st.label, &excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&st.hint, &excelize.Style{Font: &excelize.Font{Italic: true, Color: "666666"}, Alignment: &excelize.Alignment{WrapText: true}}},
		{&st.example, &excelize.Style{
			Font:      &excelize.Font{Italic: true, Color: "555555"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEF5EF"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		}},
		{&st.text, &excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}}, // "@": text
		{&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
	} {
		id, err := f.NewStyle(x.style)
		if err != nil {
			return st, err
		}
		*x.id = id
	}
	return st, nil
}

// writeHeaderRow writes a template's header row: the headers, their
// widths and style, the row height.
func writeHeaderRow(f *excelize.File, sheet string, columns []column, style int) error {
	for i, c := range columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetCellStr(sheet, col+"1", c.Header); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, col, col, c.Width); err != nil {
			return err
		}
	}
	lastCol, _ := excelize.ColumnNumberToName(len(columns))
	if err := f.SetCellStyle(sheet, "A1", lastCol+"1", style); err != nil {
		return err
	}
	return f.SetRowHeight(sheet, 1, 30)
}

// columnRange is the range of a field's column below the header, to the
// last row that gets validations.
func columnRange(columns []column, f field, lastRow int) string {
	for i, c := range columns {
		if c.Field == f {
			col, _ := excelize.ColumnNumberToName(i + 1)
			return fmt.Sprintf("%s2:%s%d", col, col, lastRow)
		}
	}
	return ""
}

func dropdown(sqref, title, prompt, notInList string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	dv.SetSqrefDropList(sqref)
	dv.SetInput(title, prompt)
	// A warning, not a stop: people may type a value the list lacks (two
	// work forms, another language combination); the importer checks it.
	dv.SetError(excelize.DataValidationErrorStyleWarning, title, notInList)
	return dv
}

func freezeHeader(f *excelize.File, sheet string) error {
	return f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
}

// cell names the cell of a 1-based column and row.
func cell(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}
