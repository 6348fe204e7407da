package search

import (
	"fmt"
	"strconv"
	"strings"

	"koppel"
)

// PlaceFields are the place fields of the search page, as typed.
type PlaceFields struct {
	// Place is a municipality, deelgemeente, province or postcode: "Gent",
	// "9000", "9000 Gent", "B-9000", "Ledeberg", "Oost-Vlaanderen".
	Place string
	// Km is a distance: "20", "20 km", "7,5".
	Km string
	// Comes asks for the enterprises that come to the place (their service
	// area covers it) rather than those based within Km of it.
	Comes bool
}

// PlaceReading is how the place fields were read: the place (nil: none),
// and the messages to show beside the fields that could not be read (""
// when fine). The search runs without what could not be read.
type PlaceReading struct {
	Place               *koppel.Place
	PlaceError, KmError string
}

// ApplyPlace sets the place of q from the search page's fields:
//
//   - with Comes, the offerings whose service area covers the place (a
//     radius around the enterprise's base, or the municipality or province
//     listed), wherever the enterprise is based; Km is then not a limit;
//   - without, the enterprises based within Km of the place;
//   - a province keeps the enterprises of that province;
//   - distances are measured from the place, and without a distance the
//     hits are sorted by it (nearest first).
func ApplyPlace(places Places, q OfferingQuery, f PlaceFields) (OfferingQuery, PlaceReading) {
	var pr PlaceReading
	km, problem := parseKm(f.Km)
	pr.KmError = problem
	text := strings.TrimSpace(f.Place)
	if text == "" {
		if km > 0 {
			pr.KmError = "Geef ook een plaats of postcode om de afstand van te meten."
		}
		return q, pr
	}
	p, ok := places.ResolvePlace(text)
	if !ok {
		if prov, isProv := places.ParseProvince(text); isProv {
			q.Province = prov
			return q, pr
		}
		pr.PlaceError = fmt.Sprintf("We kennen de plaats %q niet. Geef een gemeente, deelgemeente of postcode, bv. Gent, Ledeberg of 9000. De resultaten hieronder zijn zonder plaats.", text)
		return q, pr
	}
	pr.Place = &p
	q.Postcode = p.Postcode
	if f.Comes {
		q.ServesPostcode = p.Postcode
	} else if km > 0 {
		q.RadiusKm = km
	}
	if km == 0 && q.Sort == "" {
		q.Sort = SortDistance
	}
	return q, pr
}

// parseKm reads a distance as people type it: "20", "20 km", "20km",
// "7,5"; 0 for none. The message says what is wrong with it.
func parseKm(s string) (float64, string) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSpace(strings.TrimSuffix(t, "km"))
	if t == "" {
		return 0, ""
	}
	km, err := strconv.ParseFloat(strings.Replace(t, ",", ".", 1), 64)
	if err != nil || km < 0 || km > 500 {
		return 0, fmt.Sprintf("Afstand %q: geef een aantal km van 0 tot 500, bv. 20.", strings.TrimSpace(s))
	}
	return km, ""
}
