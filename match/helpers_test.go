package match_test

import (
	"context"
	"testing"

	"koppel"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/match"
	"koppel/refdata"
	"koppel/search"
)

// today is the fixed date of the tests: the demo tenders run after it.
var today = koppel.NewDate(2026, 6, 1)

// mustMatcher indexes src in memory and returns a Matcher over it.
func mustMatcher(t testing.TB, src *indexertest.MemSource) *match.Matcher {
	t.Helper()
	ix, err := indexer.OpenMem(refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Reindex(context.Background(), src, nil); err != nil {
		t.Fatal(err)
	}
	m := match.New(search.New(ix, src), src, refdata.Load())
	m.Today = func() koppel.Date { return today }
	return m
}
