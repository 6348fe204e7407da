package match

import (
	"context"
	"slices"

	"koppel"
)

// Audience is an enterprise that fits a lot and may bid on it, with the
// categories of its offerings that fit (for muted categories).
type Audience struct {
	KBO        koppel.KBO
	Verdict    koppel.Eligibility
	Categories []koppel.Category
}

// LotAudience returns every enterprise the lot of t fits and that may bid
// on it (for a reserved lot: eligible or to verify), best first, as
// MatchLot ranks them but without paging: alerts go to all of them. How
// many offerings it considers is the Matcher's Candidates.
func (m *Matcher) LotAudience(ctx context.Context, t *koppel.Tender, lot *koppel.Lot) ([]Audience, error) {
	lc := m.newLot(ctx, lot, lotLanguage(t))
	ents, _, err := m.rankLot(ctx, lc, false)
	if err != nil {
		return nil, err
	}
	out := make([]Audience, 0, len(ents))
	for _, em := range ents {
		a := Audience{KBO: em.e.KBO, Verdict: em.elig.Verdict}
		for _, so := range em.offs {
			if c := so.o.Category; c != "" && !slices.Contains(a.Categories, c) {
				a.Categories = append(a.Categories, c)
			}
		}
		out = append(out, a)
	}
	return out, nil
}
