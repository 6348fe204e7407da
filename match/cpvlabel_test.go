package match_test

import (
	"context"
	"strings"
	"testing"

	"koppel"
	"koppel/demo"
	"koppel/i18n"
	"koppel/indexer/indexertest"
	"koppel/match"
	"koppel/refdata"
)

// TestCPVLabelLanguage: the label of the shared CPV code in a match's
// explanation (explanation.cpv.label in the API) is the code's name in
// the reader's language, from the CPV list, as in the explanation's text.
func TestCPVLabelLanguage(t *testing.T) {
	ref := refdata.Load()
	m := mustMatcher(t, indexertest.FromDemo(demo.DefaultOptions()))
	tn := &koppel.Tender{ID: "T-1", Title: "Schoonmaak van scholen", Buyer: koppel.Buyer{Name: "Stad"}, Lots: []koppel.Lot{{ID: "1",
		Title: "Schoonmaak van scholen", Description: "Dagelijkse schoonmaak van klaslokalen en sanitair.", CPV: []koppel.CPV{"90911200"}, Postcode: "9000"}}}
	if err := tn.Validate(ref); err != nil {
		t.Fatal(err)
	}
	for _, l := range []i18n.Lang{i18n.NL, i18n.FR, i18n.EN} {
		lm, err := m.MatchLot(i18n.With(context.Background(), l), tn, &tn.Lots[0], match.Options{Size: match.MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, mt := range lm.Matches {
			c := mt.Explanation.CPV
			if c == nil {
				continue
			}
			e, ok := ref.CPV(koppel.CPV(c.SharedPrefix + strings.Repeat("0", 8-len(c.SharedPrefix))))
			if !ok {
				continue
			}
			want := map[i18n.Lang]string{i18n.NL: e.NL, i18n.FR: e.FR, i18n.EN: e.EN}[l]
			if c.Label != want || want == "" {
				t.Errorf("%s: %s shares %s labelled %q, want %q", l, mt.Enterprise.Name, c.SharedPrefix, c.Label, want)
			}
			if l != i18n.NL && c.Label == e.NL {
				t.Errorf("%s: %s: the label %q is the Dutch one", l, mt.Enterprise.Name, c.Label)
			}
			if !strings.Contains(mt.Explanation.Text, "("+c.Label+")") {
				t.Errorf("%s: %s: the text %q does not name %q", l, mt.Enterprise.Name, mt.Explanation.Text, c.Label)
			}
			checked++
		}
		if checked == 0 {
			t.Fatalf("%s: no match shares a CPV code with a label", l)
		}
	}
}
