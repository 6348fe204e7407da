package search_test

import (
	"testing"

	"koppel/indexer"
	"koppel/search"
)

// TestDistanceQualifies checks which offerings a search sorted by distance
// lists, on the demo data: those that match every word as typed, by a
// synonym or by the distinctive part of a compound with a generic head
// ("archief" of "archiefbeheer": the same offerings as by relevance), and
// not those that share only another compound part ("fiets" of
// "fietskoerier": the bike services, as near as the couriers).
func TestDistanceQualifies(t *testing.T) {
	s := mustSearcher(t, fmSource(), indexer.Options{})
	near := func(text, place string) (byDistance, byRelevance *search.OfferingResult) {
		t.Helper()
		q, pr := search.ApplyPlace(s.Places, search.OfferingQuery{Text: text, PerEnterprise: 2, Size: 50}, search.PlaceFields{Place: place, Comes: true})
		if pr.PlaceError != "" || q.Sort != search.SortDistance {
			t.Fatalf("%q near %s: place error %q, sort %q", text, place, pr.PlaceError, q.Sort)
		}
		byDistance = mustSearch(t, s, q)
		q.Sort = search.SortRelevance
		return byDistance, mustSearch(t, s, q)
	}
	for _, tc := range [][2]string{{"archiefbeheer", "Gent"}, {"vloeronderhoud", "Gent"}, {"speelplaatsonderhoud", "Antwerpen"}, {"groenbeheer", "Leuven"}} {
		d, r := near(tc[0], tc[1])
		if d.Total == 0 || d.Total != r.Total {
			t.Errorf("%q near %s: %d by distance, %d by relevance; want the same, more than 0", tc[0], tc[1], d.Total, r.Total)
		}
	}
	d, r := near("fietskoerier", "Leuven")
	if d.Total == 0 || d.Total >= r.Total {
		t.Errorf("fietskoerier near Leuven: %d by distance, %d by relevance; want fewer, more than 0", d.Total, r.Total)
	}
	for i, h := range d.Hits {
		if h.Offering.Category != "logistiek" {
			t.Errorf("fietskoerier near Leuven: hit %d is %s: %q", i+1, h.Offering.Category, h.Offering.Title)
		}
	}
}
