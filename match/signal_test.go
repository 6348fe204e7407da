package match_test

import (
	"strings"
	"testing"

	"koppel"
	"koppel/match"
)

// TestServiceSignal checks that a candidate needs a service signal: a CPV
// class in common, a category or a word of the service. A shared CPV group
// (983 "diverse diensten": laundry and bike parking) or words that only
// set the context (scholen, gemeente, kleine, dienst) are not one, and the
// explanation names only what counted.
func TestServiceSignal(t *testing.T) {
	const (
		laundry = 40000101
		bikes   = 40000102
		schools = 40000103
		linnen  = 40000104
	)
	src := buildSource([]entSpec{
		{n: laundry, name: "Wasserij", postcode: "3800", form: mwb, total: full, target: high, area: r30, offer: func(o *koppel.Offering) {
			o.ID, o.Title, o.Description, o.Category = "WAS-1", "Was en strijk van linnen", "Wassen en strijken van bedlinnen en werkkledij.", "was-strijk"
			o.CPV, o.Keywords = []koppel.CPV{"98311000"}, []string{"wasserij", "strijk"}
		}},
		{n: bikes, name: "Fietspunt", postcode: "3800", form: mwb, total: full, target: high, area: r30, offer: func(o *koppel.Offering) {
			o.ID, o.Title, o.Description, o.Category = "FTS-1", "Bewaakte fietsenstalling", "Fietsenstalling voor de scholen en diensten van de gemeente.", "fietsen"
			o.CPV, o.Keywords = []koppel.CPV{"98351110"}, []string{"fietspunt"}
		}},
		{n: schools, name: "Schoolcatering", postcode: "3800", form: mwb, total: full, target: high, area: r30, offer: func(o *koppel.Offering) {
			o.ID, o.Title, o.Description, o.Category = "CAT-1", "Maaltijden voor kleine scholen", "Warme maaltijden voor de scholen van de stad en de gemeente.", "catering"
			o.CPV, o.Keywords = []koppel.CPV{"55524000"}, []string{"maaltijden", "dienst"}
		}},
		{n: linnen, name: "Linnenkamer", postcode: "3800", form: mwb, total: full, target: high, area: r30, offer: func(o *koppel.Offering) {
			o.ID, o.Title, o.Description, o.Category = "LIN-1", "Herstellen van linnen", "Naaiwerk en herstelling van gordijnen en linnen.", "was-strijk"
			o.CPV, o.Keywords = []koppel.CPV{"98311000"}, []string{"naaiatelier"}
		}},
	})
	m := mustMatcher(t, src)
	lot := func(title, desc string, cpv koppel.CPV) *koppel.Tender {
		l := koppel.Lot{ID: "L", Title: title, Description: desc, Postcode: "3800", CPV: []koppel.CPV{cpv},
			Start: koppel.NewDate(2027, 1, 1), End: koppel.NewDate(2027, 12, 31)}
		return &koppel.Tender{ID: "T", Title: title, Lots: []koppel.Lot{l}}
	}

	t.Run("a shared CPV group is no candidate", func(t *testing.T) {
		lm := matchLot(t, m, lot("Linnendienst", "Voor het woonzorgcentrum.", "98311000"), match.Options{})
		r := ranks(lm)
		if r[kbo(laundry)] == 0 {
			t.Errorf("laundry missing: %v", r)
		}
		if r[kbo(bikes)] != 0 {
			t.Errorf("bike point at rank %d through CPV group 983", r[kbo(bikes)])
		}
	})
	t.Run("context words are no candidate", func(t *testing.T) {
		lm := matchLot(t, m, lot("Kleine dienst voor de scholen van de gemeente", "Voor de scholen van de stad.", "90919300"), match.Options{})
		for _, mt := range lm.Matches {
			t.Errorf("got %s at rank %d (%s), want no candidate", mt.Enterprise.Name, mt.Rank, mt.Explanation.Text)
		}
	})
	t.Run("the explanation names only what counted", func(t *testing.T) {
		lm := matchLot(t, m, lot("Linnendienst", "Voor het woonzorgcentrum.", "98311000"), match.Options{})
		for _, mt := range lm.Matches {
			ex := mt.Explanation
			if ex.Parts["text"] == 0 && (len(ex.Terms) > 0 || strings.Contains(ex.Text, "overeenkomende woorden")) {
				t.Errorf("%s: text score 0 but terms %v in %q", mt.Enterprise.Name, ex.Terms, ex.Text)
			}
			if ex.Parts["cpv"] == 0 && ex.CPV != nil {
				t.Errorf("%s: CPV score 0 but CPV %+v", mt.Enterprise.Name, ex.CPV)
			}
			for _, w := range ex.Terms {
				if w == "dienst" || w == "linnendienst" && ex.Parts["text"] == 0 {
					t.Errorf("%s: context word %q in the explanation", mt.Enterprise.Name, w)
				}
			}
		}
	})
}

// TestExplanationDeclaredShare checks that an enterprise eligible on its
// own declared figures is explained by them, not as "erkend".
func TestExplanationDeclaredShare(t *testing.T) {
	src := buildSource([]entSpec{
		{n: 40000201, name: "LDE Poets", postcode: "9000", form: koppel.LokaleDiensteneconomie, total: f64(10), target: f64(6), area: r30},
	})
	m := mustMatcher(t, src)
	lm := matchLot(t, m, cleaningTender(), match.Options{})
	if len(lm.Matches) != 1 {
		t.Fatalf("got %d matches, want 1", len(lm.Matches))
	}
	mt := lm.Matches[0]
	if mt.Eligibility.Verdict != koppel.Eligible || !strings.Contains(mt.Explanation.Text, "60 % doelgroepwerknemers volgens de eigen opgave") {
		t.Errorf("got %s, %q", mt.Eligibility.Verdict, mt.Explanation.Text)
	}
}
