package server

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/match"
)

// A request that matches or scans the lots of a tender covers one page of
// its lots, so that its work is bounded whatever the tender's size (up to
// koppel.MaxLots lots).
const (
	defaultLotsPerPage = 10
	maxLotsPerPage     = 20
)

// lotPageParams reads the page of lots (from 1) and its size from the
// query parameters pageName and sizeName ("" for a fixed size).
func lotPageParams(c *gin.Context, pageName, sizeName string) (page, size int, err error) {
	page, size = 1, defaultLotsPerPage
	if v := c.Query(pageName); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > koppel.MaxLots {
			return 0, 0, koppel.Errorf(koppel.EINVALID, "pagina %q van de percelen bestaat niet: geef een paginanummer vanaf 1", v).WithKey("error.api_lots_page", "Value", v)
		}
	}
	if v := c.Query(sizeName); sizeName != "" && v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > maxLotsPerPage {
			return 0, 0, koppel.Errorf(koppel.EINVALID, "aantal percelen per pagina %q: geef een getal van 1 tot %d", v, maxLotsPerPage).WithKey("error.api_lots_size", "Value", v, "Max", maxLotsPerPage)
		}
	}
	return page, size, nil
}

// lotWindow returns a copy of t with only the lots of the page (none past
// the last page).
func lotWindow(t *koppel.Tender, page, size int) *koppel.Tender {
	w := *t
	from := min((page-1)*size, len(t.Lots))
	w.Lots = t.Lots[from:min(from+size, len(t.Lots))]
	return &w
}

// TenderMatchesPage is one page of a tender's lots with, per lot, a page of
// the enterprises that fit.
type TenderMatchesPage struct {
	match.TenderMatches
	// LotsTotal is the tender's number of lots; LotsPage and LotsSize say
	// which of them Lots holds.
	LotsTotal int `json:"lots_total"`
	LotsPage  int `json:"lots_page"`
	LotsSize  int `json:"lots_size"`
}

var lotPageParamsDoc = []param{
	{Name: "lots_page", In: "query", Type: "integer", Description: "page of the tender's lots, from 1"},
	{Name: "lots_size", In: "query", Type: "integer", Description: "lots per page, 1 to 20 (default 10)"},
}
