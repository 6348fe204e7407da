package i18n_test

import (
	"strings"
	"testing"

	"koppel/i18n"
)

// TestMessagesNoDutchLeft: the French and English texts of the messages
// catalogue (errors, import problems, template, e-mails, form labels) have
// no Dutch tell-tale word, and differ from the Dutch text unless they are
// a name or a code (the same in every language).
func TestMessagesNoDutchLeft(t *testing.T) {
	same := map[string]bool{"template.h_code": true, "template.e_email": true, "template.e_postcode": true, "template.e_website": true,
		"template.h_description": true, "template.e_description": true, "template.e_certifications": true, "form.lot_postcode": true, "form.lot_start": true,
		"form.tender_status": true, "form.lot_volume": true, "template.x_unit_was_strijk": true, "template.x_unit_energie_renovatie": true, "form.tender_description": true}
	n := 0
	for _, k := range i18n.Keys(i18n.NL) {
		area, _, _ := strings.Cut(k, ".")
		if area != "error" && area != "import" && area != "template" && area != "mail" && area != "form" {
			continue
		}
		n++
		nl := i18n.Message(i18n.NL, k)
		for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
			m := i18n.Message(l, k)
			if m == nil {
				continue // TestEveryKeyInEveryLanguage reports it
			}
			// Names users type stay Dutch: column headers of the Dutch
			// template, target groups, places, the example code.
			text := strings.NewReplacer("Titel opdracht", "", "Omschrijving opdracht", "", "Mensen met een arbeidshandicap", "", "Langdurig werkzoekenden", "", "VOORBEELD", "").Replace(m.One + " " + m.Other)
			if w := i18n.DutchLeft(l, text); w != "" {
				t.Errorf("%s %s: Dutch left: %s", l, k, w)
			}
			if m.Other == nl.Other && !same[k] {
				t.Errorf("%s %s: same text as in Dutch: %q", l, k, m.Other)
			}
		}
	}
	if n < 300 {
		t.Errorf("checked %d messages, want every message of the catalogue", n)
	}
}
