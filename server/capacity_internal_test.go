package server

import (
	"context"
	"errors"
	"testing"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
	"koppel/store"
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
	got := capacitySummary(i18n.NL, m)
	want := "Fietsen (fietspunt, herstelling, stalling, verhuur): 1 onderneming, samen 2,5 VTE. Van 1 daarvan is de capaciteit geschat uit het personeel. " +
		"Meeste capaciteit in Gent (2,5 VTE). Geen gekende capaciteit in 1 van de 2 gemeenten. " +
		"Sinds 01/12/2025: 1 perceel van een opdracht en geen aanvragen. 1 witte vlek: Brugge."
	if got != want {
		t.Errorf("summary\n got %q\nwant %q", got, want)
	}
	row := newCapacityRow(i18n.NL, m.Municipalities[0]) // Gent: Oost- before West-Vlaanderen
	if row.Municipality != "Gent" || row.Capacity != "2,5 VTE" || row.Note != "1 geschat" {
		t.Errorf("row %+v, want Gent, 2,5 VTE, 1 geschat", row)
	}
}

// TestCapacityShadeLabels: the legend in each language, with its numbers
// and unit written that language's way.
func TestCapacityShadeLabels(t *testing.T) {
	m := &koppel.CapacityMap{Breaks: []float64{2.5, 15, 1500}}
	want := map[i18n.Lang][]string{
		i18n.NL: {"geen gekende capaciteit", "tot 2,5 VTE", "2,5 tot 15 VTE", "15 tot 1.500 VTE"},
		i18n.FR: {"aucune capacité connue", "jusqu’à 2,5 ETP", "de 2,5 à 15 ETP", "de 15 à 1\u202f500 ETP"},
		i18n.EN: {"no known capacity", "up to 2.5 FTE", "2.5 to 15 FTE", "15 to 1,500 FTE"},
	}
	for l, labels := range want {
		for i, w := range labels {
			if got := shadeLabel(l, m, i); got != w {
				t.Errorf("%s shade %d: got %q, want %q", l, i, got, w)
			}
		}
	}
}

// TestCapacityWaitEnds: a request waiting for the map while another
// computes it gives up when it ends, instead of waiting on.
func TestCapacityWaitEnds(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := &Server{Reference: refdata.Load(), Offerings: st}
	if _, _, _, err := s.capacityData(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.capacity.lock <- struct{}{} // another request computes
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, _, err := s.capacityData(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want the request's end", err)
	}
	<-s.capacity.lock
	if _, _, _, err := s.capacityData(context.Background()); err != nil {
		t.Errorf("after the other request: %v", err)
	}
}
