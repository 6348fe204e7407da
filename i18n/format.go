package i18n

import (
	"math"
	"strings"
	"time"

	"koppel"
)

// Number writes f with at most decimals decimals and no trailing zeros in
// lang's way: 2.5 → "2,5" (nl, fr) or "2.5" (en); 1250 → "1.250",
// "1 250", "1,250". The digits are koppel.FormatNumber's.
func Number(lang Lang, f float64, decimals int) string {
	s := koppel.FormatNumber(f, decimals)
	switch lang {
	case FR:
		return strings.ReplaceAll(s, ".", "\u202f")
	case EN:
		return strings.NewReplacer(".", ",", ",", ".").Replace(s)
	}
	return s
}

// Euro writes an amount of money with cents only when there are any (and
// then two digits): "€ 1.250" / "€ 32,70" (nl), "1 250 €" (fr),
// "€1,250" (en).
func Euro(lang Lang, f float64) string {
	s := Number(lang, f, 0)
	if f != math.Trunc(f) {
		s = Number(lang, f, 2)
		if i := strings.LastIndexAny(s, ".,"); i >= 0 && len(s)-i == 2 {
			s += "0" // "32,7" → "32,70"
		}
	}
	switch lang {
	case FR:
		return s + "\u00a0€"
	case EN:
		return "€" + s
	}
	return "€ " + s
}

// Percent writes a share (0.45) as a whole percentage: "45 %" (nl),
// "45 %" (fr, no-break space), "45%" (en).
func Percent(lang Lang, share float64) string {
	n := Number(lang, 100*share, 0)
	switch lang {
	case FR:
		return n + "\u00a0%"
	case EN:
		return n + "%"
	}
	return n + " %"
}

// Date writes a day as 31/12/2027, the form Belgian readers of all three
// languages expect.
func Date(t time.Time) string { return t.Format("02/01/2006") }

// DateTime writes a moment as 31/12/2027 14:05 (24-hour clock).
func DateTime(t time.Time) string { return t.Format("02/01/2006 15:04") }
