package koppel_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/demo"
	"koppel/refdata"
)

// capacityGrid is a small grid of municipalities: Gent, Merelbeke (7 km
// from Gent), Brugge, Hasselt, Antwerpen.
func capacityGrid(t *testing.T) []koppel.Place {
	t.Helper()
	ref := refdata.Load()
	var out []koppel.Place
	for _, pc := range []string{"9000", "9820", "8000", "3500", "2000"} {
		p, ok := ref.Postcode(pc)
		if !ok {
			t.Fatalf("postcode %s unknown", pc)
		}
		out = append(out, p)
	}
	return out
}

func fte(f float64) *float64 { return &f }

func TestCapacityBuilder(t *testing.T) {
	ref := refdata.Load()
	b := koppel.NewCapacityBuilder(capacityGrid(t), ref)
	ents := []*koppel.Enterprise{
		// A: Gent, 10 km around it, 20 VTE in all.
		{KBO: "0000000001", Name: "A", Address: koppel.Address{Postcode: "9000"}, ServiceArea: koppel.ServiceArea{RadiusKm: 10}, FTETotal: fte(20)},
		// B: Brugge, works in Gent only, staff unknown.
		{KBO: "0000000002", Name: "B", Address: koppel.Address{Postcode: "8000"}, ServiceArea: koppel.ServiceArea{Municipalities: []string{"Gent"}}},
		// C: Hasselt, the province of Limburg, no VTE anywhere.
		{KBO: "0000000003", Name: "C", Address: koppel.Address{Postcode: "3500"}, ServiceArea: koppel.ServiceArea{Provinces: []string{"Limburg"}}},
		// D: Antwerpen, no area (its own municipality), 30 VTE in all.
		{KBO: "0000000004", Name: "D", Address: koppel.Address{Postcode: "2000"}, FTETotal: fte(30)},
		// E: no offerings; does not count.
		{KBO: "0000000005", Name: "E", Address: koppel.Address{Postcode: "9000"}, ServiceArea: koppel.ServiceArea{RadiusKm: 100}, FTETotal: fte(99)},
	}
	for _, e := range ents {
		b.AddEnterprise(e)
	}
	for _, o := range []*koppel.Offering{
		{ID: "1", Enterprise: "0000000001", Category: "schoonmaak", Capacity: 3, Unit: "VTE"},
		{ID: "2", Enterprise: "0000000001", Category: "schoonmaak", Capacity: 4, Unit: "fte"},
		{ID: "3", Enterprise: "0000000001", Category: "groenonderhoud", Capacity: 300, Unit: "uur"},
		{ID: "1", Enterprise: "0000000002", Category: "schoonmaak", Capacity: 2, Unit: "VTE"},
		{ID: "1", Enterprise: "0000000003", Category: "schoonmaak", Capacity: 120, Unit: "uur/week"},
		{ID: "1", Enterprise: "0000000004", Category: "schoonmaak", Capacity: 50, Unit: "VTE"},
		{ID: "9", Enterprise: "0000000099", Category: "schoonmaak", Capacity: 50, Unit: "VTE"}, // no such enterprise
	} {
		b.AddOffering(o)
	}
	caps := b.Build()

	type row struct {
		Muni                          string
		FTE                           float64
		Enterprises, Unknown, Estimed int
	}
	rows := func(cc *koppel.CategoryCapacity) []row {
		var out []row
		for _, m := range cc.Municipalities {
			out = append(out, row{m.Municipality, m.CapacityFTE, m.Enterprises, m.Unknown, m.Estimated})
		}
		return out
	}
	// Schoonmaak: A's stated 3+4 VTE, B's 2 VTE only in Gent (not its
	// own Brugge), C's unknown capacity in Limburg, D's 50 VTE capped at
	// its 30 VTE staff.
	want := []row{{"Gent", 9, 2, 0, 0}, {"Merelbeke", 7, 1, 0, 0}, {"Brugge", 0, 0, 0, 0}, {"Hasselt", 0, 1, 1, 0}, {"Antwerpen", 30, 1, 0, 0}}
	if diff := cmp.Diff(want, rows(caps["schoonmaak"])); diff != "" {
		t.Errorf("schoonmaak (-want +got):\n%s", diff)
	}
	if cc := caps["schoonmaak"]; cc.Enterprises != 4 || cc.CapacityFTE != 39 || cc.Unknown != 1 || cc.Estimated != 0 {
		t.Errorf("schoonmaak: %d enterprises, %v VTE, %d unknown, %d estimated; want 4, 39, 1, 0", cc.Enterprises, cc.CapacityFTE, cc.Unknown, cc.Estimated)
	}
	// Groenonderhoud: A states no VTE; its 20 VTE shared over its two
	// categories is an estimate of 10.
	want = []row{{"Gent", 10, 1, 0, 1}, {"Merelbeke", 10, 1, 0, 1}, {"Brugge", 0, 0, 0, 0}, {"Hasselt", 0, 0, 0, 0}, {"Antwerpen", 0, 0, 0, 0}}
	if diff := cmp.Diff(want, rows(caps["groenonderhoud"])); diff != "" {
		t.Errorf("groenonderhoud (-want +got):\n%s", diff)
	}
	if cc := caps["fietsen"]; cc.Enterprises != 0 || cc.CapacityFTE != 0 {
		t.Errorf("fietsen: %d enterprises, %v VTE; want none", cc.Enterprises, cc.CapacityFTE)
	}
}

func TestCapacityMapDemandAndWhiteSpots(t *testing.T) {
	ref := refdata.Load()
	b := koppel.NewCapacityBuilder(capacityGrid(t), ref)
	b.AddEnterprise(&koppel.Enterprise{KBO: "0000000001", Address: koppel.Address{Postcode: "9000"}, ServiceArea: koppel.ServiceArea{RadiusKm: 10}})
	b.AddOffering(&koppel.Offering{ID: "1", Enterprise: "0000000001", Category: "schoonmaak", Capacity: 1.5, Unit: "VTE"})
	cc := b.Build()["schoonmaak"]

	today := koppel.NewDate(2026, 12, 1)
	since := koppel.DemandSince(today)
	if want := koppel.NewDate(2025, 12, 1); !since.Equal(want) {
		t.Fatalf("since %s, want %s", since, want)
	}
	cleaning := []koppel.CPV{"90911200"}
	tender := func(id string, status koppel.TenderStatus, deadline koppel.Date, postcodes ...string) *koppel.Tender {
		tt := &koppel.Tender{ID: id, Title: "Opdracht " + id, Status: status, Deadline: deadline}
		for i, pc := range postcodes {
			tt.Lots = append(tt.Lots, koppel.Lot{ID: string(rune('1' + i)), Title: "Poetsen", CPV: cleaning, Postcode: pc})
		}
		return tt
	}
	var demand []koppel.Demand
	for _, tt := range []*koppel.Tender{
		tender("brugge", koppel.TenderPublished, koppel.NewDate(2027, 1, 15), "8000", "8000"), // two lots in Brugge
		tender("gent", koppel.TenderClosed, koppel.NewDate(2026, 3, 1), "9000", "9000"),       // two in Gent
		tender("brussel", koppel.TenderPublished, koppel.NewDate(2027, 1, 15), "1000"),        // outside Flanders
		tender("draft", koppel.TenderDraft, koppel.NewDate(2027, 1, 15), "3500"),
		tender("withdrawn", koppel.TenderWithdrawn, koppel.NewDate(2027, 1, 15), "3500"),
		tender("old", koppel.TenderClosed, koppel.NewDate(2025, 6, 1), "3500"),
		{ID: "green", Status: koppel.TenderPublished, Deadline: koppel.NewDate(2027, 1, 1), Lots: []koppel.Lot{{ID: "1", CPV: []koppel.CPV{"77310000"}, Postcode: "3500"}}},
	} {
		demand = append(demand, koppel.TenderDemand(tt, since, ref)...)
	}
	sent := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	for _, n := range []*koppel.Need{
		{ID: "n1", Category: "schoonmaak", Postcode: "3500", SentAt: sent},
		{ID: "n2", Category: "schoonmaak", Postcode: "3500"},                                 // never sent
		{ID: "n3", Category: "schoonmaak", Postcode: "3500", SentAt: sent.AddDate(-2, 0, 0)}, // too old
	} {
		if d, ok := koppel.NeedDemand(n, since, ref); ok {
			demand = append(demand, d)
		}
	}
	m := koppel.NewCapacityMap(cc, demand, since)

	if len(m.Demand) != 5 || m.Outside != 1 {
		t.Errorf("%d points of demand, %d outside; want 5 (4 lots, 1 need) and 1", len(m.Demand), m.Outside)
	}
	for _, d := range m.Demand {
		if d.Kind == "need" && (d.Title != "" || d.TenderID != "") {
			t.Errorf("a need's demand shows %q %q: needs are not public", d.Title, d.TenderID)
		}
	}
	type spot struct {
		Muni           string
		Tenders, Needs int
		FTE            float64
	}
	var got []spot
	for _, w := range m.WhiteSpots {
		got = append(got, spot{w.Municipality, w.Tenders, w.Needs, w.CapacityFTE})
	}
	// Brugge: 2 lots, no capacity. Hasselt: 1 need, none. Gent: 2 lots
	// and 1,5 VTE, less than 1 VTE per lot. Merelbeke: capacity, no
	// demand: no white spot.
	want := []spot{{"Brugge", 2, 0, 0}, {"Gent", 2, 0, 1.5}, {"Hasselt", 0, 1, 0}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("white spots (-want +got):\n%s", diff)
	}
	if m.Shade(0) != 0 || m.Shade(1.5) == 0 {
		t.Errorf("shades %d and %d, want 0 and more", m.Shade(0), m.Shade(1.5))
	}
}

func TestCapacityShades(t *testing.T) {
	var cc koppel.CategoryCapacity
	cc.Category = "schoonmaak"
	for _, f := range []float64{0, 3, 8, 14, 33, 61, 120} {
		cc.Municipalities = append(cc.Municipalities, koppel.MunicipalityCapacity{Municipality: "M", CapacityFTE: f})
	}
	m := koppel.NewCapacityMap(&cc, nil, koppel.NewDate(2026, 1, 1))
	// Quartiles of 3, 8, 14, 33, 61, 120 (8, 14, 33) and the largest,
	// rounded up to numbers that read well.
	if diff := cmp.Diff([]float64{8, 15, 40, 150}, m.Breaks); diff != "" {
		t.Errorf("breaks (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		fte   float64
		shade int
	}{{0, 0}, {3, 1}, {8, 1}, {8.1, 2}, {14, 2}, {33, 3}, {61, 4}, {150, 4}, {400, 4}} {
		if s := m.Shade(tt.fte); s != tt.shade {
			t.Errorf("%v VTE: shade %d, want %d", tt.fte, s, tt.shade)
		}
	}
}

// BenchmarkCapacityBuild adds up the capacity of 3,000 enterprises with
// 100,000 offerings (the demo generator's) over the 300 Flemish
// municipalities, in memory: the computation without reading the store.
//
//	go test . -run '^$' -bench BenchmarkCapacityBuild -benchtime 5x
func BenchmarkCapacityBuild(b *testing.B) {
	ref := refdata.Load()
	var grid []koppel.Place
	for _, m := range ref.Municipalities() {
		for _, p := range ref.PostcodesByName(m) {
			if p.Municipality == m {
				if p.Region == "Vlaanderen" {
					grid = append(grid, p)
				}
				break
			}
		}
	}
	d := demo.Generate(demo.Options{Seed: demo.DefaultSeed, Enterprises: 3000, Offerings: 100000, OfferingsPerEnterprise: 33})
	for _, e := range d.Enterprises {
		if err := e.Validate(ref); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		cb := koppel.NewCapacityBuilder(grid, ref)
		for _, e := range d.Enterprises {
			cb.AddEnterprise(e)
		}
		for _, o := range d.Offerings {
			cb.AddOffering(o)
		}
		if caps := cb.Build(); caps["schoonmaak"].Enterprises == 0 {
			b.Fatal("no cleaning capacity")
		}
	}
}
