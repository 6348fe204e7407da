package i18n_test

import (
	"strings"
	"testing"

	"koppel/i18n"
)

// TestImportsNoDutchLeft: the French and English texts of the imports
// catalogue (spend problems, annotated workbooks, eForms warnings, the
// tender template, export notes, sheet and file names, recognition
// conflicts) have no Dutch tell-tale word and are not the Dutch text.
func TestImportsNoDutchLeft(t *testing.T) {
	same := map[string]bool{"imports.tt_col_code": true, "imports.column_hint": true, "imports.col_score": true, "imports.col_cpv": true, "imports.col_website": true, "imports.col_rank": true,
		// A tender's matches are "Matches" in Dutch and English (sheet and file).
		"imports.export_s_matches": true, "imports.export_file.matches": true}
	n := 0
	for _, k := range i18n.Keys(i18n.NL) {
		if !strings.HasPrefix(k, "imports.") {
			continue
		}
		n++
		nl := i18n.Message(i18n.NL, k)
		for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
			m := i18n.Message(l, k)
			if m == nil {
				continue // TestEveryKeyInEveryLanguage reports it
			}
			// Dutch column names stay Dutch: a message names them.
			text := strings.NewReplacer("Titel opdracht", "", "VOORBEELD", "").Replace(m.One + " " + m.Other)
			if w := i18n.DutchLeft(l, text); w != "" {
				t.Errorf("%s %s: Dutch left: %s", l, k, w)
			}
			if m.Other == nl.Other && !same[k] {
				t.Errorf("%s %s: same text as in Dutch: %q", l, k, m.Other)
			}
		}
	}
	if n == 0 {
		t.Error("no imports.* key checked")
	}
}
