package koppel_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

func TestParseCPV(t *testing.T) {
	tests := []struct {
		in        string
		want      koppel.CPV
		wantCheck int
		wantErr   bool
	}{
		{"90911200-8", "90911200", 8, false},
		{"90911200", "90911200", -1, false},
		{" 90911200 - 8 ", "90911200", 8, false},
		{"909112008", "90911200", 8, false},
		{"9091120", "", -1, true},
		{"90911200-", "", -1, true},
		{"9091120a", "", -1, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, check, err := koppel.ParseCPV(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want || check != tt.wantCheck {
				t.Errorf("got %q,%d, want %q,%d", got, check, tt.want, tt.wantCheck)
			}
		})
	}
}

func TestCPVHierarchy(t *testing.T) {
	c := koppel.CPV("90911200")
	if diff := cmp.Diff([]string{"90", "909", "9091", "90911", "909112"}, c.Prefixes()); diff != "" {
		t.Errorf("Prefixes (-want +got):\n%s", diff)
	}
	if got := c.Parent(); got != "90911000" {
		t.Errorf("Parent = %q, want 90911000", got)
	}
	if got := koppel.CPV("90000000").Parent(); got != "" {
		t.Errorf("Parent of a division = %q, want empty", got)
	}
	if got := koppel.CPV("90000000").Level(); got != 1 {
		t.Errorf("Level of a division = %d, want 1", got)
	}
	if got := koppel.CPV("90911200").Level(); got != 5 {
		t.Errorf("Level(90911200) = %d, want 5", got)
	}
	for _, tt := range []struct {
		a, b koppel.CPV
		want int
	}{
		{"90911200", "90911200", 8},
		{"90911200", "90919200", 4},
		{"90911200", "77310000", 0},
		{"90910000", "90911200", 4},
	} {
		if got := koppel.SharedPrefix(tt.a, tt.b); got != tt.want {
			t.Errorf("SharedPrefix(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
