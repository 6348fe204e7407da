package search

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"koppel"
	"koppel/indexer"
)

// EnterpriseQuery is a search of the directory of enterprises by free
// text, with the directory's filters.
type EnterpriseQuery struct {
	// Text is looked for in the enterprises' names and offerings, with
	// the analysis of offering search (compounds, synonyms, typos, most
	// words first).
	Text string
	// WorkForm and Province filter as in OfferingQuery.
	WorkForm, Province string
	// Page counts from 1; Size is at most MaxSize (default DefaultSize).
	Page, Size int
}

// EnterpriseResult is a page of enterprises, best first.
type EnterpriseResult struct {
	Total int             `json:"total"`
	Page  int             `json:"page"`
	Size  int             `json:"size"`
	Hits  []EnterpriseHit `json:"hits"`
}

// EnterpriseHit is an enterprise found: its best offering's score and the
// number of its offerings that match (0 and 0 when only its name or
// description does).
type EnterpriseHit struct {
	KBO       koppel.KBO `json:"kbo"`
	Score     float64    `json:"score"`
	Offerings int        `json:"offerings"`
}

// Enterprises searches the enterprises by their names, descriptions and
// offerings: the offerings are searched as Offerings does (at most
// maxWindow of them, best first), and each enterprise ranks as its best
// offering; then come the enterprises whose name or description holds a
// word of the query (as the highlights mark them), in KBO order, when the
// store can list enterprises (EnterpriseWalker). Returns EINVALID for an
// unknown work form or province.
func (s *Searcher) Enterprises(ctx context.Context, q EnterpriseQuery) (*EnterpriseResult, error) {
	page, size, err := paging(q.Page, q.Size)
	if err != nil {
		return nil, err
	}
	all, err := s.enterpriseHits(ctx, q)
	if err != nil {
		return nil, err
	}
	res := &EnterpriseResult{Page: page, Size: size, Hits: []EnterpriseHit{}}
	res.Total = len(all)
	from := min((page-1)*size, len(all))
	res.Hits = append(res.Hits, all[from:min(from+size, len(all))]...)
	return res, nil
}

// enterpriseHits returns every enterprise q finds, best first, as
// Enterprises describes.
func (s *Searcher) enterpriseHits(ctx context.Context, q EnterpriseQuery) ([]EnterpriseHit, error) {
	filters, filterKey, _, err := s.offeringFilters(OfferingQuery{WorkForm: q.WorkForm, Province: q.Province})
	if err != nil {
		return nil, err
	}
	var filterQ query.Query
	if len(filters) > 0 {
		filterQ = bleve.NewConjunctionQuery(filters...)
	}
	if strings.TrimSpace(q.Text) == "" {
		return nil, nil
	}
	var hits []*bsearch.DocumentMatch
	var tq *textQuery
	err = s.Index.View(func(off, _ bleve.Index) error {
		m := off.Mapping()
		tq = analyzeText(m, s.Index.Options(), q.Text, offeringFields)
		tq.combined, tq.combinedBoost = indexer.FieldText, combinedBoost
		tq.markKnown(off)
		tq.dropStopWords(m)
		if len(tq.words) == 0 {
			return nil
		}
		tried := 0
		for _, level := range []matchLevel{levelMost, levelAny} {
			plan := tq.plan(level, s.offeringExtra(m))
			if plan.Required() == tried {
				continue
			}
			tried = plan.Required()
			var total int
			var ok bool
			hits, total, _, _, ok, err = s.searchCollect(ctx, off, plan, filterQ, filterKey, orderScore, 0, maxWindow, 0, nil, nil)
			if err != nil {
				return fmt.Errorf("search enterprises: %w", err)
			}
			if !ok {
				var r OfferingResult
				if plan.Tiered {
					err = s.searchPlainAll(ctx, off, plan, filterQ, 1, maxWindow, nil, &r, &hits)
				} else {
					err = s.searchPlain(ctx, off, s.plainRequest(plan, filterQ, orderScore, 1, maxWindow, nil), &r, &hits)
				}
				if err != nil {
					return err
				}
				total = r.Total
			}
			if total > 0 {
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	byKBO := map[koppel.KBO]int{}
	var all []EnterpriseHit
	for _, h := range hits {
		kbo, _, ok := strings.Cut(h.ID, "/")
		if !ok {
			continue
		}
		if i, seen := byKBO[koppel.KBO(kbo)]; seen {
			all[i].Offerings++
			continue
		}
		byKBO[koppel.KBO(kbo)] = len(all)
		all = append(all, EnterpriseHit{KBO: koppel.KBO(kbo), Score: h.Score, Offerings: 1})
	}
	if w, ok := s.Store.(EnterpriseWalker); ok && tq != nil && len(tq.words) > 0 {
		more, err := s.enterprisesByText(ctx, w, tq, q, byKBO)
		if err != nil {
			return nil, err
		}
		all = append(all, more...)
	}
	return all, nil
}

// EnterpriseWalker is implemented by stores that walk all enterprises
// (*store.Store): the directory search reads their names and descriptions.
type EnterpriseWalker interface {
	ForEachEnterprise(ctx context.Context, fn func(*koppel.Enterprise) error) error
}

// maxDirectoryScan bounds the enterprises a directory search reads the
// names and descriptions of (the Flemish social economy has a few
// thousand).
const maxDirectoryScan = 20000

// errScanned stops the walk at maxDirectoryScan.
var errScanned = errors.New("enough enterprises read")

// enterprisesByText returns the enterprises not in found whose name or
// description holds a word of tq, that pass q's filters.
func (s *Searcher) enterprisesByText(ctx context.Context, w EnterpriseWalker, tq *textQuery, q EnterpriseQuery, found map[koppel.KBO]int) ([]EnterpriseHit, error) {
	var form koppel.WorkForm
	if q.WorkForm != "" {
		f, err := koppel.ParseWorkForm(q.WorkForm)
		if err != nil {
			return nil, err
		}
		form = f
	}
	province := ""
	if q.Province != "" {
		province, _ = s.Places.ParseProvince(q.Province) // checked by offeringFilters
	}
	hl := newHighlighter(tq, s.Index.Offerings().Mapping().AnalyzerNamed(s.fieldAnalyzer()), &s.words)
	var out []EnterpriseHit
	n := 0
	err := w.ForEachEnterprise(ctx, func(e *koppel.Enterprise) error {
		if n++; n > maxDirectoryScan {
			return errScanned
		}
		if _, ok := found[e.KBO]; ok || form != "" && !e.HasForm(form) {
			return nil
		}
		if province != "" {
			if p, ok := e.HomePlace(s.Places); !ok || p.Province != province {
				return nil
			}
		}
		if len(hl.marks(e.Name)) > 0 || len(hl.marks(e.Description)) > 0 {
			out = append(out, EnterpriseHit{KBO: e.KBO})
		}
		return nil
	})
	if err != nil && !errors.Is(err, errScanned) {
		return nil, fmt.Errorf("search enterprises: %w", err)
	}
	return out, nil
}
