package search

import (
	"context"
	"strings"
	"sync"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"koppel"
	"koppel/indexer"
	"koppel/search/internal/engine"
)

// Store is what a Searcher reads from the store: the documents of the hits
// (the index holds none). *store.Store implements it.
type Store interface {
	FindOffering(ctx context.Context, kbo koppel.KBO, id string) (*koppel.Offering, error)
	FindEnterpriseByKBO(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error)
	FindTenderByID(ctx context.Context, id string) (*koppel.Tender, error)
}

// Places resolves postcodes, place names and provinces; *refdata.Data
// implements it.
type Places = indexer.Places

// Searcher answers offering and tender searches. It is safe for concurrent
// use, including while the indexer applies changes or reindexes.
type Searcher struct {
	Index  *indexer.Indexer
	Store  Store
	Places Places
	// PostingsCacheBytes is the budget of the engine's cache of decoded
	// postings, ResultCacheSize the number of offering results kept
	// (rcache.go); 0 keeps none. New sets the defaults. Set them before the
	// first search.
	PostingsCacheBytes int
	ResultCacheSize    int

	pcOnce    sync.Once
	pcs       []postcodePoint
	pcIdxOnce sync.Once
	pcIdx     map[string]int
	nearMu    sync.Mutex
	nearMemo  map[nearKey][]nearby // postcodes near a point, by point and radius
	cacheOnce sync.Once
	eng       *engine.Engine // term-at-a-time search of the offering index
	results   *resultCache
	words     wordTerms   // the analysed words of highlights
	lots      lotAnalysis // the analysis of lot texts (lot.go)
}

// DefaultPostingsCacheBytes is the default budget of the cache of decoded
// postings.
const DefaultPostingsCacheBytes = 128 << 20

// offeringFacetFields are the facets of offering search, in the order of
// offeringFacets.
var offeringFacetFields = []engine.Facet{
	{Field: indexer.FieldCategory},
	{Field: indexer.FieldForms, Multi: true},
	{Field: indexer.FieldProvince},
	{Field: indexer.FieldTargetGroups, Multi: true},
	{Field: indexer.FieldTransition},
}

// caches makes the engine and the caches the options ask for, once. The
// engine reads the facets of offerings and their postcodes (the distance
// of an offering is that of its enterprise's postcode, geo.go).
func (s *Searcher) caches() {
	s.cacheOnce.Do(func() {
		if s.ResultCacheSize > 0 {
			s.results = newResultCache(s.ResultCacheSize)
		}
		s.eng = engine.New(engine.Fields{Facets: offeringFacetFields, Key: indexer.FieldPostcode, Keys: s.postcodeIndex, GroupOf: enterpriseOf}, s.PostingsCacheBytes)
	})
}

// termEngine returns the engine that searches the offering index term at
// a time.
func (s *Searcher) termEngine() *engine.Engine {
	s.caches()
	return s.eng
}

// resultCache returns the cache of offering results, nil when off.
func (s *Searcher) resultCache() *resultCache {
	s.caches()
	return s.results
}

// New returns a Searcher over the indexes of ix, reading documents from st,
// with the default caches. Places are the indexer's (the reference data
// cmd/koppel handed it).
func New(ix *indexer.Indexer, st Store) *Searcher {
	return &Searcher{Index: ix, Store: st, Places: ix.Places(),
		PostingsCacheBytes: DefaultPostingsCacheBytes, ResultCacheSize: DefaultResultCacheSize}
}

var (
	time0   = indexer.OpenStart
	timeMax = indexer.OpenEnd
)

// paging checks page and size and applies the defaults.
func paging(page, size int) (int, int, error) {
	if page == 0 {
		page = 1
	}
	if size == 0 {
		size = DefaultSize
	}
	if page < 1 || size < 1 || size > MaxSize {
		return 0, 0, koppel.Errorf(koppel.EINVALID, "pagina moet 1 of meer zijn en de paginagrootte tussen 1 en %d", MaxSize).WithKey("error.search_page", "Max", MaxSize)
	}
	if page*size > maxWindow {
		return 0, 0, koppel.Errorf(koppel.EINVALID, "zoekresultaten gaan niet verder dan %d treffers; verfijn de zoekopdracht", maxWindow).WithKey("error.search_window", "Max", maxWindow)
	}
	return page, size, nil
}

// cpvPrefix accepts a full code ("90911200-8", "90911200") or a prefix of
// 2 to 8 digits ("9091") and returns the significant prefix the index holds.
func cpvPrefix(s string) (string, error) {
	t := strings.TrimSpace(s)
	if c, _, err := koppel.ParseCPV(t); err == nil {
		return c.Significant(), nil
	}
	if len(t) >= 2 && len(t) <= 8 && strings.Trim(t, "0123456789") == "" {
		return koppel.CPV(t + strings.Repeat("0", 8-len(t))).Significant(), nil
	}
	return "", koppel.Errorf(koppel.EINVALID, "CPV-code %q: geef een code (90911200-8) of het begin ervan (9091)", s).WithKey("error.cpv_prefix", "Value", s)
}

// postcode returns the place of a Belgian postcode, or EINVALID.
func (s *Searcher) postcode(code string) (koppel.Place, error) {
	p, ok := s.Places.Postcode(strings.TrimSpace(code))
	if !ok {
		return koppel.Place{}, koppel.Errorf(koppel.EINVALID, "postcode %q is geen Belgische postcode", code).WithKey("error.postcode_unknown", "Value", code)
	}
	return p, nil
}

// fieldAnalyzer is the analyzer of the Dutch text fields.
func (s *Searcher) fieldAnalyzer() string {
	if a := s.Index.Options().TextAnalyzer; a != "" {
		return a
	}
	return indexer.AnalyzerNL
}

// facetValues turns a Bleve facet into values with labels, most frequent
// first.
func facetValues(f *bsearch.FacetResult, label func(string) string) []FacetValue {
	out := []FacetValue{}
	if f == nil || f.Terms == nil {
		return out
	}
	for _, t := range f.Terms.Terms() {
		v := FacetValue{Value: t.Term, Count: t.Count}
		if label != nil {
			v.Label = label(t.Term)
		}
		out = append(out, v)
	}
	return out
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
