package match

import "koppel/i18n"

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
var orderFactors = []string{"text", "cpv", "distance", "recognition", "target_group", "capacity"}

// orderText says in the reader's language (lc.ui) why em stands where it does next to
// other: below other when above is true (other is the match right above
// it), else above other (the match right below the first).
func (m *Matcher) orderText(lc *lotCtx, em, other *entMatch, above bool) string {
	hi, lo := other, em
	if !above {
		hi, lo = em, other
	}
	w := m.Weights.orDefault()
	weight := map[string]float64{"text": w.Text, "cpv": w.CPV, "distance": w.Distance, "capacity": w.Capacity, "recognition": w.Recognition}
	// The total weight is the one scoreOffering divides by: the target
	// group counts only for a lot that wishes one.
	total := w.sum()
	if len(lc.lot.TargetGroups) > 0 {
		weight["target_group"] = w.TargetGroup
		total += w.TargetGroup
	}
	forHi, forLo := "", ""
	bestHi, bestLo := orderEpsilon, orderEpsilon
	for _, f := range orderFactors {
		d := weight[f] * (hi.offs[0].parts[f] - lo.offs[0].parts[f]) / total
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
	l := lc.ui
	key := "eligibility.order_above"
	// hiName is how the sentence names hi, loName lo.
	hiName, loName := i18n.T(l, "eligibility.order_this"), i18n.T(l, "eligibility.order_that")
	if above {
		key = "eligibility.order_below"
		hiName, loName = loName, hiName
	}
	if forHi == "" {
		return i18n.T(l, key, "Name", name, "Why", i18n.T(l, "eligibility.order_equal"))
	}
	why := orderReason(lc, forHi, hiName, hi, lo)
	if forLo != "" {
		why = i18n.T(l, "eligibility.order_less", "For", why, "Against", orderReason(lc, forLo, loName, lo, hi))
	}
	return i18n.T(l, key, "Name", name, "Why", why)
}

// orderReason says in lc.ui how a (named who) does better than b on
// factor f.
func orderReason(lc *lotCtx, f, who string, a, b *entMatch) string {
	x, y := a.offs[0], b.offs[0]
	l := lc.ui
	num := func(f float64) string { return i18n.Number(l, f, 1) }
	switch f {
	case "text":
		return i18n.T(l, "eligibility.order_text", "Who", who)
	case "cpv":
		return i18n.T(l, "eligibility.order_cpv", "Who", who)
	case "distance":
		s := i18n.T(l, "eligibility.order_closer", "Who", who)
		if lc.place != nil {
			s = i18n.T(l, "eligibility.order_closer_to", "Who", who, "Place", lc.place.Municipality)
		}
		if x.distance != nil && y.distance != nil {
			s = i18n.T(l, "eligibility.order_km", "Closer", s, "A", num(*x.distance), "B", num(*y.distance))
		}
		return s
	case "recognition":
		if lc.reserved {
			return i18n.T(l, "eligibility.order_reserved", "Who", who)
		}
		return i18n.T(l, "eligibility.order_partner", "Who", who)
	case "target_group":
		return i18n.T(l, "eligibility.order_target", "Who", who)
	case "capacity":
		if x.capacity != nil && x.capacity.RequiredFTE > 0 {
			return i18n.T(l, "eligibility.order_capacity_fte", "Who", who, "FTE", num(x.capacity.RequiredFTE))
		}
		return i18n.T(l, "eligibility.order_capacity", "Who", who)
	}
	return ""
}
