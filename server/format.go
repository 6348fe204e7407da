package server

import (
	"strings"
	"time"

	"koppel"
)

// timeNow is the clock of the pages.
var timeNow = time.Now

// dutchNum formats a number for the pages (see koppel.FormatNumber).
func dutchNum(f float64, decimals int) string { return koppel.FormatNumber(f, decimals) }

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
