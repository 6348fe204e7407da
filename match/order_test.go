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

// TestOrderNearFirst matches a cleaning lot in Gent (in English, as TED
// notices often are) against the full demo data, where the walk-through
// found a cleaner in Tielt (27.8 km) above the ones in Gent: both do the
// service (the lot's CPV code), the farther one shares more words with the
// lot. The nearest cleaner with the lot's CPV code now stands above every
// one 25 km or more away with that code, and the explanation of the match
// below it says in plain Dutch that distance put it there, and in French
// and English to readers of those languages.
func TestOrderNearFirst(t *testing.T) {
	ref := refdata.Load()
	m := mustMatcher(t, indexertest.FromDemo(demo.DefaultOptions()))
	lot := koppel.Lot{ID: "LOT-1", Title: "Cleaning of school buildings", Description: "Daily cleaning of classrooms, corridors and sanitary facilities of the schools of the city.",
		CPV: []koppel.CPV{"90911200"}, Postcode: "9000", VolumeFTE: 2, Clauses: []koppel.Clause{{Kind: koppel.ClauseExecutionCondition}}}
	tn := &koppel.Tender{ID: "T-1", Title: "Cleaning of school buildings", Language: "en", Buyer: koppel.Buyer{Name: "Stad"}, Lots: []koppel.Lot{lot}}
	if err := tn.Validate(ref); err != nil {
		t.Fatal(err)
	}
	lm, err := m.MatchLot(context.Background(), tn, &tn.Lots[0], match.Options{Size: match.MaxSize})
	if err != nil {
		t.Fatal(err)
	}
	km := func(mt match.Match) float64 {
		if mt.Explanation.DistanceKm == nil {
			t.Fatalf("%s has no distance", mt.Enterprise.Name)
		}
		return *mt.Explanation.DistanceKm
	}
	near := -1
	for i, mt := range lm.Matches {
		if mt.Explanation.Parts["cpv"] == 1 && (near < 0 || km(mt) < km(lm.Matches[near])) {
			near = i
		}
	}
	if near < 0 || km(lm.Matches[near]) > 1 {
		t.Fatalf("no cleaner with the lot's CPV code in Gent among %d matches", len(lm.Matches))
	}
	farBelow := 0
	for i, mt := range lm.Matches {
		if mt.Explanation.Parts["cpv"] == 1 && km(mt) >= 25 {
			if i < near {
				t.Errorf("%s (%.1f km) ranks %d, above %s (%.1f km) at %d", mt.Enterprise.Name, km(mt), mt.Rank, lm.Matches[near].Enterprise.Name, km(lm.Matches[near]), lm.Matches[near].Rank)
			} else {
				farBelow++
			}
		}
	}
	if farBelow == 0 {
		t.Fatal("no cleaner 25 km or more away with the lot's CPV code: the test shows nothing")
	}
	for i, mt := range lm.Matches {
		if mt.Explanation.Order == "" {
			t.Errorf("rank %d: no reason for the order", mt.Rank)
		}
		want := "Staat onder "
		if i == 0 {
			want = "Staat boven "
		}
		if !strings.HasPrefix(mt.Explanation.Order, want) {
			t.Errorf("rank %d: order %q, want it to start with %q", mt.Rank, mt.Explanation.Order, want)
		}
	}
	if near+1 < len(lm.Matches) {
		below := lm.Matches[near+1]
		if km(below) >= 10 && !strings.Contains(below.Explanation.Order, "die onderneming is dichter bij Gent (0 km tegen ") {
			t.Errorf("the match below the one in Gent, %s at %.1f km: order %q, want distance named", below.Enterprise.Name, km(below), below.Explanation.Order)
		}
	}

	// In French and English the same ranking says the same in the
	// reader's language: the order, the eligibility reason and its legal
	// basis (the names of the enterprises and places stay as written).
	for _, tc := range []struct {
		lang         i18n.Lang
		below, above string
		closer       string
	}{
		{i18n.FR, "Classée après ", "Classée avant ", "l’autre entreprise est plus proche du lieu d’exécution, Gent (0 km contre "},
		{i18n.EN, "Ranked below ", "Ranked above ", "the other enterprise is closer to Gent (0 km vs "},
	} {
		in, err := m.MatchLot(i18n.With(context.Background(), tc.lang), tn, &tn.Lots[0], match.Options{Size: match.MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Matches) != len(lm.Matches) {
			t.Fatalf("%s: %d matches, want %d as in Dutch", tc.lang, len(in.Matches), len(lm.Matches))
		}
		for i, mt := range in.Matches {
			if mt.Enterprise.KBO != lm.Matches[i].Enterprise.KBO || mt.Eligibility.Verdict != lm.Matches[i].Eligibility.Verdict {
				t.Fatalf("%s: rank %d is %s (%s), want %s (%s) as in Dutch", tc.lang, mt.Rank, mt.Enterprise.Name, mt.Eligibility.Verdict, lm.Matches[i].Enterprise.Name, lm.Matches[i].Eligibility.Verdict)
			}
			want := tc.below
			if i == 0 {
				want = tc.above
			}
			if !strings.HasPrefix(mt.Explanation.Order, want) {
				t.Errorf("%s rank %d: order %q, want it to start with %q", tc.lang, mt.Rank, mt.Explanation.Order, want)
			}
			// Leave out the names people wrote before looking for Dutch.
			text := mt.Explanation.Order + "\n" + mt.Eligibility.Reason + "\n" + mt.Eligibility.LegalBasis
			for _, x := range lm.Matches {
				text = strings.ReplaceAll(text, x.Enterprise.Name, "")
			}
			if left := i18n.DutchLeft(tc.lang, text); left != "" || mt.Eligibility.Reason == lm.Matches[i].Eligibility.Reason || mt.Eligibility.LegalBasis == lm.Matches[i].Eligibility.LegalBasis {
				t.Errorf("%s rank %d: Dutch left in %q (%q)", tc.lang, mt.Rank, text, left)
			}
		}
		if near+1 < len(in.Matches) && km(lm.Matches[near+1]) >= 10 && !strings.Contains(in.Matches[near+1].Explanation.Order, tc.closer) {
			t.Errorf("%s: the match below the one in Gent: order %q, want %q", tc.lang, in.Matches[near+1].Explanation.Order, tc.closer)
		}
	}
}
