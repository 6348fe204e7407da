package koppel

import (
	"slices"
	"testing"
)

// TestMatchCategory is what people type in the Categorie column of their
// catalogue: the labels as they remember them, with "en" for "&", the
// plural, other word orders, French and English, the domain's own words
// and typos.
func TestMatchCategory(t *testing.T) {
	tests := []struct {
		in   string
		want Category
	}{
		// The labels and codes, however they are written.
		{"Schoonmaak & poetsen", "schoonmaak"},
		{"schoonmaak en poetsen", "schoonmaak"},
		{"SCHOONMAAK/POETSEN", "schoonmaak"},
		{"poetsen", "schoonmaak"},
		{"Poetsdienst", "schoonmaak"},
		{"kuisen", "schoonmaak"},
		{"Schoonmaak van gebouwen", "schoonmaak"},
		{"Ramen wassen", "schoonmaak"},
		{"glasreiniging", "schoonmaak"},
		{"Nettoyage", "schoonmaak"},
		{"cleaning", "schoonmaak"},
		{"schoonmaak", "schoonmaak"},
		{"Groenonderhoud", "groenonderhoud"},
		{"groen onderhoud", "groenonderhoud"},
		{"Groenzorg", "groenonderhoud"},
		{"tuinonderhoud", "groenonderhoud"},
		{"Entretien des espaces verts", "groenonderhoud"},
		{"green maintenance", "groenonderhoud"},
		{"Fietsen", "fietsen"},
		{"fiets", "fietsen"},
		{"Fietspunt", "fietsen"},
		{"fietsherstelling", "fietsen"},
		{"fietsenstalling", "fietsen"},
		{"Vélo", "fietsen"},
		{"Klusjes & technisch onderhoud", "klusjes"},
		{"klusjes en technisch onderhoud", "klusjes"},
		{"technisch onderhoud en klusjes", "klusjes"},
		{"Klusjesdienst", "klusjes"},
		{"herstellingen", "klusjes"},
		{"Petits travaux", "klusjes"},
		{"Catering & maaltijden", "catering"},
		{"catering en maaltijden", "catering"},
		{"maaltijd", "catering"},
		{"Schoolmaaltijden", "catering"},
		{"repas", "catering"},
		{"Was & strijk", "was-strijk"},
		{"was en strijk", "was-strijk"},
		{"Was- en strijkdienst", "was-strijk"},
		{"strijk en was", "was-strijk"},
		{"wassen en strijken", "was-strijk"},
		{"strijkdienst", "was-strijk"},
		{"Wasserij", "was-strijk"},
		{"Blanchisserie", "was-strijk"},
		{"Kringloop & hergebruik", "kringloop"},
		{"kringloop en hergebruik", "kringloop"},
		{"Kringloopwinkel", "kringloop"},
		{"tweedehands", "kringloop"},
		{"Réemploi", "kringloop"},
		{"Logistiek & verpakking", "logistiek"},
		{"logistiek en verpakking", "logistiek"},
		{"verpakken", "logistiek"},
		{"Conditionnement", "logistiek"},
		{"Energie & renovatie", "energie-renovatie"},
		{"energie en renovatie", "energie-renovatie"},
		{"renovatie en energie", "energie-renovatie"},
		{"Isolatie", "energie-renovatie"},
		{"energie-renovatie", "energie-renovatie"},
		{"Drukwerk & digitalisering", "drukwerk-digitalisering"},
		{"drukwerk en digitalisering", "drukwerk-digitalisering"},
		{"Drukwerk, digitalisering", "drukwerk-digitalisering"},
		{"scannen", "drukwerk-digitalisering"},
		{"Impression et numérisation", "drukwerk-digitalisering"},
		{"Printing and scanning", "drukwerk-digitalisering"},
		{"Sport- & schoolinfrastructuur", "sport-schoolinfrastructuur"},
		{"sport en schoolinfrastructuur", "sport-schoolinfrastructuur"},
		{"Sportzaal", "sport-schoolinfrastructuur"},
		{"Speelplaats", "sport-schoolinfrastructuur"},
		{"Salle de sport", "sport-schoolinfrastructuur"},
		// Typos in longer words.
		{"Schoonmaakt", "schoonmaak"},
		{"groenonderhoudt", "groenonderhoud"},
		{"kringlop", "kringloop"},
		{"digitaliseirng", "drukwerk-digitalisering"},
		{"drukwrk", "drukwerk-digitalisering"},
		{"wasen", "was-strijk"},
		{"  energie   &   renovatie ", "energie-renovatie"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, near := MatchCategory(tt.in)
			if got != tt.want {
				t.Errorf("MatchCategory(%q) = %q (nearest %v), want %q", tt.in, got, near, tt.want)
			}
			if c, err := ParseCategory(tt.in); c != tt.want || err != nil {
				t.Errorf("ParseCategory(%q) = %q, %v, want %q", tt.in, c, err, tt.want)
			}
		})
	}
}

// TestMatchCategoryUnknown: a value that is no category, or that names two,
// is not guessed; the nearest categories are proposed.
func TestMatchCategoryUnknown(t *testing.T) {
	tests := []struct {
		in      string
		nearest []Category
	}{
		{"Ruimtevaart", nil},
		{"Diverse", nil},
		{"x", nil},
		{"onderhoud", []Category{"klusjes"}},
		{"schoonmaak en groenonderhoud", []Category{"schoonmaak", "groenonderhoud"}},
		{"Fietsen en catering", []Category{"fietsen", "catering"}},
		{"drkwrk", []Category{"drukwerk-digitalisering"}},
		{"strjk", []Category{"was-strijk"}},
		{"kringlopwinkl", []Category{"kringloop"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, near := MatchCategory(tt.in)
			if got != "" {
				t.Errorf("MatchCategory(%q) = %q, want no category", tt.in, got)
			}
			slices.Sort(near)
			want := slices.Clone(tt.nearest)
			slices.Sort(want)
			if !slices.Equal(near, want) {
				t.Errorf("MatchCategory(%q) nearest = %v, want %v", tt.in, near, want)
			}
			if _, err := ParseCategory(tt.in); ErrorCode(err) != EINVALID {
				t.Errorf("ParseCategory(%q) error = %v, want EINVALID", tt.in, err)
			}
		})
	}
}

// TestCategoryWordsUnambiguous: every name of a category finds that
// category, so the table of words never sends one category's word to
// another.
func TestCategoryWordsUnambiguous(t *testing.T) {
	for _, c := range Categories {
		for _, w := range append([]string{string(c.Category), c.Label}, c.Aliases...) {
			if got, near := MatchCategory(w); got != c.Category {
				t.Errorf("MatchCategory(%q) = %q (nearest %v), want %q", w, got, near, c.Category)
			}
		}
	}
}

// TestOneTypo: the fast check agrees with EditDistance.
func TestOneTypo(t *testing.T) {
	words := []string{"schoonmaak", "schoonmaakt", "schoonmak", "schoonmaka", "sxhoonmaak", "chsoonmaak", "schoonmaak ", "groenonderhoud",
		"kringloop", "kringlop", "kringlopp", "digitalisering", "digitaliseirng", "drukwerk", "drukwrk", "drkwrk", "a", "", "ab", "ba", "vélo", "velo", "véло"}
	for _, a := range words {
		for _, b := range words {
			if got, want := oneTypo(a, b), EditDistance(a, b, 1, true) <= 1; got != want {
				t.Errorf("oneTypo(%q, %q) = %v, EditDistance says %v", a, b, got, want)
			}
		}
	}
}

// BenchmarkMatchCategory: a cell the importer has not seen before (the
// importer caches each distinct cell's result).
func BenchmarkMatchCategory(b *testing.B) {
	for _, in := range []string{"Schoonmaak van gebouwen", "was en strijk", "onderhoud van ruimtevaartuigen 17"} {
		b.Run(in, func(b *testing.B) {
			for b.Loop() {
				MatchCategory(in)
			}
		})
	}
}
