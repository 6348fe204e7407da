package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"koppel/search/internal/engine"
)

// Scored is an offering (its index ID, "KBO/code") with its score.
type Scored = engine.Scored

// ScoreRequest asks for the best offerings of a query, term at a time as
// offering search runs, with Bleve's scores.
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
type ScoreResult = engine.ScoreResult

// ScoreOfferings runs a request on the offering index. It returns an
// error for a query of another kind.
func (s *Searcher) ScoreOfferings(ctx context.Context, req ScoreRequest) (*ScoreResult, error) {
	var res *ScoreResult
	err := s.Index.View(func(off, _ bleve.Index) error {
		plan, err := engine.Plan(req.Query, off.Mapping())
		if err != nil {
			return fmt.Errorf("score offerings: %w", err)
		}
		res, err = s.termEngine().Score(ctx, off, engine.ScoreRequest{Query: plan, Filter: req.Filter, FilterKey: req.FilterKey, Size: req.Size, Also: req.Also})
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
