package search

import (
	"strconv"
	"strings"

	"koppel"
)

// PageQuery sets the place of q from the search page's place and distance
// fields, as typed.
func PageQuery(places Places, q OfferingQuery, place, km string, comes bool) (OfferingQuery, error) {
	q.Postcode = strings.TrimSpace(place)
	if km = strings.TrimSpace(km); km != "" {
		r, err := strconv.ParseFloat(strings.Replace(km, ",", ".", 1), 64)
		if err != nil || r < 0 || r > 500 {
			return q, koppel.Errorf(koppel.EINVALID, "afstand %q: geef een aantal km van 0 tot 500", km)
		}
		q.RadiusKm = r
	}
	return q, nil
}
