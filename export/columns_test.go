package export

import (
	"testing"

	"koppel/i18n"
)

// TestColumnKeys: the Dutch text of every column's key is the Dutch name
// it stands for, so a Dutch export keeps its headers, and French and
// English have their own name (only a few words are the same).
func TestColumnKeys(t *testing.T) {
	same := map[string]bool{"Score": true, "CPV": true, "Website": true, "Rang": true}
	for name, key := range columnKeys {
		if got := i18n.T(i18n.NL, key); got != name {
			t.Errorf("%s: Dutch %q, want %q", key, got, name)
		}
		if got := Header(i18n.NL, name); got != name {
			t.Errorf("Header(nl, %q) = %q", name, got)
		}
		for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
			got := Header(l, name)
			if got == "" || got == key || (got == name && !same[name]) {
				t.Errorf("Header(%s, %q) = %q", l, name, got)
			}
		}
	}
	if got := Header(i18n.FR, "Iets anders"); got != "Iets anders" {
		t.Errorf("an unknown column is %q, want its own name", got)
	}
}
