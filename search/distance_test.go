package search_test

import (
	"slices"
	"testing"

	"koppel"
	"koppel/indexer"
	"koppel/indexer/indexertest"
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

// TestDistanceSynonymsWhereNamed checks that, sorted by distance, a word
// matched only by a synonym qualifies for the first level where an
// offering says what it is (title, keywords, category, name), not in its
// description: a laundry in Gent that does "kleine herstellingen" of bed
// linen is no klusjesdienst, and is not listed before the handyman
// service of Aalst. Sorted by relevance it is still found, below.
func TestDistanceSynonymsWhereNamed(t *testing.T) {
	src := indexertest.New()
	src.Enterprises[kboGent] = &koppel.Enterprise{KBO: kboGent, Name: "Wasserij Gent vzw", Address: koppel.Address{Postcode: "9000"}}
	src.Enterprises[kboAalst] = &koppel.Enterprise{KBO: kboAalst, Name: "Werkplaats Aalst", Address: koppel.Address{Postcode: "9300"}}
	for _, o := range []*koppel.Offering{
		{ID: "LINNEN", Enterprise: kboGent, Title: "Herstelling en naaiwerk van beddengoed", Category: "was-strijk",
			Description: "Kleine herstellingen aan lakens, kussenslopen en dekbedovertrekken."},
		{ID: "HUIS", Enterprise: kboGent, Title: "Kleine herstellingen aan huis"},
		{ID: "KLUS", Enterprise: kboAalst, Title: "Klusjesdienst voor scholen", Category: "klusjes"},
	} {
		src.AddOffering(o)
	}
	s := mustSearcher(t, src, indexer.Options{})
	codes := func(r *search.OfferingResult) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.Offering.Code)
		}
		return out
	}
	q := search.OfferingQuery{Text: "klusjesdienst", Postcode: "9000", Sort: search.SortDistance, Size: 20}
	if got, want := codes(mustSearch(t, s, q)), []string{"HUIS", "KLUS"}; !slices.Equal(got, want) {
		t.Errorf("klusjesdienst near Gent by distance: %v, want %v", got, want)
	}
	q.Sort = search.SortRelevance
	if got := codes(mustSearch(t, s, q)); !slices.Contains(got, "LINNEN") || got[0] == "LINNEN" {
		t.Errorf("klusjesdienst near Gent by relevance: %v, want LINNEN found, not first", got)
	}
}
