package search_test

import (
	"context"
	"slices"
	"testing"

	"koppel"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/search"
)

// compoundCatalogue holds services whose compounds share a generic head
// ("dienst", "onderhoud") and nothing else.
func compoundCatalogue() *indexertest.MemSource {
	src := indexertest.New()
	src.Enterprises[kboGent] = &koppel.Enterprise{KBO: kboGent, Name: "Voorbeeld vzw", Address: koppel.Address{Postcode: "9000"}}
	for _, o := range []*koppel.Offering{
		{ID: "POETS", Enterprise: kboGent, Title: "Poetsdienst voor scholen", Category: "schoonmaak"},
		{ID: "POETSEN", Enterprise: kboGent, Title: "Wij poetsen kantoren", Category: "schoonmaak"},
		{ID: "KUIS", Enterprise: kboGent, Title: "Kuisen van sanitair", Category: "schoonmaak"},
		{ID: "KLUS", Enterprise: kboGent, Title: "Klusjesdienst voor gemeenten", Category: "klusjes"},
		{ID: "OPHAAL", Enterprise: kboGent, Title: "Ophaaldienst voor OCMW-diensten", Category: "kringloop"},
		{ID: "GROEN", Enterprise: kboGent, Title: "Groenonderhoud van parken", Category: "groenonderhoud"},
		{ID: "VLOER", Enterprise: kboGent, Title: "Vloeronderhoud in kantoren", Category: "schoonmaak"},
		{ID: "FIETS", Enterprise: kboGent, Title: "Fietsonderhoud voor leerlingen"},
	} {
		src.AddOffering(o)
	}
	return src
}

// TestCompoundHeads checks that a compound of the query finds the
// compound, its distinctive part or a synonym of either, never a document
// that shares only its generic head, and that the highlights follow.
func TestCompoundHeads(t *testing.T) {
	s := mustSearcher(t, compoundCatalogue(), indexer.Options{})
	for _, tc := range []struct {
		q    string
		want []string // exactly these offerings
	}{
		// VLOER by its category, "Schoonmaak & poetsen".
		{"poetsdienst", []string{"KUIS", "POETS", "POETSEN", "VLOER"}},
		{"schoonmaakdienst", []string{"KUIS", "POETS", "POETSEN", "VLOER"}},
		{"klusjesdienst", []string{"KLUS"}},
		{"vloeronderhoud", []string{"VLOER"}},
		{"groenonderhoud", []string{"GROEN"}},
		// The head typed as a word of its own is searched as usual.
		{"dienst", []string{"KLUS", "OPHAAL", "POETS"}},
		{"onderhoud", []string{"FIETS", "GROEN", "KLUS", "VLOER"}}, // KLUS: "Klusjes & technisch onderhoud"
	} {
		r, err := s.Offerings(context.Background(), search.OfferingQuery{Text: tc.q + " ", Size: 50})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range r.Hits {
			got = append(got, h.Offering.Code)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: %v, want %v", tc.q, got, tc.want)
		}
	}
	// Highlights follow the same rule: "Klusjesdienst", found by
	// "gemeenten", keeps its head unmarked for "poetsdienst gemeenten".
	r, err := s.Offerings(context.Background(), search.OfferingQuery{Text: "poetsdienst gemeenten", Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, h := range r.Hits {
		if h.Offering.Code != "KLUS" {
			continue
		}
		seen = true
		if hl := h.Highlights["title"]; len(hl) != 1 || hl[0] != "Klusjesdienst voor <mark>gemeenten</mark>" {
			t.Errorf("poetsdienst gemeenten: KLUS highlighted %q", hl)
		}
	}
	if !seen {
		t.Errorf("poetsdienst gemeenten: KLUS not found by gemeenten")
	}
}
