package server

import (
	"testing"

	"koppel"
)

// TestCapacitySummary: the summary of a map in words, with singular and
// plural right and numbers written the Dutch way.
func TestCapacitySummary(t *testing.T) {
	cc := &koppel.CategoryCapacity{Category: "fietsen", Enterprises: 1, CapacityFTE: 2.5, Estimated: 1,
		Municipalities: []koppel.MunicipalityCapacity{
			{Municipality: "Gent", Province: "Oost-Vlaanderen", CapacityFTE: 2.5, Enterprises: 1, Estimated: 1},
			{Municipality: "Brugge", Province: "West-Vlaanderen"},
		}}
	demand := []koppel.Demand{{Kind: "tender", Category: "fietsen", Municipality: "Brugge", Title: "Fietspunt station"}}
	m := koppel.NewCapacityMap(cc, demand, koppel.NewDate(2025, 12, 1))
	got := capacitySummary(m)
	want := "Fietsen (fietspunt, herstelling, stalling, verhuur): 1 onderneming, samen 2,5 VTE. Van 1 daarvan is de capaciteit geschat uit het personeel. " +
		"Meeste capaciteit in Gent (2,5 VTE). Geen gekende capaciteit in 1 van de 2 gemeenten. " +
		"Sinds 01/12/2025: 1 perceel van een opdracht en 0 aanvragen. 1 witte vlek: Brugge."
	if got != want {
		t.Errorf("summary\n got %q\nwant %q", got, want)
	}
	row := newCapacityRow(m.Municipalities[0]) // Gent: Oost- before West-Vlaanderen
	if row.Municipality != "Gent" || row.Capacity != "2,5 VTE" || row.Note != "1 geschat" {
		t.Errorf("row %+v, want Gent, 2,5 VTE, 1 geschat", row)
	}
}
