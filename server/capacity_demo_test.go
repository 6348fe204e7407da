package server_test

import (
	"context"
	"testing"
	"time"

	"koppel"
	"koppel/demo"
	"koppel/refdata"
	"koppel/server"
)

// TestCapacityDemandOfDemoTenders stores the demo's tenders and asks the
// capacity map of energy renovation: their energy lots (roof insulation,
// lighting; codes 45261410 and 45316000, which share no class with the
// category's first codes) are demand. The deadlines move into the map's
// twelve months, so the test does not depend on the demo's dates.
func TestCapacityDemandOfDemoTenders(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ctx := context.Background()
	ref := refdata.Load()
	want := 0
	for _, tn := range demo.GenerateTenders(demo.DefaultOptions()) {
		tn.Deadline = koppel.DateOf(time.Now().AddDate(0, 1, 0))
		if err := tn.Validate(ref); err != nil {
			t.Fatal(err)
		}
		if err := f.st.PutTender(ctx, tn); err != nil {
			t.Fatal(err)
		}
		if tn.Status == koppel.TenderDraft || tn.Status == koppel.TenderWithdrawn {
			continue
		}
		for _, l := range tn.Lots {
			if l.Title == "Dakisolatie van schoolgebouwen" || l.Title == "Energiezuinige verlichting en kleine ingrepen" {
				want++
			}
		}
	}
	if want < 3 {
		t.Fatalf("%d energy lots in the demo's published tenders, want at least 3", want)
	}
	m := getCapacity(t, f, "energie-renovatie")
	got := 0
	for _, d := range m.Demand {
		if d.Kind == "tender" {
			got++
		}
	}
	if got+m.Outside != want {
		t.Errorf("energie-renovatie: %d lots of demand (%d outside Flanders), want %d", got, m.Outside, want)
	}
}
