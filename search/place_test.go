package search_test

import (
	"context"
	"testing"

	"koppel/indexer"
	"koppel/refdata"
	"koppel/search"
)

// TestApplyPlace checks how the search page's place fields are read.
func TestApplyPlace(t *testing.T) {
	places := refdata.Load()
	for _, tc := range []struct {
		f                       search.PlaceFields
		postcode, serves, sort  string
		radius                  float64
		province                string
		placeProblem, kmProblem bool
	}{
		{f: search.PlaceFields{Place: "Gent", Km: "20", Comes: true}, postcode: "9000", serves: "9000"},
		{f: search.PlaceFields{Place: "9000", Km: "20 km"}, postcode: "9000", radius: 20},
		{f: search.PlaceFields{Place: "9000 Gent", Km: "20km"}, postcode: "9000", radius: 20},
		{f: search.PlaceFields{Place: "B-9000", Km: "7,5"}, postcode: "9000", radius: 7.5},
		{f: search.PlaceFields{Place: "Ledeberg", Comes: true}, postcode: "9050", serves: "9050", sort: search.SortDistance},
		{f: search.PlaceFields{Place: "Ledeberg"}, postcode: "9050", sort: search.SortDistance},
		{f: search.PlaceFields{Place: "Oost-Vlaanderen", Comes: true}, province: "Oost-Vlaanderen"},
		{f: search.PlaceFields{Place: "Nergensdorp", Km: "20", Comes: true}, placeProblem: true},
		{f: search.PlaceFields{Place: "Gent", Km: "twintig"}, postcode: "9000", sort: search.SortDistance, kmProblem: true},
		{f: search.PlaceFields{Km: "20"}, kmProblem: true},
	} {
		q, pr := search.ApplyPlace(places, search.OfferingQuery{Text: "poetsdienst"}, tc.f)
		if q.Postcode != tc.postcode || q.ServesPostcode != tc.serves || q.RadiusKm != tc.radius || q.Sort != tc.sort || q.Province != tc.province {
			t.Errorf("%+v: postcode %q serves %q radius %g sort %q province %q; want %q %q %g %q %q", tc.f, q.Postcode, q.ServesPostcode, q.RadiusKm, q.Sort, q.Province, tc.postcode, tc.serves, tc.radius, tc.sort, tc.province)
		}
		if (pr.PlaceError != "") != tc.placeProblem || (pr.KmError != "") != tc.kmProblem {
			t.Errorf("%+v: problems %+v, want place %v km %v", tc.f, pr, tc.placeProblem, tc.kmProblem)
		}
		if q.Text != "poetsdienst" {
			t.Errorf("%+v: text %q changed", tc.f, q.Text)
		}
	}
}

// TestComesToPlace checks that "komt naar deze plaats" finds the enterprise
// based 25.7 km away whose service area lists Gent, which 20 km around
// Gent leaves out, and shows its distance from Gent.
func TestComesToPlace(t *testing.T) {
	s := mustSearcher(t, catalogue(), indexer.Options{})
	ctx := context.Background()
	run := func(f search.PlaceFields) map[string]float64 {
		t.Helper()
		q, pr := search.ApplyPlace(s.Places, search.OfferingQuery{Text: "fietsherstelling"}, f)
		if pr.PlaceError != "" || pr.KmError != "" {
			t.Fatalf("%+v: %+v", f, pr)
		}
		r, err := s.Offerings(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, h := range r.Hits {
			if h.DistanceKm == nil {
				t.Fatalf("%+v: %s without distance", f, h.Offering.Code)
			}
			out[string(h.Enterprise.KBO)+"/"+h.Offering.Code] = *h.DistanceKm
		}
		return out
	}
	if got := run(search.PlaceFields{Place: "Gent", Km: "20"}); len(got) != 0 {
		t.Errorf("within 20 km of Gent: %v, want none", got)
	}
	got := run(search.PlaceFields{Place: "Gent", Km: "20", Comes: true})
	if d, ok := got[key(kboAalst, "FTS-1")]; !ok || d < 20 || d > 30 {
		t.Errorf("comes to Gent: %v, want FTS-1 of Aalst at about 26 km", got)
	}
	if _, ok := got[key(kboAntwerpen, "FTS-2")]; ok {
		t.Errorf("comes to Gent: %v; the Antwerpen one serves its own province only", got)
	}
}
