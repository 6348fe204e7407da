package search_test

import (
	"context"
	"testing"

	"koppel"
	"koppel/indexer"
	"koppel/search"
)

// TestEnterpriseSearch checks the directory search: by name and by
// offerings, ranked by the best offering, with filters and pages.
func TestEnterpriseSearch(t *testing.T) {
	s := mustSearcher(t, catalogue(), indexer.Options{})
	run := func(q search.EnterpriseQuery) *search.EnterpriseResult {
		t.Helper()
		r, err := s.Enterprises(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	kbos := func(r *search.EnterpriseResult) []koppel.KBO {
		var out []koppel.KBO
		for _, h := range r.Hits {
			out = append(out, h.KBO)
		}
		return out
	}
	// By name: the Poetsploeg first, both its offerings counted (the
	// cleaners of Brugge follow, by "poets").
	r := run(search.EnterpriseQuery{Text: "poetsploeg"})
	if r.Total == 0 || r.Hits[0].KBO != kboGent || r.Hits[0].Offerings != 2 {
		t.Errorf("poetsploeg: %+v, want Gent first with 2 offerings", r)
	}
	// By offerings, with a synonym: both bicycle enterprises, each once.
	r = run(search.EnterpriseQuery{Text: "fietsherstelling"})
	if got := kbos(r); len(got) != 2 || r.Total != 2 {
		t.Errorf("fietsherstelling: %v, want the enterprises of Aalst and Antwerpen", got)
	}
	// Filtered by work form.
	r = run(search.EnterpriseQuery{Text: "fietsherstelling", WorkForm: "LDE"})
	if got := kbos(r); len(got) != 1 || got[0] != kboAalst {
		t.Errorf("fietsherstelling, LDE: %v, want Aalst", got)
	}
	// Pages.
	r = run(search.EnterpriseQuery{Text: "fietsherstelling", Page: 2, Size: 1})
	if r.Total != 2 || len(r.Hits) != 1 {
		t.Errorf("page 2 of 1: %+v", r)
	}
	if _, err := s.Enterprises(context.Background(), search.EnterpriseQuery{Text: "x", WorkForm: "geen"}); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("unknown work form: %v, want EINVALID", err)
	}
}
