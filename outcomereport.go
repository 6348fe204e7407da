package koppel

import (
	"cmp"
	"slices"
)

// OutcomeCounts are the figures of the outcome report for a set of lots.
type OutcomeCounts struct {
	// Lots counts the lots; Reserved those reserved (BT-71, BT-736),
	// SocialClause those with any social clause.
	Lots         int `json:"lots"`
	Reserved     int `json:"reserved"`
	SocialClause int `json:"social_clause"`
	// Outcomes counts the lots with an outcome recorded, Awarded and
	// NotAwarded split them.
	Outcomes   int `json:"outcomes"`
	Awarded    int `json:"awarded"`
	NotAwarded int `json:"not_awarded"`
	// SocialEconomy counts the awarded lots with at least one winner in
	// Koppel's directory; Share is SocialEconomy / Awarded (0 without
	// awarded lots).
	SocialEconomy int     `json:"social_economy"`
	Share         float64 `json:"share"`
	// Value and SocialEconomyValue sum the known values of the awarded
	// lots, EUR excl. VAT.
	Value              float64 `json:"value"`
	SocialEconomyValue float64 `json:"social_economy_value"`
}

// OutcomeRow is one line of a breakdown: a work form or a category.
type OutcomeRow struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	OutcomeCounts
}

// OutcomeYear is the report of one year.
type OutcomeYear struct {
	Year int `json:"year"`
	OutcomeCounts
	// ByWorkForm counts, per work form of the winning directory
	// enterprises, the lots they won (a lot won by enterprises of two work
	// forms counts in both): Awarded, SocialEconomy and their values.
	ByWorkForm []OutcomeRow `json:"by_work_form"`
	// ByCategory holds the figures per service category of the lots
	// (guessed from their CPV codes; key "" for none).
	ByCategory []OutcomeRow `json:"by_category"`
}

// OutcomeReport is the outcome report of a buyer (or of all buyers),
// newest year first.
type OutcomeReport struct {
	Buyer string `json:"buyer,omitempty"`
	OutcomeCounts
	Years []OutcomeYear `json:"years"`
}

// ReportLot is one lot for BuildOutcomeReport: the lot, its tender and its
// outcome (nil when none is recorded).
type ReportLot struct {
	Tender  *Tender
	Lot     *Lot
	Outcome *Outcome
}

// BuildOutcomeReport counts the lots per year: the year of the outcome's
// decision, else of the tender's deadline, else of its creation. forms
// returns the work forms of a directory enterprise (none when unknown).
func BuildOutcomeReport(buyer string, lots []ReportLot, forms func(KBO) []WorkForm) *OutcomeReport {
	rep := &OutcomeReport{Buyer: buyer, Years: []OutcomeYear{}}
	years := map[int]*OutcomeYear{}
	byForm := map[int]map[string]*OutcomeRow{}
	byCat := map[int]map[string]*OutcomeRow{}
	for _, rl := range lots {
		y := reportYear(rl)
		yr := years[y]
		if yr == nil {
			yr = &OutcomeYear{Year: y}
			years[y] = yr
			byForm[y], byCat[y] = map[string]*OutcomeRow{}, map[string]*OutcomeRow{}
		}
		cat := LotCategory(rl.Lot)
		row := byCat[y][string(cat)]
		if row == nil {
			label := "zonder categorie"
			if cat != "" {
				label = cat.Label()
			}
			row = &OutcomeRow{Key: string(cat), Label: label}
			byCat[y][string(cat)] = row
		}
		for _, c := range []*OutcomeCounts{&rep.OutcomeCounts, &yr.OutcomeCounts, &row.OutcomeCounts} {
			c.add(rl)
		}
		if o := rl.Outcome; o != nil && o.Result == OutcomeAwarded {
			var seen []WorkForm
			for _, w := range o.Winners {
				if !w.InDirectory() {
					continue
				}
				for _, f := range forms(w.KBO) {
					if slices.Contains(seen, f) {
						continue
					}
					seen = append(seen, f)
					fr := byForm[y][string(f)]
					if fr == nil {
						fr = &OutcomeRow{Key: string(f), Label: f.Label()}
						byForm[y][string(f)] = fr
					}
					fr.Lots++
					fr.Outcomes++
					fr.Awarded++
					fr.SocialEconomy++
					fr.Value += o.Value
					fr.SocialEconomyValue += o.Value
				}
			}
		}
	}
	rep.share()
	for y, yr := range years {
		yr.share()
		yr.ByWorkForm, yr.ByCategory = sortedRows(byForm[y]), sortedRows(byCat[y])
		rep.Years = append(rep.Years, *yr)
	}
	slices.SortFunc(rep.Years, func(a, b OutcomeYear) int { return cmp.Compare(b.Year, a.Year) })
	return rep
}

func (c *OutcomeCounts) add(rl ReportLot) {
	c.Lots++
	for _, cl := range rl.Lot.Clauses {
		if info, ok := cl.Kind.Info(); ok && info.Reserved {
			c.Reserved++
			break
		}
	}
	if len(rl.Lot.Clauses) > 0 {
		c.SocialClause++
	}
	o := rl.Outcome
	if o == nil {
		return
	}
	c.Outcomes++
	if o.Result != OutcomeAwarded {
		c.NotAwarded++
		return
	}
	c.Awarded++
	c.Value += o.Value
	if slices.ContainsFunc(o.Winners, Winner.InDirectory) {
		c.SocialEconomy++
		c.SocialEconomyValue += o.Value
	}
}

func (c *OutcomeCounts) share() {
	if c.Awarded > 0 {
		c.Share = float64(c.SocialEconomy) / float64(c.Awarded)
	}
}

func sortedRows(m map[string]*OutcomeRow) []OutcomeRow {
	out := make([]OutcomeRow, 0, len(m))
	for _, r := range m {
		r.share()
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b OutcomeRow) int {
		if c := cmp.Compare(b.Lots, a.Lots); c != 0 {
			return c
		}
		return cmp.Compare(a.Label, b.Label)
	})
	return out
}

func reportYear(rl ReportLot) int {
	switch {
	case rl.Outcome != nil && !rl.Outcome.Date.IsZero():
		return rl.Outcome.Date.Time().Year()
	case !rl.Tender.Deadline.IsZero():
		return rl.Tender.Deadline.Time().Year()
	}
	return rl.Tender.CreatedAt.Year()
}

// LotCategory is the service category of a lot: the first of Categories
// one of whose typical CPV codes shares a class (4 digits) with a code of
// the lot; "" when none does.
func LotCategory(l *Lot) Category {
	for _, info := range Categories {
		for _, k := range info.CPV {
			for _, c := range l.CPV {
				if SharedPrefix(c, k) >= 4 {
					return info.Category
				}
			}
		}
	}
	return ""
}
