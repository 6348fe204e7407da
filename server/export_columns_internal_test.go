package server

import (
	"testing"

	"koppel/export"
	"koppel/i18n"
)

// TestExportColumnsTranslated: every column of every export of the server
// has a French and an English name (the few that are the same word in
// every language excepted), so no Dutch header is left in another
// language's export.
func TestExportColumnsTranslated(t *testing.T) {
	same := map[string]bool{"Score": true, "CPV": true}
	for _, cols := range [][]export.Column{offeringExportCols, enterpriseExportCols, matchExportCols, scanExportCols, shortlistExportCols, spendExportColumns, outcomeExportCols} {
		for _, c := range cols {
			if same[c.Name] {
				continue
			}
			if export.Header(i18n.FR, c.Name) == c.Name && export.Header(i18n.EN, c.Name) == c.Name {
				t.Errorf("column %q has no French or English name", c.Name)
			}
		}
	}
}
