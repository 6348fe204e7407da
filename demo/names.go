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
	// activityWords are what an enterprise that does mainly one thing calls
	// itself, per category in the order of koppel.Categories.
	activityWords = [][]string{
		{"Poetsploeg", "Schoonmaakploeg", "Poetsdienst", "Glansploeg", "Netjesdienst"},
		{"Groenwerk", "Groenploeg", "Tuinploeg", "Groenzorg", "Haagscheerders"},
		{"Fietspunt", "Fietsatelier", "Trapkracht", "Fietsherstelplaats", "Velowerk"},
		{"Klusjesdienst", "Klusatelier", "Herstelploeg", "Klusbende", "Klusjesploeg"},
		{"Soepatelier", "Kookatelier", "Buurtrestaurant", "Broodjesbar", "Maaltijdatelier"},
		{"Wasatelier", "Strijkatelier", "Wasserette", "Strijkhuis", "Linnenatelier"},
		{"Hergebruikcentrum", "Tweedekansatelier", "Kringloopcentrum", "Herbruikhuis", "Opknapatelier"},
		{"Inpakcentrum", "Verpakkingsatelier", "Mailingdienst", "Logistiekatelier", "Sorteerploeg"},
		{"Renovatieploeg", "Isolatieploeg", "Energiesnoeiers", "Renovatieatelier", "Dakploeg"},
		{"Scanatelier", "Drukatelier", "Digitaliseringsatelier", "Archiefploeg", "Kopieerdienst"},
		{"Sportzaalploeg", "Infraploeg", "Zaalwachters", "Sportinfra-atelier", "Speelpleinploeg"},
	}
	// serviceWords name a municipal service run as a maatwerkafdeling, per
	// category ("maatwerkafdeling groendienst").
	serviceWords = []string{"schoonmaakdienst", "groendienst", "fietsdienst", "technische dienst", "keukendienst",
		"linnendienst", "kringloopdienst", "logistieke dienst", "renovatiedienst", "archiefdienst", "sportdienst"}
	// companyWords name the regular companies that host a maatwerkafdeling.
	companyWords = []string{"Facilitair", "Logistiek", "Bouwgroep", "Services", "Verpakkingen", "Groenbeheer"}
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

// identity is who an enterprise is: its name, whether the name says one
// activity (then it offers little else), whether it is a public body (a
// local government's maatwerkafdeling or LDE project) and the old name of
// a maatwerkbedrijf that was a sheltered workshop before 2019.
type identity struct {
	name       string
	specialist bool
	public     bool
	oldName    string
}

// enterpriseName names an enterprise after its work form and main activity,
// always with an invented word or "Fictief"/"Voorbeeld" so that it is
// recognisably fictional: "Maatwerkbedrijf Schetsbeek vzw", "Fietspunt
// Verzinselgem", "Lokaal bestuur Voorbeeld Gent – maatwerkafdeling
// groendienst", "Arbeidszorg Fabelhoven vzw".
func enterpriseName(r *rand.Rand, form koppel.WorkForm, main koppel.Category, home place) identity {
	ci := categoryIndex(main)
	act := pick(r, activityWords[ci])
	inv := inventedName(r)
	n := r.IntN(100)
	switch form {
	case koppel.Maatwerkbedrijf:
		lf := pick(r, []string{"vzw", "vzw", "vzw", "cv"})
		switch {
		case n < 35:
			id := identity{name: "Maatwerkbedrijf " + inv + " " + lf}
			if chance(r, 0.5) {
				id.oldName = pick(r, []string{"Sociale Werkplaats ", "Beschutte Werkplaats "}) + inv
			}
			return id
		case n < 55:
			return identity{name: inv + " Werkt " + lf}
		case n < 70:
			return identity{name: "Atelier " + inv + " " + lf, oldName: "Beschutte Werkplaats " + inv}
		default:
			return identity{name: act + " " + inv + " " + lf, specialist: true}
		}
	case koppel.Maatwerkafdeling:
		if n < 45 {
			return identity{name: "Lokaal bestuur Voorbeeld " + home.City + " – maatwerkafdeling " + serviceWords[ci], specialist: true, public: true}
		}
		return identity{name: inv + " " + pick(r, companyWords) + " " + pick(r, []string{"bv", "nv"}) + " – maatwerkafdeling", specialist: true}
	case koppel.LokaleDiensteneconomie:
		switch {
		case n < 20:
			return identity{name: act + " OCMW Voorbeeld " + home.City, specialist: true, public: true}
		case n < 55:
			return identity{name: "LDE " + act + " " + inv, specialist: true}
		default:
			return identity{name: act + " " + inv + " vzw", specialist: true}
		}
	case koppel.Arbeidszorg:
		switch {
		case n < 30:
			return identity{name: "Arbeidszorg " + inv + " vzw"}
		case n < 50 && main == "groenonderhoud":
			return identity{name: "Zorgboerderij " + inv + " vzw", specialist: true}
		case n < 50:
			return identity{name: "Dagcentrum " + inv + " vzw"}
		default:
			return identity{name: act + " " + inv + " vzw", specialist: true}
		}
	case koppel.Cooperatie:
		if n < 40 {
			return identity{name: "Coöperatie " + inv + " cv"}
		}
		return identity{name: inv + " " + act + " cv", specialist: true}
	default: // sociale onderneming, invoegbedrijf
		lf := pick(r, []string{"bv", "bv", "cv"})
		if n < 30 {
			return identity{name: article(act) + " Fictieve " + act + " " + lf, specialist: true}
		}
		return identity{name: act + " " + inv + " " + lf, specialist: true}
	}
}

// article returns the Dutch definite article of an activity word: "Het" for
// the neuter endings among them (atelier, centrum, huis, werk, punt, beheer).
func article(word string) string {
	for _, suf := range []string{"atelier", "centrum", "huis", "werk", "punt", "beheer", "restaurant"} {
		if strings.HasSuffix(word, suf) {
			return "Het"
		}
	}
	return "De"
}
