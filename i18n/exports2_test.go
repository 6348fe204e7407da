package i18n_test

import (
	"strings"
	"testing"

	"koppel/i18n"
)

// TestFrenchTransitionPath checks that where the Dutch speaks of a
// (doorstroom)traject, the French says "parcours", never "trajet" alone
// ("dans la dernière phase de leur trajet"): the site's word for the
// transition path. A French "trajet" for a Dutch "rit" (a trip) is fine.
func TestFrenchTransitionPath(t *testing.T) {
	for _, key := range i18n.Keys(i18n.FR) {
		if !i18n.Has(i18n.NL, key) {
			continue
		}
		nl := strings.ToLower(strings.Join(forms(i18n.NL, key), " "))
		if !strings.Contains(nl, "traject") {
			continue
		}
		for _, s := range forms(i18n.FR, key) {
			if strings.Contains(strings.ToLower(s), "trajet") {
				t.Errorf("%s: %q says trajet; the site says parcours de transition", key, s)
			}
		}
	}
}
