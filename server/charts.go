package server

import (
	"html/template"
	"math"
	"slices"
	"strconv"

	"koppel"
	"koppel/chart"
	"koppel/clauses"
	"koppel/i18n"
	"koppel/match"
)

// scanKinds are the reserved kinds of the market scan in the order of its
// table; key names their label ("chart.kind.") and the phrase after "may
// bid on" ("chart.kind_phrase.") in the catalogue.
var scanKinds = []struct {
	Kind koppel.ClauseKind
	key  string
}{
	{koppel.ClauseReservedWS, "res_ws"},
	{koppel.ClauseReservedExecution, "reserved_execution"},
	{koppel.ClauseReservedPubSer, "res_pub_ser"},
}

// Colours of the eligibility verdicts, as on the match badges: green may
// bid, amber to verify, grey may not.
const (
	colorEligible    = "#2f8f4e"
	colorToVerify    = "#e0a100"
	colorNotEligible = "#8c95a6"
)

// chartIn is a chart with the texts and number formats of language l.
func chartIn(l i18n.Lang, c chart.Chart) chart.Chart {
	c.Unknown, c.TableLabel, c.TotalLabel = i18n.T(l, "chart.unknown"), i18n.T(l, "chart.table"), i18n.T(l, "chart.total")
	c.Colon = i18n.T(l, "display.colon")
	if c.Format == nil {
		c.Format = func(v float64) string { return i18n.Number(l, v, 0) }
	}
	return c
}

// fteIn writes a capacity in l: "2,5 VTE", "2,5 ETP", "2.5 FTE".
func fteIn(l i18n.Lang) func(float64) string {
	return func(v float64) string { return i18n.T(l, "unit.fte", "N", i18n.Number(l, v, 1)) }
}

// scanCharts draws the market scan: who may bid per reserved kind (a
// stacked bar) and their capacity against the requested volume (bars with
// a line). A scan without candidates has none; a kind the lot does not
// allow is left out of both and named in the summary.
func scanCharts(l i18n.Lang, sc clauses.Scan) []template.HTML {
	if sc.Candidates == 0 {
		return nil
	}
	fte := fteIn(l)
	elig := chartIn(l, chart.Chart{ID: "markt-vormen", Title: i18n.T(l, "chart.scan.title"), Category: i18n.T(l, "chart.scan.category"), Stacked: true, Whole: true,
		Series: []chart.Series{{Name: i18n.T(l, "chart.scan.eligible"), Color: colorEligible}, {Name: i18n.T(l, "chart.scan.to_verify"), Color: colorToVerify}, {Name: i18n.T(l, "chart.scan.not_eligible"), Color: colorNotEligible}}})
	capa := chartIn(l, chart.Chart{ID: "markt-capaciteit", Title: i18n.T(l, "chart.capacity.title"), Category: i18n.T(l, "chart.scan.category"), Format: fte,
		Series: []chart.Series{{Name: i18n.T(l, "chart.capacity.series")}}})
	against := ""
	if sc.NeedFTE > 0 {
		capa.Line = &chart.Line{Label: i18n.T(l, "chart.requested"), Value: sc.NeedFTE}
		against = i18n.T(l, "chart.capacity.against", "Need", fte(sc.NeedFTE))
	}
	notAllowed, anyCapacity := false, false
	for _, k := range scanKinds {
		kc, ok := sc.ByKind[k.Kind]
		if !ok {
			continue
		}
		if !kc.Allowed {
			notAllowed = true
			continue
		}
		label, phrase := i18n.T(l, "chart.kind."+k.key), i18n.T(l, "chart.kind_phrase."+k.key)
		elig.Bars = append(elig.Bars, chart.Bar{Label: label, Values: []float64{float64(kc.Eligible), float64(kc.ToVerify), float64(kc.NotEligible)}})
		capacity := kc.CapacityFTE
		switch {
		case capacity > 0:
			anyCapacity = true
		case kc.Eligible > 0:
			capacity = math.NaN() // they gave no capacity: unknown, not 0
		}
		capa.Bars = append(capa.Bars, chart.Bar{Label: label, Values: []float64{capacity}})
		if elig.Summary == "" {
			elig.Summary = i18n.N(l, "chart.scan.summary", sc.Candidates, "Kind", phrase, "Eligible", kc.Eligible, "ToVerify", kc.ToVerify)
		}
		if capa.Summary == "" && kc.Eligible > 0 {
			if kc.CapacityFTE > 0 {
				capa.Summary = i18n.N(l, "chart.capacity.summary", kc.Eligible, "Kind", phrase, "Capacity", fte(kc.CapacityFTE)) + against + "."
			} else {
				capa.Summary = i18n.T(l, "chart.capacity.unknown", "Kind", phrase) + against + "."
			}
		}
	}
	if len(elig.Bars) == 0 {
		return nil
	}
	if notAllowed {
		elig.Summary += " " + i18n.T(l, "chart.scan.not_allowed")
	}
	out := []template.HTML{elig.HTML()}
	if sc.NeedFTE > 0 || anyCapacity {
		if capa.Summary == "" {
			capa.Summary = i18n.T(l, "chart.capacity.none") + against + "."
		}
		out = append(out, capa.HTML())
	}
	return out
}

// lotCapacityChart draws the capacity of each match on the page against
// the lot's requested volume; "" when the lot has no volume or no
// matches. A capacity not given in VTE is unknown.
func lotCapacityChart(l i18n.Lang, lot *koppel.Lot, lm *match.LotMatches, first int) template.HTML {
	if lot.VolumeFTE <= 0 || lm == nil || len(lm.Matches) == 0 {
		return ""
	}
	fte := fteIn(l)
	c := chartIn(l, chart.Chart{ID: "capaciteit-perceel-" + lot.ID, Title: i18n.T(l, "chart.lot.title"), Category: i18n.T(l, "chart.lot.category"), Format: fte,
		Series: []chart.Series{{Name: i18n.T(l, "chart.lot.series")}}, Line: &chart.Line{Label: i18n.T(l, "chart.requested"), Value: lot.VolumeFTE}})
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
	c.Summary = i18n.N(l, "chart.lot.summary", enough, "Listed", len(lm.Matches), "Need", fte(lot.VolumeFTE))
	if unknown > 0 {
		c.Summary += " " + i18n.N(l, "chart.lot.unknown", unknown)
	}
	return c.HTML()
}

// maxChartYears is how many years (the newest) the outcome chart shows.
const maxChartYears = 10

// outcomeYearsChart draws per year the reserved lots, those that received
// tenders and those awarded to the social economy, oldest year first; ""
// when no lot was reserved.
func outcomeYearsChart(l i18n.Lang, rep *koppel.OutcomeReport) template.HTML {
	var years []koppel.OutcomeYear // newest first, as in the report
	for _, y := range rep.Years {
		if y.Lots > 0 && len(years) < maxChartYears {
			years = append(years, y)
		}
	}
	slices.Reverse(years)
	c := chartIn(l, chart.Chart{ID: "resultaten-jaren", Title: i18n.T(l, "chart.years.title"), Category: i18n.T(l, "chart.years.category"), Orientation: chart.Vertical, Whole: true, TableOpen: true,
		Series: []chart.Series{{Name: i18n.T(l, "chart.years.reserved"), Color: "#0b5cad"}, {Name: i18n.T(l, "chart.years.answered"), Color: colorToVerify}, {Name: i18n.T(l, "chart.years.social"), Color: colorEligible}}})
	var reserved, answered, social int
	for _, y := range years {
		c.Bars = append(c.Bars, chart.Bar{Label: strconv.Itoa(y.Year), Values: []float64{float64(y.Reserved), float64(y.ReservedAnswered), float64(y.ReservedSocialEconomy)}})
		reserved, answered, social = reserved+y.Reserved, answered+y.ReservedAnswered, social+y.ReservedSocialEconomy
	}
	if reserved == 0 {
		return ""
	}
	period := i18n.T(l, "chart.years.one_year", "Year", c.Bars[0].Label)
	if len(c.Bars) > 1 {
		period = i18n.T(l, "chart.years.period", "From", c.Bars[0].Label, "To", c.Bars[len(c.Bars)-1].Label)
	}
	c.Summary = i18n.N(l, "chart.years.summary", reserved, "Period", period, "Answered", answered, "Social", social)
	return c.HTML()
}
