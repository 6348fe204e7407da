package search_test

import (
	"context"
	"testing"

	"koppel/demo"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/refdata"
	"koppel/search"
)

// mustSearcher indexes src in memory and returns a Searcher over it.
func mustSearcher(t testing.TB, src *indexertest.MemSource, o indexer.Options) *search.Searcher {
	t.Helper()
	ix, err := indexer.OpenMemWith(o, refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Reindex(context.Background(), src, nil); err != nil {
		t.Fatal(err)
	}
	return search.New(ix, src)
}

// demoSource is the small fixed demo catalogue the tests search.
func demoSource() *indexertest.MemSource {
	return indexertest.FromDemo(demo.Options{Seed: demo.DefaultSeed, Enterprises: 60, OfferingsPerEnterprise: 5, Tenders: 30})
}

// mustSearch runs an offering search and stops the test on an error.
func mustSearch(t testing.TB, s *search.Searcher, q search.OfferingQuery) *search.OfferingResult {
	t.Helper()
	r, err := s.Offerings(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
