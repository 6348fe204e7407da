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
	why := orderReason(lc, forHi, hiName, loName, hi, lo)
	if forLo != "" {
		why = i18n.T(l, "eligibility.order_less", "For", why, "Against", orderReason(lc, forLo, loName, hiName, lo, hi))
	}
	return i18n.T(l, key, "Name", name, "Why", why)
}

// orderReason says in lc.ui how a (named who) does better than b (named
// other) on factor f.
func orderReason(lc *lotCtx, f, who, other string, a, b *entMatch) string {
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
		return orderTargetReason(lc, who, other, a, b)
	case "capacity":
		if x.capacity != nil && x.capacity.RequiredFTE > 0 {
			return i18n.T(l, "eligibility.order_capacity_fte", "Who", who, "FTE", num(x.capacity.RequiredFTE))
		}
		return i18n.T(l, "eligibility.order_capacity", "Who", who)
	}
	return ""
}

// orderTargetReason says in lc.ui how a (named who) meets the lot's
// wished target groups better than b (named other), as the explanation
// of each says it: a has all of them, more of them, or declared no groups
// (unknown, the factor's 0.5) where b declared others. It never says that
// an enterprise works with a group it did not declare. The messages that
// can come with one wished group take their plural form from the number
// of wished groups; the others need at least two.
func orderTargetReason(lc *lotCtx, who, other string, a, b *entMatch) string {
	wished := lc.lot.TargetGroups
	x, y := targetGroupMatch(wished, a.e), targetGroupMatch(wished, b.e)
	n, l := len(wished), lc.ui
	all := len(x.Has) == n
	switch {
	case !x.Known && len(y.Has) == 0:
		return i18n.N(l, "eligibility.order_target_unknown_none", n, "Who", who, "Other", other)
	case !x.Known:
		return i18n.T(l, "eligibility.order_target_unknown_part", "Who", who, "Other", other)
	case all && !y.Known:
		return i18n.N(l, "eligibility.order_target_all_unknown", n, "Who", who, "Other", other)
	case all && len(y.Has) == 0:
		return i18n.N(l, "eligibility.order_target_all_none", n, "Who", who, "Other", other)
	case all:
		return i18n.T(l, "eligibility.order_target_all_part", "Who", who, "Other", other)
	case !y.Known:
		return i18n.T(l, "eligibility.order_target_part_unknown", "Who", who, "Other", other)
	case len(y.Has) == 0:
		return i18n.T(l, "eligibility.order_target_part_none", "Who", who, "Other", other)
	}
	return i18n.T(l, "eligibility.order_target_more", "Who", who, "Other", other)
}
