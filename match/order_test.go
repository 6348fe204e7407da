package match_test

import (
	"context"
	"strings"
	"testing"

	"koppel"
	"koppel/demo"
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
// below it says in plain Dutch that distance put it there.
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
}
