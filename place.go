package koppel

import "math"

// Place is a Belgian postcode with its municipality, province and region,
// and the coordinates of the place (a centroid).
type Place struct {
	Postcode       string  `json:"postcode"`
	Name           string  `json:"name"`            // place name as in the postcode list
	Municipality   string  `json:"municipality"`    // gemeente (nl)
	MunicipalityFR string  `json:"municipality_fr"` // commune (fr)
	NIS            string  `json:"nis,omitempty"`   // NIS code of the municipality
	Province       string  `json:"province"`        // provincie (nl), "" for Brussels
	ProvinceFR     string  `json:"province_fr"`
	Region         string  `json:"region"` // Vlaanderen, Wallonië, Brussel
	Lat            float64 `json:"lat"`
	Lon            float64 `json:"lon"`
}

// CPVEntry is one code of the CPV vocabulary with its labels.
type CPVEntry struct {
	Code  CPV    `json:"code"`
	Check int    `json:"check"` // the published check digit
	NL    string `json:"nl"`
	FR    string `json:"fr"`
	EN    string `json:"en"`
}

// Full returns the code with its check digit, e.g. "90911200-8".
func (e CPVEntry) Full() string { return string(e.Code) + "-" + string(rune('0'+e.Check)) }

// Reference answers the look-ups validation needs from the reference data
// (package refdata implements it). It is an interface so that this package
// stays free of the data and its loading.
type Reference interface {
	// CPV returns the vocabulary entry of a code.
	CPV(code CPV) (CPVEntry, bool)
	// Postcode returns the place of a Belgian postcode.
	Postcode(code string) (Place, bool)
}

// ValidateCPV parses s and checks that the code exists in the vocabulary and
// that a given check digit is the published one. Returns EINVALID otherwise.
func ValidateCPV(ref Reference, s string) (CPV, error) {
	c, check, err := ParseCPV(s)
	if err != nil {
		return "", err
	}
	e, ok := ref.CPV(c)
	if !ok {
		return "", Errorf(EINVALID, "CPV-code %q bestaat niet in de CPV-woordenlijst (2008)", s)
	}
	if check >= 0 && check != e.Check {
		return "", Errorf(EINVALID, "CPV-code %q heeft een fout controlecijfer: de code is %s", s, e.Full())
	}
	return c, nil
}

// DistanceKm returns the great-circle distance between two points in km.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
