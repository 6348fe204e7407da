package search

import "testing"

// TestGenericRest checks which rests of a compound after one of its parts
// leave that part naming the compound: nothing or an ending, or generic
// heads (with a linking letter or an ending); a head of its own names
// another thing.
func TestGenericRest(t *testing.T) {
	for _, c := range []struct {
		rest string // the compound after the part
		want bool
	}{
		{"", true},                // "park" of "park"
		{"en", true},              // "park" of "parken"
		{"onderhoud", true},       // "groen" of "groenonderhoud"
		{"werken", true},          // "groen" of "groenwerken"
		{"herstelling", true},     // "fiets" of "fietsherstelling"
		{"enherstelling", true},   // "fiets" of "fietsenherstelling"
		{"ploegen", true},         // "schoonmaak" of "schoonmaakploegen"
		{"plaatsonderhoud", true}, // "speel" of "speelplaatsonderhoud"
		{"afval", false},          // "groen" of "groenafval"
		{"koeriers", false},       // "fiets" of "fietskoeriers"
		{"enstalling", false},     // "fiets" of "fietsenstalling"
		{"velden", false},         // "sport" of "sportvelden"
	} {
		if got := genericRest(c.rest); got != c.want {
			t.Errorf("genericRest(%q) = %v, want %v", c.rest, got, c.want)
		}
	}
}
