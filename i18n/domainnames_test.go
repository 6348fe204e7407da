package i18n

import (
	"strings"
	"testing"

	"koppel"
)

// TestDomainNamesParse: every name the catalogues give a work form or a
// target group (workform.*, targetgroup.*) is read back by ParseWorkForm
// and ParseTargetGroup, in every language; an unknown value's error lists
// the accepted names in the reader's language.
func TestDomainNamesParse(t *testing.T) {
	for _, l := range []Lang{NL, FR, EN} {
		for _, w := range koppel.WorkForms {
			name := T(l, "workform."+string(w.Form))
			if got, err := koppel.ParseWorkForm(name); err != nil || got != w.Form {
				t.Errorf("%s: ParseWorkForm(%q) = %q, %v; want %q", l, name, got, err, w.Form)
			}
		}
		for _, g := range koppel.TargetGroups {
			name := T(l, "targetgroup."+string(g.Group))
			if got, err := koppel.ParseTargetGroup(name); err != nil || got != g.Group {
				t.Errorf("%s: ParseTargetGroup(%q) = %q, %v; want %q", l, name, got, err, g.Group)
			}
		}
		_, werr := koppel.ParseWorkForm("fusée")
		_, gerr := koppel.ParseTargetGroup("astronautes")
		wtext, gtext := ErrorText(l, werr), ErrorText(l, gerr)
		for _, w := range koppel.WorkForms {
			if name := T(l, "workform."+string(w.Form)); !strings.Contains(wtext, name) {
				t.Errorf("%s: %q lacks %q", l, wtext, name)
			}
		}
		for _, g := range koppel.TargetGroups {
			if name := T(l, "targetgroup."+string(g.Group)); !strings.Contains(gtext, name) {
				t.Errorf("%s: %q lacks %q", l, gtext, name)
			}
		}
		if l != NL && (strings.Contains(wtext, "Invoegbedrijf") || strings.Contains(gtext, "Langdurig")) {
			t.Errorf("%s: errors name Dutch values: %q / %q", l, wtext, gtext)
		}
	}
}
