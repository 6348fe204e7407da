package eforms

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel/indexer/data"
	"koppel/refdata"
)

func TestSocialWordList(t *testing.T) {
	ps, err := parseSocial(data.Social)
	if err != nil {
		t.Fatal(err)
	}
	langs := map[string]int{}
	for _, p := range ps {
		langs[p.lang]++
	}
	for _, l := range []string{"nl", "fr", "en", "de"} {
		if langs[l] < 10 {
			t.Errorf("%d phrases in %s, want at least 10", langs[l], l)
		}
	}
	for _, bad := range []string{"xx sociale clausule", "nl", "nl *", "nl soc*iale"} {
		if _, err := parseSocial(bad); err == nil {
			t.Errorf("parseSocial(%q): no error", bad)
		}
	}
}

// TestSocialSignals: texts that ask for social commitments, one table per
// language, and texts of real notices that only mention "social" in
// another sense. The positive texts follow the wording of Belgian and EU
// notices (the Belgian reserved-contract formula, the UK Social Value Act,
// the French "clause d'insertion", the German §118 GWB); the negative ones
// are quoted from the eForms SDK's example notices, which are based on
// published TED notices (cn_81_FRA.xml, CEI.xml, can-modif_24_duration.xml,
// cn-desg_24.xml).
func TestSocialSignals(t *testing.T) {
	for _, c := range []struct {
		lang, text string
		want       []string
	}{
		{"nl", "Overeenkomstig artikel 15 van de wet van 17 juni 2016 is de deelname aan deze opdracht voorbehouden aan maatwerkbedrijven.", []string{"artikel 15 van de wet van 17 juni 2016", "maatwerkbedrijven"}},
		{"nl", "De opdrachtnemer verbindt zich ertoe een sociale clausule na te leven: minstens 10 % van de uren door doelgroepwerknemers.", []string{"sociale clausule", "doelgroepwerknemers"}},
		{"nl", "Dit is een Voorbehouden Opdracht voor de sociale-economiebedrijven en beschutte werkplaatsen.", []string{"voorbehouden opdracht", "sociale economiebedrijven", "beschutte werkplaatsen"}},
		{"nl", "Onderhoud van de groenzones door een maatwerkafdeling of een LDE-initiatief (lokale diensteneconomie).", []string{"maatwerkafdeling", "lokale diensteneconomie"}},
		{"fr", "Conformément à l'article 15 de la loi du 17 juin 2016, le marché est réservé : marché réservé aux entreprises de travail adapté.", []string{"article 15 de la loi du 17 juin 2016", "marche reserve", "entreprises de travail adapte"}},
		{"fr", "Le titulaire respectera la clause d’insertion sociale et fera appel à une Entreprise d'Insertion.", []string{"clause d insertion", "entreprise d insertion"}},
		{"fr", "CLAUSES SOCIALES : insertion socioprofessionnelle de personnes défavorisées.", []string{"clauses sociales", "insertion socioprofessionnelle", "personnes defavorisees"}},
		{"en", "Bidders must describe the social value they will deliver (Public Services (Social Value) Act 2012).", []string{"social value"}},
		{"en", "This lot is a reserved contract for sheltered workshops and supported employment programmes for disadvantaged workers.", []string{"reserved contract", "sheltered workshops", "supported employment", "disadvantaged workers"}},
		{"de", "Der Auftrag ist Werkstätten für behinderte Menschen und Inklusionsbetrieben vorbehalten (vorbehaltener Auftrag nach § 118 GWB).", []string{"werkstatten fur behinderte menschen", "inklusionsbetrieben", "vorbehaltener auftrag"}},
		{"de", "Ein Integrationsbetrieb oder ein Sozialunternehmen kann sich bewerben; es gilt eine Sozialklausel.", []string{"integrationsbetrieb", "sozialunternehmen", "sozialklausel"}},
		// Quoted from real notices: "social" in another sense.
		{"fr", "L'enveloppe intérieure comporte la mention « B20-05327 » et la dénomination sociale du soumissionnaire. — les attestations de régularité fiscales et sociales.", nil},
		{"fr", "2) qualité architecturale du projet et cohérence de son insertion dans le site;", nil},
		{"en", "(d) they have not fulfilled obligations relating to the payment of social security contributions or taxes;", nil},
		{"en", "Belfast Health & Social Care Trust – 31 October 2020 Western Health & Social Care Trust – 31 January 2021", nil},
		{"nl", "Het materiaal wordt geleverd door een metaalbedrijf; ETA van de levering: 3 dagen.", nil},
	} {
		t.Run(c.lang, func(t *testing.T) {
			if d := cmp.Diff(c.want, socialSignals([]string{c.text})); d != "" {
				t.Errorf("%q (-want +got):\n%s", c.text, d)
			}
		})
	}
}

// TestSocialSignalsOfNotices reads whole notices: the lots of the Flemish
// synthetic notice are marked from their texts in Dutch and French, the
// SDK's examples (real notices without social texts) are not.
func TestSocialSignalsOfNotices(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n, err := Read(strings.NewReader(string(b)), Options{File: f, Ref: refdata.Load()})
		if err != nil {
			if RefusalReason(err) == "" {
				t.Fatalf("%s: %v", f, err)
			}
			continue // refused notices have no lots to mark
		}
		if n.Tender == nil {
			continue // award notices record outcomes, not lots
		}
		var marked []string
		for _, l := range n.Tender.Lots {
			if len(l.SocialSignals) > 0 {
				marked = append(marked, l.ID)
			}
		}
		want := map[string][]string{"testdata/cn_flemish_synthetic.xml": {"LOT-0001"}}[f]
		if d := cmp.Diff(want, marked); d != "" {
			t.Errorf("%s: marked lots (-want +got):\n%s", f, d)
		}
	}
}
