package search_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/search"
)

// Enterprises of the hand-made catalogue.
const (
	kboGent      = koppel.KBO("0123456749") // Gent, MWB, radius 10 km
	kboAalst     = koppel.KBO("0200000040") // Aalst (25.7 km from Gent), LDE, serves Gent
	kboAntwerpen = koppel.KBO("0300000031") // Antwerpen, arbeidszorg, serves province Antwerpen
	kboBrugge    = koppel.KBO("0400000022") // Brugge, coöperatie, no service area
)

func catalogue() *indexertest.MemSource {
	src := indexertest.New()
	rec := func(f koppel.WorkForm, from, to koppel.Date) []koppel.Recognition {
		return []koppel.Recognition{{Form: f, ValidFrom: from, ValidTo: to}}
	}
	d := koppel.NewDate
	for _, e := range []*koppel.Enterprise{
		{KBO: kboGent, Name: "Poetsploeg Gent", Address: koppel.Address{Postcode: "9000"}, Recognitions: rec(koppel.Maatwerkbedrijf, d(2020, 1, 1), d(2030, 12, 31)), ServiceArea: koppel.ServiceArea{RadiusKm: 10}},
		{KBO: kboAalst, Name: "Fietsatelier Aalst", Address: koppel.Address{Postcode: "9300"}, Recognitions: rec(koppel.LokaleDiensteneconomie, d(2024, 1, 1), koppel.Date{}), ServiceArea: koppel.ServiceArea{Municipalities: []string{"Gent", "Aalst"}}},
		{KBO: kboAntwerpen, Name: "Atelier Scheldezicht", Address: koppel.Address{Postcode: "2000"}, Recognitions: rec(koppel.Arbeidszorg, d(2022, 1, 1), d(2027, 1, 1)), ServiceArea: koppel.ServiceArea{Provinces: []string{"Antwerpen"}}},
		{KBO: kboBrugge, Name: "Coöperatie Zeewind", Address: koppel.Address{Postcode: "8000"}, Recognitions: rec(koppel.Cooperatie, koppel.Date{}, koppel.Date{})},
	} {
		src.Enterprises[e.KBO] = e
	}
	for _, o := range []*koppel.Offering{
		{ID: "SCH-1", Enterprise: kboGent, Title: "Poetsdienst voor scholen", Description: "Dagelijkse schoonmaak van klaslokalen en sanitair.", Category: "schoonmaak", CPV: []koppel.CPV{"90911200"}, Keywords: []string{"poetsen", "schoonmaakploeg"}},
		{ID: "GRO-1", Enterprise: kboGent, Title: "Groenonderhoud van speelplaatsen", Description: "Maaien, snoeien en onkruid wieden.", Category: "groenonderhoud", CPV: []koppel.CPV{"77313000"}},
		{ID: "FTS-1", Enterprise: kboAalst, Title: "Fietsherstelling en fietsenstalling", Description: "Ons fietspunt herstelt leerlingenfietsen.", Category: "fietsen", CPV: []koppel.CPV{"50100000"}, Languages: []string{"nl"}},
		{ID: "FTS-2", Enterprise: kboAntwerpen, Title: "Réparation de vélos", Description: "Entretien et réparation de vélos pour les écoles.", Category: "fietsen", CPV: []koppel.CPV{"50100000"}, Languages: []string{"fr"}},
		{ID: "CAT-1", Enterprise: kboAntwerpen, Title: "Catering & maaltijden <script>", Description: "Warme maaltijden voor scholen.", Category: "catering", CPV: []koppel.CPV{"55524000"}},
		{ID: "SCH-2", Enterprise: kboBrugge, Title: "Schoonmaak van kantoren", Description: "Kantoren en vergaderzalen.", Category: "schoonmaak", CPV: []koppel.CPV{"90919200"}},
		{ID: "SCH-3", Enterprise: kboBrugge, Title: "Schoonmaaak schoonmaaak schoonmaaak", Description: "Een titel met een tikfout.", Category: "schoonmaak", CPV: []koppel.CPV{"90919200"}},
	} {
		src.AddOffering(o)
	}
	for _, t := range []*koppel.Tender{
		{ID: "t1", Title: "Schoonmaak van de stedelijke scholen", Buyer: koppel.Buyer{Name: "Stad Gent", LegalType: "la"}, Status: koppel.TenderPublished, Deadline: d(2026, 3, 1),
			Lots: []koppel.Lot{{ID: "1", Title: "Poetsen van klaslokalen", Postcode: "9000", CPV: []koppel.CPV{"90911200"}, Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS}}}}},
		{ID: "t2", Title: "Groenonderhoud begraafplaatsen", Buyer: koppel.Buyer{Name: "Gemeente Melle", LegalType: "la"}, Status: koppel.TenderDraft, Owner: "melle", Deadline: d(2026, 6, 1),
			Lots: []koppel.Lot{{ID: "1", Title: "Maaien en snoeien", Postcode: "9090", CPV: []koppel.CPV{"77313000"}, Clauses: []koppel.Clause{{Kind: koppel.ClauseExecutionCondition}}}}},
		{ID: "t3", Title: "Fietsenstalling station", Buyer: koppel.Buyer{Name: "Stad Brugge"}, Status: koppel.TenderClosed, Deadline: d(2025, 1, 1),
			Lots: []koppel.Lot{{ID: "1", Title: "Bewaakte fietsenstalling", Postcode: "8000", CPV: []koppel.CPV{"98351110"}}}},
	} {
		src.Tenders[t.ID] = t
	}
	return src
}

// codes returns the "KBO/ID" of the hits, sorted unless ordered.
func codes(r *search.OfferingResult, ordered bool) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, string(h.Enterprise.KBO)+"/"+h.Offering.Code)
	}
	if !ordered {
		sort.Strings(out)
	}
	return out
}

func key(kbo koppel.KBO, id string) string { return string(kbo) + "/" + id }

func TestOfferingFilters(t *testing.T) {
	s := mustSearcher(t, catalogue(), indexer.Options{})
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		q    search.OfferingQuery
		want []string
	}{
		{"category", search.OfferingQuery{Category: "Schoonmaak"}, []string{key(kboGent, "SCH-1"), key(kboBrugge, "SCH-2"), key(kboBrugge, "SCH-3")}},
		{"work form", search.OfferingQuery{WorkForm: "LDE"}, []string{key(kboAalst, "FTS-1")}},
		{"cpv class", search.OfferingQuery{CPV: "9091"}, []string{key(kboGent, "SCH-1"), key(kboBrugge, "SCH-2"), key(kboBrugge, "SCH-3")}},
		{"cpv code", search.OfferingQuery{CPV: "90911200-8"}, []string{key(kboGent, "SCH-1")}},
		{"province alias", search.OfferingQuery{Province: "O-Vl"}, []string{key(kboGent, "GRO-1"), key(kboGent, "SCH-1"), key(kboAalst, "FTS-1")}},
		{"municipality", search.OfferingQuery{Municipality: "Gand"}, []string{key(kboGent, "GRO-1"), key(kboGent, "SCH-1")}},
		{"language", search.OfferingQuery{Language: "fr"}, []string{key(kboAntwerpen, "FTS-2")}},
		{"radius 30 km finds the supplier 25 km away", search.OfferingQuery{Postcode: "9000", RadiusKm: 30, Category: "fietsen"}, []string{key(kboAalst, "FTS-1")}},
		{"radius 20 km does not", search.OfferingQuery{Postcode: "9000", RadiusKm: 20, Category: "fietsen"}, nil},
		{"serves Gent: radius, municipality", search.OfferingQuery{ServesPostcode: "9000"}, []string{key(kboGent, "GRO-1"), key(kboGent, "SCH-1"), key(kboAalst, "FTS-1")}},
		{"serves Merelbeke: radius of Gent only", search.OfferingQuery{ServesPostcode: "9820"}, []string{key(kboGent, "GRO-1"), key(kboGent, "SCH-1")}},
		{"serves Mechelen: province", search.OfferingQuery{ServesPostcode: "2800"}, []string{key(kboAntwerpen, "CAT-1"), key(kboAntwerpen, "FTS-2")}},
		{"serves Brugge: own municipality", search.OfferingQuery{ServesPostcode: "8000"}, []string{key(kboBrugge, "SCH-2"), key(kboBrugge, "SCH-3")}},
		{"recognised on 2029-01-01", search.OfferingQuery{RecognisedOn: koppel.NewDate(2029, 1, 1)}, []string{key(kboGent, "GRO-1"), key(kboGent, "SCH-1"), key(kboAalst, "FTS-1"), key(kboBrugge, "SCH-2"), key(kboBrugge, "SCH-3")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s.Offerings(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, codes(r, false)); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
			if r.Total != len(tc.want) {
				t.Errorf("total %d, want %d", r.Total, len(tc.want))
			}
		})
	}
	for _, bad := range []search.OfferingQuery{{Category: "ruimtevaart"}, {WorkForm: "x"}, {CPV: "9x"}, {Province: "Atlantis"}, {Postcode: "0000"}, {RadiusKm: 5}, {Sort: "distance"}, {Size: 1000}} {
		if _, err := s.Offerings(ctx, bad); koppel.ErrorCode(err) != koppel.EINVALID {
			t.Errorf("%+v: error %v, want EINVALID", bad, err)
		}
	}
}

func TestOfferingGeo(t *testing.T) {
	s := mustSearcher(t, catalogue(), indexer.Options{})
	r, err := s.Offerings(context.Background(), search.OfferingQuery{Postcode: "9000", RadiusKm: 30, Sort: search.SortDistance})
	if err != nil {
		t.Fatal(err)
	}
	got := codes(r, true)
	if len(got) != 3 || got[2] != key(kboAalst, "FTS-1") {
		t.Fatalf("by distance: %v, want Gent's two then Aalst", got)
	}
	if d := r.Hits[2].DistanceKm; d == nil || *d < 25 || *d > 26.5 {
		t.Errorf("distance to Aalst %v, want about 25.7 km", d)
	}
	if d := r.Hits[0].DistanceKm; d == nil || *d != 0 {
		t.Errorf("distance to Gent %v, want 0", d)
	}
}

func TestOfferingFacets(t *testing.T) {
	s := mustSearcher(t, catalogue(), indexer.Options{})
	r, err := s.Offerings(context.Background(), search.OfferingQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 7 {
		t.Errorf("total %d, want 7", r.Total)
	}
	counts := func(fs []search.FacetValue) map[string]int {
		m := map[string]int{}
		for _, f := range fs {
			m[f.Value] = f.Count
		}
		return m
	}
	if diff := cmp.Diff(map[string]int{"schoonmaak": 3, "fietsen": 2, "groenonderhoud": 1, "catering": 1}, counts(r.Facets.Category)); diff != "" {
		t.Errorf("category facet (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"maatwerkbedrijf": 2, "lde": 1, "arbeidszorg": 2, "cooperatie": 2}, counts(r.Facets.WorkForm)); diff != "" {
		t.Errorf("work form facet (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"Oost-Vlaanderen": 3, "Antwerpen": 2, "West-Vlaanderen": 2}, counts(r.Facets.Province)); diff != "" {
		t.Errorf("province facet (-want +got):\n%s", diff)
	}
	// Facets follow the filters.
	r, _ = s.Offerings(context.Background(), search.OfferingQuery{Text: "schoonmaak", Province: "West-Vlaanderen"})
	if diff := cmp.Diff(map[string]int{"schoonmaak": 2}, counts(r.Facets.Category)); diff != "" {
		t.Errorf("filtered category facet (-want +got):\n%s", diff)
	}
}

func TestOfferingText(t *testing.T) {
	s := mustSearcher(t, catalogue(), indexer.Options{})
	ctx := context.Background()
	first := func(q string) (*search.OfferingResult, string) {
		t.Helper()
		r, err := s.Offerings(ctx, search.OfferingQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) == 0 {
			return r, ""
		}
		return r, codes(r, true)[0]
	}
	for _, tc := range []struct{ q, want string }{
		{"poetsdienst", key(kboGent, "SCH-1")},
		{"poetsdinst", key(kboGent, "SCH-1")},            // typo
		{"kuisen", key(kboGent, "SCH-1")},                // synonym
		{"onderhoud speelplaats", key(kboGent, "GRO-1")}, // compound
		{"fiets", key(kboAalst, "FTS-1")},                // fiets/fietsen, fietsherstelling
		{"maaltijd", key(kboAntwerpen, "CAT-1")},
		{"fietsenst", key(kboAalst, "FTS-1")},    // prefix, as you type
		{"Fietsatelier", key(kboAalst, "FTS-1")}, // enterprise name
		{"scholen gent poetsen", key(kboGent, "SCH-1")},
	} {
		if _, got := first(tc.q); got != tc.want {
			t.Errorf("%q: first hit %q, want %q", tc.q, got, tc.want)
		}
	}
	// velo (folding; French) finds both bicycle offerings, the French first
	// or second.
	r, _ := first("velo")
	if got := codes(r, true); len(got) < 2 || !slices.Contains(got[:2], key(kboAntwerpen, "FTS-2")) || !slices.Contains(got[:2], key(kboAalst, "FTS-1")) {
		t.Errorf("velo: %v, want both bicycle offerings first", got)
	}
	// A fuzzy hit never outranks an exact one, even with three of them.
	r, _ = first("schoonmaak")
	got := codes(r, true)
	if i, j := slices.Index(got, key(kboBrugge, "SCH-2")), slices.Index(got, key(kboBrugge, "SCH-3")); i < 0 || j < 0 || i > j {
		t.Errorf("schoonmaak: %v; want the exact SCH-2 before the misspelt SCH-3", got)
	}
	// Nothing found: a suggestion.
	r, _ = first("grnonderhout")
	if r.Total != 0 || r.Suggestion != "groenonderhoud" {
		t.Errorf("grnonderhout: total %d, suggestion %q; want 0 and groenonderhoud", r.Total, r.Suggestion)
	}
	// Highlights are HTML-escaped with <mark>, synonyms marked too.
	r, _ = first("catering")
	if h := r.Hits[0].Highlights["title"]; len(h) != 1 || h[0] != "<mark>Catering</mark> &amp; <mark>maaltijden</mark> &lt;script&gt;" {
		t.Errorf("title highlight %q", h)
	}
	r, _ = first("onderhoud")
	if h := r.Hits[0].Highlights["title"]; len(h) != 1 || !strings.Contains(h[0], "<mark>Groenonderhoud</mark>") {
		t.Errorf("compound highlight %q", h)
	}
}

func TestTenders(t *testing.T) {
	s := mustSearcher(t, catalogue(), indexer.Options{})
	ctx := context.Background()
	ids := func(r *search.TenderResult) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.Tender.ID)
		}
		sort.Strings(out)
		return out
	}
	for _, tc := range []struct {
		name string
		q    search.TenderQuery
		want []string
	}{
		{"published only", search.TenderQuery{}, []string{"t1"}},
		{"and own drafts", search.TenderQuery{Viewer: koppel.Viewer{Buyer: "melle"}}, []string{"t1", "t2"}},
		{"others' drafts stay hidden", search.TenderQuery{Viewer: koppel.Viewer{Buyer: "gent"}}, []string{"t1"}},
		{"all statuses", search.TenderQuery{Statuses: []koppel.TenderStatus{koppel.TenderDraft, koppel.TenderPublished, koppel.TenderClosed}, Viewer: koppel.Viewer{Admin: true}}, []string{"t1", "t2", "t3"}},
		{"all statuses, anonymous", search.TenderQuery{Statuses: []koppel.TenderStatus{koppel.TenderDraft, koppel.TenderPublished, koppel.TenderClosed}}, []string{"t1", "t3"}},
		{"drafts, anonymous", search.TenderQuery{Statuses: []koppel.TenderStatus{koppel.TenderDraft}}, nil},
		{"drafts, another buyer", search.TenderQuery{Statuses: []koppel.TenderStatus{koppel.TenderDraft}, Viewer: koppel.Viewer{Buyer: "gent"}}, nil},
		{"drafts, own", search.TenderQuery{Statuses: []koppel.TenderStatus{koppel.TenderDraft}, Viewer: koppel.Viewer{Buyer: "melle"}}, []string{"t2"}},
		{"text with synonym", search.TenderQuery{Text: "kuisen"}, []string{"t1"}},
		{"clause", search.TenderQuery{Clause: koppel.ClauseExecutionCondition, Viewer: koppel.Viewer{Buyer: "melle"}}, []string{"t2"}},
		{"deadline after", search.TenderQuery{DeadlineAfter: koppel.NewDate(2026, 4, 1), Viewer: koppel.Viewer{Buyer: "melle"}}, []string{"t2"}},
		{"postcode radius", search.TenderQuery{Postcode: "9300", RadiusKm: 30, Viewer: koppel.Viewer{Buyer: "melle"}}, []string{"t1", "t2"}},
		{"province", search.TenderQuery{Province: "West-Vlaanderen", Statuses: []koppel.TenderStatus{koppel.TenderClosed}}, []string{"t3"}},
		{"cpv", search.TenderQuery{CPV: "773", Viewer: koppel.Viewer{Buyer: "melle"}}, []string{"t2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s.Tenders(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, ids(r)); diff != "" {
				t.Errorf("tenders (-want +got):\n%s", diff)
			}
		})
	}
	r, err := s.Tenders(ctx, search.TenderQuery{Text: "poetsen"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 1 || len(r.Hits[0].Highlights["lots"]) != 1 || len(r.Facets.Clause) != 1 {
		t.Errorf("poetsen: %+v", r)
	}
}
