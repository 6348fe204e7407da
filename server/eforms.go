package server

import (
	"fmt"
	"slices"

	"koppel/i18n"
	"koppel/refdata"
)

// eformsRow is one eForms field of a drafted clause as the clause page
// shows it: the field, its name in Dutch and each code with its label.
type eformsRow struct {
	Field, Name string
	Values      []eformsValue
}

type eformsValue struct{ Code, Label string }

// eformsFields name the fields a clause sets and the code list of each.
var eformsFields = map[string]struct{ name, list string }{
	"BT-71":  {"Voorbehouden deelname", refdata.ListReservedProcurement},
	"BT-736": {"Voorbehouden uitvoering", refdata.ListReservedExecution},
	"BT-06":  {"Strategische aankoop", refdata.ListStrategicProcurement},
	"BT-775": {"Sociale doelstelling", refdata.ListSocialObjective},
	"BT-539": {"Soort gunningscriterium", ""},
	"BT-541": {"Gewicht van het criterium (%)", ""},
}

// eformsRows turns a clause's eForms codes into rows with the codes'
// Dutch labels from the eForms code lists (a list such as BT-775 as one
// value per code, never as "[opp]"), in the order of the field names.
func eformsRows(l i18n.Lang, codes map[string]any) []eformsRow {
	ref := refdata.Load()
	rows := make([]eformsRow, 0, len(codes))
	for field, v := range codes {
		f := eformsFields[field]
		row := eformsRow{Field: field, Name: f.name}
		if k := "eforms." + field; f.name != "" && i18n.Has(l, k) {
			row.Name = i18n.T(l, k)
		}
		var items []any
		if list, ok := v.([]any); ok {
			items = list
		} else {
			items = []any{v}
		}
		for _, x := range items {
			code := fmt.Sprint(x)
			val := eformsValue{Code: code}
			if f.list != "" {
				if c, ok := ref.Code(f.list, code); ok {
					val.Label = codeLabel(l, c.NL, c.FR, c.EN, "")
				}
			}
			row.Values = append(row.Values, val)
		}
		rows = append(rows, row)
	}
	slices.SortFunc(rows, func(a, b eformsRow) int {
		if a.Field < b.Field {
			return -1
		} else if a.Field > b.Field {
			return 1
		}
		return 0
	})
	return rows
}
