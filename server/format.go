package server

import (
	"time"

	"koppel"
)

// timeNow is the clock of the pages.
var timeNow = time.Now

// dutchNum formats a number for the pages (see koppel.FormatNumber).
func dutchNum(f float64, decimals int) string { return koppel.FormatNumber(f, decimals) }
