package i18n_test

import (
	"strings"
	"testing"

	"koppel/i18n"
)

// TestFrenchExampleAbbreviation checks that French says "for example"
// one way, "p. ex.", never "par ex.".
func TestFrenchExampleAbbreviation(t *testing.T) {
	for _, key := range i18n.Keys(i18n.FR) {
		for _, s := range forms(i18n.FR, key) {
			if strings.Contains(strings.ToLower(s), "par ex.") {
				t.Errorf("%s: %q says par ex.; the catalogue says p. ex.", key, s)
			}
		}
	}
}

// TestFrenchTransitionTerm checks that French names the transition paths
// one way, as the site does: "parcours de transition", never "trajet(s)
// de transition" (the workbook template once did).
func TestFrenchTransitionTerm(t *testing.T) {
	for _, key := range i18n.Keys(i18n.FR) {
		for _, s := range forms(i18n.FR, key) {
			if low := strings.ToLower(s); strings.Contains(low, "trajet de transition") || strings.Contains(low, "trajets de transition") {
				t.Errorf("%s: %q says trajet de transition; the site says parcours de transition", key, s)
			}
		}
	}
}
