package server

import (
	"html/template"
	"math"
	"slices"
	"strconv"

	"koppel"
	"koppel/chart"
	"koppel/clauses"
	"koppel/match"
)

// scanKinds are the reserved kinds of the market scan in the order of its
// table, with the names the charts use: the label and the phrase after
// "inschrijven op".
var scanKinds = []struct {
	Kind          koppel.ClauseKind
	Label, Phrase string
}{
	{koppel.ClauseReservedWS, "Voorbehouden opdracht (res-ws)", "een voorbehouden opdracht"},
	{koppel.ClauseReservedExecution, "Voorbehouden uitvoering", "een voorbehouden uitvoering"},
	{koppel.ClauseReservedPubSer, "Openbaredienstverleningstaak (res-pub-ser)", "een openbaredienstverleningstaak"},
}

// Colours of the eligibility verdicts, as on the match badges: green may
// bid, amber to verify, grey may not.
var (
	colorEligible    = "#2f8f4e"
	colorToVerify    = "#e0a100"
	colorNotEligible = "#8c95a6"
)

// scanCharts draws the market scan: who may bid per reserved kind (a
// stacked bar) and their capacity against the requested volume (bars with
// a line). A scan without candidates has none; a kind the lot does not
// allow is left out of both and named in the summary.
func scanCharts(sc clauses.Scan) []template.HTML {
	if sc.Candidates == 0 {
		return nil
	}
	elig := chart.Chart{ID: "markt-vormen", Title: "Wie mag inschrijven, per voorbehouden vorm", Category: "Voorbehouden vorm", Stacked: true, Whole: true,
		Series: []chart.Series{{Name: "Mogen inschrijven", Color: colorEligible}, {Name: "Na te gaan", Color: colorToVerify}, {Name: "Komen niet in aanmerking", Color: colorNotEligible}}}
	capa := chart.Chart{ID: "markt-capaciteit", Title: "Capaciteit tegenover het gevraagde volume", Category: "Voorbehouden vorm", Format: chart.FTE,
		Series: []chart.Series{{Name: "Capaciteit van wie mag inschrijven"}}}
	if sc.NeedFTE > 0 {
		capa.Line = &chart.Line{Label: "Gevraagd", Value: sc.NeedFTE}
	}
	var may []string
	notAllowed, capaSummary, anyCapacity := "", "", false
	for _, k := range scanKinds {
		kc, ok := sc.ByKind[k.Kind]
		if !ok {
			continue
		}
		if !kc.Allowed {
			notAllowed = k.Phrase
			continue
		}
		elig.Bars = append(elig.Bars, chart.Bar{Label: k.Label, Values: []float64{float64(kc.Eligible), float64(kc.ToVerify), float64(kc.NotEligible)}})
		may = append(may, strconv.Itoa(kc.Eligible)+" op "+k.Phrase)
		capacity := kc.CapacityFTE
		switch {
		case capacity > 0:
			anyCapacity = true
		case kc.Eligible > 0:
			capacity = math.NaN() // they gave no capacity: unknown, not 0
		}
		capa.Bars = append(capa.Bars, chart.Bar{Label: k.Label, Values: []float64{capacity}})
		if capaSummary == "" && kc.Eligible > 0 {
			capaSummary = capacitySentence(k.Phrase, kc, sc.NeedFTE)
		}
	}
	if len(elig.Bars) == 0 {
		return nil
	}
	elig.Summary = "Van de " + strconv.Itoa(sc.Candidates) + " " + plural(sc.Candidates, "onderneming", "ondernemingen") + " die dit perceel kunnen uitvoeren, " +
		plural(firstCount(sc), "mag", "mogen") + " er " + joinDutch(may) + " inschrijven"
	if notAllowed != "" {
		elig.Summary += "; " + notAllowed + " is voor dit perceel niet toegelaten"
	}
	elig.Summary += "."
	out := []template.HTML{elig.HTML()}
	if sc.NeedFTE > 0 || anyCapacity {
		if capaSummary == "" {
			capaSummary = "Geen enkele onderneming mag inschrijven op een voorbehouden vorm, dus er is geen capaciteit" + neededPhrase(sc.NeedFTE) + "."
		}
		capa.Summary = capaSummary
		out = append(out, capa.HTML())
	}
	return out
}

// firstCount is the number of the first allowed kind's eligible
// enterprises: it decides "mag" or "mogen" in the summary.
func firstCount(sc clauses.Scan) int {
	for _, k := range scanKinds {
		if kc, ok := sc.ByKind[k.Kind]; ok && kc.Allowed {
			return kc.Eligible
		}
	}
	return 0
}

// capacitySentence says how much capacity the eligible enterprises of a
// kind have against the need.
func capacitySentence(phrase string, kc clauses.KindCount, need float64) string {
	if kc.CapacityFTE <= 0 {
		return "Van de ondernemingen die mogen inschrijven op " + phrase + " is de capaciteit onbekend" + neededPhrase(need) + "."
	}
	s := "De " + strconv.Itoa(kc.Eligible) + " " + plural(kc.Eligible, "onderneming", "ondernemingen") + " die " + plural(kc.Eligible, "mag", "mogen") +
		" inschrijven op " + phrase + " " + plural(kc.Eligible, "heeft", "hebben") + " samen " + chart.FTE(kc.CapacityFTE) + " capaciteit" + neededPhrase(need)
	if need > 0 {
		s += "; " + strconv.Itoa(kc.CanCarry) + " " + plural(kc.CanCarry, "kan", "kunnen") + " het alleen aan"
	}
	return s + "."
}

// neededPhrase names the requested volume, if any.
func neededPhrase(need float64) string {
	if need <= 0 {
		return ""
	}
	return ", tegenover " + chart.FTE(need) + " gevraagd"
}

// lotCapacityChart draws the capacity of each match on the page against
// the lot's requested volume; "" when the lot has no volume or no
// matches. A capacity not given in VTE is unknown.
func lotCapacityChart(l *koppel.Lot, lm *match.LotMatches, first int) template.HTML {
	if l.VolumeFTE <= 0 || lm == nil || len(lm.Matches) == 0 {
		return ""
	}
	c := chart.Chart{ID: "capaciteit-perceel-" + l.ID, Title: "Capaciteit van de passende ondernemingen tegenover het gevraagde volume", Category: "Onderneming", Format: chart.FTE,
		Series: []chart.Series{{Name: "Capaciteit"}}, Line: &chart.Line{Label: "Gevraagd", Value: l.VolumeFTE}}
	enough, unknown := 0, 0
	for i, m := range lm.Matches {
		v := math.NaN()
		if cp := m.Explanation.Capacity; cp != nil && cp.Enough != nil { // in VTE
			v = cp.Offered
			if *cp.Enough {
				enough++
			}
		} else {
			unknown++
		}
		c.Bars = append(c.Bars, chart.Bar{Label: strconv.Itoa(first+i) + ". " + m.Enterprise.Name, Values: []float64{v}})
	}
	n := len(lm.Matches)
	c.Summary = "Van de " + strconv.Itoa(n) + " " + plural(n, "onderneming", "ondernemingen") + " hieronder " + plural(enough, "kan", "kunnen") + " er " +
		strconv.Itoa(enough) + " het gevraagde volume van " + chart.FTE(l.VolumeFTE) + " alleen aan"
	if unknown > 0 {
		c.Summary += "; van " + strconv.Itoa(unknown) + " is de capaciteit in VTE onbekend"
	}
	c.Summary += "."
	return c.HTML()
}

// maxChartYears is how many years (the newest) the outcome chart shows.
const maxChartYears = 10

// outcomeYearsChart draws per year the reserved lots, those that received
// tenders and those awarded to the social economy, oldest year first; ""
// when no lot was reserved.
func outcomeYearsChart(rep *koppel.OutcomeReport) template.HTML {
	var years []koppel.OutcomeYear // newest first, as in the report
	for _, y := range rep.Years {
		if y.Lots > 0 && len(years) < maxChartYears {
			years = append(years, y)
		}
	}
	slices.Reverse(years)
	c := chart.Chart{ID: "resultaten-jaren", Title: "Voorbehouden percelen per jaar", Category: "Jaar", Orientation: chart.Vertical, Whole: true, TableOpen: true,
		Series: []chart.Series{{Name: "Voorbehouden percelen", Color: "#0b5cad"}, {Name: "Met offertes", Color: colorToVerify}, {Name: "Gegund aan de sociale economie", Color: colorEligible}}}
	var reserved, answered, social int
	for _, y := range years {
		c.Bars = append(c.Bars, chart.Bar{Label: strconv.Itoa(y.Year), Values: []float64{float64(y.Reserved), float64(y.ReservedAnswered), float64(y.ReservedSocialEconomy)}})
		reserved, answered, social = reserved+y.Reserved, answered+y.ReservedAnswered, social+y.ReservedSocialEconomy
	}
	if reserved == 0 {
		return ""
	}
	when := "In " + c.Bars[0].Label
	if len(c.Bars) > 1 {
		when = "Van " + c.Bars[0].Label + " tot " + c.Bars[len(c.Bars)-1].Label
	}
	c.Summary = when + " " + plural(reserved, "was", "waren") + " " + strconv.Itoa(reserved) + " " + plural(reserved, "perceel", "percelen") + " voorbehouden; " +
		strconv.Itoa(answered) + " " + plural(answered, "kreeg", "kregen") + " offertes en " + strconv.Itoa(social) + " " + plural(social, "werd", "werden") + " gegund aan de sociale economie."
	return c.HTML()
}
