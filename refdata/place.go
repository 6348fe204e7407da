package refdata

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"koppel"
)

// loadPlaces reads the postcode rows: postcode, main (1/0), name, aliases,
// NIS, municipality nl, municipality fr, province code, region code, lat,
// lon; the rows of a postcode are adjacent, the main one first.
func (d *Data) loadPlaces(rows [][]string) error {
	d.places = make([]koppel.Place, len(rows))
	d.postcodes = make(map[string]int32, 1200)
	placeHits := map[string][]int32{} // name key → rows so named
	muniHits := map[string][]int32{}  // municipality key → main rows of its postcodes
	muniSeen := map[string]bool{}
	for i, r := range rows {
		lat, err1 := strconv.ParseFloat(r[9], 64)
		lon, err2 := strconv.ParseFloat(r[10], 64)
		if err1 != nil || err2 != nil || len(r[0]) != 4 {
			return fmt.Errorf("bad postcode row %q", r)
		}
		region, ok := regionNames[r[8]]
		if !ok {
			return fmt.Errorf("postcode %s: unknown region %q", r[0], r[8])
		}
		p := koppel.Place{
			Postcode: r[0], Name: r[2], NIS: r[4],
			Municipality: r[5], MunicipalityFR: r[6],
			Region: region, Lat: lat, Lon: lon,
		}
		if r[7] != "BRU" {
			prov, ok := provinceByCode(r[7])
			if !ok {
				return fmt.Errorf("postcode %s: unknown province %q", r[0], r[7])
			}
			p.Province, p.ProvinceFR = prov.nl, prov.fr
		}
		d.places[i] = p
		main := r[1] == "1"
		if _, dup := d.postcodes[p.Postcode]; dup == main {
			return fmt.Errorf("postcode %s: main row missing, repeated or not first", p.Postcode)
		}
		if main {
			d.postcodes[p.Postcode] = int32(i)
			for _, m := range []string{p.Municipality, p.MunicipalityFR} {
				k := nameKey(m)
				if l := muniHits[k]; len(l) == 0 || l[len(l)-1] != int32(i) {
					muniHits[k] = append(l, int32(i))
				}
			}
			if !muniSeen[p.Municipality] {
				muniSeen[p.Municipality] = true
				d.munis = append(d.munis, p.Municipality)
			}
		}
		names := []string{p.Name}
		if r[3] != "" {
			names = append(names, strings.Split(r[3], "|")...)
		}
		for _, n := range names {
			k := nameKey(n)
			if l := placeHits[k]; len(l) == 0 || l[len(l)-1] != int32(i) {
				placeHits[k] = append(l, int32(i))
			}
		}
	}
	keys := make(map[string]string, len(d.munis))
	for _, m := range d.munis {
		keys[m] = nameKey(m)
	}
	slices.SortFunc(d.munis, func(a, b string) int { return cmp.Or(cmp.Compare(keys[a], keys[b]), cmp.Compare(a, b)) })

	// The name index: for each key, one place per postcode, best first:
	// places of that name (main places before sub-municipalities), then the
	// postcodes of the municipality of that name, each by postcode.
	d.names = make(map[string][]int32, len(placeHits)+len(muniHits))
	for k, hits := range placeHits {
		slices.SortFunc(hits, func(a, b int32) int {
			return cmp.Or(cmp.Compare(d.rank(b), d.rank(a)), cmp.Compare(d.places[a].Postcode, d.places[b].Postcode))
		})
		d.names[k] = hits
	}
	for k, hits := range muniHits {
		out := d.names[k]
		for _, h := range hits {
			if !slices.ContainsFunc(out, func(o int32) bool { return d.places[o].Postcode == d.places[h].Postcode }) {
				out = append(out, h)
			}
		}
		d.names[k] = out
	}
	return nil
}

// rank is 1 for the main place of its postcode, 0 for the others.
func (d *Data) rank(i int32) int {
	if d.postcodes[d.places[i].Postcode] == i {
		return 1
	}
	return 0
}

// nameKey folds a place name for look-up: lower case, no accents, and
// hyphens, apostrophes, dots and slashes as single spaces, so that
// "Sint-Niklaas", "sint niklaas" and "'s-Gravenwezel"/"S Gravenwezel" meet.
func nameKey(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '-', '\'', '’', '‘', '.', '/', ',', '(', ')', '"':
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(koppel.Normalize(s)), " ")
}

// Postcode returns the main place of a Belgian postcode ("9000" → Gent),
// ignoring surrounding space.
func (d *Data) Postcode(code string) (koppel.Place, bool) {
	i, ok := d.postcodes[strings.TrimSpace(code)]
	if !ok {
		return koppel.Place{}, false
	}
	return d.places[i], true
}

// PostcodesByName returns the places of a municipality or place name in
// Dutch or French, ignoring case, accents and hyphens, one per postcode and
// best first: "Gent" and "Gand" give 9000 then the other postcodes of Gent
// (9030 Mariakerke, 9031 Drongen, ...); "Drongen" gives 9031. Abbreviated
// "St-"/"Ste-" are tried as "Sint"/"Saint"/"Sainte". It returns nil for an
// unknown name.
//
// The municipalities are those before the Flemish mergers of 1 January 2025.
func (d *Data) PostcodesByName(name string) []koppel.Place {
	k := nameKey(name)
	hits, ok := d.names[k]
	if !ok {
		for _, alt := range [][2]string{{"st ", "sint "}, {"st ", "saint "}, {"ste ", "sainte "}} {
			if rest, found := strings.CutPrefix(k, alt[0]); found {
				if hits, ok = d.names[alt[1]+rest]; ok {
					break
				}
			}
		}
	}
	if len(hits) == 0 {
		return nil
	}
	out := make([]koppel.Place, len(hits))
	for i, h := range hits {
		out[i] = d.places[h]
	}
	return out
}

// ResolvePlace reads a place as people write it in a spreadsheet cell: a
// postcode ("9000", "B-9000"), a postcode and name ("9031 Drongen"), or a
// name ("Gent", "Gand", "Sint-Niklaas (Oost-Vlaanderen)"), and returns the
// best match. Provinces and regions are not places: see ParseProvince.
func (d *Data) ResolvePlace(s string) (koppel.Place, bool) {
	t := strings.TrimSpace(s)
	for _, prefix := range []string{"B-", "BE-", "b-", "be-", "B ", "BE "} {
		if rest, ok := strings.CutPrefix(t, prefix); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			t = rest
			break
		}
	}
	if len(t) >= 4 && isDigits(t[:4]) && (len(t) == 4 || !isDigits(t[4:5])) {
		i, ok := d.postcodes[t[:4]]
		if !ok {
			return koppel.Place{}, false
		}
		if rest := nameKey(t[4:]); rest != "" {
			// "9031 Drongen": prefer the named place of that postcode.
			for _, h := range d.names[rest] {
				if d.places[h].Postcode == t[:4] {
					return d.places[h], true
				}
			}
		}
		return d.places[i], true
	}
	candidates := []string{t}
	if i := strings.IndexAny(t, "(,"); i > 0 {
		candidates = append(candidates, t[:i])
	}
	for _, c := range candidates {
		if ps := d.PostcodesByName(c); len(ps) > 0 {
			return ps[0], true
		}
	}
	return koppel.Place{}, false
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// Municipalities returns the distinct Dutch municipality names, sorted
// ignoring case and accents, for lists in the user interface. They are the
// municipalities before the Flemish mergers of 1 January 2025.
func (d *Data) Municipalities() []string { return slices.Clone(d.munis) }

// NearbyPostcode is a postcode at a distance from a point.
type NearbyPostcode struct {
	Postcode string
	Km       float64
}

// PostcodesNear returns the postcodes whose place lies within km of the
// point, nearest first. It scans the ~1,100 postcodes, which takes
// microseconds; the search and the matcher turn the result into term
// queries on the enterprise's postcode, exact and far cheaper than geo
// queries in the index.
func (d *Data) PostcodesNear(lat, lon, km float64) []NearbyPostcode {
	var out []NearbyPostcode
	for code, i := range d.postcodes {
		p := d.places[i]
		if dist := koppel.DistanceKm(lat, lon, p.Lat, p.Lon); dist <= km {
			out = append(out, NearbyPostcode{code, dist})
		}
	}
	slices.SortFunc(out, func(a, b NearbyPostcode) int {
		if a.Km != b.Km {
			return cmp.Compare(a.Km, b.Km)
		}
		return strings.Compare(a.Postcode, b.Postcode)
	})
	return out
}
