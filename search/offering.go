package search

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"koppel"
	"koppel/indexer"
	"koppel/search/internal/engine"
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
	// TargetGroups are target groups (codes or names of
	// koppel.TargetGroups, comma-separated): offerings of enterprises that
	// work with every one of them. A string, so that a query stays
	// comparable (the result cache keys on it).
	TargetGroups string
	// Transition keeps enterprises that run transition paths.
	Transition bool
	// Keep lists words of Text (comma-separated) to search as text only,
	// never read as a place, province or work form (see Reading).
	Keep string
	// Sort is SortRelevance (default) or SortDistance.
	Sort string
	// Enterprise keeps the offerings of one enterprise (its KBO number).
	Enterprise koppel.KBO
	// PerEnterprise, when above 0 (at most MaxSize), lists at most that
	// many offerings of one enterprise: its best ones, each at its own
	// place in the order; its others are left out and counted
	// (OfferingHit.More). Total and Facets still count every offering;
	// Listed is the length of the list the pages are cut from. Ignored
	// with Enterprise.
	PerEnterprise int
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
	// Read says how the words were read when some name a place, province
	// or work form that filters the search; empty otherwise.
	Read []Reading `json:"read,omitempty"`
	// With PerEnterprise: Listed is the number of offerings the pages list
	// (the pages end there; Total counts every offering found) and
	// Enterprises the number of enterprises found.
	Listed      int `json:"listed,omitempty"`
	Enterprises int `json:"enterprises,omitempty"`
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
	// More is, with PerEnterprise, the number of the enterprise's
	// offerings found that come after this one: listed further on (at
	// most PerEnterprise in all) or left out of the list.
	More int `json:"more_from_enterprise,omitempty"`
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

// OfferingFacets counts the hits per category, work form, province and
// target group of the enterprise, and those of enterprises with
// transition paths (one value, indexer.TransitionYes).
type OfferingFacets struct {
	Category    []FacetValue `json:"category"`
	WorkForm    []FacetValue `json:"work_form"`
	Province    []FacetValue `json:"province"`
	TargetGroup []FacetValue `json:"target_group"`
	Transition  []FacetValue `json:"transition"`
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
	{indexer.FieldTitle, 3, true, false},
	{indexer.FieldKeywords, 2, true, false},
	{indexer.FieldCategoryLabel, 1.5, false, false},
	{indexer.FieldName, 1.2, false, false},
	{indexer.FieldDescription, 1, true, true},
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
// work form, province, postcode or sort, or a malformed CPV code. The
// result is the caller's to change.
func (s *Searcher) Offerings(ctx context.Context, q OfferingQuery) (*OfferingResult, error) {
	rc := s.resultCache()
	if rc == nil || plainOnly {
		return s.offeringsRead(ctx, q)
	}
	epoch, ok := s.epoch()
	if !ok {
		return s.offeringsRead(ctx, q)
	}
	if r := rc.get(epoch, q); r != nil {
		return r.clone(), nil
	}
	r, err := s.offeringsRead(ctx, q)
	if err != nil {
		return nil, err
	}
	rc.put(epoch, q, r.clone())
	return r, nil
}

// clone copies the result deep enough that changing the copy's hits or
// facets leaves r as it is.
func (r *OfferingResult) clone() *OfferingResult {
	c := *r
	c.Hits = make([]OfferingHit, len(r.Hits))
	for i, h := range r.Hits {
		h.Offering.CPV = append([]koppel.CPV(nil), h.Offering.CPV...)
		h.Offering.Keywords = append([]string(nil), h.Offering.Keywords...)
		h.Enterprise.WorkForms = append([]koppel.WorkForm{}, h.Enterprise.WorkForms...)
		hl := make(map[string][]string, len(h.Highlights))
		for k, v := range h.Highlights {
			hl[k] = append([]string(nil), v...)
		}
		h.Highlights = hl
		c.Hits[i] = h
	}
	c.Read = append([]Reading(nil), r.Read...)
	c.Facets = OfferingFacets{
		Category:    append([]FacetValue{}, r.Facets.Category...),
		WorkForm:    append([]FacetValue{}, r.Facets.WorkForm...),
		Province:    append([]FacetValue{}, r.Facets.Province...),
		TargetGroup: append([]FacetValue{}, r.Facets.TargetGroup...),
		Transition:  append([]FacetValue{}, r.Facets.Transition...),
	}
	return &c
}

// offeringsRead runs an offering search with the words that name a place,
// province or work form read as filters (understand); when that finds
// nothing, as the words were typed.
func (s *Searcher) offeringsRead(ctx context.Context, q OfferingQuery) (*OfferingResult, error) {
	return s.readAndRun(q, func(q OfferingQuery) (*OfferingResult, error) { return s.offerings(ctx, q) })
}

// readAndRun runs q with run as offeringsRead describes.
func (s *Searcher) readAndRun(q OfferingQuery, run func(OfferingQuery) (*OfferingResult, error)) (*OfferingResult, error) {
	var uq OfferingQuery
	var read []Reading
	if strings.TrimSpace(q.Text) != "" {
		_ = s.Index.View(func(off, _ bleve.Index) error {
			uq, read = s.understand(off, q)
			return nil
		})
	}
	if len(read) > 0 {
		r, err := run(uq)
		if err == nil && r.Total > 0 {
			r.Read = read
			return r, nil
		}
	}
	return run(q)
}

// offerings runs an offering search.
func (s *Searcher) offerings(ctx context.Context, q OfferingQuery) (*OfferingResult, error) {
	page, size, err := paging(q.Page, q.Size)
	if err != nil {
		return nil, err
	}
	if q.PerEnterprise < 0 || q.PerEnterprise > MaxSize {
		return nil, koppel.Errorf(koppel.EINVALID, "diensten per onderneming moet tussen 0 (alle) en %d liggen", MaxSize)
	}
	res, hits, tq, ref, err := s.offeringWindow(ctx, q, page, size, nil)
	if err != nil {
		return nil, err
	}
	if err := s.offeringHits(ctx, res, hits, tq, ref); err != nil {
		return nil, err
	}
	return res, nil
}

// offeringWindow runs an offering search and returns its result without
// hits, the hits of the page (page and size unchecked: an export asks for
// more than a page holds), the text query and the place distances are
// measured from. With PerEnterprise the hits are of the grouped list,
// marked by markMore. With each set, the first size hits (page is
// ignored) go to each a window at a time, with the place distances are
// measured from, while the index is held (Index.View), and none are
// returned; they are never grouped (PerEnterprise is ignored: an export
// holds every offering).
func (s *Searcher) offeringWindow(ctx context.Context, q OfferingQuery, page, size int,
	each func([]*bsearch.DocumentMatch, *koppel.Place) error) (*OfferingResult, []*bsearch.DocumentMatch, *textQuery, *koppel.Place, error) {
	filters, filterKey, ref, err := s.offeringFilters(q)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	order := orderScore
	switch q.Sort {
	case "", SortRelevance:
		if strings.TrimSpace(q.Text) == "" {
			order = orderID // stable order without text
		}
	case SortDistance:
		if ref == nil {
			return nil, nil, nil, nil, koppel.Errorf(koppel.EINVALID, "geef een plaats of postcode op om op afstand te sorteren").WithKey("error.sort_needs_place")
		}
		order = orderDistance
	default:
		return nil, nil, nil, nil, koppel.Errorf(koppel.EINVALID, "onbekende sortering %q: kies relevance (best passend) of distance (afstand)", q.Sort).WithKey("error.sort_unknown", "Value", q.Sort)
	}
	res := &OfferingResult{Page: page, Size: size, Hits: []OfferingHit{}}
	per := q.PerEnterprise
	if q.Enterprise != "" {
		per = 0
	}
	var window func([]*bsearch.DocumentMatch) error
	if each != nil {
		page, per = 1, 0
		window = func(hits []*bsearch.DocumentMatch) error { return each(hits, ref) }
	}
	var tq *textQuery
	var hits []*bsearch.DocumentMatch
	err = s.Index.View(func(off, _ bleve.Index) error {
		m := off.Mapping()
		if strings.TrimSpace(q.Text) != "" {
			tq = analyzeText(m, s.Index.Options(), q.Text, offeringFields)
			tq.combined, tq.combinedBoost = indexer.FieldText, combinedBoost
			tq.markKnown(off)
			tq.dropStopWords(m)
		}
		areaQ, areaKey, err := s.servesQuery(off, q.ServesPostcode)
		if err != nil {
			return err
		}
		if areaQ != nil {
			filters = append(filters, areaQ)
			filterKey += areaKey
		}
		var filterQ query.Query
		if len(filters) > 0 {
			filterQ = bleve.NewConjunctionQuery(filters...)
		}
		// Most words must match, those with more words first; when that
		// finds nothing, any word will do. Sorted by distance, every word
		// as typed or by a synonym first, then every word in any way: the
		// nearest of the offerings that match well (levelExact).
		levels := []matchLevel{levelMost, levelAny}
		if order == orderDistance {
			levels = []matchLevel{levelExact, levelAll, levelMost, levelAny}
		}
		tried, triedStrict := 0, false
		for _, level := range levels {
			var plan *engine.Node
			if tq != nil {
				// Only stop words: an empty disjunction, nothing to look for.
				plan = &engine.Node{Op: engine.OpOr}
				if len(tq.words) > 0 {
					plan = tq.plan(level, s.offeringExtra(m))
				}
				if plan.Required() == tried && level.strict == triedStrict {
					continue // the same as the level before
				}
				tried, triedStrict = plan.Required(), level.strict
			}
			var ok bool
			var grouped *engine.Result
			hits, res.Total, res.Facets, grouped, ok, err = s.searchCollect(ctx, off, plan, filterQ, filterKey, order, (page-1)*size, size, per, ref, window)
			if err != nil {
				return fmt.Errorf("search offerings: %w", err)
			}
			// Bleve's own way: a grouped list is cut from every hit.
			plainPage, plainSize := page, size
			if per > 0 {
				plainPage, plainSize = 1, maxWindow
			}
			if !ok && plan != nil && (plan.Tiered || ref != nil) && order == orderScore {
				if err := s.searchPlainAll(ctx, off, plan, filterQ, plainPage, plainSize, ref, res, &hits); err != nil {
					return err
				}
			} else if !ok {
				if err := s.searchPlain(ctx, off, s.plainRequest(plan, filterQ, order, plainPage, plainSize, ref), res, &hits); err != nil {
					return err
				}
			}
			if !ok && window != nil {
				// Not a Scorch index: the hits Bleve returned, in windows.
				for from := 0; from < len(hits); from += exportWindow {
					if err := window(hits[from:min(from+exportWindow, len(hits))]); err != nil {
						return err
					}
				}
				hits = nil
			}
			if !ok && per > 0 {
				grouped = engine.Collapse(hits, enterpriseOf, per, (page-1)*size, size)
				hits = grouped.Hits
			}
			if grouped != nil {
				res.Listed, res.Enterprises = grouped.Listed, grouped.Groups
				markMore(hits, grouped.Group)
			}
			if res.Total > 0 || plan == nil || plan.Required() == 1 && !level.strict {
				break
			}
		}
		if res.Total == 0 && tq != nil && len(tq.raw) > 0 {
			res.Suggestion = suggest(off, tq.raw, nil)
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return res, hits, tq, ref, nil
}

// plainRequest is the search as a Bleve request, for searchPlain.
func (s *Searcher) plainRequest(plan *engine.Node, filterQ query.Query, order engine.Order, page, size int, ref *koppel.Place) *bleve.SearchRequest {
	var textQ query.Query
	if plan != nil {
		textQ = plan.Bleve()
	}
	var root query.Query
	if textQ == nil && filterQ == nil {
		root = bleve.NewMatchAllQuery()
	} else {
		bq := bleve.NewBooleanQuery()
		if textQ != nil {
			bq.AddMust(textQ)
		}
		if filterQ != nil {
			bq.AddFilter(filterQ)
		}
		root = bq
	}
	req := bleve.NewSearchRequestOptions(root, size, (page-1)*size, false)
	req.AddFacet("category", bleve.NewFacetRequest(indexer.FieldCategory, len(koppel.Categories)))
	req.AddFacet("work_form", bleve.NewFacetRequest(indexer.FieldForms, len(koppel.WorkForms)))
	req.AddFacet("province", bleve.NewFacetRequest(indexer.FieldProvince, 12))
	req.AddFacet("target_group", bleve.NewFacetRequest(indexer.FieldTargetGroups, len(koppel.TargetGroups)))
	req.AddFacet("transition", bleve.NewFacetRequest(indexer.FieldTransition, 1))
	switch order {
	case orderID:
		req.SortBy([]string{"_id"})
	case orderDistance:
		req.SortByCustom(bsearch.SortOrder{
			&bsearch.SortGeoDistance{Field: indexer.FieldLocation, Lon: ref.Lon, Lat: ref.Lat, Unit: "km"},
			&bsearch.SortScore{Desc: true},
		})
	}
	return req
}

// searchPlain runs req with Bleve's own facets and sorting: for an index
// that is not a Scorch index (see searchCollect). On a Scorch index (in
// the tests that compare both ways) Bleve gets the engine's statistics of
// BM25, the real average length of each field, and scores as the engine.
func (s *Searcher) searchPlain(ctx context.Context, off bleve.Index, req *bleve.SearchRequest, res *OfferingResult, hits *[]*bsearch.DocumentMatch) error {
	st, err := s.termEngine().BM25Stats(off)
	if err != nil {
		return fmt.Errorf("search offerings: %w", err)
	}
	if st != nil {
		req.PreSearchData = map[string]any{bsearch.BM25PreSearchDataKey: st}
	}
	sr, err := off.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("search offerings: %w", err)
	}
	res.Total = int(sr.Total)
	*hits = sr.Hits
	res.Facets = OfferingFacets{
		Category:    facetValues(sr.Facets["category"], func(v string) string { return koppel.Category(v).Label() }),
		WorkForm:    facetValues(sr.Facets["work_form"], func(v string) string { return koppel.WorkForm(v).Label() }),
		Province:    facetValues(sr.Facets["province"], nil),
		TargetGroup: facetValues(sr.Facets["target_group"], targetGroupLabel),
		Transition:  facetValues(sr.Facets["transition"], transitionLabel),
	}
	return nil
}

// searchPlainAll is searchPlain by relevance for a tiered plan
// (engine.Node.Tiered) or near a place (ref not nil): the hits Bleve finds
// (up to maxWindow), near a place with their scores weighed by distance
// (weighPlain), then for a tiered plan ranked by the number of the plan's
// kids (the words) that match them, each kid searched on its own, then in
// score order.
func (s *Searcher) searchPlainAll(ctx context.Context, off bleve.Index, plan *engine.Node, filterQ query.Query, page, size int, ref *koppel.Place, res *OfferingResult, hits *[]*bsearch.DocumentMatch) error {
	var all []*bsearch.DocumentMatch
	if err := s.searchPlain(ctx, off, s.plainRequest(plan, filterQ, orderScore, 1, maxWindow, nil), res, &all); err != nil {
		return err
	}
	if ref != nil {
		if err := s.weighPlain(ctx, all, s.nearWeights(ref)); err != nil {
			return err
		}
	}
	tier := map[string]int{}
	var kids []*engine.Node // the words whose matches rank the hits
	if plan.Tiered {
		kids = plan.Kids
	}
	for _, k := range kids {
		var root query.Query = k.Bleve()
		if filterQ != nil {
			root = bleve.NewConjunctionQuery(root, filterQ)
		}
		sr, err := off.SearchInContext(ctx, bleve.NewSearchRequestOptions(root, maxWindow, 0, false))
		if err != nil {
			return fmt.Errorf("search offerings: %w", err)
		}
		for _, h := range sr.Hits {
			tier[h.ID]++
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return tier[all[i].ID] > tier[all[j].ID] })
	from := min((page-1)*size, len(all))
	*hits = all[from:min(from+size, len(all))]
	return nil
}

// offeringExtra returns the queries of a word on the French, English and
// place fields, each analysed by that field's analyzer.
func (s *Searcher) offeringExtra(m mapping.IndexMapping) func(raw string) []*engine.Node {
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
	return func(raw string) []*engine.Node {
		var out []*engine.Node
		for _, f := range fields {
			an := f.analyzer
			if opts.TextAnalyzer != "" {
				an = opts.TextAnalyzer
			}
			for _, t := range analyzedTerms(m.AnalyzerNamed(an), raw) {
				out = append(out, engine.TermNode(f.name, t, f.weight))
			}
		}
		return out
	}
}

// offeringFilters turns the query's filters into term queries, and returns
// a key that names them (for the cache of filters) and the reference place
// distances are measured from.
func (s *Searcher) offeringFilters(q OfferingQuery) ([]query.Query, string, *koppel.Place, error) {
	var fs []query.Query
	var key strings.Builder
	term := func(field, value string) {
		fs = append(fs, termQ(field, value, 1))
		fmt.Fprintf(&key, "%s=%s|", field, value)
	}
	if q.Category != "" {
		c, err := koppel.ParseCategory(q.Category)
		if err != nil {
			return nil, "", nil, err
		}
		term(indexer.FieldCategory, string(c))
	}
	if q.WorkForm != "" {
		f, err := koppel.ParseWorkForm(q.WorkForm)
		if err != nil {
			return nil, "", nil, err
		}
		term(indexer.FieldForms, string(f))
	}
	groups, err := ParseTargetGroups(q.TargetGroups)
	if err != nil {
		return nil, "", nil, err
	}
	for _, g := range groups {
		term(indexer.FieldTargetGroups, string(g))
	}
	if q.Transition {
		term(indexer.FieldTransition, indexer.TransitionYes)
	}
	if q.CPV != "" {
		p, err := cpvPrefix(q.CPV)
		if err != nil {
			return nil, "", nil, err
		}
		term(indexer.FieldCPV, p)
	}
	if q.Province != "" {
		p, ok := s.Places.ParseProvince(q.Province)
		if !ok {
			return nil, "", nil, koppel.Errorf(koppel.EINVALID, "onbekende provincie %q", q.Province).WithKey("error.province_unknown", "Value", q.Province)
		}
		term(indexer.FieldProvince, p)
	}
	if q.Municipality != "" {
		p, ok := s.Places.ResolvePlace(q.Municipality)
		if !ok {
			return nil, "", nil, koppel.Errorf(koppel.EINVALID, "onbekende gemeente %q", q.Municipality).WithKey("error.municipality_unknown", "Value", q.Municipality)
		}
		term(indexer.FieldMunicipality, koppel.MunicipalityKey(p.Municipality))
	}
	if q.Enterprise != "" {
		k, err := koppel.ParseKBO(string(q.Enterprise))
		if err != nil {
			return nil, "", nil, err
		}
		term(indexer.FieldEnterprise, string(k))
	}
	if q.Language != "" {
		term(indexer.FieldLanguages, strings.ToLower(strings.TrimSpace(q.Language)))
	}
	if !q.RecognisedOn.IsZero() {
		d := q.RecognisedOn.Time()
		yes := true
		from := bleve.NewDateRangeInclusiveQuery(time0, d, &yes, &yes)
		from.SetField(indexer.FieldRecognisedFrom)
		to := bleve.NewDateRangeInclusiveQuery(d, timeMax, &yes, &yes)
		to.SetField(indexer.FieldRecognisedTo)
		fs = append(fs, from, to)
		fmt.Fprintf(&key, "recognised=%s|", q.RecognisedOn)
	}
	var ref *koppel.Place
	if q.Postcode != "" {
		p, err := s.postcode(q.Postcode)
		if err != nil {
			return nil, "", nil, err
		}
		ref = &p
		if q.RadiusKm < 0 {
			return nil, "", nil, koppel.Errorf(koppel.EINVALID, "de afstand mag niet negatief zijn").WithKey("error.radius_negative")
		}
		if q.RadiusKm > 0 {
			fs = append(fs, s.withinQuery(p, q.RadiusKm))
			fmt.Fprintf(&key, "within=%s,%g|", p.Postcode, q.RadiusKm)
		}
	} else if q.RadiusKm > 0 {
		return nil, "", nil, koppel.Errorf(koppel.EINVALID, "geef ook een plaats of postcode op: de afstand wordt gemeten vanaf die plaats").WithKey("error.radius_needs_place")
	}
	if q.ServesPostcode != "" {
		p, err := s.postcode(q.ServesPostcode)
		if err != nil {
			return nil, "", nil, err
		}
		if ref == nil {
			ref = &p
		}
	}
	return fs, key.String(), ref, nil
}

// SharedReader is implemented by stores that can hand out enterprises and
// offerings shared between readers (*store.Store, from its cache of decoded
// values): search hits and matching only read them.
type SharedReader interface {
	SharedEnterprise(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error)
	SharedOffering(ctx context.Context, kbo koppel.KBO, id string) (*koppel.Offering, error)
	// SharedOfferings reads offerings by key ("KBO/code") with their
	// enterprises, in one go; nil for those not found.
	SharedOfferings(ctx context.Context, keys []string) ([]*koppel.Offering, []*koppel.Enterprise, error)
}

// hitDocs returns the offering of each hit and its enterprise, nil when
// they are not found.
func (s *Searcher) hitDocs(ctx context.Context, hits []*bsearch.DocumentMatch) ([]*koppel.Offering, []*koppel.Enterprise, error) {
	if shared, ok := s.Store.(SharedReader); ok {
		keys := make([]string, len(hits))
		for i, h := range hits {
			keys[i] = h.ID
		}
		return shared.SharedOfferings(ctx, keys)
	}
	offs := make([]*koppel.Offering, len(hits))
	ents := make([]*koppel.Enterprise, len(hits))
	byKBO := map[koppel.KBO]*koppel.Enterprise{}
	for i, h := range hits {
		o, e, err := s.hitDoc(ctx, h.ID, byKBO)
		if err != nil {
			return nil, nil, err
		}
		offs[i], ents[i] = o, e
	}
	return offs, ents, nil
}

// hitDoc returns the offering of a hit and its enterprise, nil when they
// are not found, from ents (the enterprises of this page) or the store.
func (s *Searcher) hitDoc(ctx context.Context, key string, ents map[koppel.KBO]*koppel.Enterprise) (*koppel.Offering, *koppel.Enterprise, error) {
	kbo, id, ok := strings.Cut(key, "/")
	if !ok {
		return nil, nil, nil
	}
	o, err := s.Store.FindOffering(ctx, koppel.KBO(kbo), id)
	if koppel.ErrorCode(err) == koppel.ENOTFOUND {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read offering %s: %w", key, err)
	}
	e, ok := ents[o.Enterprise]
	if !ok {
		e, err = s.Store.FindEnterpriseByKBO(ctx, o.Enterprise)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			e, err = nil, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read enterprise %s: %w", o.Enterprise, err)
		}
		ents[o.Enterprise] = e
	}
	return o, e, nil
}

// offeringHits reads the offerings and enterprises of the hits from the
// store and fills in the page.
func (s *Searcher) offeringHits(ctx context.Context, res *OfferingResult, hits []*bsearch.DocumentMatch, tq *textQuery, ref *koppel.Place) error {
	return s.offeringHitsFrom(ctx, res, hits, tq, ref, s.hitDocs)
}

// offeringHitsFrom is offeringHits with the documents read by docs.
func (s *Searcher) offeringHitsFrom(ctx context.Context, res *OfferingResult, hits []*bsearch.DocumentMatch, tq *textQuery, ref *koppel.Place,
	docs func(context.Context, []*bsearch.DocumentMatch) ([]*koppel.Offering, []*koppel.Enterprise, error)) error {
	var hl *highlighter
	if tq != nil && len(tq.words) > 0 {
		hl = newHighlighter(tq, s.Index.Offerings().Mapping().AnalyzerNamed(s.fieldAnalyzer()), &s.words)
	}
	offs, ents, err := docs(ctx, hits)
	if err != nil {
		return err
	}
	for i, h := range hits {
		o, e := offs[i], ents[i]
		if o == nil {
			continue // deleted since it was indexed
		}
		hit := OfferingHit{
			Score: h.Score,
			Offering: OfferingSummary{
				Code: o.ID, Title: o.Title, Description: o.Description,
				Category: o.Category, CategoryLabel: o.Category.Label(),
				CPV: append([]koppel.CPV{}, o.CPV...), Keywords: append([]string(nil), o.Keywords...),
			},
			Highlights: map[string][]string{},
		}
		if e != nil {
			hit.Enterprise = EnterpriseSummary{KBO: e.KBO, Name: e.Name, WorkForms: []koppel.WorkForm{}, Postcode: e.Address.Postcode}
			for _, r := range e.Recognitions {
				hit.Enterprise.WorkForms = append(hit.Enterprise.WorkForms, r.Form)
			}
			if p, ok := e.HomePlace(s.Places); ok {
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
		hit.More = moreOf(h)
		res.Hits = append(res.Hits, hit)
	}
	return nil
}

// moreField names, in a hit's Fields, OfferingHit.More (markMore).
const moreField = "_more"

// markMore notes on each hit the number of its enterprise's offerings
// found that come after it, for offeringHits.
func markMore(hits []*bsearch.DocumentMatch, groups []engine.GroupOf) {
	for i, g := range groups {
		if i < len(hits) && g.Matches > g.Nth {
			hits[i].Fields = map[string]any{moreField: g.Matches - g.Nth}
		}
	}
}

// moreOf is what markMore noted on h.
func moreOf(h *bsearch.DocumentMatch) int {
	n, _ := h.Fields[moreField].(int)
	return n
}

// enterpriseOf is the enterprise of an offering by its key ("KBO/code"):
// the group of a list with PerEnterprise.
func enterpriseOf(key string) string {
	kbo, _, _ := strings.Cut(key, "/")
	return kbo
}
