package match

import (
	"context"

	"koppel"
	"koppel/clauses"
)

// ScanCandidates returns the enterprises that can serve a lot — its place is
// covered and an offering fits its text, CPV or category — best first, for
// the clause assistant's market scan. It ignores the lot's clauses: the
// scan counts eligibility itself.
func (m *Matcher) ScanCandidates(ctx context.Context, lot *koppel.Lot) ([]clauses.Candidate, error) {
	open := *lot
	open.Clauses = nil
	t := &koppel.Tender{ID: "scan", Title: lot.Title, Lots: []koppel.Lot{open}}
	res, err := m.MatchLot(ctx, t, &t.Lots[0], Options{Size: MaxSize})
	if err != nil {
		return nil, err
	}
	out := make([]clauses.Candidate, 0, len(res.Matches))
	for _, mt := range res.Matches {
		e, err := m.findEnterprise(ctx, mt.Enterprise.KBO)
		if err != nil {
			return nil, err
		}
		c := clauses.Candidate{Enterprise: e, DistanceKm: mt.Explanation.DistanceKm}
		if len(mt.Offerings) > 0 {
			c.Offering = mt.Offerings[0].Title
		}
		if cp := mt.Explanation.Capacity; cp != nil && isFTE(cp.Unit) {
			c.CapacityFTE = cp.Offered
		}
		out = append(out, c)
	}
	return out, nil
}
