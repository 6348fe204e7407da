package match_test

import (
	"context"
	"testing"

	"koppel"
	"koppel/match"
)

// TestCompoundEvidence checks the rule of compounds for an offering that
// shares no CPV class or category with a lot: a part of a compound counts
// as evidence of the lot's service only where it says what the offering
// is. A recycler of "groenafval" (green waste) does no green maintenance,
// and a courier that delivers "per fiets" repairs no bikes; a green team's
// "groenwerken" (groen and the generic "werken") does, and so does an
// offering whose description names the lot's compound itself. Both
// directions agree.
func TestCompoundEvidence(t *testing.T) {
	const (
		green    = 44000001
		recycler = 44000002
		odd      = 44000003
		bikes    = 44000004
		courier  = 44000005
		desk     = 44000006
	)
	dates := func(l koppel.Lot) koppel.Lot {
		l.Postcode, l.Start, l.End = "3800", koppel.NewDate(2027, 5, 1), koppel.NewDate(2028, 4, 30)
		return l
	}
	parkTender := &koppel.Tender{ID: "T-park", Title: "Parken", Buyer: koppel.Buyer{Name: "Stad"},
		Status: koppel.TenderPublished, Deadline: koppel.NewDate(2026, 9, 1), Lots: []koppel.Lot{dates(koppel.Lot{ID: "P",
			Title: "Onderhoud van parken en begraafplaatsen", Description: "Groenonderhoud in Sint-Truiden.",
			CPV: []koppel.CPV{"77313000"}})}}
	bikeTender := &koppel.Tender{ID: "T-bike", Title: "Fietsen", Buyer: koppel.Buyer{Name: "Stad"},
		Status: koppel.TenderPublished, Deadline: koppel.NewDate(2026, 9, 1), Lots: []koppel.Lot{dates(koppel.Lot{ID: "F",
			Title: "Fietsherstelling aan het station", Description: "Sint-Truiden.",
			CPV: []koppel.CPV{"50100000"}})}}
	offer := func(id, title, desc string, cat koppel.Category, cpv koppel.CPV, kw ...string) func(o *koppel.Offering) {
		return func(o *koppel.Offering) {
			o.ID, o.Title, o.Description, o.Category, o.CPV, o.Keywords = id, title, desc, cat, []koppel.CPV{cpv}, kw
		}
	}
	spec := func(n int, name string, fn func(o *koppel.Offering)) entSpec {
		return entSpec{n: n, name: name, postcode: "3800", form: mwb, total: full, target: high, area: r30, offer: fn}
	}
	src := buildSource([]entSpec{
		spec(green, "Groenploeg", offer("GRO-1", "Maaien en snoeien", "Maaien, snoeien en haagscheren in parken.", "groenonderhoud", "77313000", "maaien")),
		spec(recycler, "Kringloopcentrum", offer("KRI-1", "Sorteren en recyclage van snoeihout en groenafval",
			"We verwerken snoeihout en groenafval tot compost.", "kringloop", "90514000", "recyclage")),
		spec(odd, "Buurtwerk", offer("KLU-1", "Groenwerken en kleine herstellingen", "Voor scholen en verenigingen.", "klusjes", "50700000", "klusjes")),
		spec(bikes, "Fietspunt", offer("FTS-1", "Fietspunt", "Wij herstellen fietsen.", "fietsen", "50100000", "fietsen")),
		spec(courier, "Koeriers", offer("LOG-1", "Koerierdienst in de binnenstad", "Levering per fiets en bakfiets.", "logistiek", "64120000", "koerier")),
		spec(desk, "Zaalwachters", offer("SPO-1", "Onthaal en sleutelbeheer", "Aan de balie ook fietsherstelling.", "sport-schoolinfrastructuur", "98341140", "onthaal")),
	}, parkTender, bikeTender)
	m := mustMatcher(t, src)

	for _, c := range []struct {
		tender   *koppel.Tender
		fit, not []int
	}{
		// "groen" of "groenafval" names waste, not the green service;
		// "groen" of "groenwerken" names the service.
		{parkTender, []int{green, odd}, []int{recycler}},
		// "fiets", the distinctive part of "fietsherstelling", only in a
		// description; "fietsherstelling" itself in one counts.
		{bikeTender, []int{bikes, desk}, []int{courier}},
	} {
		t.Run(c.tender.ID, func(t *testing.T) {
			lm := matchLot(t, m, c.tender, match.Options{})
			r := ranks(lm)
			for _, n := range c.fit {
				if r[kbo(n)] == 0 {
					t.Errorf("%s missing: %v", src.Enterprises[kbo(n)].Name, r)
				}
			}
			for _, n := range c.not {
				if i := r[kbo(n)]; i != 0 {
					t.Errorf("%s at rank %d on the words %v", src.Enterprises[kbo(n)].Name, i, lm.Matches[i-1].Explanation.Terms)
				}
				res, err := m.TendersForEnterprise(context.Background(), kbo(n), match.Options{})
				if err != nil {
					t.Fatal(err)
				}
				for _, tf := range res.Tenders {
					if tf.Tender.ID == c.tender.ID {
						t.Errorf("%s: tender %s proposed (%s)", src.Enterprises[kbo(n)].Name, tf.Tender.ID, tf.Lots[0].Match.Explanation.Text)
					}
				}
			}
		})
	}
}
