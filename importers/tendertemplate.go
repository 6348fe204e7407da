package importers

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/refdata"
)

// tenderTemplateRows is how many rows of the Opdrachten sheet get the
// dropdowns and hints.
const tenderTemplateRows = 2000

// clauseEForms names the eForms field and code of each clause kind, for
// the Uitleg sheet.
var clauseEForms = map[koppel.ClauseKind]string{
	koppel.ClauseReservedWS:         "BT-71 res-ws",
	koppel.ClauseReservedPubSer:     "BT-71 res-pub-ser",
	koppel.ClauseReservedExecution:  "BT-736 yes",
	koppel.ClauseExecutionCondition: "BT-06 soc-obj",
	koppel.ClauseAwardCriterion:     "BT-539/540/541",
	koppel.ClauseSubcontracting:     "—",
}

// WriteTenderTemplate writes the tender template as an xlsx: the
// Opdrachten sheet (a header row, one row per lot, and an example row with
// Opdracht VOORBEELD, which ReadTenders skips), the Uitleg sheet and a
// hidden list sheet feeding the dropdowns of Sociale clausule, Sociale
// doelstellingen and Status. ReadTenders reads the template back as a file
// without tenders. ref gives the social objectives of the dropdown and
// the labels of the CPV codes of the example.
func WriteTenderTemplate(w io.Writer, ref *refdata.Data) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := buildTenderTemplate(f, ref); err != nil {
		return fmt.Errorf("build tender template: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write tender template: %w", err)
	}
	return nil
}

func buildTenderTemplate(f *excelize.File, ref *refdata.Data) error {
	if err := f.SetSheetName("Sheet1", SheetTenders); err != nil {
		return err
	}
	for _, s := range []string{SheetHelp, sheetLists} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	st, err := newTemplateStyles(f)
	if err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptrTo("dd/mm/yyyy"), Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}

	// The hidden list sheet.
	objectives := ref.Codelist(refdata.ListSocialObjective)
	lists := [][]string{nil, statusChoices, nil}
	for _, c := range clauseChoices {
		lists[0] = append(lists[0], c.label)
	}
	for _, o := range objectives {
		lists[2] = append(lists[2], o.Code)
	}
	for col, list := range lists {
		for i, v := range list {
			if err := f.SetCellStr(sheetLists, cell(col+1, i+1), v); err != nil {
				return err
			}
		}
	}
	if err := f.SetSheetVisible(sheetLists, false, true); err != nil {
		return err
	}
	listRange := func(col int) string {
		letter, _ := excelize.ColumnNumberToName(col + 1)
		return fmt.Sprintf("%s!$%s$1:$%s$%d", sheetLists, letter, letter, len(lists[col]))
	}

	// Opdrachten: validations first, then the header and the example row.
	s := SheetTenders
	rng := func(fl field) string { return columnRange(tenderColumns, fl, tenderTemplateRows) }
	hint := func(fl field, title, prompt string) *excelize.DataValidation {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = rng(fl)
		dv.SetInput(title, prompt)
		return dv
	}
	clauses := dropdown(listRange(0), "Sociale clausule", "Kies uit de lijst, of typ meer clausules gescheiden door een puntkomma, bv. uitvoeringsvoorwaarde; gunningscriterium 15%.", notInListNL)
	clauses.Sqref = rng(tfClauses)
	status := dropdown(listRange(1), "Status", "Ontwerp (alleen voor u zichtbaar), Gepubliceerd of Afgesloten. Leeg = ontwerp.", notInListNL)
	status.Sqref = rng(tfStatus)
	objs := dropdown(listRange(2), "Sociale doelstellingen", "BT-775-codes: opp (werkgelegenheid voor kansengroepen), acc-all, et-eq, gen-eq, hum-right, work-cond, other; meer codes met een puntkomma.", notInListNL)
	objs.Sqref = rng(tfObjectives)
	for _, dv := range []*excelize.DataValidation{
		clauses, status, objs,
		hint(tfRef, "Opdracht", "Uw kenmerk of dossiernummer. Rijen met hetzelfde kenmerk zijn de percelen van één opdracht."),
		hint(tfLot, "Perceel", "Nummer van het perceel (1, 2, 3…). Leeg = in de volgorde van de rijen."),
		hint(tfCPV, "CPV-codes", "Eén of meer CPV-codes van 8 cijfers, met of zonder controlecijfer (90911200-8), gescheiden door een puntkomma."),
		hint(tfPlace, "Plaats van uitvoering", "Postcode of gemeente, bv. 9000 of Gent."),
		hint(tfStart, "Start", "Datum als dd/mm/jjjj, bv. 01/09/2026."),
		hint(tfEnd, "Einde", "Datum als dd/mm/jjjj, niet voor de start."),
		hint(tfDeadline, "Uiterste indiendatum", "Datum als dd/mm/jjjj; een uur mag erbij (15/06/2026 11:00)."),
	} {
		if err := f.AddDataValidation(s, dv); err != nil {
			return err
		}
	}
	if err := writeHeaderRow(f, s, tenderColumns, st.header); err != nil {
		return err
	}
	full := func(code string) string {
		if e, ok := ref.CPV(koppel.CPV(code)); ok {
			return e.Full()
		}
		return code
	}
	example := map[field]any{
		tfRef: exampleCode, tfBuyer: "Stad Gent", tfTitle: "Schoonmaak van schoolgebouwen",
		tfDescription: "Schoonmaak van drie basisscholen. Deze voorbeeldrij wordt niet ingelezen: vervang ze door uw eigen percelen.",
		tfLot:         "1", tfLotTitle: "Basisschool De Regenboog", tfLotDescription: "Dagelijkse schoonmaak van klaslokalen en sanitair, na de schooluren.",
		tfCPV:   full("90911200") + "; " + full("90919200"),
		tfPlace: "9000", tfValue: 120000, tfVolume: 2.5,
		tfStart: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), tfEnd: time.Date(2029, 8, 31, 0, 0, 0, 0, time.UTC),
		tfDeadline: time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC),
		tfStatus:   statusChoices[0], tfClauses: clauseChoices[0].label, tfObjectives: "opp",
	}
	for i, c := range tenderColumns {
		if v, ok := example[c.Field]; ok {
			if err := f.SetCellValue(s, cell(i+1, 2), v); err != nil {
				return err
			}
		}
	}
	lastCol, _ := excelize.ColumnNumberToName(len(tenderColumns))
	if err := f.SetCellStyle(s, "A2", lastCol+"2", st.example); err != nil {
		return err
	}
	for _, fl := range []field{tfRef, tfLot, tfCPV} {
		col, _, _ := strings.Cut(rng(fl), "2:")
		if err := f.SetColStyle(s, col, st.text); err != nil {
			return err
		}
	}
	for _, fl := range []field{tfStart, tfEnd, tfDeadline} {
		col, _, _ := strings.Cut(rng(fl), "2:")
		if err := f.SetColStyle(s, col, dateStyle); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, col+"2", col+"2", st.example); err != nil {
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
		"1. Blad 'Opdrachten': één perceel per rij. Een opdracht met drie percelen heeft drie rijen met hetzelfde kenmerk in de kolom Opdracht.",
		"2. Verplicht: Aankoper en Titel opdracht, op elke rij. Zonder kenmerk vormen rijen met dezelfde aankoper en titel één opdracht.",
		"3. De voorbeeldrij (Opdracht VOORBEELD) wordt niet ingelezen; u mag ze laten staan of wissen. Kolommen mogen in een andere volgorde staan; extra kolommen worden genegeerd.",
		"4. Perceel: het nummer van het perceel; leeg = 1, 2, 3… in de volgorde van de rijen. Titel perceel: leeg = de titel van de opdracht.",
		"5. CPV-codes: 8 cijfers, met of zonder controlecijfer (90911200-8); meer codes scheidt u met een puntkomma.",
		"6. Plaats van uitvoering: een postcode of gemeente. Geraamde waarde: in euro, zonder btw (120.000,00).",
		"7. Start, Einde en Uiterste indiendatum: datums als dd/mm/jjjj. VTE: het volume in voltijdse equivalenten.",
		"8. Status: Ontwerp, Gepubliceerd of Afgesloten. Leeg = Ontwerp: de opdracht is dan alleen voor u zichtbaar tot u ze publiceert.",
		"9. Sociale clausule: kies uit de lijst of typ er meer, gescheiden door een puntkomma (zie de tabel hieronder). Een gunningscriterium mag een gewicht hebben: gunningscriterium 15%.",
		"10. Sociale doelstellingen: de eForms-codes (BT-775) of hun naam, gescheiden door een puntkomma.",
		"11. Laad het bestand op in Koppel. U krijgt een verslag met per rij wat niet klopt; rijen met een fout worden niet ingelezen.",
		"",
		"Sociale clausules:",
	}
	for i, l := range lines {
		if err := f.SetCellStr(s, cell(1, i+1), l); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(s, "A1", "A1", st.title); err != nil {
		return err
	}
	row := len(lines) + 1
	table := func(head []string, rows [][]string) error {
		for i, h := range head {
			if err := f.SetCellStr(s, cell(i+1, row), h); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(s, cell(1, row), cell(len(head), row), st.header); err != nil {
			return err
		}
		row++
		for _, r := range rows {
			for i, v := range r {
				if err := f.SetCellStr(s, cell(i+1, row), v); err != nil {
					return err
				}
			}
			row++
		}
		return nil
	}
	var clauseRows [][]string
	for _, c := range clauseChoices {
		info, _ := c.kind.Info()
		clauseRows = append(clauseRows, []string{c.label, info.Label, clauseEForms[c.kind], c.also})
	}
	if err := table([]string{"In de lijst", "Betekenis", "eForms", "Ook herkend"}, clauseRows); err != nil {
		return err
	}
	row++
	if err := f.SetCellStr(s, cell(1, row), "Sociale doelstellingen (BT-775):"); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, cell(1, row), cell(1, row), st.label); err != nil {
		return err
	}
	row++
	var objRows [][]string
	for _, o := range objectives {
		objRows = append(objRows, []string{o.Code, o.NL})
	}
	if err := table([]string{"Code", "Betekenis"}, objRows); err != nil {
		return err
	}
	for col, w := range map[string]float64{"A": 48, "B": 60, "C": 18, "D": 40} {
		if err := f.SetColWidth(s, col, col, w); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return nil
}

func ptrTo[T any](v T) *T { return &v }
