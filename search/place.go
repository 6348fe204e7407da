package search

import (
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
	// PlaceErr and KmErr are the same problems as errors with a catalogue
	// key, for the page to say them in the user's language.
	PlaceErr, KmErr error
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
	pr.setKm(problem)
	text := strings.TrimSpace(f.Place)
	if text == "" {
		if km > 0 {
			pr.setKm(koppel.Errorf(koppel.EINVALID, "Geef ook een plaats of postcode om de afstand van te meten.").WithKey("error.search_km_needs_place"))
		}
		return q, pr
	}
	p, ok := places.ResolvePlace(text)
	if !ok {
		if prov, isProv := places.ParseProvince(text); isProv {
			q.Province = prov
			return q, pr
		}
		pr.PlaceErr = koppel.Errorf(koppel.EINVALID, "We kennen de plaats %q niet. Geef een gemeente, deelgemeente of postcode, bv. Gent, Ledeberg of 9000. De resultaten hieronder zijn zonder plaats.", text).
			WithKey("error.search_place_unknown", "Value", text)
		pr.PlaceError = pr.PlaceErr.Error()
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

// setKm records the problem of the distance field (nil: none).
func (pr *PlaceReading) setKm(err error) {
	pr.KmErr, pr.KmError = err, ""
	if err != nil {
		pr.KmError = err.Error()
	}
}

// parseKm reads a distance as people type it: "20", "20 km", "20km",
// "7,5"; 0 for none. The error says what is wrong with it.
func parseKm(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSpace(strings.TrimSuffix(t, "km"))
	if t == "" {
		return 0, nil
	}
	km, err := strconv.ParseFloat(strings.Replace(t, ",", ".", 1), 64)
	if err != nil || km < 0 || km > 500 {
		v := strings.TrimSpace(s)
		return 0, koppel.Errorf(koppel.EINVALID, "Afstand %q: geef een aantal km van 0 tot 500, bv. 20.", v).WithKey("error.search_km", "Value", v)
	}
	return km, nil
}
