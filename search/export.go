package search

import (
	"context"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"koppel"
)

// MaxExportRows is the most hits an export of a search holds: deeper than
// a page goes (maxWindow), bounded all the same.
const MaxExportRows = 100000

// exportWindow is the number of hits an export's search holds at a time:
// each window is searched again after the last hit of the one before
// (engine.SearchEach), so that an export of any length holds one window.
// A variable for the tests.
var exportWindow = 5000

// exportBatch is the number of hits read from the store at a time.
const exportBatch = 500

// EachOffering runs q as Offerings does — the same reading of the words,
// filters and order — but for its first limit hits (at most MaxExportRows;
// q's page and size are ignored), and calls fn with them in order, a batch
// at a time: every offering found (q.PerEnterprise is ignored). Neither
// the hits nor their documents are kept beyond a window: fn runs while the
// search reads its windows, with the index held (so a Reindex waits to
// swap in a new one until the export is done). It returns the result
// without its hits (total, facets, how the words were read). Highlights
// are left out. Returns EINVALID as Offerings does; an error of fn stops
// the export and is returned.
func (s *Searcher) EachOffering(ctx context.Context, q OfferingQuery, limit int, fn func([]OfferingHit) error) (*OfferingResult, error) {
	if limit <= 0 || limit > MaxExportRows {
		limit = MaxExportRows
	}
	sent := false // fn has had hits
	batches := func(hits []*bsearch.DocumentMatch, ref *koppel.Place) error {
		for from := 0; from < len(hits); from += exportBatch {
			if err := ctx.Err(); err != nil {
				return err
			}
			part := &OfferingResult{Hits: make([]OfferingHit, 0, exportBatch)}
			if err := s.offeringHitsFrom(ctx, part, hits[from:min(from+exportBatch, len(hits))], nil, ref, s.exportDocs); err != nil {
				return err
			}
			sent = true
			if err := fn(part.Hits); err != nil {
				return err
			}
		}
		return nil
	}
	var failed error
	q.PerEnterprise = 0 // a file holds every offering found
	res, err := s.readAndRun(q, func(q OfferingQuery) (*OfferingResult, error) {
		if sent {
			// The words read as filters failed after fn had hits:
			// running the words as typed would give fn hits twice.
			return nil, failed
		}
		r, _, _, _, err := s.offeringWindow(ctx, q, 1, limit, batches)
		failed = err
		return r, err
	})
	if err != nil {
		return nil, err
	}
	res.Page, res.Size, res.Hits = 1, limit, []OfferingHit{}
	return res, nil
}

// AllEnterprises returns every enterprise q finds, best first (q's page and
// size are ignored): what the pages of Enterprises hold together, bounded
// as they are by the search window. Returns EINVALID for an unknown work
// form or province.
func (s *Searcher) AllEnterprises(ctx context.Context, q EnterpriseQuery) ([]EnterpriseHit, error) {
	return s.enterpriseHits(ctx, q)
}

// ExportReader is implemented by stores that read a batch of offerings
// without keeping them in a cache shared with searches
// (*store.Store.OfferingsForExport).
type ExportReader interface {
	OfferingsForExport(ctx context.Context, keys []string) ([]*koppel.Offering, []*koppel.Enterprise, error)
}

// exportDocs reads the documents of an export's hits: through the store's
// ExportReader when it has one, else as a page's hits.
func (s *Searcher) exportDocs(ctx context.Context, hits []*bsearch.DocumentMatch) ([]*koppel.Offering, []*koppel.Enterprise, error) {
	r, ok := s.Store.(ExportReader)
	if !ok {
		return s.hitDocs(ctx, hits)
	}
	keys := make([]string, len(hits))
	for i, h := range hits {
		keys[i] = h.ID
	}
	return r.OfferingsForExport(ctx, keys)
}
