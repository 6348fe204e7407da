package match_test

import (
	"context"
	"testing"

	"koppel"
	"koppel/match"
	"koppel/refdata"
)

// TestPagesHoldTotal checks that the count is what the list can show: the
// pages of a lot hold Total distinct enterprises, and asking for the
// not-eligible ones adds exactly Excluded, listed last and marked.
func TestPagesHoldTotal(t *testing.T) {
	ref := refdata.Load()
	src := judgedCatalogue()
	m := mustMatcher(t, src)
	withExcluded := 0
	for _, j := range readLots(t) {
		l := j.lot(t, ref)
		tn := &koppel.Tender{ID: "p-" + j.ID, Title: j.Title, Lots: []koppel.Lot{l}}
		pages := func(include bool) (*match.LotMatches, []match.Match) {
			var all []match.Match
			var first *match.LotMatches
			for page := 1; ; page++ {
				lm, err := m.MatchLot(context.Background(), tn, &tn.Lots[0], match.Options{Page: page, Size: 4, IncludeIneligible: include})
				if err != nil {
					t.Fatal(err)
				}
				if first == nil {
					first = lm
				}
				if len(lm.Matches) == 0 {
					return first, all
				}
				all = append(all, lm.Matches...)
			}
		}
		lm, shown := pages(false)
		lmAll, shownAll := pages(true)
		seen := map[koppel.KBO]bool{}
		for i, mt := range shown {
			if seen[mt.Enterprise.KBO] || mt.Rank != i+1 || mt.Eligibility.Verdict == koppel.NotEligible {
				t.Errorf("lot %s: match %d (%s, rank %d, %s) repeated, out of order or not eligible", j.ID, i, mt.Enterprise.Name, mt.Rank, mt.Eligibility.Verdict)
			}
			seen[mt.Enterprise.KBO] = true
		}
		if len(shown) != lm.Total {
			t.Errorf("lot %s: pages hold %d, total %d", j.ID, len(shown), lm.Total)
		}
		if lmAll.Total != lm.Total+lm.Excluded || len(shownAll) != lmAll.Total || lmAll.Excluded != lm.Excluded {
			t.Errorf("lot %s: with the not-eligible %d (pages %d, excluded %d), without %d + excluded %d", j.ID, lmAll.Total, len(shownAll), lmAll.Excluded, lm.Total, lm.Excluded)
		}
		notElig := 0
		for i, mt := range shownAll {
			if mt.Eligibility.Verdict == koppel.NotEligible {
				notElig++
				if mt.Eligibility.Reason == "" {
					t.Errorf("lot %s: %s not eligible without a reason", j.ID, mt.Enterprise.Name)
				}
			} else if notElig > 0 {
				t.Errorf("lot %s: eligible %s at %d after a not-eligible one", j.ID, mt.Enterprise.Name, i+1)
			}
		}
		if notElig != lm.Excluded {
			t.Errorf("lot %s: %d not eligible listed, excluded %d", j.ID, notElig, lm.Excluded)
		}
		if lm.Excluded > 0 {
			withExcluded++
		}
	}
	if withExcluded == 0 {
		t.Error("no judged lot has a fitting not-eligible enterprise")
	}
}
