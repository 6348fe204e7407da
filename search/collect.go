package search

import (
	"context"
	"sort"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"koppel"
	"koppel/search/internal/engine"
)

// Orders of collected hits.
const (
	orderScore    = engine.ByScore
	orderDistance = engine.ByValue // the distance of the enterprise's postcode
	orderID       = engine.ByID
)

// searchCollect runs an offering search term at a time (package engine)
// and collects it: the facets and the page's hits. text is the planned
// text query; without one every document matches with score 1 (as Bleve's
// MatchAll). filter keeps the documents it matches (nil: all); filterKey
// names it in the cache of filters. With perGroup above 0 the hits are of
// the list grouped per enterprise (engine.Request.PerGroup), described by
// grouped. Sorted by distance, the distance of an
// offering is that of its enterprise's postcode from ref, computed once a
// postcode per search; by score, with ref, the score is weighed by that
// distance (nearWeights). With each set, the first size hits (from is
// ignored) go to each a window at a time (engine.SearchEach, which does
// not group: perGroup must then be 0) and none are returned. ok is false
// when off is not a Scorch index: the caller then searches the plain way.
func (s *Searcher) searchCollect(ctx context.Context, off bleve.Index, text *engine.Node, filter query.Query, filterKey string, order engine.Order, from, size, perGroup int, ref *koppel.Place,
	each func([]*bsearch.DocumentMatch) error) (hits []*bsearch.DocumentMatch, total int, facets OfferingFacets, grouped *engine.Result, ok bool, err error) {
	if plainOnly {
		return nil, 0, facets, nil, false, nil
	}
	req := engine.Request{Text: text, Filter: filter, FilterKey: filterKey, Order: order, From: from, Size: size, PerGroup: perGroup}
	if order == orderDistance && ref != nil {
		pcs := s.allPostcodes()
		req.Values = make([]float64, len(pcs)+1)
		for i, p := range pcs {
			req.Values[i+1] = koppel.DistanceKm(ref.Lat, ref.Lon, p.lat, p.lon)
		}
	}
	if order == orderScore && ref != nil {
		req.Weights = s.nearWeights(ref)
	}
	var r *engine.Result
	if each != nil {
		r, ok, err = s.termEngine().SearchEach(ctx, off, req, exportWindow, each)
	} else {
		r, ok, err = s.termEngine().Search(ctx, off, req)
	}
	if err != nil || !ok {
		return nil, 0, facets, nil, ok, err
	}
	if perGroup > 0 {
		grouped = r
	}
	return r.Hits, r.Total, offeringFacets(r.Facets), grouped, true, nil
}

// offeringFacets turns the engine's counts (offeringFacetFields) into the
// result's facets, most frequent first, with their labels.
func offeringFacets(counts []map[string]int) OfferingFacets {
	values := func(m map[string]int, limit int, label func(string) string) []FacetValue {
		out := make([]FacetValue, 0, len(m))
		for t, n := range m {
			v := FacetValue{Value: t, Count: n}
			if label != nil {
				v.Label = label(t)
			}
			out = append(out, v)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Count != out[j].Count {
				return out[i].Count > out[j].Count
			}
			return out[i].Value < out[j].Value
		})
		return out[:min(len(out), limit)]
	}
	return OfferingFacets{
		Category:    values(counts[0], len(koppel.Categories), func(v string) string { return koppel.Category(v).Label() }),
		WorkForm:    values(counts[1], len(koppel.WorkForms), func(v string) string { return koppel.WorkForm(v).Label() }),
		Province:    values(counts[2], 12, nil),
		TargetGroup: values(counts[3], len(koppel.TargetGroups), targetGroupLabel),
		Transition:  values(counts[4], 1, transitionLabel),
	}
}

// postcodeIndex maps each postcode to its index in allPostcodes: the
// numbers of the engine's key field.
func (s *Searcher) postcodeIndex() map[string]int {
	s.pcIdxOnce.Do(func() {
		pcs := s.allPostcodes()
		s.pcIdx = make(map[string]int, len(pcs))
		for i, p := range pcs {
			s.pcIdx[p.code] = i
		}
	})
	return s.pcIdx
}

// plainOnly makes searchCollect decline: tests compare both ways.
var plainOnly = false
