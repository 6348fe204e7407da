package koppel_test

import (
	"testing"

	"koppel"
)

func TestFormatNumber(t *testing.T) {
	for _, tt := range []struct {
		f    float64
		d    int
		want string
	}{
		{12.5, 1, "12,5"}, {12.50, 2, "12,5"}, {1250, 0, "1.250"}, {1234567.891, 2, "1.234.567,89"},
		{30, 1, "30"}, {0.333, 1, "0,3"}, {-2.5, 1, "-2,5"}, {-0.01, 1, "0"},
	} {
		if got := koppel.FormatNumber(tt.f, tt.d); got != tt.want {
			t.Errorf("FormatNumber(%v, %d) = %q, want %q", tt.f, tt.d, got, tt.want)
		}
	}
}

func TestCount(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 rijen"}, {1, "1 rij"}, {2, "2 rijen"}, {1250, "1.250 rijen"}} {
		if got := koppel.Count(tt.n, "rij", "rijen"); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{
		"":                               "",
		"titel ontbreekt":                "Titel ontbreekt",
		"één perceel":                    "Eén perceel",
		"Perceel 1: titel ontbreekt":     "Perceel 1: titel ontbreekt",
		`"x" is geen Belgische postcode`: `"x" is geen Belgische postcode`,
	} {
		if got := koppel.Sentence(in); got != want {
			t.Errorf("Sentence(%q) = %q, want %q", in, got, want)
		}
	}
}
