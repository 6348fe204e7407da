package server

import (
	"strings"
	"testing"

	"koppel"
	"koppel/i18n"
	"koppel/search"
)

// TestListsJoinedInLanguage: lists in the capacity map's dots and in the
// target-group filter line of an export are joined with the reader's
// semicolon (French puts a no-break space before it).
func TestListsJoinedInLanguage(t *testing.T) {
	cc := &koppel.CategoryCapacity{Category: "fietsen", Municipalities: []koppel.MunicipalityCapacity{{Municipality: "Brugge", Province: "West-Vlaanderen"}}}
	demand := []koppel.Demand{
		{Kind: "tender", Category: "fietsen", Municipality: "Brugge", Title: "Fietspunt station"},
		{Kind: "tender", Category: "fietsen", Municipality: "Brugge", Title: "Fietsherstelling"},
	}
	m := koppel.NewCapacityMap(cc, demand, koppel.NewDate(2025, 12, 1))
	q := search.OfferingQuery{TargetGroups: "arbeidshandicap,art60"}
	for _, l := range []i18n.Lang{i18n.NL, i18n.FR, i18n.EN} {
		sep := map[i18n.Lang]string{i18n.NL: "; ", i18n.FR: "\u00a0; ", i18n.EN: "; "}[l]
		var dots []string
		for _, p := range capacityMapView(l, m, "").Points {
			dots = append(dots, p.Label)
		}
		if want := "Fietspunt station" + sep + "Fietsherstelling"; len(dots) != 1 || !strings.Contains(dots[0], want) {
			t.Errorf("%s: dots %q, want one naming %q", l, dots, want)
		}
		fields := targetGroupFilterFields(l, q)
		want := enumLabel(l, "targetgroup.", "arbeidshandicap", "") + sep + enumLabel(l, "targetgroup.", "art60", "")
		if len(fields) != 1 || fields[0].Value != want {
			t.Errorf("%s: filter fields %+v, want %q", l, fields, want)
		}
	}
}
