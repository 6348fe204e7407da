package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"koppel"
	"koppel/indexer"
)

// Sort orders of a search.
const (
	SortRelevance = "relevance"
	SortDistance  = "distance"
)

// Page sizes.
const (
	DefaultSize = 20
	MaxSize     = 100
	// maxWindow is the deepest result a search pages to.
	maxWindow = 10000
)

// OfferingQuery is a search for offerings. The zero value finds every
// offering, by relevance, first page.
type OfferingQuery struct {
	// Text is the free text: words in any order, typos tolerated, the last
	// word completed as a prefix (search as you type).
	Text string
	// Category is a category code or name ("groenonderhoud", "Schoonmaak").
	Category string
	// WorkForm is a work form code or name ("maatwerkbedrijf", "LDE").
	WorkForm string
	// CPV is a CPV code or prefix ("9091", "90911200-8"): offerings with a
	// code under it.
	CPV string
	// Province and Municipality of the enterprise ("Oost-Vlaanderen", "Gent").
	Province     string
	Municipality string
	// Language is an ISO 639-1 code: offerings in that language.
	Language string
	// ServesPostcode keeps the offerings whose service area covers the
	// postcode: within the radius around the enterprise, or the municipality
	// or province listed.
	ServesPostcode string
	// Postcode and RadiusKm keep the enterprises within RadiusKm of the
	// postcode (RadiusKm 0: no limit). Postcode (else ServesPostcode) is
	// also where distances are measured from.
	Postcode string
	RadiusKm float64
	// RecognisedOn keeps enterprises with a recognition valid on that date.
	RecognisedOn koppel.Date
	// Sort is SortRelevance (default) or SortDistance.
	Sort string
	// Page counts from 1; Size is at most MaxSize (default DefaultSize).
	Page, Size int
}

// OfferingResult is a page of offerings, in the shape of the API's JSON.
type OfferingResult struct {
	Total      int            `json:"total"`
	Page       int            `json:"page"`
	Size       int            `json:"size"`
	Hits       []OfferingHit  `json:"hits"`
	Facets     OfferingFacets `json:"facets"`
	Suggestion string         `json:"suggestion"`
}

// OfferingHit is one offering found.
type OfferingHit struct {
	Score      float64           `json:"score"`
	Offering   OfferingSummary   `json:"offering"`
	Enterprise EnterpriseSummary `json:"enterprise"`
	// DistanceKm is from the query's postcode to the enterprise; nil when
	// the query has no postcode or the enterprise no known place.
	DistanceKm *float64 `json:"distance_km"`
	// Highlights are HTML: the text escaped, the matching words in <mark>,
	// per field (title, description, keywords).
	Highlights map[string][]string `json:"highlights"`
}

// OfferingSummary is what a hit shows of an offering.
type OfferingSummary struct {
	Code          string          `json:"code"`
	Title         string          `json:"title"`
	Description   string          `json:"description"`
	Category      koppel.Category `json:"category"`
	CategoryLabel string          `json:"category_label"`
	CPV           []koppel.CPV    `json:"cpv"`
	Keywords      []string        `json:"keywords,omitempty"`
}

// EnterpriseSummary is what a hit shows of the enterprise.
type EnterpriseSummary struct {
	KBO          koppel.KBO        `json:"kbo"`
	Name         string            `json:"name"`
	WorkForms    []koppel.WorkForm `json:"work_forms"`
	Postcode     string            `json:"postcode"`
	Municipality string            `json:"municipality"`
	Province     string            `json:"province,omitempty"`
}

// OfferingFacets counts the hits per category, work form and province.
type OfferingFacets struct {
	Category []FacetValue `json:"category"`
	WorkForm []FacetValue `json:"work_form"`
	Province []FacetValue `json:"province"`
}

// FacetValue is one value of a facet with the number of hits that have it.
type FacetValue struct {
	Value string `json:"value"`
	Label string `json:"label,omitempty"`
	Count int    `json:"count"`
}

// offeringFields are the Dutch text fields of offerings with their weights:
// title > keywords > category, enterprise name > description.
var offeringFields = []textField{
	{indexer.FieldTitle, 3, true},
	{indexer.FieldKeywords, 2, true},
	{indexer.FieldCategoryLabel, 1.5, false},
	{indexer.FieldName, 1.2, false},
	{indexer.FieldDescription, 1, true},
}

// combinedBoost weighs the synonyms and compound parts of a word, looked
// up in indexer.FieldText: the sum of the weights of the fields it
// combines, which is what they weighed when looked up in each field (one
// term in a longer field scores lower in BM25 than in a short one, and the
// field-by-field scores added up).
var combinedBoost = func() float64 {
	sum := 0.0
	for _, f := range offeringFields {
		sum += f.boost
	}
	return sum
}()

// Offerings searches offerings. Returns EINVALID for an unknown category,
// work form, province, postcode or sort, or a malformed CPV code.
func (s *Searcher) Offerings(ctx context.Context, q OfferingQuery) (*OfferingResult, error) {
	page, size, err := paging(q.Page, q.Size)
	if err != nil {
		return nil, err
	}
	filters, ref, err := s.offeringFilters(q)
	if err != nil {
		return nil, err
	}
	res := &OfferingResult{Page: page, Size: size, Hits: []OfferingHit{}}
	var tq *textQuery
	var hits []*bsearch.DocumentMatch
	err = s.Index.View(func(off, _ bleve.Index) error {
		m := off.Mapping()
		if strings.TrimSpace(q.Text) != "" {
			tq = analyzeText(m, s.Index.Options(), q.Text, offeringFields)
			tq.combined, tq.combinedBoost = indexer.FieldText, combinedBoost
			tq.markKnown(off)
		}
		areaQ, err := s.servesQuery(off, q.ServesPostcode)
		if err != nil {
			return err
		}
		if areaQ != nil {
			filters = append(filters, areaQ)
		}
		// Every word must match; when that finds nothing, any word will do.
		for _, all := range []bool{true, false} {
			var textQ, filterQ query.Query
			if tq != nil && len(tq.words) > 0 {
				textQ = tq.query(all, s.offeringExtra(m))
			} else if tq != nil {
				// Only stop words: nothing to look for.
				textQ = bleve.NewMatchNoneQuery()
			}
			if len(filters) > 0 {
				filterQ = bleve.NewConjunctionQuery(filters...)
			}
			var root query.Query
			switch {
			case textQ == nil && filterQ == nil:
				root = bleve.NewMatchAllQuery()
			case plainOnly:
				// As the first version did (TestCollectLikeBleve).
				bq := bleve.NewBooleanQuery()
				if textQ != nil {
					bq.AddMust(textQ)
				}
				if filterQ != nil {
					bq.AddFilter(filterQ)
				}
				root = bq
			case filterQ == nil:
				root = textQ
			case textQ == nil:
				root = &filterQuery{q: filterQ, score: 1} // as MatchAll scores
			default:
				root = bleve.NewConjunctionQuery(textQ, &filterQuery{q: filterQ})
			}
			req := bleve.NewSearchRequestOptions(root, size, (page-1)*size, false)
			req.AddFacet("category", bleve.NewFacetRequest(indexer.FieldCategory, len(koppel.Categories)))
			req.AddFacet("work_form", bleve.NewFacetRequest(indexer.FieldForms, len(koppel.WorkForms)))
			req.AddFacet("province", bleve.NewFacetRequest(indexer.FieldProvince, 12))
			switch q.Sort {
			case "", SortRelevance:
				if tq == nil {
					req.SortBy([]string{"_id"}) // stable order without text
				}
			case SortDistance:
				if ref == nil {
					return koppel.Errorf(koppel.EINVALID, "sorteren op afstand vraagt een postcode")
				}
				req.SortByCustom(bsearch.SortOrder{
					&bsearch.SortGeoDistance{Field: indexer.FieldLocation, Lon: ref.Lon, Lat: ref.Lat, Unit: "km"},
					&bsearch.SortScore{Desc: true},
				})
			default:
				return koppel.Errorf(koppel.EINVALID, "onbekende sortering %q: relevance of distance", q.Sort)
			}
			order := orderScore
			if q.Sort == SortDistance {
				order = orderDistance
			} else if tq == nil {
				order = orderID
			}
			var ok bool
			hits, res.Total, res.Facets, ok, err = s.searchCollect(ctx, off, req, order, (page-1)*size, size, ref)
			if err != nil {
				return fmt.Errorf("search offerings: %w", err)
			}
			if !ok {
				if err := s.searchPlain(ctx, off, req, res, &hits); err != nil {
					return err
				}
			}
			if res.Total > 0 || tq == nil || len(tq.words) < 2 {
				break
			}
		}
		if res.Total == 0 && tq != nil && len(tq.raw) > 0 {
			res.Suggestion = suggest(off, tq.raw)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.offeringHits(ctx, res, hits, tq, ref); err != nil {
		return nil, err
	}
	return res, nil
}

// searchPlain runs req with Bleve's own facets and sorting: for an index
// that is not a Scorch index (see searchCollect).
func (s *Searcher) searchPlain(ctx context.Context, off bleve.Index, req *bleve.SearchRequest, res *OfferingResult, hits *[]*bsearch.DocumentMatch) error {
	sr, err := off.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("search offerings: %w", err)
	}
	res.Total = int(sr.Total)
	*hits = sr.Hits
	res.Facets = OfferingFacets{
		Category: facetValues(sr.Facets["category"], func(v string) string { return koppel.Category(v).Label() }),
		WorkForm: facetValues(sr.Facets["work_form"], func(v string) string { return koppel.WorkForm(v).Label() }),
		Province: facetValues(sr.Facets["province"], nil),
	}
	return nil
}

// offeringExtra returns the queries of a word on the French, English and
// place fields, each analysed by that field's analyzer.
func (s *Searcher) offeringExtra(m mapping.IndexMapping) func(raw string) []query.Query {
	fields := []struct {
		name     string
		analyzer string
		weight   float64
	}{
		{indexer.FieldTextFR, indexer.AnalyzerFR, weightLanguage},
		{indexer.FieldTextEN, indexer.AnalyzerEN, weightLanguage},
		{indexer.FieldPlace, indexer.AnalyzerVocab, weightPlace},
	}
	opts := s.Index.Options()
	return func(raw string) []query.Query {
		var out []query.Query
		for _, f := range fields {
			an := f.analyzer
			if opts.TextAnalyzer != "" {
				an = opts.TextAnalyzer
			}
			for _, t := range analyzedTerms(m.AnalyzerNamed(an), raw) {
				out = append(out, termQ(f.name, t, f.weight))
			}
		}
		return out
	}
}

// offeringFilters turns the query's filters into term queries, and returns
// the reference place distances are measured from.
func (s *Searcher) offeringFilters(q OfferingQuery) ([]query.Query, *koppel.Place, error) {
	var fs []query.Query
	if q.Category != "" {
		c, err := koppel.ParseCategory(q.Category)
		if err != nil {
			return nil, nil, err
		}
		fs = append(fs, termQ(indexer.FieldCategory, string(c), 1))
	}
	if q.WorkForm != "" {
		f, err := koppel.ParseWorkForm(q.WorkForm)
		if err != nil {
			return nil, nil, err
		}
		fs = append(fs, termQ(indexer.FieldForms, string(f), 1))
	}
	if q.CPV != "" {
		p, err := cpvPrefix(q.CPV)
		if err != nil {
			return nil, nil, err
		}
		fs = append(fs, termQ(indexer.FieldCPV, p, 1))
	}
	if q.Province != "" {
		p, ok := s.Places.ParseProvince(q.Province)
		if !ok {
			return nil, nil, koppel.Errorf(koppel.EINVALID, "onbekende provincie %q", q.Province)
		}
		fs = append(fs, termQ(indexer.FieldProvince, p, 1))
	}
	if q.Municipality != "" {
		p, ok := s.Places.ResolvePlace(q.Municipality)
		if !ok {
			return nil, nil, koppel.Errorf(koppel.EINVALID, "onbekende gemeente %q", q.Municipality)
		}
		fs = append(fs, termQ(indexer.FieldMunicipality, indexer.MunicipalityKey(p.Municipality), 1))
	}
	if q.Language != "" {
		fs = append(fs, termQ(indexer.FieldLanguages, strings.ToLower(strings.TrimSpace(q.Language)), 1))
	}
	if !q.RecognisedOn.IsZero() {
		d := q.RecognisedOn.Time()
		yes := true
		from := bleve.NewDateRangeInclusiveQuery(time0, d, &yes, &yes)
		from.SetField(indexer.FieldRecognisedFrom)
		to := bleve.NewDateRangeInclusiveQuery(d, timeMax, &yes, &yes)
		to.SetField(indexer.FieldRecognisedTo)
		fs = append(fs, from, to)
	}
	var ref *koppel.Place
	if q.Postcode != "" {
		p, err := s.postcode(q.Postcode)
		if err != nil {
			return nil, nil, err
		}
		ref = &p
		if q.RadiusKm < 0 {
			return nil, nil, koppel.Errorf(koppel.EINVALID, "straal mag niet negatief zijn")
		}
		if q.RadiusKm > 0 {
			fs = append(fs, s.withinQuery(p, q.RadiusKm))
		}
	} else if q.RadiusKm > 0 {
		return nil, nil, koppel.Errorf(koppel.EINVALID, "een straal vraagt een postcode")
	}
	if q.ServesPostcode != "" {
		p, err := s.postcode(q.ServesPostcode)
		if err != nil {
			return nil, nil, err
		}
		if ref == nil {
			ref = &p
		}
	}
	return fs, ref, nil
}

// offeringHits reads the offerings and enterprises of the hits from the
// store and fills in the page.
func (s *Searcher) offeringHits(ctx context.Context, res *OfferingResult, hits []*bsearch.DocumentMatch, tq *textQuery, ref *koppel.Place) error {
	ents := map[koppel.KBO]*koppel.Enterprise{}
	var hl *highlighter
	if tq != nil && len(tq.words) > 0 {
		hl = newHighlighter(tq, s.Index.Offerings().Mapping().AnalyzerNamed(s.fieldAnalyzer()))
	}
	for _, h := range hits {
		kbo, id, ok := strings.Cut(h.ID, "/")
		if !ok {
			continue
		}
		o, err := s.Store.FindOffering(ctx, koppel.KBO(kbo), id)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			continue // deleted since it was indexed
		} else if err != nil {
			return fmt.Errorf("read offering %s: %w", h.ID, err)
		}
		e, ok := ents[o.Enterprise]
		if !ok {
			e, err = s.Store.FindEnterpriseByKBO(ctx, o.Enterprise)
			if koppel.ErrorCode(err) == koppel.ENOTFOUND {
				e, err = nil, nil
			}
			if err != nil {
				return fmt.Errorf("read enterprise %s: %w", o.Enterprise, err)
			}
			ents[o.Enterprise] = e
		}
		hit := OfferingHit{
			Score: h.Score,
			Offering: OfferingSummary{
				Code: o.ID, Title: o.Title, Description: o.Description,
				Category: o.Category, CategoryLabel: o.Category.Label(),
				CPV: nonNil(o.CPV), Keywords: o.Keywords,
			},
			Highlights: map[string][]string{},
		}
		if e != nil {
			hit.Enterprise = EnterpriseSummary{KBO: e.KBO, Name: e.Name, WorkForms: []koppel.WorkForm{}, Postcode: e.Address.Postcode}
			for _, r := range e.Recognitions {
				hit.Enterprise.WorkForms = append(hit.Enterprise.WorkForms, r.Form)
			}
			if p, ok := indexer.EnterprisePlace(e, s.Places); ok {
				hit.Enterprise.Municipality, hit.Enterprise.Province = p.Municipality, p.Province
				if ref != nil {
					d := round1(koppel.DistanceKm(ref.Lat, ref.Lon, p.Lat, p.Lon))
					hit.DistanceKm = &d
				}
			}
		} else {
			hit.Enterprise = EnterpriseSummary{KBO: o.Enterprise, WorkForms: []koppel.WorkForm{}}
		}
		if hl != nil {
			if t := hl.highlight(o.Title); t != "" {
				hit.Highlights["title"] = []string{t}
			}
			if t := hl.highlight(o.Description); t != "" {
				hit.Highlights["description"] = []string{t}
			}
			for _, k := range o.Keywords {
				if t := hl.highlight(k); t != "" {
					hit.Highlights["keywords"] = append(hit.Highlights["keywords"], t)
				}
			}
		}
		res.Hits = append(res.Hits, hit)
	}
	return nil
}
