package koppel_test

import (
	"testing"
	"time"

	"koppel"
	"koppel/refdata"
)

func TestNeedValidate(t *testing.T) {
	ref := refdata.Load()
	today := koppel.NewDate(2026, 9, 1)
	good := func() koppel.Need {
		return koppel.Need{Owner: "Stad A", Title: " Poetsdienst ", Category: "poetsen", CPV: []koppel.CPV{"90911200-8"},
			Postcode: "9000", AnswerBy: koppel.NewDate(2026, 9, 15)}
	}
	n := good()
	if err := n.Validate(ref, today); err != nil {
		t.Fatal(err)
	}
	if n.Title != "Poetsdienst" || n.Category != "schoonmaak" || n.Place == nil || n.City == "" || n.Status != koppel.NeedOpen || n.Frequency != koppel.FrequencyOnce || n.CPV[0] != "90911200" {
		t.Errorf("after Validate: %+v", n)
	}
	tests := []struct {
		field string
		edit  func(*koppel.Need)
	}{
		{"title", func(n *koppel.Need) { n.Title = "  " }},
		{"category", func(n *koppel.Need) { n.Category = "raketten" }},
		{"category", func(n *koppel.Need) { n.Category = "" }},
		{"cpv", func(n *koppel.Need) { n.CPV = []koppel.CPV{"90911200-1"} }},
		{"postcode", func(n *koppel.Need) { n.Postcode = "0001" }},
		{"postcode", func(n *koppel.Need) { n.Postcode = "" }},
		{"radius_km", func(n *koppel.Need) { n.RadiusKm = -1 }},
		{"end", func(n *koppel.Need) { n.Start, n.End = koppel.NewDate(2026, 10, 2), koppel.NewDate(2026, 10, 1) }},
		{"frequency", func(n *koppel.Need) { n.Frequency = "soms" }},
		{"budget_eur", func(n *koppel.Need) { n.BudgetEUR = -5 }},
		{"answer_by", func(n *koppel.Need) { n.AnswerBy = koppel.NewDate(2026, 8, 31) }},
		{"answer_by", func(n *koppel.Need) { n.AnswerBy = koppel.Date{} }},
	}
	for _, tt := range tests {
		n := good()
		tt.edit(&n)
		fe := n.ValidateFields(ref, today)
		if len(fe) != 1 || fe[0].Field != tt.field || fe[0].Key == "" {
			t.Errorf("%s: got %+v, want one error on %s, with its catalogue key", tt.field, fe, tt.field)
		}
		if koppel.ErrorCode(fe.Err()) != koppel.EINVALID {
			t.Errorf("%s: Err() = %v, want invalid", tt.field, fe.Err())
		}
	}
}

func TestNeedAnswersAndVisibility(t *testing.T) {
	const a, b, c koppel.KBO = "0123456749", "0400040767", "0207451227"
	today := koppel.NewDate(2026, 9, 1)
	n := &koppel.Need{ID: "A-1", Owner: "Stad A", Status: koppel.NeedOpen, AnswerBy: koppel.NewDate(2026, 9, 15)}
	if _, err := n.AddAnswer(koppel.NeedAnswer{Enterprise: a, Kind: koppel.AnswerInterested}, today); koppel.ErrorCode(err) != koppel.ECONFLICT {
		t.Errorf("answer before sending: %v, want conflict", err)
	}
	if n.SeenBy(false, "", a) {
		t.Error("a recipient sees the need before it is sent")
	}
	n.SentAt = time.Now()
	n.Recipients = []koppel.NeedRecipient{{Enterprise: a}, {Enterprise: b}}
	for _, tt := range []struct {
		admin bool
		buyer string
		kbo   koppel.KBO
		want  bool
	}{{true, "", "", true}, {false, "Stad A", "", true}, {false, "Stad B", "", false}, {false, "", a, true}, {false, "", c, false}, {false, "", "", false}} {
		if got := n.SeenBy(tt.admin, tt.buyer, tt.kbo); got != tt.want {
			t.Errorf("SeenBy(%v, %q, %q) = %v, want %v", tt.admin, tt.buyer, tt.kbo, got, tt.want)
		}
	}
	bad := []koppel.NeedAnswer{
		{Enterprise: a, Kind: "misschien"},
		{Enterprise: a, Kind: koppel.AnswerNotInterested},
		{Enterprise: a, Kind: koppel.AnswerNotInterested, Reason: koppel.DeclineOther},
		{Enterprise: a, Kind: koppel.AnswerQuestion},
	}
	for _, x := range bad {
		if fe, err := n.AddAnswer(x, today); len(fe) == 0 || koppel.ErrorCode(err) != koppel.EINVALID {
			t.Errorf("answer %+v: %v %v, want a field error", x, fe, err)
		}
	}
	if _, err := n.AddAnswer(koppel.NeedAnswer{Enterprise: c, Kind: koppel.AnswerInterested}, today); koppel.ErrorCode(err) != koppel.EFORBIDDEN {
		t.Errorf("answer of a non-recipient: %v, want forbidden", err)
	}
	for _, x := range []koppel.NeedAnswer{
		{Enterprise: a, Kind: koppel.AnswerQuestion, Message: "Ook op woensdag?"},
		{Enterprise: a, Kind: koppel.AnswerInterested, Message: "Graag", Price: "€ 32 per uur"},
		{Enterprise: b, Kind: koppel.AnswerNotInterested, Reason: koppel.DeclineNoCapacity},
	} {
		if _, err := n.AddAnswer(x, today); err != nil {
			t.Fatal(err)
		}
	}
	if n.Unanswered(a) || n.Unanswered(b) {
		t.Error("answered enterprises count as unanswered")
	}
	if err := n.Choose("3"); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("choosing a decline: %v, want invalid", err)
	}
	if err := n.Choose("2"); err != nil || n.Chosen != "2" {
		t.Errorf("choose: %v, chosen %q", err, n.Chosen)
	}
	if err := n.ReplyTo("1", "Ja, ook woensdag.", time.Now()); err != nil || n.Answers[0].Reply == "" {
		t.Errorf("reply: %v", err)
	}
	if err := n.ReplyTo("2", "x", time.Now()); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("reply to an interest: %v, want invalid", err)
	}
	if _, err := n.AddAnswer(koppel.NeedAnswer{Enterprise: a, Kind: koppel.AnswerQuestion, Message: "Nog een vraag"}, today); err != nil || n.Chosen != "2" {
		t.Errorf("a question moved the choice: %v, chosen %q", err, n.Chosen)
	}
	if _, err := n.AddAnswer(koppel.NeedAnswer{Enterprise: a, Kind: koppel.AnswerInterested, Price: "€ 30 per uur"}, today); err != nil || n.Chosen != "5" {
		t.Errorf("a new interest of the chosen enterprise: %v, chosen %q, want 5", err, n.Chosen)
	}
	seenByB := n.ForEnterprise(b)
	if len(seenByB.Recipients) != 1 || len(seenByB.Answers) != 1 || seenByB.Answers[0].Enterprise != b || seenByB.Chosen != "" {
		t.Errorf("b sees %+v, want only its own recipient entry and answer", seenByB)
	}
	if n.ForEnterprise(a).Chosen != "5" {
		t.Error("a does not see that its answer was chosen")
	}
	if _, err := n.AddAnswer(koppel.NeedAnswer{Enterprise: a, Kind: koppel.AnswerInterested}, koppel.NewDate(2026, 9, 16)); koppel.ErrorCode(err) != koppel.ECONFLICT {
		t.Errorf("answer after the answer-by date: %v, want conflict", err)
	}
	if _, err := n.AddAnswer(koppel.NeedAnswer{Enterprise: a, Kind: koppel.AnswerNotInterested, Reason: koppel.DeclineNoCapacity}, today); err != nil || n.Chosen != "" {
		t.Errorf("a decline of the chosen enterprise: %v, chosen %q, want none", err, n.Chosen)
	}
	cp := n.Copy("A-2")
	if cp.Sent() || len(cp.Answers) != 0 || cp.Chosen != "" || cp.CopyOf != "A-1" || cp.Owner != "Stad A" {
		t.Errorf("copy %+v", cp)
	}
}
