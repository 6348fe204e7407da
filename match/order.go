package match

import "fmt"

// The reason for the order.
//
// The explanation of a match lists what it has (the CPV code, the words,
// the distance…); an officer who sees a supplier 28 km away above one in
// the lot's own town also wants to know why that one is higher. orderText
// compares a match with its neighbour in the list: the factor that puts
// the higher one above (the largest weighted difference of the parts of
// their best offerings), and the one that speaks for the lower one, if
// any, with a note that it weighs less.

// orderEpsilon is the weighted difference under which two matches count
// as equal on a factor, or in all.
const orderEpsilon = 0.005

// orderFactors are the factors of the score in the order they are named
// when they weigh the same.
var orderFactors = []string{"text", "cpv", "distance", "recognition", "capacity"}

// orderText says in plain Dutch why em stands where it does next to
// other: below other when above is true (other is the match right above
// it), else above other (the match right below the first).
func (m *Matcher) orderText(lc *lotCtx, em, other *entMatch, above bool) string {
	hi, lo := other, em
	if !above {
		hi, lo = em, other
	}
	w := m.Weights.orDefault()
	weight := map[string]float64{"text": w.Text, "cpv": w.CPV, "distance": w.Distance, "capacity": w.Capacity, "recognition": w.Recognition}
	forHi, forLo := "", ""
	bestHi, bestLo := orderEpsilon, orderEpsilon
	for _, f := range orderFactors {
		d := weight[f] * (hi.offs[0].parts[f] - lo.offs[0].parts[f]) / w.sum()
		if d > bestHi {
			forHi, bestHi = f, d
		}
		if -d > bestLo {
			forLo, bestLo = f, -d
		}
	}
	name := other.e.Name
	if p := other.place; p != nil {
		name += " (" + p.Municipality + ")"
	}
	s := "Staat boven " + name + ": "
	// hiName is how the sentence names hi, loName lo.
	hiName, loName := "deze onderneming", "die onderneming"
	if above {
		s = "Staat onder " + name + ": "
		hiName, loName = loName, hiName
	}
	if forHi == "" {
		return s + "ze passen bijna even goed."
	}
	s += orderReason(lc, forHi, hiName, hi, lo)
	if forLo != "" {
		s += "; " + orderReason(lc, forLo, loName, lo, hi) + ", maar dat weegt minder"
	}
	return s + "."
}

// orderReason says how a (named who) does better than b on factor f.
func orderReason(lc *lotCtx, f, who string, a, b *entMatch) string {
	x, y := a.offs[0], b.offs[0]
	switch f {
	case "text":
		return "het aanbod van " + who + " sluit beter aan bij de tekst van het perceel"
	case "cpv":
		return "de CPV-code van " + who + " ligt dichter bij die van het perceel"
	case "distance":
		s := who + " is dichterbij"
		if lc.place != nil {
			s = who + " is dichter bij " + lc.place.Municipality
		}
		if x.distance != nil && y.distance != nil {
			s += fmt.Sprintf(" (%s km tegen %s km)", dutchNum(*x.distance), dutchNum(*y.distance))
		}
		return s
	case "recognition":
		if lc.reserved {
			return who + " mag zeker inschrijven op dit voorbehouden perceel"
		}
		return who + " is een sterke partner (veel doelgroepwerknemers)"
	case "capacity":
		if x.capacity != nil && x.capacity.RequiredFTE > 0 {
			return fmt.Sprintf("%s heeft meer capaciteit voor de gevraagde %s VTE", who, dutchNum(x.capacity.RequiredFTE))
		}
		return who + " geeft meer capaciteit op"
	}
	return ""
}
