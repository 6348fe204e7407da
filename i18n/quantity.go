package i18n

import (
	"math"
	"strings"
)

// unitSingular folds the Dutch plural of a unit an enterprise may write
// onto its singular, the key of the catalogue ("stuks" is "stuk").
var unitSingular = map[string]string{
	"uren": "uur", "stuks": "stuk", "maaltijden": "maaltijd", "dagen": "dag",
	"weken": "week", "maanden": "maand", "personen": "persoon", "vte": "vte",
}

// UnitKey is the catalogue name of a unit as an enterprise wrote it
// ("Uren" is "uur", "stuks" is "stuk"), or "".
func UnitKey(unit string) string {
	u := strings.ToLower(strings.TrimSpace(unit))
	if s, ok := unitSingular[u]; ok {
		return s
	}
	return u
}

// pluralCount is the count whose plural form suits amount: the amount
// itself when whole; otherwise one for French below 2 (1,5 heure) and
// many elsewhere (1.5 hours, 1,5 uur).
func pluralCount(l Lang, amount float64) int {
	if amount == math.Trunc(amount) && math.Abs(amount) < math.MaxInt32 {
		return int(amount)
	}
	if l == FR && math.Abs(amount) < 2 {
		return 1
	}
	return 2
}

// Quantity is an amount of a unit in lang, with the unit's word in the
// plural form the amount asks for: "153 hours", "220 122 pièces", "1
// maaltijd", "7,5 ETP" (keys display.unit.*, else unit.*); a unit the
// catalogue does not know (m², kg) as the enterprise wrote it.
func Quantity(l Lang, amount float64, unit string) string {
	n := Number(l, amount, 1)
	if k := UnitKey(unit); k != "" && Has(NL, "display.unit."+k) {
		return N(l, "display.unit."+k, pluralCount(l, amount), "Amount", n)
	}
	if unit == "" {
		return n
	}
	if k := "unit." + strings.ToLower(unit); Has(l, k) {
		return n + " " + T(l, k)
	}
	return n + " " + unit
}
