package match_test

import (
	"context"
	"strings"
	"testing"

	"koppel"
	"koppel/match"
)

// TestTargetGroupWish: four enterprises equal in all but their target
// groups. Without a wish they rank by KBO (equal scores) and the
// explanation says nothing of groups; with the wish "arbeidshandicap" the
// one that works with it comes first with "zoals gevraagd", the one that
// declared no groups ("doelgroep onbekend") before the ones that work
// with others only ("werkt niet met … (gevraagd)"), and nobody is left
// out.
func TestTargetGroupWish(t *testing.T) {
	specs := []entSpec{
		{n: 1, name: "Andere Groep vzw", postcode: "9000", form: mwb, area: r30},
		{n: 2, name: "Onbekende Groep vzw", postcode: "9000", form: mwb, area: r30},
		{n: 3, name: "Ook Andere Groep vzw", postcode: "9000", form: mwb, area: r30},
		{n: 4, name: "Gevraagde Groep vzw", postcode: "9000", form: mwb, area: r30},
	}
	src := buildSource(specs)
	src.Enterprises[kbo(1)].TargetGroups = []koppel.TargetGroup{koppel.TargetLongTerm}
	src.Enterprises[kbo(3)].TargetGroups = []koppel.TargetGroup{koppel.TargetArt60}
	src.Enterprises[kbo(4)].TargetGroups = []koppel.TargetGroup{koppel.TargetLongTerm, koppel.TargetDisability}
	m := mustMatcher(t, src)
	ctx := context.Background()
	run := func(lot koppel.Lot) []match.Match {
		t.Helper()
		tender := &koppel.Tender{ID: "T-1", Title: "Schoonmaak", Buyer: koppel.Buyer{Name: "Stad Gent"}, Status: koppel.TenderPublished, Lots: []koppel.Lot{lot}}
		lm, err := m.MatchLot(ctx, tender, &tender.Lots[0], match.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return lm.Matches
	}
	names := func(ms []match.Match) string {
		var out []string
		for _, x := range ms {
			out = append(out, x.Enterprise.Name)
		}
		return strings.Join(out, ", ")
	}

	plain := run(cleaningLot())
	if got, want := names(plain), "Andere Groep vzw, Onbekende Groep vzw, Ook Andere Groep vzw, Gevraagde Groep vzw"; got != want {
		t.Fatalf("without a wish: %s, want %s (equal, by KBO)", got, want)
	}
	for _, x := range plain {
		if x.Score != plain[0].Score {
			t.Errorf("without a wish %s scores %v, %s %v: want equal", x.Enterprise.Name, x.Score, plain[0].Enterprise.Name, plain[0].Score)
		}
		if _, ok := x.Explanation.Parts["target_group"]; ok || x.Explanation.TargetGroups != nil || strings.Contains(x.Explanation.Text, "doelgroep") || strings.Contains(x.Explanation.Text, "gevraagd)") {
			t.Errorf("without a wish the explanation of %s speaks of target groups: %q %+v", x.Enterprise.Name, x.Explanation.Text, x.Explanation.Parts)
		}
	}

	lot := cleaningLot()
	lot.TargetGroups = []koppel.TargetGroup{koppel.TargetDisability}
	wished := run(lot)
	if got, want := names(wished), "Gevraagde Groep vzw, Onbekende Groep vzw, Andere Groep vzw, Ook Andere Groep vzw"; got != want {
		t.Fatalf("with the wish arbeidshandicap: %s, want %s", got, want)
	}
	for i, want := range []string{
		"werkt met mensen met een arbeidshandicap, zoals gevraagd",
		"doelgroep onbekend",
		"werkt niet met mensen met een arbeidshandicap (gevraagd)",
		"werkt niet met mensen met een arbeidshandicap (gevraagd)",
	} {
		if !strings.Contains(wished[i].Explanation.Text, want) {
			t.Errorf("%s: explanation %q lacks %q", wished[i].Enterprise.Name, wished[i].Explanation.Text, want)
		}
	}
	if p := wished[0].Explanation.Parts["target_group"]; p != 1 {
		t.Errorf("target_group part of the one with the group %v, want 1", p)
	}
	if tm := wished[0].Explanation.TargetGroups; tm == nil || len(tm.Has) != 1 || tm.Has[0] != koppel.TargetDisability || !tm.Known {
		t.Errorf("target-group match of the one with the group: %+v", tm)
	}
	// The wish moves an enterprise among equals; its weight bounds what it
	// adds.
	if wished[0].Score <= wished[1].Score || wished[1].Score <= wished[2].Score {
		t.Errorf("scores %v, %v, %v: want strictly falling", wished[0].Score, wished[1].Score, wished[2].Score)
	}
	if d := wished[0].Score - wished[2].Score; d > 0.1 {
		t.Errorf("the wish adds %v to the score: more than its weight allows", d)
	}

	// Two wished groups, one of them met.
	lot.TargetGroups = []koppel.TargetGroup{koppel.TargetDisability, koppel.TargetLongTerm}
	both := run(lot)
	if both[0].Enterprise.Name != "Gevraagde Groep vzw" || !strings.Contains(both[0].Explanation.Text, "werkt met mensen met een arbeidshandicap en langdurig werkzoekenden, zoals gevraagd") {
		t.Errorf("two wishes: first %s, %q", both[0].Enterprise.Name, both[0].Explanation.Text)
	}
	for _, x := range both {
		if x.Enterprise.Name == "Andere Groep vzw" && !strings.Contains(x.Explanation.Text, "werkt met langdurig werkzoekenden, zoals gevraagd, werkt niet met mensen met een arbeidshandicap (gevraagd)") {
			t.Errorf("half a wish: %q", x.Explanation.Text)
		}
	}
}
