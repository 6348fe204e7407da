package server

import (
	"strconv"
	"strings"
	"time"
)

// timeNow is the clock of the pages.
var timeNow = time.Now

// dutchNum formats f with at most decimals decimals, a decimal comma and
// no trailing zeros: 12.50 → "12,5", 1250 → "1.250".
func dutchNum(f float64, decimals int) string {
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "," + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// joinDutch joins a list as "a, b en c".
func joinDutch(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " en " + xs[len(xs)-1]
}
