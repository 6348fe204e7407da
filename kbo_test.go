package koppel_test

import (
	"testing"

	"koppel"
)

func TestParseKBO(t *testing.T) {
	tests := []struct {
		in      string
		want    koppel.KBO
		wantErr bool
	}{
		{"0123.456.749", "0123456749", false},
		{"0123456749", "0123456749", false},
		{"BE0123456749", "0123456749", false},
		{"be 0123 456 749", "0123456749", false},
		{"123456749", "0123456749", false}, // older nine-digit form
		{"0123.456.748", "", true},         // wrong check digits
		{"0123.456.7", "", true},           // too short
		{"2123.456.749", "", true},         // must start with 0 or 1
		{"0123.45x.749", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := koppel.ParseKBO(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseKBO(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if err != nil && koppel.ErrorCode(err) != koppel.EINVALID {
				t.Errorf("code = %s, want %s", koppel.ErrorCode(err), koppel.EINVALID)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if got := koppel.KBO("0123456749").String(); got != "0123.456.749" {
		t.Errorf("String() = %q, want 0123.456.749", got)
	}
}

func FuzzParseKBO(f *testing.F) {
	for _, s := range []string{"0123.456.749", "BE0123456749", "123456749", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := koppel.ParseKBO(s)
		if err != nil {
			return
		}
		// A valid number must round-trip through its printed form.
		k2, err := koppel.ParseKBO(k.String())
		if err != nil || k2 != k {
			t.Fatalf("ParseKBO(%q) = %q, but its String %q parses to %q, %v", s, k, k.String(), k2, err)
		}
	})
}
