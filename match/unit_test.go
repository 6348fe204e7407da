package match_test

import (
	"context"
	"strings"
	"testing"

	"koppel"
	"koppel/i18n"
	"koppel/match"
)

// TestCapacityUnitLanguage checks that the explanation names an
// offering's capacity in the reader's words, with the plural the number
// asks for, as the enterprise page does ("256 heures", "1 meal", "1,949
// pieces"), a unit the catalogue does not know as the enterprise wrote
// it, while the API's explanation.capacity.unit stays the stored unit.
func TestCapacityUnitLanguage(t *testing.T) {
	units := map[koppel.KBO]struct {
		capacity float64
		unit     string
	}{
		kbo(40000401): {256, "uur"}, kbo(40000402): {1949, "stuks"},
		kbo(40000403): {1, "maaltijd"}, kbo(40000404): {40, "m²"},
	}
	var specs []entSpec
	for i, name := range []string{"Urenploeg", "Stukwerk", "Keuken", "Vloeren"} {
		n := 40000401 + i
		u := units[kbo(n)]
		specs = append(specs, entSpec{n: n, name: name, postcode: "3800", form: mwb, total: full, target: high, area: r30,
			offer: func(o *koppel.Offering) { o.Capacity, o.Unit = u.capacity, u.unit }})
	}
	m := mustMatcher(t, buildSource(specs))
	tn := &koppel.Tender{ID: "T", Title: "Schoonmaak van kantoren", Lots: []koppel.Lot{{ID: "L",
		Title: "Schoonmaak van kantoren", Description: "Dagelijkse schoonmaak van kantoren en sanitair.", Postcode: "3800",
		Start: koppel.NewDate(2027, 1, 1), End: koppel.NewDate(2027, 12, 31)}}}
	for _, tc := range []struct {
		lang  i18n.Lang
		words map[koppel.KBO]string
	}{
		{i18n.NL, map[koppel.KBO]string{kbo(40000401): "capaciteit 256 uur", kbo(40000402): "capaciteit 1.949 stuks", kbo(40000403): "capaciteit 1 maaltijd", kbo(40000404): "capaciteit 40 m²"}},
		{i18n.FR, map[koppel.KBO]string{kbo(40000401): "capacité 256 heures", kbo(40000402): "capacité " + i18n.Number(i18n.FR, 1949, 0) + " pièces", kbo(40000403): "capacité 1 repas", kbo(40000404): "capacité 40 m²"}},
		{i18n.EN, map[koppel.KBO]string{kbo(40000401): "capacity 256 hours", kbo(40000402): "capacity 1,949 pieces", kbo(40000403): "capacity 1 meal", kbo(40000404): "capacity 40 m²"}},
	} {
		lm, err := m.MatchLot(i18n.With(context.Background(), tc.lang), tn, &tn.Lots[0], match.Options{Size: match.MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		if len(lm.Matches) != len(units) {
			t.Fatalf("%s: %d matches, want %d", tc.lang, len(lm.Matches), len(units))
		}
		for _, mt := range lm.Matches {
			k := mt.Enterprise.KBO
			if !strings.Contains(mt.Explanation.Text, tc.words[k]) {
				t.Errorf("%s %s: explanation %q, want %q in it", tc.lang, mt.Enterprise.Name, mt.Explanation.Text, tc.words[k])
			}
			if c := mt.Explanation.Capacity; c == nil || c.Unit != units[k].unit || c.Offered != units[k].capacity {
				t.Errorf("%s %s: capacity %+v, want %v %q as stored", tc.lang, mt.Enterprise.Name, c, units[k].capacity, units[k].unit)
			}
		}
	}
}
