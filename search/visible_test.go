package search_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/indexer"
	"koppel/search"
)

// visibleAnswer is what a tender search shows a caller, without the scores
// (BM25 weighs words by their frequency in the whole index).
type visibleAnswer struct {
	Total      int
	IDs        []string
	Facets     search.TenderFacets
	Suggestion string
}

func answer(t *testing.T, s *search.Searcher, q search.TenderQuery) visibleAnswer {
	t.Helper()
	r, err := s.Tenders(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	a := visibleAnswer{Total: r.Total, Facets: r.Facets, Suggestion: r.Suggestion}
	for _, h := range r.Hits {
		a.IDs = append(a.IDs, h.Tender.ID)
	}
	return a
}

// TestHiddenDraftIsNothing checks that another buyer's draft changes
// nothing a caller sees: hits, totals, facets and the spelling suggestion
// are the same as when the draft does not exist.
func TestHiddenDraftIsNothing(t *testing.T) {
	withSrc := catalogue() // t2 is Melle's draft
	// A draft with a typo close to a published word: whether the index
	// knows the typo must not change the published hits.
	withSrc.Tenders["t4"] = &koppel.Tender{ID: "t4", Title: "Ramen van de scholn", Buyer: koppel.Buyer{Name: "Gemeente Melle"}, Status: koppel.TenderDraft, Owner: "melle",
		Lots: []koppel.Lot{{ID: "1", Title: "Glazenwassen", Postcode: "9090", CPV: []koppel.CPV{"90911300"}}}}
	with := mustSearcher(t, withSrc, indexer.Options{})
	src := catalogue()
	delete(src.Tenders, "t2")
	without := mustSearcher(t, src, indexer.Options{})
	all := []koppel.TenderStatus{koppel.TenderDraft, koppel.TenderPublished, koppel.TenderClosed}
	queries := []search.TenderQuery{
		{},
		{Statuses: []koppel.TenderStatus{koppel.TenderDraft}},
		{Statuses: all},
		{Text: "begraafplaatsn"}, // misspelt, the right word only in the draft
		{Text: "begraafplaatsen"},
		{Text: "begraafpl"}, // a prefix of the draft's word
		{Text: "maaien snoeien"},
		{Text: "scholn"}, // the draft's typo; fuzzy, it finds the published scholen
		{Text: "groenonderhoud", Statuses: all},
		{Clause: koppel.ClauseExecutionCondition},
		{Province: "Oost-Vlaanderen", Statuses: all},
	}
	for _, v := range []koppel.Viewer{{}, {Buyer: "gent"}} {
		for _, q := range queries {
			q.Viewer = v
			if diff := cmp.Diff(answer(t, without, q), answer(t, with, q)); diff != "" {
				t.Errorf("viewer %+v, query %+v: the hidden draft shows (-without +with):\n%s", v, q, diff)
			}
		}
	}
	// The draft's own buyer does see it, in hits or in the suggestion.
	own := answer(t, with, search.TenderQuery{Text: "begraafplaatsn", Viewer: koppel.Viewer{Buyer: "melle"}})
	if own.Total == 0 && own.Suggestion == "" {
		t.Errorf("Melle's search for its own draft's word, misspelt: %+v, want a hit or a suggestion", own)
	}
	if a := answer(t, with, search.TenderQuery{Statuses: []koppel.TenderStatus{koppel.TenderDraft}, Viewer: koppel.Viewer{Buyer: "melle"}}); a.Total != 2 {
		t.Errorf("Melle's drafts: %+v, want its two drafts", a)
	}
}
