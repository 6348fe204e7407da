package server

import (
	"regexp"
	"strconv"
	"strings"

	"koppel"
	"koppel/i18n"
)

// languageLabel is the name of a language code (nl, fr, …) that an
// enterprise lists, in the page's language ("Nederlands", "néerlandais",
// "Dutch"); the code itself when Koppel does not know it.
func languageLabel(l i18n.Lang, code string) string {
	code = strings.ToLower(strings.TrimSpace(code))
	return enumLabel(l, "display.language.", code, code)
}

// provinceName is a Belgian province, stored under its Dutch name
// ("West-Vlaanderen"), under its official name in lang ("Flandre-
// Occidentale", "West Flanders"). Municipalities keep their Dutch names.
func provinceName(l i18n.Lang, dutch string) string {
	slug := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(dutch)), "-", "_")
	return enumLabel(l, "display.province.", slug, dutch)
}

// provinceNames is provinceName of each of names.
func provinceNames(l i18n.Lang, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = provinceName(l, n)
	}
	return out
}

// unitKey is the catalogue name of a unit ("uur", "stuk"), or "".
func unitKey(unit string) string { return i18n.UnitKey(unit) }

// quantityText is an amount of a unit in lang: "153 hours", "220 122
// pièces", "7,5 ETP"; a unit the catalogue does not know (m², kg) as the
// enterprise wrote it.
func quantityText(l i18n.Lang, amount float64, unit string) string {
	return i18n.Quantity(l, amount, unit)
}

// pricePerUnit is a price per unit in lang: "€ 37,24 per uur", "37,24 €
// de l’heure", "€37.24 per hour".
func pricePerUnit(l i18n.Lang, price, unit string) string {
	if k := unitKey(unit); k != "" && i18n.Has(i18n.NL, "display.per."+k) {
		return i18n.T(l, "display.per."+k, "Price", price)
	}
	return i18n.T(l, "offering.per_unit", "Price", price, "Unit", unitLabel(l, unit))
}

// leadTimeRe reads a start time written as a number and a Dutch unit of
// time: "3 werkdagen", "1 week", "2 weken", "1 maand".
var leadTimeRe = regexp.MustCompile(`^(\d{1,3})\s*(werkdagen|werkdag|dagen|dag|weken|week|maanden|maand)$`)

// leadTimeUnits are the catalogue names of those units.
var leadTimeUnits = map[string]string{
	"werkdag": "workday", "werkdagen": "workday", "dag": "day", "dagen": "day",
	"week": "week", "weken": "week", "maand": "month", "maanden": "month",
}

// leadTimeText is an offering's start time in lang: the catalogue's
// words ("onmiddellijk", "in overleg") and "N werkdagen/weken/maanden"
// are translated; other text is shown as the enterprise wrote it.
func leadTimeText(l i18n.Lang, s string) string {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch t {
	case "onmiddellijk", "direct", "meteen":
		return i18n.T(l, "display.start.now")
	case "in overleg", "op afspraak", "te bespreken":
		return i18n.T(l, "display.start.agreed")
	}
	if m := leadTimeRe.FindStringSubmatch(t); m != nil {
		n, _ := strconv.Atoi(m[1])
		return i18n.N(l, "display.start."+leadTimeUnits[m[2]], n)
	}
	return s
}

// noCapacityText says in how many of total municipalities no capacity is
// known, in words that read naturally also when that is none of them or
// all of them ("Alle 300 gemeenten hebben gekende capaciteit", not "Geen
// gekende capaciteit in 0 van de 300 gemeenten").
func noCapacityText(l i18n.Lang, none, total int) string {
	switch {
	case none == 0:
		return i18n.N(l, "display.capacity.everywhere", total)
	case none == total:
		return i18n.N(l, "display.capacity.nowhere", total)
	}
	return i18n.N(l, "capacity.sum_none", none, "Total", total)
}

// countOrNone is the plural message key for n, or the message none when n
// is 0 ("geen aanvragen" rather than "0 aanvragen").
func countOrNone(l i18n.Lang, key, none string, n int) string {
	if n == 0 {
		return i18n.T(l, none)
	}
	return i18n.N(l, key, n)
}

// outcomeSource says in lang who recorded an outcome, as the reader p of
// tender t would put it: the award notice it came from; "a Koppel
// administrator" when an admin recorded it on the buyer's behalf (the
// outcome keeps who recorded it, in Dutch: "beheerder"); "your
// organisation" for the buyer that owns the tender; else "the buyer".
func outcomeSource(l i18n.Lang, o *koppel.Outcome, t *koppel.Tender, p principal) string {
	switch {
	case o.Source.Kind == "eforms":
		return i18n.T(l, "outcome.source_eforms", "ID", o.Source.NoticeID)
	case o.RecordedBy == i18n.T(i18n.NL, "role.admin"):
		return i18n.T(l, "display.outcome.by_admin")
	case p.role() == koppel.RoleBuyer && ownsTender(p, t):
		return i18n.T(l, "display.outcome.by_you")
	}
	return i18n.T(l, "outcome.source_buyer")
}
