package importers

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/refdata"
)

// Sheet names of the template.
const (
	SheetEnterprise = "Onderneming"
	SheetOfferings  = "Aanbod"
	SheetHelp       = "Uitleg"
	sheetLists      = "Lijsten"
)

// templateRows is how many rows of the Aanbod sheet get the dropdowns and
// hints.
const templateRows = 5000

// languageChoices are the Talen dropdown values; other combinations may be
// typed.
var languageChoices = []string{
	"Nederlands", "Frans", "Engels", "Duits",
	"Nederlands, Frans", "Nederlands, Engels", "Nederlands, Frans, Engels", "Nederlands, Frans, Engels, Duits",
}

// categoryExamples gives an example service and unit per category, for the
// Uitleg sheet.
var categoryExamples = map[koppel.Category][2]string{
	"schoonmaak":                 {"Dagelijkse schoonmaak van klaslokalen en sanitair", "uur"},
	"groenonderhoud":             {"Maaien, snoeien en onderhoud van de speelplaats", "uur"},
	"fietsen":                    {"Fietspunt: herstelling en onderhoud van schoolfietsen", "fiets"},
	"klusjes":                    {"Kleine herstellingen en schilderwerk in schoolgebouwen", "uur"},
	"catering":                   {"Warme middagmaaltijden voor scholen", "maaltijd"},
	"was-strijk":                 {"Was en strijk van werkkledij en linnen", "kg"},
	"kringloop":                  {"Ophalen en hergebruik van afgedankt schoolmeubilair", "rit"},
	"logistiek":                  {"Verpakken en verzenden van drukwerk", "uur"},
	"energie-renovatie":          {"Dakisolatie en energiescan van gemeentegebouwen", "m²"},
	"drukwerk-digitalisering":    {"Scannen en digitaliseren van archieven", "pagina"},
	"sport-schoolinfrastructuur": {"Openstellen en toezicht van de sporthal na de schooluren", "uur"},
}

// WriteCatalogueTemplate writes the catalogue template as an xlsx: the
// Onderneming sheet (label and value rows), the Aanbod sheet (a header row
// and an example row with Code VOORBEELD, which ReadCatalogue skips) and
// the Uitleg sheet, with dropdowns on Werkvorm, Categorie and Talen and
// hints on the company number and the CPV codes. ReadCatalogue reads the
// template back as an empty catalogue. ref gives the labels of the CPV
// codes of the examples.
func WriteCatalogueTemplate(w io.Writer, ref *refdata.Data) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := buildTemplate(f, ref); err != nil {
		return fmt.Errorf("build catalogue template: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write catalogue template: %w", err)
	}
	return nil
}

func buildTemplate(f *excelize.File, ref *refdata.Data) error {
	if err := f.SetSheetName("Sheet1", SheetEnterprise); err != nil {
		return err
	}
	for _, s := range []string{SheetOfferings, SheetHelp, sheetLists} {
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
		if err := f.SetCellStr(sheetLists, cell(1, i+1), wf.Label); err != nil {
			return err
		}
	}
	for i, c := range koppel.Categories {
		if err := f.SetCellStr(sheetLists, cell(2, i+1), c.Label); err != nil {
			return err
		}
	}
	for i, l := range languageChoices {
		if err := f.SetCellStr(sheetLists, cell(3, i+1), l); err != nil {
			return err
		}
	}
	formsRange := fmt.Sprintf("%s!$A$1:$A$%d", sheetLists, len(koppel.WorkForms))
	catRange := fmt.Sprintf("%s!$B$1:$B$%d", sheetLists, len(koppel.Categories))
	langRange := fmt.Sprintf("%s!$C$1:$C$%d", sheetLists, len(languageChoices))
	if err := f.SetSheetVisible(sheetLists, false, true); err != nil {
		return err
	}

	// Onderneming: label, value, hint.
	s := SheetEnterprise
	for i, h := range []string{"Gegeven", "Waarde", "Uitleg"} {
		if err := f.SetCellStr(s, cell(i+1, 1), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(s, "A1", "C1", header); err != nil {
		return err
	}
	for i, r := range enterpriseRows {
		row := i + 2
		if err := f.SetCellStr(s, cell(1, row), r.Label); err != nil {
			return err
		}
		if err := f.SetCellStr(s, cell(3, row), r.Hint); err != nil {
			return err
		}
		rowCell := cell(2, row)
		var dv *excelize.DataValidation
		switch r.Field {
		case eKBO:
			dv = excelize.NewDataValidation(true)
			dv.SetInput("Ondernemingsnummer", "10 cijfers zoals in de KBO, bv. 0123.456.749. Het nummer moet gelijk zijn aan dat van uw onderneming in Koppel.")
		case eForms:
			dv = dropdown(formsRange, "Werkvorm", "Kies een werkvorm uit de lijst. Meer werkvormen? Scheid ze met een puntkomma.")
		case eLanguages:
			dv = dropdown(langRange, "Talen", "Kies uit de lijst of typ de talen, gescheiden door een komma.")
		case eValidTo:
			dv = excelize.NewDataValidation(true)
			dv.SetInput("Erkend tot", "Datum als dd/mm/jjjj, bv. 31/12/2027.")
		case eValidFrom:
			dv = excelize.NewDataValidation(true)
			dv.SetInput("Erkend vanaf", "Datum als dd/mm/jjjj, bv. 01/01/2024.")
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
	s = SheetOfferings
	if err := writeHeaderRow(f, s, aanbodColumns, header); err != nil {
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
		exampleCode, "Poetsen van klaslokalen",
		"Dagelijkse schoonmaak van klaslokalen, gangen en sanitair, na de schooluren. Deze voorbeeldrij wordt niet ingelezen: vervang ze door uw eigen diensten.",
		koppel.Category("schoonmaak").Label(),
		full("90911200") + "; " + full("90919300"),
		"30 km; Gent; Oost-Vlaanderen", 3, "VTE", 32.5, "poetsen; schoonmaak; scholen", "Nederlands, Frans",
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
		dropdown(catRange, "Categorie", "Kies een categorie uit de lijst."),
		dropdown(langRange, "Talen", "Kies uit de lijst of typ de talen, gescheiden door een komma."),
		excelize.NewDataValidation(true),
		excelize.NewDataValidation(true),
		excelize.NewDataValidation(true),
	}
	dvs[0].Sqref = rng(fieldCategory)
	dvs[1].Sqref = rng(fieldLanguages)
	dvs[2].Sqref = rng(fieldCPV)
	dvs[2].SetInput("CPV-codes", "Eén of meer CPV-codes van 8 cijfers, met of zonder controlecijfer (90911200-8), gescheiden door een puntkomma. Zoek codes op simap.ted.europa.eu/cpv.")
	dvs[3].Sqref = rng(fieldID)
	dvs[3].SetInput("Code", "Uw eigen code voor deze dienst (uniek in het bestand). Laat leeg als u er geen hebt.")
	dvs[4].Sqref = rng(fieldArea)
	dvs[4].SetInput("Werkgebied", "Leeg = het werkgebied van de onderneming. Of bv. 30 km; Gent; 9820; Oost-Vlaanderen.")
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
	s = SheetHelp
	lines := []string{
		"Hoe vult u dit sjabloon in?",
		"",
		"1. Blad 'Onderneming': vul in kolom B de gegevens van uw onderneming in. Ondernemingsnummer, naam en postcode zijn verplicht.",
		"2. Blad 'Aanbod': één dienst per rij, onder de kopjes. Een voorbeeldrij (Code VOORBEELD) wordt niet ingelezen; u mag ze laten staan of wissen.",
		"3. Alleen de kolom 'Dienst' is verplicht. Kolommen mogen in een andere volgorde staan; extra kolommen worden genegeerd.",
		"4. Code: uw eigen code per dienst. Laat u ze leeg, dan maakt Koppel een code uit de naam van de dienst. Een code mag maar één keer voorkomen.",
		"5. CPV-codes: 8 cijfers, met of zonder controlecijfer (90911200-8); meer codes scheidt u met een puntkomma.",
		"6. Werkgebied: een straal (30 km), gemeenten, postcodes of provincies, gescheiden door een puntkomma. Leeg = het werkgebied van de onderneming.",
		"7. Getallen mogen met een komma of een punt (12,5 of 12.5). Prijzen zijn indicatief, in euro, per eenheid.",
		"8. Talen: Nederlands, Frans, Engels, Duits… gescheiden door een komma.",
		"9. Laad het bestand op in Koppel. U krijgt een verslag met per rij wat niet klopt; rijen met een fout worden niet ingelezen.",
		"",
		"Voorbeelden per categorie:",
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
	for i, h := range []string{"Categorie", "Voorbeeld van een dienst", "CPV-codes", "Eenheid"} {
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
		for j, v := range []string{c.Label, ex[0], strings.Join(codes, "; "), ex[1]} {
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

	idx, err := f.GetSheetIndex(SheetOfferings)
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

func dropdown(sqref, title, prompt string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	dv.SetSqrefDropList(sqref)
	dv.SetInput(title, prompt)
	// A warning, not a stop: people may type a value the list lacks (two
	// work forms, another language combination); the importer checks it.
	dv.SetError(excelize.DataValidationErrorStyleWarning, title, "Deze waarde staat niet in de lijst. Toch gebruiken?")
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
