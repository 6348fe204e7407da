package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// filterQuery matches the documents of a query without scoring them: every
// match has the same score, and the query weighs nothing in the query norm
// of a conjunction it is part of. A conjunction of the text query and a
// filterQuery ranks as the text query alone, but its matches are found by
// leapfrogging from the sparser side: Bleve's BooleanQuery filter instead
// tests every match of the text (or of every document, without text)
// against the filter.
type filterQuery struct {
	q     query.Query
	score float64
}

// Searcher implements query.Query.
func (f *filterQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := f.q.Searcher(ctx, i, m, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	return &filterSearcher{Searcher: s, score: f.score}, nil
}

// filterSearcher sets the score of its matches and has no weight.
type filterSearcher struct {
	bsearch.Searcher
	score float64
}

func (s *filterSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	if d != nil {
		d.Score = s.score
	}
	return d, err
}

func (s *filterSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	if d != nil {
		d.Score = s.score
	}
	return d, err
}

func (s *filterSearcher) Weight() float64      { return 0 }
func (s *filterSearcher) SetQueryNorm(float64) {}
