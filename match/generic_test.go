package match_test

import (
	"context"
	"slices"
	"testing"

	"koppel"
	"koppel/match"
)

// TestGenericWords checks that a generic word ("onderhoud", also inside a
// compound such as "groenonderhoud") is no evidence of the service on its
// own: a bike point that "onderhoudt" bikes and painters who do "technisch
// onderhoud" are no match for a park maintenance lot, in either direction,
// and the explanation names only words the offering holds. A lot whose
// words are all generic still finds offerings by them.
func TestGenericWords(t *testing.T) {
	const (
		green    = 43000001
		bikes    = 43000002
		painters = 43000003
	)
	park := koppel.Lot{ID: "P", Title: "Onderhoud van parken en begraafplaatsen", Description: "Groenonderhoud in Sint-Truiden.",
		CPV: []koppel.CPV{"77313000"}, Postcode: "3800", Start: koppel.NewDate(2027, 5, 1), End: koppel.NewDate(2028, 4, 30)}
	parkTender := &koppel.Tender{ID: "T-park", Title: "Onderhoud van het openbaar groen", Buyer: koppel.Buyer{Name: "Stad"},
		Status: koppel.TenderPublished, Deadline: koppel.NewDate(2026, 9, 1), Lots: []koppel.Lot{park}}
	src := buildSource([]entSpec{
		{n: green, name: "Groenploeg", postcode: "3800", form: mwb, total: full, target: high, area: r30, offer: func(o *koppel.Offering) {
			o.ID, o.Title, o.Description, o.Category = "GRO-1", "Maaien en snoeien", "Onderhoud van parken: maaien, snoeien en haagscheren.", "groenonderhoud"
			o.CPV, o.Keywords = []koppel.CPV{"77313000"}, []string{"maaien"}
		}},
		{n: bikes, name: "Fietspunt", postcode: "3800", form: mwb, total: full, target: high, area: r30, offer: func(o *koppel.Offering) {
			o.ID, o.Title, o.Description, o.Category = "FTS-1", "Verhuur van bakfietsen", "Ons fietspunt herstelt en onderhoudt bakfietsen voor jeugdlokalen.", "fietsen"
			o.CPV, o.Keywords = []koppel.CPV{"34430000"}, []string{"fietsverhuur", "fietsen"}
		}},
		{n: painters, name: "Klusjesdienst", postcode: "3800", form: mwb, total: full, target: high, area: r30, offer: func(o *koppel.Offering) {
			o.ID, o.Title, o.Description, o.Category = "KLU-1", "Schilderwerken voor sportcentra", "Kleine herstellingen en technisch onderhoud in sportcentra.", "klusjes"
			o.CPV, o.Keywords = []koppel.CPV{"45442100"}, []string{"schilderwerken", "onderhoud"}
		}},
	}, parkTender)
	m := mustMatcher(t, src)

	t.Run("generic words alone are no match", func(t *testing.T) {
		lm := matchLot(t, m, parkTender, match.Options{})
		r := ranks(lm)
		if r[kbo(green)] != 1 {
			t.Errorf("green maintenance at rank %d, want 1: %v", r[kbo(green)], r)
		}
		for _, n := range []int{bikes, painters} {
			if r[kbo(n)] != 0 {
				t.Errorf("%s at rank %d on the words %v", src.Enterprises[kbo(n)].Name, r[kbo(n)], lm.Matches[r[kbo(n)]-1].Explanation.Terms)
			}
		}
	})
	t.Run("the explanation names words the offering holds", func(t *testing.T) {
		lm := matchLot(t, m, parkTender, match.Options{})
		if len(lm.Matches) == 0 {
			t.Fatal("no match")
		}
		got := lm.Matches[0].Explanation.Terms
		// The offering holds "onderhoud" and "parken", not
		// "groenonderhoud" nor its distinctive part "groen".
		if !slices.Contains(got, "onderhoud") || !slices.Contains(got, "parken") || slices.Contains(got, "groenonderhoud") {
			t.Errorf("terms %v, want onderhoud and parken without groenonderhoud", got)
		}
	})
	t.Run("the reverse direction agrees", func(t *testing.T) {
		for _, n := range []int{bikes, painters} {
			res, err := m.TendersForEnterprise(context.Background(), kbo(n), match.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, tf := range res.Tenders {
				t.Errorf("%s: park tender %s proposed (%s)", src.Enterprises[kbo(n)].Name, tf.Tender.ID, tf.Lots[0].Match.Explanation.Text)
			}
		}
		res, err := m.TendersForEnterprise(context.Background(), kbo(green), match.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Tenders) != 1 {
			t.Errorf("green maintenance: %d tenders, want the park tender", len(res.Tenders))
		}
	})
	t.Run("a lot of generic words only still finds by them", func(t *testing.T) {
		tn := &koppel.Tender{ID: "T-tech", Title: "Technisch onderhoud", Lots: []koppel.Lot{{ID: "L", Title: "Technisch onderhoud",
			Description: "Onderhoud en herstellingen.", CPV: []koppel.CPV{"50700000"}, Postcode: "3800",
			Start: koppel.NewDate(2027, 1, 1), End: koppel.NewDate(2027, 12, 31)}}}
		if r := ranks(matchLot(t, m, tn, match.Options{})); r[kbo(painters)] == 0 {
			t.Errorf("painters with technisch onderhoud missing: %v", r)
		}
	})
}
