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

// TestOrderTargetGroupTruthful: the sentence on why a match stands below
// the one above says of the target-group wish only what the explanation
// of each says. The walk-through found an enterprise with "doelgroep
// onbekend (gevraagd: …)" whose order sentence then said "deze
// onderneming werkt met de gewenste doelgroep, maar dat weegt minder":
// the factor gives 0.5 to one that declared no groups, above 0 for one
// that declared others, and the sentence named that as working with the
// group. Each pair below differs only in the groups they declared (same
// place, same offering), so the target group is the reason the higher
// one stands above; the last case puts the one with the better factor
// farther away, so that distance ranks it lower and the target group is
// what weighs less. Every branch, in Dutch, French and English.
func TestOrderTargetGroupTruthful(t *testing.T) {
	var (
		dis, long, art60, psy = koppel.TargetDisability, koppel.TargetLongTerm, koppel.TargetArt60, koppel.TargetPsychosocial
		one                   = []koppel.TargetGroup{dis}
		three                 = []koppel.TargetGroup{dis, long, art60}
		none                  = []koppel.TargetGroup{}
	)
	for _, tc := range []struct {
		name      string
		wished    []koppel.TargetGroup
		hi, lo    []koppel.TargetGroup // declared by the higher and the lower one
		loFarther bool                 // the lower one stands above by distance
		want      map[i18n.Lang]string // in the lower one's order sentence
	}{
		{"all above unknown", one, []koppel.TargetGroup{dis}, none, false, map[i18n.Lang]string{
			i18n.NL: ": die onderneming werkt met de gewenste doelgroep, terwijl de doelgroep van deze onderneming onbekend is.",
			i18n.FR: "\u00a0: l’autre entreprise travaille avec le groupe cible souhaité, alors que le groupe cible est inconnu pour cette entreprise.",
			i18n.EN: ": the other enterprise works with the target group requested, while the target group of this enterprise is unknown.",
		}},
		{"all above other groups", one, []koppel.TargetGroup{dis}, []koppel.TargetGroup{psy}, false, map[i18n.Lang]string{
			i18n.NL: ": die onderneming werkt met de gewenste doelgroep, deze onderneming niet.",
			i18n.FR: "\u00a0: l’autre entreprise travaille avec le groupe cible souhaité, alors que cette entreprise ne travaille pas avec celui-ci.",
			i18n.EN: ": the other enterprise works with the target group requested, this enterprise does not.",
		}},
		{"unknown above other groups", one, none, []koppel.TargetGroup{psy}, false, map[i18n.Lang]string{
			i18n.NL: ": de doelgroep van die onderneming is onbekend, terwijl deze onderneming niet met de gewenste doelgroep werkt.",
			i18n.FR: "\u00a0: le groupe cible est inconnu pour l’autre entreprise, alors que cette entreprise ne travaille pas avec celui qui est souhaité.",
			i18n.EN: ": the target group of the other enterprise is unknown, while this enterprise does not work with the one requested.",
		}},
		{"unknown below other groups, nearer", one, []koppel.TargetGroup{psy}, none, true, map[i18n.Lang]string{
			i18n.NL: "; de doelgroep van deze onderneming is onbekend, terwijl die onderneming niet met de gewenste doelgroep werkt, maar dat weegt minder.",
			i18n.FR: "\u00a0; le groupe cible est inconnu pour cette entreprise, alors que l’autre entreprise ne travaille pas avec celui qui est souhaité, mais cela pèse moins.",
			i18n.EN: "; the target group of this enterprise is unknown, while the other enterprise does not work with the one requested, but that weighs less.",
		}},
		{"all of three above unknown", three, three, none, false, map[i18n.Lang]string{
			i18n.NL: ": die onderneming werkt met alle gewenste doelgroepen, terwijl de doelgroep van deze onderneming onbekend is.",
			i18n.FR: "\u00a0: l’autre entreprise travaille avec tous les groupes cibles souhaités, alors que le groupe cible est inconnu pour cette entreprise.",
			i18n.EN: ": the other enterprise works with all the target groups requested, while the target group of this enterprise is unknown.",
		}},
		{"all of three above none of them", three, three, []koppel.TargetGroup{psy}, false, map[i18n.Lang]string{
			i18n.NL: ": die onderneming werkt met alle gewenste doelgroepen, deze onderneming met geen ervan.",
			i18n.FR: "\u00a0: l’autre entreprise travaille avec tous les groupes cibles souhaités, alors que cette entreprise ne travaille avec aucun d’entre eux.",
			i18n.EN: ": the other enterprise works with all the target groups requested, this enterprise with none of them.",
		}},
		{"all of three above one of them", three, three, []koppel.TargetGroup{long, psy}, false, map[i18n.Lang]string{
			i18n.NL: ": die onderneming werkt met alle gewenste doelgroepen, deze onderneming maar met een deel ervan.",
			i18n.FR: "\u00a0: l’autre entreprise travaille avec tous les groupes cibles souhaités, alors que cette entreprise ne travaille qu’avec une partie d’entre eux.",
			i18n.EN: ": the other enterprise works with all the target groups requested, this enterprise with only some of them.",
		}},
		{"two of three above unknown", three, []koppel.TargetGroup{dis, long}, none, false, map[i18n.Lang]string{
			i18n.NL: ": die onderneming werkt met een deel van de gewenste doelgroepen, terwijl de doelgroep van deze onderneming onbekend is.",
			i18n.FR: "\u00a0: l’autre entreprise travaille avec une partie des groupes cibles souhaités, alors que le groupe cible est inconnu pour cette entreprise.",
			i18n.EN: ": the other enterprise works with some of the target groups requested, while the target group of this enterprise is unknown.",
		}},
		{"two of three above none of them", three, []koppel.TargetGroup{dis, long}, []koppel.TargetGroup{psy}, false, map[i18n.Lang]string{
			i18n.NL: ": die onderneming werkt met een deel van de gewenste doelgroepen, deze onderneming met geen ervan.",
			i18n.FR: "\u00a0: l’autre entreprise travaille avec une partie des groupes cibles souhaités, alors que cette entreprise ne travaille avec aucun d’entre eux.",
			i18n.EN: ": the other enterprise works with some of the target groups requested, this enterprise with none of them.",
		}},
		{"two of three above one of them", three, []koppel.TargetGroup{dis, long}, []koppel.TargetGroup{art60}, false, map[i18n.Lang]string{
			i18n.NL: ": die onderneming werkt met meer van de gewenste doelgroepen dan deze onderneming.",
			i18n.FR: "\u00a0: l’autre entreprise travaille avec plus de groupes cibles souhaités que cette entreprise.",
			i18n.EN: ": the other enterprise works with more of the target groups requested than this enterprise.",
		}},
		{"unknown above one of three", three, none, []koppel.TargetGroup{art60}, false, map[i18n.Lang]string{
			i18n.NL: ": de doelgroep van die onderneming is onbekend, terwijl deze onderneming maar met een deel van de gewenste doelgroepen werkt.",
			i18n.FR: "\u00a0: le groupe cible est inconnu pour l’autre entreprise, alors que cette entreprise ne travaille qu’avec une partie des groupes souhaités.",
			i18n.EN: ": the target group of the other enterprise is unknown, while this enterprise works with only some of the groups requested.",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hiPost, loPost := "9000", "9000"
			if tc.loFarther {
				hiPost, loPost = "9000", "9300" // Aalst, some 25 km from the lot in Gent
			}
			src := buildSource([]entSpec{
				{n: 1, name: "Lager vzw", postcode: loPost, form: mwb, area: r30},
				{n: 2, name: "Hoger vzw", postcode: hiPost, form: mwb, area: r30},
			})
			src.Enterprises[kbo(1)].TargetGroups = tc.lo
			src.Enterprises[kbo(2)].TargetGroups = tc.hi
			m := mustMatcher(t, src)
			lot := cleaningLot()
			lot.TargetGroups = tc.wished
			tender := &koppel.Tender{ID: "T-1", Title: "Schoonmaak", Buyer: koppel.Buyer{Name: "Stad Gent"}, Status: koppel.TenderPublished, Lots: []koppel.Lot{lot}}
			for _, l := range i18n.Langs {
				lm, err := m.MatchLot(i18n.With(context.Background(), l), tender, &tender.Lots[0], match.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if len(lm.Matches) != 2 || lm.Matches[0].Enterprise.Name != "Hoger vzw" {
					t.Fatalf("%s: matches %+v, want Hoger vzw above Lager vzw", l, lm.Matches)
				}
				if got := lm.Matches[1].Explanation.Order; !strings.HasSuffix(got, tc.want[l]) {
					t.Errorf("%s: order %q, want it to end with %q", l, got, tc.want[l])
				}
			}
		})
	}
}
