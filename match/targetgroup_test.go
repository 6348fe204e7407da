package match_test

import (
	"context"
	"strings"
	"testing"

	"koppel"
	"koppel/i18n"
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
	// The order sentence names the wish when only it separates two.
	if o := wished[1].Explanation.Order; !strings.Contains(o, "die onderneming werkt met de gewenste doelgroep") {
		t.Errorf("order of %s below %s: %q, want the target group as the reason", wished[1].Enterprise.Name, wished[0].Enterprise.Name, o)
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

// TestTargetGroupWishLanguage: the target-group part of the explanation
// follows the reader's language like the rest of it, with the groups'
// names in that language: the wished group met, unknown, and not met
// next to a met one, in French and in English, with no Dutch left.
func TestTargetGroupWishLanguage(t *testing.T) {
	src := buildSource([]entSpec{
		{n: 1, name: "Andere Groep vzw", postcode: "9000", form: mwb, area: r30},
		{n: 2, name: "Onbekende Groep vzw", postcode: "9000", form: mwb, area: r30},
		{n: 4, name: "Gevraagde Groep vzw", postcode: "9000", form: mwb, area: r30},
	})
	src.Enterprises[kbo(1)].TargetGroups = []koppel.TargetGroup{koppel.TargetLongTerm}
	src.Enterprises[kbo(4)].TargetGroups = []koppel.TargetGroup{koppel.TargetArt60, koppel.TargetDisability}
	m := mustMatcher(t, src)
	lot := cleaningLot()
	lot.TargetGroups = []koppel.TargetGroup{koppel.TargetDisability, koppel.TargetArt60, koppel.TargetLongTerm}
	tender := &koppel.Tender{ID: "T-1", Title: "Schoonmaak", Buyer: koppel.Buyer{Name: "Stad Gent"}, Status: koppel.TenderPublished, Lots: []koppel.Lot{lot}}
	for _, tc := range []struct {
		lang i18n.Lang
		want map[string][]string
	}{
		{i18n.NL, map[string][]string{
			"Gevraagde Groep vzw": {"werkt met mensen met een arbeidshandicap en Art. 60-tewerkstelling (OCMW), zoals gevraagd, werkt niet met langdurig werkzoekenden (gevraagd)"},
			"Onbekende Groep vzw": {"doelgroep onbekend (gevraagd: mensen met een arbeidshandicap, Art. 60-tewerkstelling (OCMW) of langdurig werkzoekenden)"},
			"Andere Groep vzw":    {"werkt met langdurig werkzoekenden, zoals gevraagd, werkt niet met mensen met een arbeidshandicap of Art. 60-tewerkstelling (OCMW) (gevraagd)"},
		}},
		{i18n.FR, map[string][]string{
			"Gevraagde Groep vzw": {"travaille avec personnes avec un handicap au travail et mise à l’emploi article 60 (CPAS), comme souhaité, ne travaille pas avec demandeurs d’emploi de longue durée (souhaité)"},
			"Onbekende Groep vzw": {"groupe cible inconnu (souhaité\u00a0: personnes avec un handicap au travail, mise à l’emploi article 60 (CPAS) ou demandeurs d’emploi de longue durée)"},
			"Andere Groep vzw":    {"travaille avec demandeurs d’emploi de longue durée, comme souhaité, ne travaille pas avec personnes avec un handicap au travail ou mise à l’emploi article 60 (CPAS) (souhaité)"},
		}},
		{i18n.EN, map[string][]string{
			"Gevraagde Groep vzw": {"works with people with a work disability and article 60 employment (public social welfare centre), as requested, does not work with long-term jobseekers (requested)"},
			"Onbekende Groep vzw": {"target group unknown (requested: people with a work disability, article 60 employment (public social welfare centre) or long-term jobseekers)"},
			"Andere Groep vzw":    {"works with long-term jobseekers, as requested, does not work with people with a work disability or article 60 employment (public social welfare centre) (requested)"},
		}},
	} {
		lm, err := m.MatchLot(i18n.With(context.Background(), tc.lang), tender, &tender.Lots[0], match.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(lm.Matches) != len(tc.want) {
			t.Fatalf("%s: %d matches, want %d", tc.lang, len(lm.Matches), len(tc.want))
		}
		for _, x := range lm.Matches {
			for _, want := range tc.want[x.Enterprise.Name] {
				if !strings.Contains(x.Explanation.Text, want) {
					t.Errorf("%s %s: explanation %q lacks %q", tc.lang, x.Enterprise.Name, x.Explanation.Text, want)
				}
			}
			if tc.lang == i18n.NL {
				continue
			}
			for _, nl := range []string{"doelgroep", "gevraagd", "werkt", "arbeidshandicap", "OCMW"} {
				if strings.Contains(x.Explanation.Text, nl) {
					t.Errorf("%s %s: explanation %q still says %q", tc.lang, x.Enterprise.Name, x.Explanation.Text, nl)
				}
			}
		}
	}
}
