package search_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel/indexer"
	"koppel/search"
)

// TestUnderstand checks that words naming a place, province or work form
// filter the search and are reported, that Keep undoes a reading, that
// service words are never read as places, and that a reading that finds
// nothing falls back to the words as typed.
func TestUnderstand(t *testing.T) {
	s := mustSearcher(t, catalogue(), indexer.Options{})
	run := func(q search.OfferingQuery) *search.OfferingResult {
		t.Helper()
		return mustSearch(t, s, q)
	}
	// "poetsdienst gent maatwerkbedrijf": the cleaner of Gent, a MWB, first
	// (its other service matches by its name, Poetsploeg).
	r := run(search.OfferingQuery{Text: "poetsdienst gent maatwerkbedrijf"})
	want := []search.Reading{
		{Kind: "text", Words: "poetsdienst", Label: "poetsdienst"},
		{Kind: "place", Words: "gent", Value: "9000", Label: "komt naar Gent"},
		{Kind: "work_form", Words: "maatwerkbedrijf", Value: "maatwerkbedrijf", Label: "Maatwerkbedrijf"},
	}
	if diff := cmp.Diff(want, r.Read); diff != "" {
		t.Errorf("readings (-want +got):\n%s", diff)
	}
	if got := codes(r, true); len(got) == 0 || got[0] != key(kboGent, "SCH-1") || r.Hits[0].DistanceKm == nil {
		t.Errorf("poetsdienst gent maatwerkbedrijf: %v, want SCH-1 of Gent with its distance", got)
	}
	for _, h := range r.Hits {
		if h.Enterprise.KBO != kboGent {
			t.Errorf("poetsdienst gent maatwerkbedrijf: %s/%s of another enterprise", h.Enterprise.KBO, h.Offering.Code)
		}
	}
	// The old name of a maatwerkbedrijf, and a province.
	r = run(search.OfferingQuery{Text: "sociale werkplaats oost-vlaanderen"})
	if len(r.Read) != 2 || r.Read[0].Value != "maatwerkbedrijf" || r.Read[1].Value != "Oost-Vlaanderen" {
		t.Errorf("sociale werkplaats oost-vlaanderen: read %+v", r.Read)
	}
	// Fietsherstelling aalst: Aalst's bike service also serves Gent; the
	// enterprise in Aalst comes to Aalst.
	r = run(search.OfferingQuery{Text: "fietsherstelling aalst"})
	if got := codes(r, true); len(got) != 1 || got[0] != key(kboAalst, "FTS-1") {
		t.Errorf("fietsherstelling aalst: %v", got)
	}
	// Keep undoes the reading: gent is text again (it matches nothing).
	r = run(search.OfferingQuery{Text: "poetsdienst gent", Keep: "gent"})
	if len(r.Read) != 0 || r.Total == 0 {
		t.Errorf("keep gent: read %+v, %d hits; want no reading and the cleaners", r.Read, r.Total)
	}
	// A place filter set already: the word stays text.
	r = run(search.OfferingQuery{Text: "poetsdienst gent", ServesPostcode: "2000"})
	for _, rd := range r.Read {
		if rd.Kind == "place" {
			t.Errorf("with serves=2000, gent read as %+v", rd)
		}
	}
	// A reading that finds nothing: the words as typed.
	r = run(search.OfferingQuery{Text: "catering lde"})
	if len(r.Read) != 0 || r.Total == 0 {
		t.Errorf("catering lde: read %+v, %d hits; want the catering, unread", r.Read, r.Total)
	}
}
