package demo

import (
	"math/rand/v2"
	"sort"

	"koppel"
)

// place is a real Flemish municipality with its main postcode, province,
// population and the coordinates of its centre.
type place struct {
	Postcode string
	City     string
	Province string
	// Pop is the number of inhabitants in thousands, rounded: Statbel,
	// "Bevolking per gemeente", 1 January 2024 (municipalities as they were
	// before the mergers of 2025). Entered by hand and approximate; it only
	// weights where the demo places enterprises and buyers.
	Pop      int
	Lat, Lon float64
}

// district is a postcode of a city other than its main one.
type district struct{ Postcode, Name string }

// address returns the postcode and postal place name of an enterprise in
// place p: the main postcode, or for the central cities now and then one
// of their districts. It draws from its own random stream (one per
// enterprise), so the rest of the dataset does not depend on it.
func address(r *rand.Rand, p place) (postcode, name string) {
	d := districts[p.City]
	share := 0.25 // of the enterprises outside the main postcode
	if p.Pop >= 100 {
		share = 0.5
	}
	if len(d) == 0 || !chance(r, share) {
		return p.Postcode, p.City
	}
	x := pick(r, d)
	return x.Postcode, x.Name
}

// popCum[i] is the population of places[0..i]; pickPlace draws from it.
var popCum = func() []int {
	out := make([]int, len(places))
	sum := 0
	for i, p := range places {
		sum += p.Pop
		out[i] = sum
	}
	return out
}()

// pickPlace returns a place drawn with probability proportional to its
// population, so that most enterprises and buyers are in the cities.
func pickPlace(r *rand.Rand) place {
	n := r.IntN(popCum[len(popCum)-1])
	return places[sort.SearchInts(popCum, n+1)]
}

func distanceKm(a, b place) float64 { return koppel.DistanceKm(a.Lat, a.Lon, b.Lat, b.Lon) }

// nearby returns the other places within km of p, nearest first.
func nearby(p place, km float64) []place {
	var out []place
	for _, q := range places {
		if q.City != p.City && distanceKm(p, q) <= km {
			out = append(out, q)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return distanceKm(p, out[i]) < distanceKm(p, out[j]) })
	return out
}

// phoneZone returns a Belgian trunk zone for the province; the demo phone
// numbers use it with the unassigned block 000 so they reach nobody.
func phoneZone(province string) string {
	switch province {
	case "Antwerpen":
		return "3"
	case "Oost-Vlaanderen":
		return "9"
	case "West-Vlaanderen":
		return "50"
	case "Limburg":
		return "11"
	default: // Vlaams-Brabant
		return "16"
	}
}

// streets are common Flemish street names (they exist in many municipalities).
var streets = []string{
	"Kerkstraat", "Stationsstraat", "Molenstraat", "Nijverheidsstraat", "Industrieweg",
	"Dorpsstraat", "Schoolstraat", "Kapelstraat", "Meersstraat", "Beekstraat",
	"Ambachtenlaan", "Zandstraat", "Hoogstraat", "Nieuwstraat", "Bosstraat",
	"Veldstraat", "Kouterstraat", "Ringlaan", "Processieweg", "Oude Baan",
	"Steenweg", "Lindenlaan", "Kastanjelaan", "Heirbaan", "Ambachtsweg",
	"Vaartstraat", "Kloosterstraat", "Weverijstraat", "Brouwerijstraat", "Ziekenhuislaan",
}
