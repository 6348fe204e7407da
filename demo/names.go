package demo

import (
	"math/rand/v2"
	"strings"

	"koppel"
)

// Invented place-like names: a made-up first part and a Flemish place-name
// ending ("Schetsbeek", "Verzinselgem"). No real municipality is built this way.
var (
	inventedHead = []string{
		"Denkbeeld", "Verzinsel", "Fabel", "Droom", "Nergens", "Zomaar", "Bedenk",
		"Fictie", "Voorbeeld", "Verbeelding", "Sprookjes", "Fantasie", "Luchtspiegel",
		"Proef", "Schets", "Ontwerp", "Kladblok", "Inkt", "Krijt", "Prent",
	}
	inventedTail = []string{
		"gem", "beek", "rode", "hoven", "donk", "kerke", "dijk", "laar",
		"hout", "veld", "berg", "dries", "meer", "hoek", "bos",
	}
	// activity words per category, in the order of koppel.Categories.
	activityWords = [][]string{
		{"Poetsploeg", "Schoonmaakploeg", "Poetsdienst", "Glansploeg", "Netjesdienst"},
		{"Groenwerk", "Groenploeg", "Tuinploeg", "Groenzorg", "Haagscheerders"},
		{"Fietspunt", "Fietsatelier", "Trapkracht", "Fietsherstelplaats", "Velowerk"},
		{"Klusjesdienst", "Klusatelier", "Herstelploeg", "Onderhoudsploeg", "Klusbende"},
		{"Soepatelier", "Kookatelier", "Keukenploeg", "Broodjesbar", "Maaltijdatelier"},
		{"Wasatelier", "Strijkatelier", "Wasserette", "Strijkhuis", "Linnenatelier"},
		{"Hergebruikcentrum", "Tweedekansatelier", "Kringloopcentrum", "Herbruikhuis", "Opknapatelier"},
		{"Inpakcentrum", "Verpakkingsatelier", "Mailingdienst", "Logistiekatelier", "Sorteerploeg"},
		{"Renovatieploeg", "Isolatieploeg", "Energiesnoeiers", "Renovatieatelier", "Dakploeg"},
		{"Scanatelier", "Drukatelier", "Digitaliseringsatelier", "Archiefploeg", "Kopieerdienst"},
		{"Sportzaalploeg", "Infraploeg", "Zaalbeheer", "Sportinfra-atelier", "Speelpleinploeg"},
	}
)

func inventedName(r *rand.Rand) string { return pick(r, inventedHead) + pick(r, inventedTail) }

func categoryIndex(c koppel.Category) int {
	for i, ci := range koppel.Categories {
		if ci.Category == c {
			return i
		}
	}
	return 0
}

func legalForm(r *rand.Rand, form koppel.WorkForm) string {
	switch form {
	case koppel.Cooperatie:
		return "cv"
	case koppel.SocialeOnderneming, koppel.Maatwerkafdeling, koppel.Invoegbedrijf:
		return pick(r, []string{"bv", "cv", "bv", "vzw"})
	default:
		return "vzw"
	}
}

// enterpriseName combines invented parts with an activity word, e.g. "De
// Fictieve Poetsploeg vzw", "Groenwerk Schetsbeek", "Maatwerkbedrijf
// Verzinselgem vzw".
func enterpriseName(r *rand.Rand, form koppel.WorkForm, main koppel.Category) string {
	act := pick(r, activityWords[categoryIndex(main)])
	inv := inventedName(r)
	lf := legalForm(r, form)
	switch n := r.IntN(10); {
	case n < 2:
		return article(act) + " Fictieve " + act + " " + lf
	case n < 5:
		return act + " " + inv
	case n < 7:
		return inv + " " + act + " " + lf
	case n < 8 && form == koppel.Maatwerkbedrijf:
		return "Maatwerkbedrijf " + inv + " " + lf
	case n < 8 && form == koppel.LokaleDiensteneconomie:
		return "LDE-project " + act + " " + inv
	case n < 8 && form == koppel.Cooperatie:
		return "Coöperatie " + inv + " " + lf
	case n < 9:
		return "Atelier " + inv + " " + lf
	default:
		return "Sociale Werkplaats " + inv + " " + lf
	}
}

// article returns the Dutch definite article of an activity word: "Het" for
// the neuter endings among them (atelier, centrum, huis, werk, punt, beheer).
func article(word string) string {
	for _, suf := range []string{"atelier", "centrum", "huis", "werk", "punt", "beheer"} {
		if strings.HasSuffix(word, suf) {
			return "Het"
		}
	}
	return "De"
}
