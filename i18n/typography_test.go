package i18n_test

import (
	"regexp"
	"strings"
	"testing"

	"koppel/i18n"
)

// forms are the texts of a message: its plural forms, or its one text.
func forms(lang i18n.Lang, key string) []string {
	m := i18n.Message(lang, key)
	var out []string
	for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		if s != "" && (len(out) == 0 || out[len(out)-1] != s) {
			out = append(out, s)
		}
	}
	return out
}

// frenchSpaceRe finds a French high punctuation mark without the no-break
// space before it: after an ordinary space, or (":", "?", "!") right after
// a character other than a space, except a URL's "://". A ";" right after
// a word is a list separator in an example of what to type ("Gent;
// Merelbeke"), not punctuation. A "%" after a number or a field takes the
// no-break space too ("100 %", "{{.Share}} %"), as in the clause data.
var frenchSpaceRe = regexp.MustCompile(` [:;?!]|[^\s\x{00a0}\x{202f}][?!]|[^\s\x{00a0}\x{202f}]:[^/]|[^\s\x{00a0}\x{202f}]:$|« |«[^\x{00a0}]| »|[^\x{00a0}]»|[0-9}] ?%`)

// frenchStraightRe finds a straight apostrophe or quote in a French text,
// which writes "l’acheteur" and « … » around a value ("l'onglet 'Offre'",
// "champ \"{{.Field}}\"" read wrong). jsonExampleRe is the one exception:
// an example of a JSON value keeps its quotes ("p. ex. \"2026-09-01\"").
var (
	frenchStraightRe = regexp.MustCompile(`['"]`)
	jsonExampleRe    = regexp.MustCompile(`"[0-9-]+"`)
)

// TestFrenchTypography checks the French catalogue's punctuation: a
// no-break space (U+00A0) before ":", ";", "?", "!" and "%", and inside « »,
// so that the mark never starts a line and every page spaces it alike;
// and the typographic apostrophe and quotes, never straight ones.
func TestFrenchTypography(t *testing.T) {
	for _, key := range i18n.Keys(i18n.FR) {
		for _, s := range forms(i18n.FR, key) {
			if loc := frenchSpaceRe.FindStringIndex(s); loc != nil {
				t.Errorf("%s: %q: no no-break space at %q", key, s, s[max(0, loc[0]-15):loc[1]])
			}
			if loc := frenchStraightRe.FindStringIndex(jsonExampleRe.ReplaceAllString(s, "")); loc != nil {
				t.Errorf("%s: %q: a straight apostrophe or quote; French writes ’ and « … »", key, s)
			}
		}
	}
}

// englishWorkFormRe finds the other names English texts could give a work
// form (werkvorm: maatwerkbedrijf, LDE …) than "work form".
var englishWorkFormRe = regexp.MustCompile(`(?i)types? of (the )?(winning )?enterprises?|enterprise types?|forms? of (employment|work)|employment forms?`)

// TestEnglishTerms checks that the English catalogue calls the parties by
// one name each: "buyer" (not "contracting authority") and "social
// economy enterprise" (not "social enterprise", which is the name of one
// work form, workform.sociale-onderneming); a werkvorm "work form", as
// the template, the exports and the spend analysis do (not "type of
// enterprise"); and that no English text spaces a colon the French way.
func TestEnglishTerms(t *testing.T) {
	for _, key := range i18n.Keys(i18n.EN) {
		for _, s := range forms(i18n.EN, key) {
			low := strings.ToLower(s)
			switch {
			case strings.Contains(low, "contracting authorit"):
				t.Errorf("%s: %q says contracting authority; the pages say buyer", key, s)
			case (strings.Contains(low, "social enterprise") || strings.Contains(low, "social-economy enterprise")) && key != "workform.sociale-onderneming":
				t.Errorf("%s: %q says social enterprise; the pages say social economy enterprise", key, s)
			case englishWorkFormRe.MatchString(s):
				t.Errorf("%s: %q says %q; the pages say work form", key, s, englishWorkFormRe.FindString(s))
			case regexp.MustCompile(`[ \x{00a0}][:;?!]`).MatchString(s):
				t.Errorf("%s: %q has a space before a colon, semicolon or mark", key, s)
			}
		}
	}
}

// nameBeforeRe finds a French word that elides before a vowel ("de",
// "que", "le", "la") right before a field holding a name or a place,
// which may start with a vowel: "autour de Aalst", "Demande de OCMW …";
// or the elided form itself, which reads wrong before a name that starts
// with a consonant: "Connecté en tant qu’Maatwerkbedrijf …".
// Such a message is phrased so that no elision is needed ("autour du
// siège (Aalst)", "de l’acheteur {{.Owner}}").
var nameBeforeRe = regexp.MustCompile(`(?i)(?:^|[\s'’])(?:(?:de|que|le|la|je|me|te|se|ne)\s+|(?:qu|jusqu|lorsqu|puisqu|d|l|j|m|t|s|n)['’])\{\{\.(Owner|Name|Names|Where|Town|Towns|Place|Buyer|File|For|Who|Host|Municipality)\}\}`)

// TestFrenchElision checks that no French message needs an elision it
// cannot make (see nameBeforeRe).
func TestFrenchElision(t *testing.T) {
	for _, key := range i18n.Keys(i18n.FR) {
		for _, s := range forms(i18n.FR, key) {
			if m := nameBeforeRe.FindString(s); m != "" {
				t.Errorf("%s: %q: %q may need an elision, or has one a name cannot take", key, s, strings.TrimSpace(m))
			}
		}
	}
}

// frenchEnterpriseRe finds the other names French texts could give a
// social economy enterprise than "entreprise d’économie sociale".
var frenchEnterpriseRe = regexp.MustCompile(`(?i)entreprises? (sociales?|de l['’]économie sociale)`)

// frenchWorkFormRe finds the other names French texts could give a work
// form (werkvorm) than "forme d’emploi".
var frenchWorkFormRe = regexp.MustCompile(`(?i)formes? de travail|types? d['’]entreprises?|formes? d['’]entreprises?`)

// TestFrenchTerms checks that the French catalogue calls a social economy
// enterprise "entreprise d’économie sociale" throughout ("Entreprise
// sociale" is the name of one work form), and a work form "forme
// d’emploi", as the search filter, the template and the spend analysis do
// (not "forme de travail" nor "type d’entreprise").
func TestFrenchTerms(t *testing.T) {
	for _, key := range i18n.Keys(i18n.FR) {
		for _, s := range forms(i18n.FR, key) {
			if m := frenchEnterpriseRe.FindString(s); m != "" && key != "workform.sociale-onderneming" {
				t.Errorf("%s: %q says %q; the pages say entreprise d’économie sociale", key, s, m)
			}
			if m := frenchWorkFormRe.FindString(s); m != "" {
				t.Errorf("%s: %q says %q; the pages say forme d’emploi", key, s, m)
			}
		}
	}
}

// TestDutchVerbAgrees checks two Dutch plural messages whose verb follows
// the number: "1 wacht", "2 wachten"; "de provincie", "de provincies".
func TestDutchVerbAgrees(t *testing.T) {
	for _, tt := range []struct {
		key  string
		n    int
		want string
	}{
		{"newtender.waiting", 1, "1 wacht op de aankondiging van de opdracht"},
		{"newtender.waiting", 2, "2 wachten op de aankondiging van de opdracht"},
		{"map.works_in_provinces", 2, "Werkt in de provincies A en B."},
	} {
		if got := i18n.N(i18n.NL, tt.key, tt.n, "Names", "A en B"); got != tt.want {
			t.Errorf("%s (%d) = %q, want %q", tt.key, tt.n, got, tt.want)
		}
	}
}

// TestFrenchExampleAbbreviation checks that French says "for example"
// one way, "p. ex.", never "par ex.".
func TestFrenchExampleAbbreviation(t *testing.T) {
	for _, key := range i18n.Keys(i18n.FR) {
		for _, s := range forms(i18n.FR, key) {
			if strings.Contains(strings.ToLower(s), "par ex.") {
				t.Errorf("%s: %q says par ex.; the catalogue says p. ex.", key, s)
			}
		}
	}
}

// TestFrenchTransitionTerm checks that French names the transition paths
// one way, as the site does: "parcours de transition", never "trajet(s)
// de transition" (the workbook template once did).
func TestFrenchTransitionTerm(t *testing.T) {
	for _, key := range i18n.Keys(i18n.FR) {
		for _, s := range forms(i18n.FR, key) {
			if low := strings.ToLower(s); strings.Contains(low, "trajet de transition") || strings.Contains(low, "trajets de transition") {
				t.Errorf("%s: %q says trajet de transition; the site says parcours de transition", key, s)
			}
		}
	}
}

// TestFrenchTransitionPath checks that where the Dutch speaks of a
// (doorstroom)traject, the French says "parcours", never "trajet" alone
// ("dans la dernière phase de leur trajet"): the site's word for the
// transition path. A French "trajet" for a Dutch "rit" (a trip) is fine.
func TestFrenchTransitionPath(t *testing.T) {
	for _, key := range i18n.Keys(i18n.FR) {
		if !i18n.Has(i18n.NL, key) {
			continue
		}
		nl := strings.ToLower(strings.Join(forms(i18n.NL, key), " "))
		if !strings.Contains(nl, "traject") {
			continue
		}
		for _, s := range forms(i18n.FR, key) {
			if strings.Contains(strings.ToLower(s), "trajet") {
				t.Errorf("%s: %q says trajet; the site says parcours de transition", key, s)
			}
		}
	}
}

// otherTerms are, per language, the other words the catalogue once used
// for a verdict or a kind of reservation beside the one it uses
// everywhere: French "soumissionner" (not "répondre") and a "forme de
// réservation"; English "to be checked", "reserved execution" (BT-736)
// and a "type of reservation"; Dutch "te verifiëren" and "mogen niet
// inschrijven", as the verdicts say them.
var otherTerms = map[i18n.Lang]*regexp.Regexp{
	i18n.FR: regexp.MustCompile(`(?i)\bpeu(t|vent) (pas )?répondre|\bnon admissibles?|forme réservée`),
	i18n.EN: regexp.MustCompile(`(?i)\bto verify\b|reserved performance|reserved form`),
	i18n.NL: regexp.MustCompile(`(?i)\bna te gaan\b|komen niet in aanmerking`),
}

// sameTerm are keys that name one thing in two places (the market scan's
// chart and its table, the verdict and its column) and must say it alike.
var sameTerm = [][]string{
	{"chart.scan.eligible", "scan.eligible"},
	{"chart.scan.to_verify", "scan.to_verify", "verdict.to_verify", "matches.to_verify"},
	{"chart.scan.category", "scan.form"},
	{"chart.kind.reserved_execution", "scan.reserved_execution"},
	{"chart.kind.res_ws", "scan.res_ws"},
	{"chart.kind.res_pub_ser", "scan.res_pub_ser"},
	{"verdict.eligible", "matches.may_bid"},
	{"verdict.not_eligible", "matches.may_not_bid"},
}

// TestOneTermPerThing checks that each language calls a verdict and a
// kind of reservation by one name across the catalogues: the clause
// assistant's chart said "To verify" and "Reserved execution" above a
// table that said "To be checked" and "Reserved performance", and French
// "Peuvent soumissionner" above "Peuvent répondre".
func TestOneTermPerThing(t *testing.T) {
	for _, l := range i18n.Langs {
		re := otherTerms[l]
		for _, key := range i18n.Keys(l) {
			for _, s := range forms(l, key) {
				if m := re.FindString(s); m != "" {
					t.Errorf("%s %s: %q says %q", l, key, s, m)
				}
			}
		}
		for _, keys := range sameTerm {
			want := strings.ToLower(i18n.T(l, keys[0]))
			for _, k := range keys[1:] {
				if got := strings.ToLower(i18n.T(l, k)); got != want {
					t.Errorf("%s: %s says %q, %s %q", l, k, got, keys[0], want)
				}
			}
		}
	}
}
