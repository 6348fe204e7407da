package search

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"koppel"
	"koppel/indexer"
)

// TenderQuery is a search for tenders.
type TenderQuery struct {
	// Text is free text over the tender's and its lots' titles and
	// descriptions and the buyer's name.
	Text string
	// Statuses are the statuses asked for; empty means published,
	// announced and draft. Only the tenders Viewer sees are found among them.
	Statuses []koppel.TenderStatus
	// Viewer is who searches: hits, facets, counts and the suggestion are
	// all limited to the tenders Viewer.SeesTender (others' drafts are not
	// there, not even as a word to suggest).
	Viewer koppel.Viewer
	// Clause keeps tenders with a lot carrying this clause kind.
	Clause koppel.ClauseKind
	// BuyerType is an eForms buyer-legal-type ("la", "body-pl", …).
	BuyerType string
	// CPV is a code or prefix, as in OfferingQuery.
	CPV string
	// DeadlineAfter keeps tenders whose deadline is on or after the date.
	DeadlineAfter koppel.Date
	// Province of a place of performance.
	Province string
	// Postcode of a place of performance; with RadiusKm, any place within
	// that distance of it.
	Postcode string
	RadiusKm float64
	// Page counts from 1; Size is at most MaxSize (default DefaultSize).
	Page, Size int
}

// TenderResult is a page of tenders, in the shape of the API's JSON.
type TenderResult struct {
	Total      int          `json:"total"`
	Page       int          `json:"page"`
	Size       int          `json:"size"`
	Hits       []TenderHit  `json:"hits"`
	Facets     TenderFacets `json:"facets"`
	Suggestion string       `json:"suggestion"`
}

// TenderHit is one tender found.
type TenderHit struct {
	Score      float64             `json:"score"`
	Tender     TenderSummary       `json:"tender"`
	Highlights map[string][]string `json:"highlights"`
}

// TenderSummary is what a hit shows of a tender.
type TenderSummary struct {
	ID        string              `json:"id"`
	Title     string              `json:"title"`
	Buyer     string              `json:"buyer"`
	BuyerType string              `json:"buyer_type,omitempty"`
	Status    koppel.TenderStatus `json:"status"`
	Deadline  koppel.Date         `json:"deadline"`
	NoticeID  string              `json:"notice_id,omitempty"`
	Lots      []LotSummary        `json:"lots"`
}

// LotSummary is what a hit shows of a lot.
type LotSummary struct {
	ID           string              `json:"id"`
	Title        string              `json:"title"`
	CPV          []koppel.CPV        `json:"cpv"`
	Postcode     string              `json:"postcode,omitempty"`
	Municipality string              `json:"municipality,omitempty"`
	Clauses      []koppel.ClauseKind `json:"clauses"`
	// SocialObjective is true when the notice says the lot pursues social
	// objectives (koppel.Clause.Objective), listed in SocialObjectives
	// (BT-775 codes); that clause is not in Clauses.
	SocialObjective  bool     `json:"social_objective,omitempty"`
	SocialObjectives []string `json:"social_objectives,omitempty"`
}

// TenderFacets counts the hits per status, clause kind and province.
type TenderFacets struct {
	Status   []FacetValue `json:"status"`
	Clause   []FacetValue `json:"clause"`
	Province []FacetValue `json:"province"`
}

var tenderFields = []textField{
	{indexer.FieldTitle, 3, true, false},
	{indexer.FieldLots, 2, true, false},
	{indexer.FieldBuyer, 1.2, false, false},
	{indexer.FieldDescription, 1, true, false},
}

// Tenders searches tenders. Returns EINVALID for an unknown clause kind,
// status, province or postcode, or a malformed CPV code.
func (s *Searcher) Tenders(ctx context.Context, q TenderQuery) (*TenderResult, error) {
	page, size, err := paging(q.Page, q.Size)
	if err != nil {
		return nil, err
	}
	filters, err := s.tenderFilters(q)
	if err != nil {
		return nil, err
	}
	vis := filters[0] // the visibility filter
	res := &TenderResult{Page: page, Size: size, Hits: []TenderHit{}}
	var tq *textQuery
	var hits []*bsearch.DocumentMatch
	err = s.Index.View(func(_, ten bleve.Index) error {
		bq := bleve.NewBooleanQuery()
		if strings.TrimSpace(q.Text) != "" {
			tq = analyzeText(ten.Mapping(), s.Index.Options(), q.Text, tenderFields)
			tq.markKnown(ten)
			tq.markKnownVisible(ctx, ten, vis)
			if len(tq.words) > 0 {
				bq.AddMust(tq.query(nil))
			} else {
				bq.AddMust(bleve.NewMatchNoneQuery())
			}
		}
		bq.AddFilter(bleve.NewConjunctionQuery(filters...))
		req := bleve.NewSearchRequestOptions(bq, size, (page-1)*size, false)
		if tq == nil {
			req.SortBy([]string{"-" + indexer.FieldDeadline, "_id"})
		}
		req.AddFacet("status", bleve.NewFacetRequest(indexer.FieldStatus, 4))
		req.AddFacet("clause", bleve.NewFacetRequest(indexer.FieldClauses, len(koppel.ClauseKinds)))
		req.AddFacet("province", bleve.NewFacetRequest(indexer.FieldProvince, 12))
		sr, err := ten.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("search tenders: %w", err)
		}
		res.Total, hits = int(sr.Total), sr.Hits
		res.Facets = TenderFacets{
			Status: facetValues(sr.Facets["status"], nil),
			Clause: facetValues(sr.Facets["clause"], func(v string) string {
				i, _ := koppel.ClauseKind(v).Info()
				return i.Label
			}),
			Province: facetValues(sr.Facets["province"], nil),
		}
		if res.Total == 0 && tq != nil && len(tq.raw) > 0 {
			res.Suggestion = suggestVisible(ctx, ten, tq.raw, vis)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var hl *highlighter
	if tq != nil && len(tq.words) > 0 {
		hl = newHighlighter(tq, s.Index.Tenders().Mapping().AnalyzerNamed(s.fieldAnalyzer()), &s.words)
	}
	for _, h := range hits {
		t, err := s.Store.FindTenderByID(ctx, h.ID)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("read tender %s: %w", h.ID, err)
		}
		hit := TenderHit{Score: h.Score, Highlights: map[string][]string{}, Tender: TenderSummary{
			ID: t.ID, Title: t.Title, Buyer: t.Buyer.Name, BuyerType: t.Buyer.LegalType,
			Status: t.Status, Deadline: t.Deadline, NoticeID: t.Source.NoticeID, Lots: []LotSummary{},
		}}
		for i := range t.Lots {
			l := &t.Lots[i]
			ls := LotSummary{ID: l.ID, Title: l.Title, CPV: nonNil(l.CPV), Postcode: l.Postcode, Clauses: []koppel.ClauseKind{}}
			if p, ok := l.PerformancePlace(s.Places); ok {
				ls.Municipality = p.Municipality
			}
			for _, c := range l.Clauses {
				if c.Objective {
					ls.SocialObjective = true
					ls.SocialObjectives = append(ls.SocialObjectives, c.SocialObjectives...)
					continue
				}
				ls.Clauses = append(ls.Clauses, c.Kind)
			}
			hit.Tender.Lots = append(hit.Tender.Lots, ls)
			if hl != nil {
				if x := hl.highlight(l.Title); x != "" {
					hit.Highlights["lots"] = append(hit.Highlights["lots"], x)
				}
			}
		}
		if hl != nil {
			if x := hl.highlight(t.Title); x != "" {
				hit.Highlights["title"] = []string{x}
			}
			if x := hl.highlight(t.Description); x != "" {
				hit.Highlights["description"] = []string{x}
			}
		}
		res.Hits = append(res.Hits, hit)
	}
	return res, nil
}

// geoWithin keeps the documents with a location within km of p (tenders:
// lots may lie anywhere, so a real geo query).
func geoWithin(p koppel.Place, km float64) query.Query {
	q := bleve.NewGeoDistanceQuery(p.Lon, p.Lat, strconv.FormatFloat(km, 'f', -1, 64)+"km")
	q.SetField(indexer.FieldLocation)
	return q
}

// tenderFilters turns the query's filters into queries; the first is
// always the visibility filter.
func (s *Searcher) tenderFilters(q TenderQuery) ([]query.Query, error) {
	vis, err := tenderVisibility(q.Statuses, q.Viewer)
	if err != nil {
		return nil, err
	}
	fs := []query.Query{vis}
	if q.Clause != "" {
		if _, ok := q.Clause.Info(); !ok {
			return nil, koppel.Errorf(koppel.EINVALID, "onbekende sociale clausule %q", q.Clause)
		}
		fs = append(fs, termQ(indexer.FieldClauses, string(q.Clause), 1))
	}
	if q.BuyerType != "" {
		fs = append(fs, termQ(indexer.FieldBuyerType, q.BuyerType, 1))
	}
	if q.CPV != "" {
		p, err := cpvPrefix(q.CPV)
		if err != nil {
			return nil, err
		}
		fs = append(fs, termQ(indexer.FieldCPV, p, 1))
	}
	if !q.DeadlineAfter.IsZero() {
		yes := true
		d := bleve.NewDateRangeInclusiveQuery(q.DeadlineAfter.Time(), timeMax, &yes, &yes)
		d.SetField(indexer.FieldDeadline)
		fs = append(fs, d)
	}
	if q.Province != "" {
		p, ok := s.Places.ParseProvince(q.Province)
		if !ok {
			return nil, koppel.Errorf(koppel.EINVALID, "onbekende provincie %q", q.Province)
		}
		fs = append(fs, termQ(indexer.FieldProvince, p, 1))
	}
	if q.Postcode != "" {
		p, err := s.postcode(q.Postcode)
		if err != nil {
			return nil, err
		}
		if q.RadiusKm > 0 {
			fs = append(fs, geoWithin(p, q.RadiusKm))
		} else {
			fs = append(fs, termQ(indexer.FieldPostcode, p.Postcode, 1))
		}
	}
	return fs, nil
}
