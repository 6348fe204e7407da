package importers

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"koppel"
)

// TestEnterpriseTargetGroups reads the Doelgroepen and Doorstroomtrajecten
// rows: names and usual spellings in any order, an unknown group left out
// with a warning on its cell, a yes/no in Dutch, French or English.
func TestEnterpriseTargetGroups(t *testing.T) {
	offerings := sheet{"Aanbod", [][]any{{"Dienst"}, {"Poetsen"}}}
	ent := func(groups, transition string) sheet {
		return sheet{"Onderneming", [][]any{{"Gegeven", "Waarde"}, {"Ondernemingsnummer", "0123.456.749"}, {"Naam", "De Ploeg"}, {"Postcode", "9000"},
			{"Doelgroepen", groups}, {"Doorstroomtrajecten", transition}}}
	}
	tests := []struct {
		name, groups, transition string
		want                     []koppel.TargetGroup
		wantTransition           bool
		wantProbs                []koppel.Problem
	}{
		{"labels and spellings", "Langdurig werkzoekenden; art. 60; Mensen met een arbeidshandicap", "Ja",
			[]koppel.TargetGroup{koppel.TargetDisability, koppel.TargetLongTerm, koppel.TargetArt60}, true, nil},
		{"french yes, psychosocial", "psychisch kwetsbaar", "oui", []koppel.TargetGroup{koppel.TargetPsychosocial}, true, nil},
		{"no", "", "nee", nil, false, nil},
		{"unknown group and answer", "Langdurig werkzoekenden; astronauten", "misschien", []koppel.TargetGroup{koppel.TargetLongTerm}, false,
			[]koppel.Problem{
				{File: "o.xlsx", Sheet: "Onderneming", Row: 5, Column: "Doelgroepen (B)", Value: "Langdurig werkzoekenden; astronauten", Severity: "warning",
					Message:   "doelgroep 'astronauten' niet herkend; kies uit de lijst, bv. Mensen met een arbeidshandicap; deze doelgroep is weggelaten",
					MessageEN: "target group 'astronauten' not recognised; choose from the list, e.g. People with a work disability; it was left out"},
				{File: "o.xlsx", Sheet: "Onderneming", Row: 6, Column: "Doorstroomtrajecten (B)", Value: "misschien", Severity: "warning",
					Message: "'misschien' is geen ja of nee; doorstroomtrajecten is leeg gelaten (nee)", MessageEN: "'misschien' is not yes or no; transition paths was left empty (no)"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRead(t, "o.xlsx", buildXLSX(t, []sheet{ent(tt.groups, tt.transition), offerings}, nil), Options{KBO: validKBO})
			if diff := cmp.Diff(tt.wantProbs, res.problems, cmpopts.EquateEmpty(), ignoreFR); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			e := res.cat.Enterprise
			if e == nil {
				t.Fatal("no enterprise read")
			}
			if diff := cmp.Diff(tt.want, e.TargetGroups, cmpopts.EquateEmpty()); diff != "" || e.TransitionPaths != tt.wantTransition {
				t.Errorf("target groups (-want +got):\n%s; transition paths %v, want %v", diff, e.TransitionPaths, tt.wantTransition)
			}
		})
	}
}
