package match_test

import (
	"slices"
	"testing"

	"koppel"
	"koppel/match"
)

// TestLotLanguage checks that a lot text is analysed in the tender's
// language and matched across languages through the synonym lists: an
// English cleaning lot finds the Dutch cleaning offerings, a French green
// lot the Dutch green one, and an English IT lot nothing, although an
// English offering shares its "and", "for" and "social". Stop words of
// any language never make a candidate, and the explanation never names
// one. The lots have no CPV code: only the text speaks.
func TestLotLanguage(t *testing.T) {
	const (
		poets   = 40000301
		windows = 40000302
		groen   = 40000303
	)
	src := buildSource([]entSpec{
		{n: poets, name: "Poetsploeg", postcode: "3800", form: mwb, total: full, target: high, area: r30, offer: func(o *koppel.Offering) {
			o.ID, o.Title, o.Description, o.Category = "SCH-1", "Schoonmaak van kantoren", "Poetsen van kantoren, vergaderzalen en sanitair.", "schoonmaak"
			o.CPV, o.Keywords = []koppel.CPV{"90919200"}, []string{"poetsdienst"}
		}},
		{n: windows, name: "Clean Team", postcode: "3800", form: mwb, total: full, target: high, area: r30, offer: func(o *koppel.Offering) {
			o.ID, o.Title, o.Description, o.Category = "SCH-1", "Window and sanitary cleaning", "Cleaning of windows and toilets for schools and offices, by a social enterprise.", "schoonmaak"
			o.CPV, o.Languages = []koppel.CPV{"90911300"}, []string{"en", "nl"}
		}},
		{n: groen, name: "Groenploeg", postcode: "3800", form: mwb, total: full, target: high, area: r30, offer: func(o *koppel.Offering) {
			o.ID, o.Title, o.Description, o.Category = "GRO-1", "Groenonderhoud van parken", "Maaien van gazons en snoeien van hagen in de parken.", "groenonderhoud"
			o.CPV, o.Keywords = []koppel.CPV{"77310000"}, []string{"groenbeheer"}
		}},
	})
	m := mustMatcher(t, src)
	lot := func(lang, title, desc string) *koppel.Tender {
		l := koppel.Lot{ID: "L", Title: title, Description: desc, Postcode: "3800",
			Start: koppel.NewDate(2027, 1, 1), End: koppel.NewDate(2027, 12, 31)}
		return &koppel.Tender{ID: "T", Title: title, Language: lang, Lots: []koppel.Lot{l}}
	}
	stop := []string{"and", "for", "the", "of", "are", "des", "et", "les", "la", "und", "die", "social"}
	for _, tc := range []struct {
		name string
		tn   *koppel.Tender
		want []koppel.KBO
	}{
		{"English cleaning", lot("en", "Cleaning of the town hall", "Daily cleaning of the offices and meeting rooms."), []koppel.KBO{kbo(poets), kbo(windows)}},
		{"French green maintenance", lot("fr", "Entretien des espaces verts", "Tonte et taille dans les parcs de la ville."), []koppel.KBO{kbo(groen)}},
		{"German cleaning", lot("de", "Reinigung der Büros", "Reinigung und Pflege der Büros und der Sanitäranlagen."), []koppel.KBO{kbo(poets), kbo(windows)}},
		{"English IT services", lot("en", "IT services for the schools", "Helpdesk and network administration for staff and pupils; software licences are renewed every year. Social clauses apply."), nil},
		{"English stop words in a Dutch lot", lot("", "Helpdesk and IT for the schools", "Ondersteuning van de leerkrachten, for all users."), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lm := matchLot(t, m, tc.tn, match.Options{})
			var got []koppel.KBO
			for _, mt := range lm.Matches {
				got = append(got, mt.Enterprise.KBO)
				for _, w := range mt.Explanation.Terms {
					if slices.Contains(stop, w) {
						t.Errorf("%s: the explanation names %q: %q", mt.Enterprise.Name, w, mt.Explanation.Text)
					}
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
