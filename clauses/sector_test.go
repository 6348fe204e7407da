package clauses_test

import (
	"testing"

	"koppel/clauses"
)

func TestSectorFigures(t *testing.T) {
	s := clauses.Sector()
	want := "In Vlaanderen zijn er ongeveer 140 maatwerkbedrijven met 19.493 VTE, 20 maatwerkafdelingen met 89,5 VTE en 180 projecten van lokale diensteneconomie (LDE) met 2.148 VTE."
	if got := s.Sentence(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if s.Source == "" || s.Guide.Name != "Gids sociale aankopen" {
		t.Errorf("source %q, guide %q: want both named", s.Source, s.Guide.Name)
	}
}
