package search

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"koppel"
	"koppel/indexer"
)

// maxVisibleChecks bounds the visibility checks of one suggested word.
const maxVisibleChecks = 32

// tenderVisibility is koppel.Viewer.SeesTender as a filter, limited to the
// statuses asked for (empty: published, announced and draft): every non-draft status
// asked for, and drafts only of the viewer's own buyer account (all of them
// for an admin). A query that can see nothing matches nothing.
func tenderVisibility(statuses []koppel.TenderStatus, v koppel.Viewer) (query.Query, error) {
	if len(statuses) == 0 {
		statuses = []koppel.TenderStatus{koppel.TenderPublished, koppel.TenderAnnounced, koppel.TenderDraft}
	}
	var vis []query.Query
	for _, st := range statuses {
		switch st {
		case koppel.TenderPublished, koppel.TenderClosed, koppel.TenderAnnounced, koppel.TenderWithdrawn:
			vis = append(vis, termQ(indexer.FieldStatus, string(st), 1))
		case koppel.TenderDraft:
			switch {
			case v.Admin:
				vis = append(vis, termQ(indexer.FieldStatus, string(st), 1))
			case v.Buyer != "":
				vis = append(vis, bleve.NewConjunctionQuery(termQ(indexer.FieldStatus, string(st), 1), termQ(indexer.FieldOwner, v.Buyer, 1)))
			}
		default:
			return nil, koppel.Errorf(koppel.EINVALID, "onbekende status %q: kies draft (ontwerp), published (gepubliceerd), announced (aangekondigd), closed (afgesloten) of withdrawn (ingetrokken)", st).WithKey("error.tender_status", "Value", string(st))
		}
	}
	if len(vis) == 0 {
		return bleve.NewMatchNoneQuery(), nil
	}
	return bleve.NewDisjunctionQuery(vis...), nil
}

// visibleCount counts the documents of idx that match vis and hold term in
// field.
func visibleCount(ctx context.Context, idx bleve.Index, vis query.Query, field, term string) uint64 {
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(termQ(field, term, 1), vis), 0, 0, false)
	req.Score = "none"
	sr, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return 0
	}
	return sr.Total
}

// markKnownVisible takes back markKnown's verdict for words found only in
// documents the caller may not see: such a word gets its fuzzy and prefix
// variants like any unknown word, so that whether a hidden draft holds a
// word changes nothing in the answer.
func (tq *textQuery) markKnownVisible(ctx context.Context, idx bleve.Index, vis query.Query) {
	for i := range tq.words {
		w := &tq.words[i]
		if !w.known {
			continue
		}
		w.known = false
		for _, f := range tq.fields {
			if f.loose && visibleCount(ctx, idx, vis, f.name, w.stem) > 0 {
				w.known = true
				break
			}
		}
	}
}

// suggestVisible is suggest over the vocabulary of the documents the
// caller may see.
func suggestVisible(ctx context.Context, idx bleve.Index, words []string, vis query.Query) string {
	return suggest(idx, words, func(term string) uint64 {
		return visibleCount(ctx, idx, vis, indexer.FieldVocab, term)
	})
}
