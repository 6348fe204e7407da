package koppel_test

import (
	"testing"

	"koppel"
)

// TestTenderLanguage checks that a tender's language is read from the codes
// and names people and eForms notices write, refused when Koppel cannot
// analyse it, and Dutch when it is not given.
func TestTenderLanguage(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"", "nl", true}, {"nl", "nl", true}, {"NLD", "nl", true}, {"fr", "fr", true}, {"FRA", "fr", true},
		{"Français", "fr", true}, {"eng", "en", true}, {" English ", "en", true}, {"DEU", "de", true}, {"Duits", "de", true},
		{"es", "", false}, {"SPA", "", false}, {"klingon", "", false},
	} {
		tn := koppel.Tender{Title: "T", Buyer: koppel.Buyer{Name: "B"}, Language: tc.in, Lots: []koppel.Lot{{Title: "L"}}}
		err := tn.Validate(nil)
		switch {
		case tc.ok && err != nil:
			t.Errorf("%q: %v", tc.in, err)
		case !tc.ok && koppel.ErrorCode(err) != koppel.EINVALID:
			t.Errorf("%q: got %v, want EINVALID", tc.in, err)
		case tc.ok && tn.TextLanguage() != tc.want:
			t.Errorf("%q: got %q, want %q", tc.in, tn.TextLanguage(), tc.want)
		}
	}
}
