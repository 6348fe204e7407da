package koppel

import (
	"math"
	"slices"
)

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

// Places resolves postcodes, place names and provinces; the reference
// data (package refdata) implements it. The place rules below use it for
// enterprises and lots whose place was not filled in by validation (the
// demo data, for one).
type Places interface {
	Postcode(code string) (Place, bool)
	ResolvePlace(s string) (Place, bool)
	ParseProvince(s string) (string, bool)
}

// MunicipalityKey is how municipality names are compared (and indexed):
// normalised, lower case, no accents.
func MunicipalityKey(s string) string { return Normalize(s) }

// ServiceArea is where an enterprise or offering works (werkgebied): a
// radius around its address and/or named municipalities and provinces.
type ServiceArea struct {
	RadiusKm       float64  `json:"radius_km,omitempty"`
	Municipalities []string `json:"municipalities,omitempty"`
	Provinces      []string `json:"provinces,omitempty"`
}

// IsZero reports whether no service area was given.
func (a ServiceArea) IsZero() bool {
	return a.RadiusKm == 0 && len(a.Municipalities) == 0 && len(a.Provinces) == 0
}

// MunicipalityKeys returns the keys (MunicipalityKey) of the
// municipalities the area lists, each resolved by places where it can
// (a deelgemeente to its municipality), once each.
func (a ServiceArea) MunicipalityKeys(places Places) []string {
	var out []string
	for _, m := range a.Municipalities {
		k := MunicipalityKey(m)
		if places != nil {
			if p, ok := places.ResolvePlace(m); ok {
				k = MunicipalityKey(p.Municipality)
			}
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// ProvinceNames returns the provinces the area lists, each as places
// names it where it can, once each.
func (a ServiceArea) ProvinceNames(places Places) []string {
	var out []string
	for _, p := range a.Provinces {
		if places != nil {
			if c, ok := places.ParseProvince(p); ok {
				p = c
			}
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// Covers reports whether the service area a of an enterprise based at home
// covers the place p: p lies within the radius around home, or its
// municipality or province is listed; an empty area covers only home's
// own municipality. This is the rule of the service area; the search
// index holds the area in terms that find the offerings it covers.
func (a ServiceArea) Covers(home *Place, p Place, places Places) bool {
	return a.Test(home, places).Covers(p, MunicipalityKey(p.Municipality))
}

// AreaTest is the rule of ServiceArea.Covers for one area of an
// enterprise based at home, with the area's municipalities and provinces
// resolved once: for testing many places against one area (the capacity
// map tests each of 300 municipalities against every enterprise's area).
type AreaTest struct {
	area    ServiceArea
	home    *Place
	homeKey string
	munis   []string
	provs   []string
}

// Test returns the test of the area of an enterprise based at home.
func (a ServiceArea) Test(home *Place, places Places) AreaTest {
	t := AreaTest{area: a, home: home}
	if home != nil {
		t.homeKey = MunicipalityKey(home.Municipality)
	}
	if !a.IsZero() {
		t.munis, t.provs = a.MunicipalityKeys(places), a.ProvinceNames(places)
	}
	return t
}

// Covers reports whether the area covers p, whose municipality's key
// (MunicipalityKey) is key.
func (t AreaTest) Covers(p Place, key string) bool {
	if t.area.IsZero() {
		return t.home != nil && t.homeKey == key
	}
	if r := t.area.RadiusKm; r > 0 && t.home != nil {
		// The difference in latitude alone is a lower bound of the
		// distance: most places far away are out without trigonometry.
		if math.Abs(p.Lat-t.home.Lat)*math.Pi/180*6371 <= r+1e-6 && DistanceKm(t.home.Lat, t.home.Lon, p.Lat, p.Lon) <= r {
			return true
		}
	}
	if slices.Contains(t.munis, key) {
		return true
	}
	return p.Province != "" && slices.Contains(t.provs, p.Province)
}
