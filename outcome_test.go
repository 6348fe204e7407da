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
				if e.Message == "" || e.Key == "" {
					t.Errorf("field %s without a message or its catalogue key: %+v", e.Field, e)
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

	want := koppel.OutcomeCounts{Lots: 5, Reserved: 1, SocialClause: 2, Outcomes: 3, Awarded: 2, NotAwarded: 1, SocialEconomy: 1, Share: 0.5, Value: 150, SocialEconomyValue: 100, ReservedAnswered: 1, ReservedSocialEconomy: 1}
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

// TestOutcomeReportReserved: of the reserved lots, those whose outcome
// shows tenders came in (awarded, or none suitable) count as answered, and
// those won by the social economy as such; lots without a reservation do
// not count in either.
func TestOutcomeReportReserved(t *testing.T) {
	ws := []koppel.Clause{{Kind: koppel.ClauseReservedWS}}
	tn := &koppel.Tender{ID: "T", Deadline: koppel.NewDate(2026, 3, 1), Lots: []koppel.Lot{
		{ID: "1", Clauses: ws}, {ID: "2", Clauses: ws}, {ID: "3", Clauses: ws}, {ID: "4", Clauses: ws}, {ID: "5", Clauses: ws},
		{ID: "6", Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedExecution}}},
		{ID: "7", Clauses: []koppel.Clause{{Kind: koppel.ClauseAwardCriterion}}},
	}}
	day := koppel.NewDate(2026, 6, 1)
	won := func(w koppel.Winner) *koppel.Outcome {
		return &koppel.Outcome{Result: koppel.OutcomeAwarded, Winners: []koppel.Winner{w}, Date: day}
	}
	not := func(r koppel.NoAwardReason) *koppel.Outcome {
		return &koppel.Outcome{Result: koppel.OutcomeNotAwarded, Reason: r, Date: day}
	}
	outs := []*koppel.Outcome{won(koppel.Winner{KBO: "A"}), won(koppel.Winner{Name: "Buiten"}), not(koppel.NoAwardNoSuitable), not(koppel.NoAwardNoTenders), nil, won(koppel.Winner{KBO: "B"}), won(koppel.Winner{KBO: "C"})}
	var lots []koppel.ReportLot
	for i := range tn.Lots {
		lots = append(lots, koppel.ReportLot{Tender: tn, Lot: &tn.Lots[i], Outcome: outs[i]})
	}
	rep := koppel.BuildOutcomeReport("", lots, func(koppel.KBO) []koppel.WorkForm { return nil })
	for _, c := range []koppel.OutcomeCounts{rep.OutcomeCounts, rep.Years[0].OutcomeCounts} {
		if c.Reserved != 6 || c.ReservedAnswered != 4 || c.ReservedSocialEconomy != 2 || c.SocialEconomy != 3 {
			t.Errorf("got reserved %d, answered %d, to the social economy %d (of all lots %d), want 6, 4, 2 (3)", c.Reserved, c.ReservedAnswered, c.ReservedSocialEconomy, c.SocialEconomy)
		}
	}
}

// TestOutcomeReportNeeds: the needs sent count per year of sending, with
// the answers received (what each enterprise said last), the chosen ones
// per work form of the chosen enterprise and per category; a draft does
// not count.
func TestOutcomeReportNeeds(t *testing.T) {
	sent := func(y int) time.Time { return time.Date(y, 3, 1, 0, 0, 0, 0, time.UTC) }
	to := func(kbos ...koppel.KBO) []koppel.NeedRecipient {
		var rs []koppel.NeedRecipient
		for _, k := range kbos {
			rs = append(rs, koppel.NeedRecipient{Enterprise: k})
		}
		return rs
	}
	needs := []*koppel.Need{
		// Sent to A and B: A not interested, B asks then says interested and is chosen.
		{ID: "N1", Category: "schoonmaak", Reserved: true, SentAt: sent(2026), Recipients: to("A", "B"), Answers: []koppel.NeedAnswer{
			{ID: "1", Enterprise: "A", Kind: koppel.AnswerNotInterested},
			{ID: "2", Enterprise: "B", Kind: koppel.AnswerQuestion},
			{ID: "3", Enterprise: "B", Kind: koppel.AnswerInterested},
		}, Chosen: "3"},
		// Sent to A, no answer yet.
		{ID: "N2", Category: "groenonderhoud", SentAt: sent(2026), Recipients: to("A")},
		// 2024, a year without lots: A interested, nothing chosen.
		{ID: "N3", Category: "schoonmaak", SentAt: sent(2024), Recipients: to("A"), Answers: []koppel.NeedAnswer{{ID: "1", Enterprise: "A", Kind: koppel.AnswerInterested}}},
		// A draft.
		{ID: "N4", Category: "schoonmaak", Recipients: to("A")},
	}
	t1 := &koppel.Tender{ID: "T1", Deadline: koppel.NewDate(2026, 3, 1), Lots: []koppel.Lot{{ID: "1", CPV: []koppel.CPV{"90911200"}}}}
	forms := map[koppel.KBO][]koppel.WorkForm{"A": {koppel.LokaleDiensteneconomie}, "B": {koppel.Maatwerkbedrijf, koppel.Maatwerkbedrijf}}
	formsOf := func(k koppel.KBO) []koppel.WorkForm { return forms[k] }
	rep := koppel.BuildOutcomeReport("Stad A", []koppel.ReportLot{{Tender: t1, Lot: &t1.Lots[0]}}, formsOf)
	rep.AddNeeds(needs, formsOf)

	want := koppel.NeedCounts{Needs: 3, Reserved: 1, Recipients: 4, Interested: 2, NotInterested: 1, Chosen: 1, Share: 1.0 / 3}
	if rep.Needs != want {
		t.Errorf("need totals: got %+v, want %+v", rep.Needs, want)
	}
	if len(rep.Years) != 2 || rep.Years[0].Year != 2026 || rep.Years[1].Year != 2024 {
		t.Fatalf("years: %+v", rep.Years)
	}
	y := rep.Years[0]
	if y.Lots != 1 || y.Needs.Needs != 2 || y.Needs.Chosen != 1 || y.Needs.Share != 0.5 || y.Needs.Interested != 1 || y.Needs.NotInterested != 1 {
		t.Errorf("2026: lots %d, needs %+v", y.Lots, y.Needs)
	}
	if wf := y.NeedsByWorkForm; len(wf) != 1 || wf[0].Key != "maatwerkbedrijf" || wf[0].Chosen != 1 {
		t.Errorf("2026 by work form: %+v, want one choice of a maatwerkbedrijf", wf)
	}
	if c := y.NeedsByCategory; len(c) != 2 || c[0].Label != "Groenonderhoud" || c[0].Chosen != 0 || c[1].Key != "schoonmaak" || c[1].Chosen != 1 || c[1].Share != 1 || c[1].Reserved != 1 {
		t.Errorf("2026 by category: %+v", c)
	}
	old := rep.Years[1]
	if old.Lots != 0 || old.Needs.Needs != 1 || old.Needs.Interested != 1 || old.Needs.Chosen != 0 || len(old.NeedsByWorkForm) != 0 || old.ByCategory == nil {
		t.Errorf("2024: %+v", old)
	}
}
