package search

import (
	"container/heap"
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Scored is an offering (its index ID, "KBO/code") with its score.
type Scored struct {
	ID    string
	Score float64
}

// ScoreRequest asks for the best offerings of a query, term at a time as
// offering search runs (exec.go), with Bleve's scores.
type ScoreRequest struct {
	// Query is built of term, match (operator or, not fuzzy), disjunction
	// (min ≤ 1), conjunction and match-none queries.
	Query query.Query
	// Filter keeps the offerings it matches (nil: all); FilterKey names it
	// in the cache of filters ("" does not cache it).
	Filter    query.Query
	FilterKey string
	// Size is the number of best offerings returned.
	Size int
	// Also lists offerings whose scores are wanted whether or not they are
	// among the best, and whether or not the filter keeps them.
	Also []string
}

// ScoreResult are the best offerings, best first (ties in index order),
// the best score of any, and the scores of the offerings of Also that match.
type ScoreResult struct {
	Top      []Scored
	MaxScore float64
	Also     map[string]float64
}

// ScoreOfferings runs a request on the offering index. It returns an
// EINVALID error for a query of another kind.
func (s *Searcher) ScoreOfferings(ctx context.Context, req ScoreRequest) (*ScoreResult, error) {
	res := &ScoreResult{Also: map[string]float64{}}
	err := s.Index.View(func(off, _ bleve.Index) error {
		plan, err := planOf(req.Query, off.Mapping())
		if err != nil {
			return err
		}
		snap, closeSnap, err := scorchSnapshot(off)
		if err != nil {
			return err
		}
		if snap == nil {
			return fmt.Errorf("score offerings: not a Scorch index")
		}
		defer closeSnap()
		infos, offsets, err := s.infos(snap)
		if err != nil {
			return err
		}
		bits, err := s.filterBits(ctx, snap, off.Mapping(), req.Filter, req.FilterKey, infos, offsets)
		if err != nil {
			return err
		}
		// The segment and number of each document of Also.
		also := map[int]map[uint32]string{}
		for _, id := range req.Also {
			iid, err := snap.InternalID(id)
			if err != nil || iid == nil {
				continue
			}
			num := iid.Value()
			if k := segmentOf(offsets, num); k >= 0 {
				if also[k] == nil {
					also[k] = map[uint32]string{}
				}
				also[k][uint32(num-offsets[k])] = id
			}
		}
		// Score the documents the filter keeps, and those of Also.
		scored := bits
		if bits != nil && len(also) > 0 {
			scored = make(segmentBits, len(bits))
			copy(scored, bits)
			for k, docs := range also {
				scored[k] = scored[k].with(docs)
			}
		}
		h := &hitHeap{order: orderScore}
		err = s.runText(ctx, snap, plan, scored, func(k int, acc *accum, view nodeView) {
			keep := bits.of(k)
			for _, d := range acc.touched {
				if keep != nil && !keep.has(d) {
					continue
				}
				sc, ok := view.score(acc.slots[d])
				if !ok {
					continue
				}
				res.MaxScore = max(res.MaxScore, sc) // scores are positive
				e := hitEntry{num: offsets[k] + uint64(d), seg: k, local: d, score: sc}
				if len(h.e) < req.Size {
					heap.Push(h, e)
				} else if req.Size > 0 && better(orderScore, &e, &h.e[0]) {
					h.e[0] = e
					heap.Fix(h, 0)
				}
			}
			for d, id := range also[k] {
				if sl := acc.slots[d]; sl.cnt > 0 {
					if sc, ok := view.score(sl); ok {
						res.Also[id] = sc
					}
				}
			}
		})
		if err != nil {
			return err
		}
		sort.Slice(h.e, func(i, j int) bool { return better(orderScore, &h.e[i], &h.e[j]) })
		for _, e := range h.e {
			b, err := infos[e.seg].seg.DocID(uint64(e.local))
			if err != nil {
				return err
			}
			res.Top = append(res.Top, Scored{string(b), e.score})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// planOf turns a Bleve query into a plan, as Bleve would search it.
func planOf(q query.Query, m mapping.IndexMapping) (*qnode, error) {
	field := func(f string) string {
		if f == "" {
			return m.DefaultSearchField()
		}
		return f
	}
	switch q := q.(type) {
	case *query.TermQuery:
		return termNode(field(q.FieldVal), q.Term, q.BoostVal.Value()), nil
	case *query.MatchNoneQuery:
		return &qnode{op: opOr}, nil
	case *query.MatchQuery:
		if q.Operator != query.MatchQueryOperatorOr || q.Fuzziness != 0 {
			return nil, unsupported(q)
		}
		f := field(q.FieldVal)
		name := q.Analyzer
		if name == "" {
			name = m.AnalyzerNameForPath(f)
		}
		a := m.AnalyzerNamed(name)
		if a == nil {
			return nil, fmt.Errorf("no analyzer named %q", name)
		}
		n := &qnode{op: opOr}
		for _, t := range a.Analyze([]byte(q.Match)) {
			n.kids = append(n.kids, termNode(f, string(t.Term), q.BoostVal.Value()))
		}
		return n, nil
	case *query.DisjunctionQuery:
		if q.Min > 1 {
			return nil, unsupported(q)
		}
		return planKids(opOr, q.Disjuncts, m)
	case *query.ConjunctionQuery:
		return planKids(opAnd, q.Conjuncts, m)
	}
	return nil, unsupported(q)
}

func planKids(op int, qs []query.Query, m mapping.IndexMapping) (*qnode, error) {
	n := &qnode{op: op}
	for _, k := range qs {
		kn, err := planOf(k, m)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, kn)
	}
	if len(n.kids) == 0 {
		return &qnode{op: opOr}, nil // Bleve: match none
	}
	return n, nil
}

func unsupported(q query.Query) error {
	return fmt.Errorf("score offerings: a %T is not supported", q)
}
