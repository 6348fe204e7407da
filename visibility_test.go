package koppel_test

import (
	"strings"
	"testing"

	"koppel"
)

func TestSeesTender(t *testing.T) {
	draft := &koppel.Tender{Status: koppel.TenderDraft, Owner: "Stad A"}
	orphan := &koppel.Tender{Status: koppel.TenderDraft}
	published := &koppel.Tender{Status: koppel.TenderPublished, Owner: "Stad A"}
	closed := &koppel.Tender{Status: koppel.TenderClosed, Owner: "Stad A"}
	for _, tc := range []struct {
		v    koppel.Viewer
		t    *koppel.Tender
		want bool
	}{
		{koppel.Viewer{}, draft, false},
		{koppel.Viewer{}, orphan, false},
		{koppel.Viewer{}, published, true},
		{koppel.Viewer{}, closed, true},
		{koppel.Viewer{Buyer: "Stad A"}, draft, true},
		{koppel.Viewer{Buyer: "Gemeente B"}, draft, false},
		{koppel.Viewer{Buyer: "Gemeente B"}, orphan, false},
		{koppel.Viewer{Admin: true}, draft, true},
		{koppel.Viewer{Admin: true}, orphan, true},
	} {
		if got := tc.v.SeesTender(tc.t); got != tc.want {
			t.Errorf("%+v sees %+v: got %v, want %v", tc.v, tc.t, got, tc.want)
		}
	}
}

func TestValidTenderID(t *testing.T) {
	for id, want := range map[string]bool{
		"T-0A1B2C3D4E5F": true, "eforms-7d1c1e2a-3b4c-4d5e-8f90-123456789abc": true, "gent_2026-045": true, "x": true,
		strings.Repeat("a", koppel.MaxTenderIDLen): true, strings.Repeat("a", koppel.MaxTenderIDLen+1): false,
		"": false, "../aanmelden?terug=/\t/host#": false, "-x": false, "_x": false, "a/b": false, "a.b": false, "a b": false,
		"é": false, "a\x00": false, "a%2F": false,
	} {
		if got := koppel.ValidTenderID(id); got != want {
			t.Errorf("ValidTenderID(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestSameOrganisation(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"0207.451.227", "BE0207451227", true},
		{"0207 451 227", "207451227", true},
		{"be 0207.451.227", "0207451227", true},
		{"123 456 789", "123456789", true},
		{"ABE", "abe", true},
		{"0207.451.227", "0207.451.228", false},
		{"", "", false},
		{"", "123", false},
		{"...", "---", false},
	} {
		if got := koppel.SameOrganisation(tc.a, tc.b); got != tc.want {
			t.Errorf("SameOrganisation(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestTenderSizeLimits(t *testing.T) {
	lot := koppel.Lot{Title: "Maaien"}
	tender := func(lots int, desc string) *koppel.Tender {
		t := &koppel.Tender{Title: "Groen", Buyer: koppel.Buyer{Name: "Stad A"}}
		for range lots {
			l := lot
			l.Description = desc
			t.Lots = append(t.Lots, l)
		}
		return t
	}
	lines := strings.Repeat("regel\n", koppel.MaxLotDescriptionLines-1) + "regel"
	for _, tc := range []struct {
		name string
		t    *koppel.Tender
		code string
	}{
		{"at the limits", tender(koppel.MaxLots, lines), ""},
		{"one lot too many", tender(koppel.MaxLots+1, ""), koppel.ETOOLARGE},
		{"one line too many", tender(1, lines+"\nnog een"), koppel.ETOOLARGE},
		{"too long", tender(1, strings.Repeat("x", koppel.MaxLotDescriptionBytes+1)), koppel.ETOOLARGE},
		{"bad id", &koppel.Tender{ID: "a/b", Title: "x", Buyer: koppel.Buyer{Name: "y"}, Lots: []koppel.Lot{lot}}, koppel.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.t.Validate(nil)
			if got := koppel.ErrorCode(err); got != tc.code {
				t.Errorf("got %v (%s), want %q", err, got, tc.code)
			}
			if tc.code == koppel.ETOOLARGE && !strings.Contains(koppel.ErrorMessage(err), "hoogstens") {
				t.Errorf("message %q does not name the limit", koppel.ErrorMessage(err))
			}
		})
	}
}
