package importers

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
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

// tenderHeaderKeys are the catalogue keys of the tender template's headers
// (tenderColumns' in Dutch, a test checks); the importer's synonyms hold
// the French and English ones.
var tenderHeaderKeys = map[field]string{
	tfRef: "imports.tt_h_ref", tfBuyer: "imports.tt_h_buyer", tfTitle: "imports.tt_h_title", tfDescription: "imports.tt_h_description",
	tfLot: "imports.tt_h_lot", tfLotTitle: "imports.tt_h_lot_title", tfLotDescription: "imports.tt_h_lot_description",
	tfCPV: "imports.tt_h_cpv", tfPlace: "imports.tt_h_place", tfValue: "imports.tt_h_value", tfStart: "imports.tt_h_start",
	tfEnd: "imports.tt_h_end", tfVolume: "imports.tt_h_volume", tfDeadline: "imports.tt_h_deadline", tfStatus: "imports.tt_h_status",
	tfClauses: "imports.tt_h_clauses", tfObjectives: "imports.tt_h_objectives",
}

// tenderStatusChoices are the statuses of the template's Status dropdown,
// said by the catalogue (imports.tt_status.*); parseStatus reads them in
// every language.
var tenderStatusChoices = []koppel.TenderStatus{koppel.TenderDraft, koppel.TenderPublished, koppel.TenderClosed}

// clauseChoiceLabel is the dropdown value of a clause kind in lang
// ("Voorbehouden opdracht (res-ws)", "Marché réservé (res-ws)").
func clauseChoiceLabel(lang i18n.Lang, kind koppel.ClauseKind) string {
	return i18n.T(lang, "imports.tt_clause."+strings.ReplaceAll(string(kind), "-", "_"))
}

// TenderTemplateFile is the file name of the tender template in lang.
func TenderTemplateFile(lang i18n.Lang) string { return i18n.T(lang, "imports.tt_file") }

// WriteTenderTemplate writes the tender template as an xlsx: the
// Opdrachten sheet (a header row, one row per lot, and an example row with
// Opdracht VOORBEELD, which ReadTenders skips), the Uitleg sheet and a
// hidden list sheet feeding the dropdowns of Sociale clausule, Sociale
// doelstellingen and Status. ReadTenders reads the template back as a file
// without tenders. ref gives the social objectives of the dropdown and
// the labels of the CPV codes of the example.
func WriteTenderTemplate(w io.Writer, ref *refdata.Data) error {
	return WriteTenderTemplateIn(w, ref, i18n.NL)
}

// WriteTenderTemplateIn writes the tender template with its sheet names,
// headers, dropdown values, hints, example row and instructions in lang
// (Marchés / Tenders, Explication / Instructions). ReadTenders reads the
// template of every language.
func WriteTenderTemplateIn(w io.Writer, ref *refdata.Data, lang i18n.Lang) error {
	if _, ok := i18n.Parse(string(lang)); !ok {
		lang = i18n.NL
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := buildTenderTemplate(f, ref, lang); err != nil {
		return fmt.Errorf("build tender template: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write tender template: %w", err)
	}
	return nil
}

func buildTenderTemplate(f *excelize.File, ref *refdata.Data, lang i18n.Lang) error {
	t := func(key string) string { return i18n.T(lang, key) }
	sheetTenders, sheetHelp, listsSheet := t("imports.sheet.tenders"), t("template.sheet_help"), t("template.sheet_lists")
	if err := f.SetSheetName("Sheet1", sheetTenders); err != nil {
		return err
	}
	for _, s := range []string{sheetHelp, listsSheet} {
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
	lists := [][]string{nil, nil, nil}
	for _, c := range clauseChoices {
		lists[0] = append(lists[0], clauseChoiceLabel(lang, c.kind))
	}
	for _, st := range tenderStatusChoices {
		lists[1] = append(lists[1], t("imports.tt_status."+string(st)))
	}
	for _, o := range objectives {
		lists[2] = append(lists[2], o.Code)
	}
	for col, list := range lists {
		for i, v := range list {
			if err := f.SetCellStr(listsSheet, cell(col+1, i+1), v); err != nil {
				return err
			}
		}
	}
	if err := f.SetSheetVisible(listsSheet, false, true); err != nil {
		return err
	}
	listRange := func(col int) string {
		letter, _ := excelize.ColumnNumberToName(col + 1)
		return fmt.Sprintf("%s!$%s$1:$%s$%d", listsSheet, letter, letter, len(lists[col]))
	}

	// Opdrachten: validations first, then the header and the example row.
	s := sheetTenders
	rng := func(fl field) string { return columnRange(tenderColumns, fl, tenderTemplateRows) }
	hint := func(fl field, title, prompt string) *excelize.DataValidation {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = rng(fl)
		dv.SetInput(title, prompt)
		return dv
	}
	head := func(fl field) string { return t(tenderHeaderKeys[fl]) }
	notInList := t("template.dv_not_in_list")
	clauses := dropdown(listRange(0), head(tfClauses), t("imports.tt_dv_clauses"), notInList)
	clauses.Sqref = rng(tfClauses)
	status := dropdown(listRange(1), head(tfStatus), t("imports.tt_dv_status"), notInList)
	status.Sqref = rng(tfStatus)
	objs := dropdown(listRange(2), head(tfObjectives), t("imports.tt_dv_objectives"), notInList)
	objs.Sqref = rng(tfObjectives)
	for _, dv := range []*excelize.DataValidation{
		clauses, status, objs,
		hint(tfRef, head(tfRef), t("imports.tt_dv_ref")),
		hint(tfLot, head(tfLot), t("imports.tt_dv_lot")),
		hint(tfCPV, head(tfCPV), t("imports.tt_dv_cpv")),
		hint(tfPlace, head(tfPlace), t("imports.tt_dv_place")),
		hint(tfStart, head(tfStart), t("imports.tt_dv_start")),
		hint(tfEnd, head(tfEnd), t("imports.tt_dv_end")),
		hint(tfDeadline, head(tfDeadline), t("imports.tt_dv_deadline")),
	} {
		if err := f.AddDataValidation(s, dv); err != nil {
			return err
		}
	}
	columns := make([]column, len(tenderColumns))
	for i, c := range tenderColumns {
		c.Header = head(c.Field)
		columns[i] = c
	}
	if err := writeHeaderRow(f, s, columns, st.header); err != nil {
		return err
	}
	full := func(code string) string {
		if e, ok := ref.CPV(koppel.CPV(code)); ok {
			return e.Full()
		}
		return code
	}
	example := map[field]any{
		tfRef: exampleCode, tfBuyer: t("imports.tt_x_buyer"), tfTitle: t("imports.tt_x_title"),
		tfDescription: t("imports.tt_x_description"),
		tfLot:         "1", tfLotTitle: t("imports.tt_x_lot_title"), tfLotDescription: t("imports.tt_x_lot_description"),
		tfCPV:   full("90911200") + "; " + full("90919200"),
		tfPlace: t("imports.tt_x_place"), tfValue: 120000, tfVolume: 2.5,
		tfStart: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), tfEnd: time.Date(2029, 8, 31, 0, 0, 0, 0, time.UTC),
		tfDeadline: time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC),
		tfStatus:   t("imports.tt_status." + string(tenderStatusChoices[0])), tfClauses: clauseChoiceLabel(lang, clauseChoices[0].kind), tfObjectives: "opp",
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
	s = sheetHelp
	lines := []string{t("imports.tt_help_title"), ""}
	for i := 1; i <= 11; i++ {
		lines = append(lines, t("imports.tt_help."+strconv.Itoa(i)))
	}
	lines = append(lines, "", t("imports.tt_help_clauses"))
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
		clauseRows = append(clauseRows, []string{clauseChoiceLabel(lang, c.kind), i18n.Label(lang, "clausekind."+string(c.kind), info.Label), clauseEForms[c.kind], c.also})
	}
	if err := table([]string{t("imports.tt_col_in_list"), t("imports.tt_col_meaning"), "eForms", t("imports.tt_col_also")}, clauseRows); err != nil {
		return err
	}
	row++
	if err := f.SetCellStr(s, cell(1, row), t("imports.tt_help_objectives")); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, cell(1, row), cell(1, row), st.label); err != nil {
		return err
	}
	row++
	var objRows [][]string
	for _, o := range objectives {
		objRows = append(objRows, []string{o.Code, codeText(lang, o)})
	}
	if err := table([]string{t("imports.tt_col_code"), t("imports.tt_col_meaning")}, objRows); err != nil {
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

// codeText is the label of a code list entry in lang, else its Dutch one.
func codeText(lang i18n.Lang, c refdata.Code) string {
	switch {
	case lang == i18n.FR && c.FR != "":
		return c.FR
	case lang == i18n.EN && c.EN != "":
		return c.EN
	}
	return c.NL
}
