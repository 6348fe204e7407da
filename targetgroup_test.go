package koppel_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/refdata"
)

func TestParseTargetGroup(t *testing.T) {
	for in, want := range map[string]koppel.TargetGroup{
		"arbeidshandicap": koppel.TargetDisability, "Art. 60": koppel.TargetArt60, "artikel 60 §7": koppel.TargetArt60,
		"LANGDURIG WERKLOZEN": koppel.TargetLongTerm, "Psychische kwetsbaarheid": koppel.TargetPsychosocial,
		"Anderstalige nieuwkomers": koppel.TargetNewcomer, "(Ex-)gedetineerden": koppel.TargetExOffender,
	} {
		if got, err := koppel.ParseTargetGroup(in); err != nil || got != want {
			t.Errorf("ParseTargetGroup(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := koppel.ParseTargetGroup("astronauten"); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("unknown group: %v, want EINVALID", err)
	}
}

// TestEnterpriseTargetGroupsValidate: Validate reads the groups however
// they are written, drops duplicates, keeps the list's order, and refuses
// an unknown one.
func TestEnterpriseTargetGroupsValidate(t *testing.T) {
	e := &koppel.Enterprise{KBO: "0123456749", Name: "X", Address: koppel.Address{Postcode: "9000"},
		TargetGroups: []koppel.TargetGroup{"art. 60", koppel.TargetDisability, "art60"}}
	if err := e.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]koppel.TargetGroup{koppel.TargetDisability, koppel.TargetArt60}, e.TargetGroups); diff != "" {
		t.Errorf("target groups (-want +got):\n%s", diff)
	}
	e.TargetGroups = []koppel.TargetGroup{"astronauten"}
	if err := e.Validate(refdata.Load()); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("unknown group: %v, want EINVALID", err)
	}
}
