package engine

import (
	"container/heap"
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Scored is a document (its external ID) with its score.
type Scored struct {
	ID    string
	Score float64
}

// ScoreRequest asks for the best documents of a planned query with
// Bleve's scores, without facets or paging.
type ScoreRequest struct {
	Query *Node
	// Filter keeps the documents it matches (nil: all); FilterKey names it
	// in the cache of filters.
	Filter    query.Query
	FilterKey string
	// Size is the number of best documents returned.
	Size int
	// Also lists documents whose scores are wanted whether or not they are
	// among the best, and whether or not the filter keeps them.
	Also []string
}

// ScoreResult are the best documents, best first (ties in index order),
// the best score of any, and the scores of the documents of Also that
// match.
type ScoreResult struct {
	Top      []Scored
	MaxScore float64
	Also     map[string]float64
}

// Score runs req over the segments of idx, which must be a Scorch index.
func (e *Engine) Score(ctx context.Context, idx bleve.Index, req ScoreRequest) (*ScoreResult, error) {
	res := &ScoreResult{Also: map[string]float64{}}
	snap, closeSnap, err := Snapshot(idx)
	if err != nil {
		return nil, err
	}
	if snap == nil {
		return nil, fmt.Errorf("score: not a Scorch index")
	}
	defer closeSnap()
	infos, offsets, err := e.infos(snap)
	if err != nil {
		return nil, err
	}
	bits, err := e.filterBits(ctx, snap, idx.Mapping(), req.Filter, req.FilterKey, infos, offsets)
	if err != nil {
		return nil, err
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
	h := &hitHeap{order: ByScore}
	err = e.runText(ctx, snap, infos, req.Query, scored, func(k int, acc *accum, view nodeView) {
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
			} else if req.Size > 0 && better(ByScore, &e, &h.e[0]) {
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
		return nil, err
	}
	sort.Slice(h.e, func(i, j int) bool { return better(ByScore, &h.e[i], &h.e[j]) })
	for _, x := range h.e {
		b, err := infos[x.seg].seg.DocID(uint64(x.local))
		if err != nil {
			return nil, err
		}
		res.Top = append(res.Top, Scored{string(b), x.score})
	}
	return res, nil
}
