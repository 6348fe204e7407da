package koppel

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FormatNumber writes f the way Dutch-speaking users read numbers: at most
// decimals decimals, a decimal comma, a dot between thousands and no
// trailing zeros: 12.50 → "12,5", 1250 → "1.250", 0.333 with 1 → "0,3".
func FormatNumber(f float64, decimals int) string {
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	if neg && (intPart != "0" || frac != "") {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("," + frac)
	}
	return b.String()
}

// Count writes n with the Dutch noun in the right number: Count(1, "rij",
// "rijen") is "1 rij", Count(2, …) "2 rijen", and 1.250 with a thousands
// dot.
func Count(n int, one, more string) string {
	noun := more
	if n == 1 || n == -1 {
		noun = one
	}
	return FormatNumber(float64(n), 0) + " " + noun
}

// Sentence returns msg with its first letter in upper case, for a message
// shown on its own: messages are written in lower case so that they can
// follow "rij 3: " or "perceel 2: ". "één" becomes "Eén", as Dutch
// writes it.
func Sentence(msg string) string {
	if rest, ok := strings.CutPrefix(msg, "één"); ok {
		return "Eén" + rest
	}
	r, size := utf8.DecodeRuneInString(msg)
	if u := unicode.ToUpper(r); size > 0 && u != r {
		return string(u) + msg[size:]
	}
	return msg
}
