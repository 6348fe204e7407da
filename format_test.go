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
