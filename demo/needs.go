package demo

import (
	"fmt"
	"slices"

	"koppel"
)

// needPlan is a demo need: a small purchase of the buyer of demo tender
// tender, with a wished target group.
type needPlan struct {
	tender      int
	title, what string
	cat         koppel.Category
	cpv         []koppel.CPV
	frequency   koppel.Frequency
	volume      string
	radiusKm    float64
	groups      []koppel.TargetGroup
}

var needPlans = []needPlan{
	{0, "Poetsen van de refter na de middag", "De refter na het middagmaal poetsen: tafels, stoelen en vloer.",
		"schoonmaak", []koppel.CPV{"90911200"}, koppel.FrequencyDaily, "1 refter, 1 uur per dag", 0,
		[]koppel.TargetGroup{koppel.TargetDisability}},
	{2, "Onkruid wieden rond de begraafplaats", "Paden en graven van de begraafplaats onkruidvrij houden, zonder pesticiden.",
		"groenonderhoud", []koppel.CPV{"77312000"}, koppel.FrequencyMonthly, "ongeveer 2 ha", 25,
		[]koppel.TargetGroup{koppel.TargetLongTerm, koppel.TargetArt60}},
}

// GenerateNeeds returns fictional needs (aanvragen) of the buyers of demo
// tenders, not sent yet, with IDs demo-aanvraag-001, …, each wishing a
// target group: one per plan whose tender the dataset has. Their dates
// count from today, so that they can still be answered; the rest depends
// only on the seed.
func GenerateNeeds(o Options, today koppel.Date) []*koppel.Need {
	var out []*koppel.Need
	for i, p := range needPlans {
		if p.tender >= o.Tenders {
			continue
		}
		t := genTender(rng(o.Seed, streamTender, uint64(p.tender)), p.tender)
		lot := t.Lots[0]
		start := today.Time().AddDate(0, 1, 0)
		n := &koppel.Need{
			ID:           fmt.Sprintf("demo-aanvraag-%03d", i+1),
			Owner:        t.Buyer.Name,
			Title:        p.title,
			Description:  p.what + " Fictieve demo-aanvraag: de aankoper bestaat niet.",
			Category:     p.cat,
			CPV:          slices.Clone(p.cpv),
			Postcode:     lot.Postcode,
			RadiusKm:     p.radiusKm,
			Start:        koppel.DateOf(start),
			End:          koppel.DateOf(start.AddDate(1, 0, -1)),
			Frequency:    p.frequency,
			Volume:       p.volume,
			AnswerBy:     koppel.DateOf(today.Time().AddDate(0, 0, 21)),
			TargetGroups: slices.Clone(p.groups),
			Status:       koppel.NeedOpen,
		}
		n.CreatedAt = today.Time()
		n.UpdatedAt = n.CreatedAt
		out = append(out, n)
	}
	return out
}
