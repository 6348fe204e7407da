package koppel_test

import (
	"testing"
	"time"

	"koppel"
)

func TestOutcomeCheck(t *testing.T) {
	day := koppel.NewDate(2026, 7, 1)
	for _, tc := range []struct {
		name   string
		o      koppel.Outcome
		fields []string
	}{
		{"awarded to an enterprise", koppel.Outcome{LotID: "1", Result: koppel.OutcomeAwarded, Winners: []koppel.Winner{{KBO: "0123456749"}}, Date: day}, nil},
		{"awarded outside, empty rows dropped", koppel.Outcome{LotID: "1", Result: koppel.OutcomeAwarded, Winners: []koppel.Winner{{}, {Name: " Bedrijf X "}}, Date: day}, nil},
		{"not awarded", koppel.Outcome{LotID: "1", Result: koppel.OutcomeNotAwarded, Reason: koppel.NoAwardStopped, Date: day}, nil},
		{"nothing", koppel.Outcome{}, []string{"lot", "result", "date"}},
		{"awarded without winner", koppel.Outcome{LotID: "1", Result: koppel.OutcomeAwarded, Winners: []koppel.Winner{{}}, Date: day}, []string{"winners"}},
		{"company number only", koppel.Outcome{LotID: "1", Result: koppel.OutcomeAwarded, Winners: []koppel.Winner{{CompanyID: "0999"}}, Date: day}, []string{"winners"}},
		{"awarded with a reason", koppel.Outcome{LotID: "1", Result: koppel.OutcomeAwarded, Winners: []koppel.Winner{{Name: "X"}}, Reason: koppel.NoAwardOther, Date: day}, []string{"reason"}},
		{"not awarded with a winner, no reason", koppel.Outcome{LotID: "1", Result: koppel.OutcomeNotAwarded, Winners: []koppel.Winner{{Name: "X"}}, Date: day}, []string{"winners", "reason"}},
		{"other without text", koppel.Outcome{LotID: "1", Result: koppel.OutcomeNotAwarded, Reason: koppel.NoAwardOther, ReasonText: "  ", Date: day}, []string{"reason_text"}},
		{"unknown reason", koppel.Outcome{LotID: "1", Result: koppel.OutcomeNotAwarded, Reason: "lazy", Date: day}, []string{"reason"}},
		{"unknown result, negative value", koppel.Outcome{LotID: "1", Result: "maybe", Date: day, Value: -1}, []string{"result", "value"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, e := range tc.o.Check() {
				if e.Message == "" {
					t.Errorf("field %s without a message", e.Field)
				}
				got = append(got, e.Field)
			}
			if len(got) != len(tc.fields) {
				t.Fatalf("got problems with %v, want %v", got, tc.fields)
			}
			for i := range got {
				if got[i] != tc.fields[i] {
					t.Errorf("got problems with %v, want %v", got, tc.fields)
				}
			}
			if err := tc.o.Validate(); (err == nil) != (len(tc.fields) == 0) || err != nil && koppel.ErrorCode(err) != koppel.EINVALID {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestBuildOutcomeReport(t *testing.T) {
	t1 := &koppel.Tender{ID: "T1", Deadline: koppel.NewDate(2025, 3, 1), Lots: []koppel.Lot{
		{ID: "1", CPV: []koppel.CPV{"90911200"}, Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS}}},
		{ID: "2", CPV: []koppel.CPV{"77310000"}, Clauses: []koppel.Clause{{Kind: koppel.ClauseAwardCriterion}}},
		{ID: "3", CPV: []koppel.CPV{"90911300"}},
		{ID: "4", CPV: []koppel.CPV{"30190000"}},
	}}
	t2 := &koppel.Tender{ID: "T2", CreatedAt: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Lots: []koppel.Lot{{ID: "1", CPV: []koppel.CPV{"90911200"}}}}
	won := func(lot string, value float64, w ...koppel.Winner) *koppel.Outcome {
		return &koppel.Outcome{LotID: lot, Result: koppel.OutcomeAwarded, Winners: w, Date: koppel.NewDate(2026, 6, 1), Value: value}
	}
	lots := []koppel.ReportLot{
		{Tender: t1, Lot: &t1.Lots[0], Outcome: won("1", 100, koppel.Winner{KBO: "A"}, koppel.Winner{KBO: "B"})},
		{Tender: t1, Lot: &t1.Lots[1], Outcome: won("2", 50, koppel.Winner{Name: "Outside"})},
		{Tender: t1, Lot: &t1.Lots[2], Outcome: &koppel.Outcome{LotID: "3", Result: koppel.OutcomeNotAwarded, Reason: koppel.NoAwardNoTenders, Date: koppel.NewDate(2026, 6, 2)}},
		{Tender: t1, Lot: &t1.Lots[3]},
		{Tender: t2, Lot: &t2.Lots[0]},
	}
	forms := map[koppel.KBO][]koppel.WorkForm{"A": {koppel.Maatwerkbedrijf, koppel.LokaleDiensteneconomie}, "B": {koppel.Maatwerkbedrijf}}
	rep := koppel.BuildOutcomeReport("Stad A", lots, func(k koppel.KBO) []koppel.WorkForm { return forms[k] })

	want := koppel.OutcomeCounts{Lots: 5, Reserved: 1, SocialClause: 2, Outcomes: 3, Awarded: 2, NotAwarded: 1, SocialEconomy: 1, Share: 0.5, Value: 150, SocialEconomyValue: 100}
	if rep.OutcomeCounts != want {
		t.Errorf("totals: got %+v, want %+v", rep.OutcomeCounts, want)
	}
	// 2026: the three decided lots and T2 (created in 2026); 2025: lot 4 by
	// its tender's deadline.
	if len(rep.Years) != 2 || rep.Years[0].Year != 2026 || rep.Years[0].Lots != 4 || rep.Years[1].Year != 2025 || rep.Years[1].Lots != 1 {
		t.Fatalf("years: %+v", rep.Years)
	}
	y := rep.Years[0]
	if len(y.ByWorkForm) != 2 || y.ByWorkForm[0].Key != "lde" && y.ByWorkForm[0].Key != "maatwerkbedrijf" {
		t.Fatalf("by work form: %+v", y.ByWorkForm)
	}
	for _, r := range y.ByWorkForm {
		// Lot 1 counts once for maatwerkbedrijf though two of its winners are one.
		if r.Awarded != 1 || r.Value != 100 {
			t.Errorf("work form %s: got %d awarded worth %v, want 1 worth 100", r.Key, r.Awarded, r.Value)
		}
	}
	cats := map[string]koppel.OutcomeRow{}
	for _, r := range y.ByCategory {
		cats[r.Key] = r
	}
	if c := cats["schoonmaak"]; c.Lots != 3 || c.Awarded != 1 || c.NotAwarded != 1 || c.SocialEconomy != 1 || c.Share != 1 {
		t.Errorf("schoonmaak: %+v", c)
	}
	if c := cats["groenonderhoud"]; c.Lots != 1 || c.SocialEconomy != 0 || c.Label != "Groenonderhoud" {
		t.Errorf("groenonderhoud: %+v", c)
	}
	if c, ok := cats[""]; ok {
		t.Errorf("2026 has no lot without category, got %+v", c)
	}
	if c := rep.Years[1].ByCategory; len(c) != 1 || c[0].Key != "" || c[0].Label != "zonder categorie" {
		t.Errorf("2025 categories: %+v", c)
	}
}
