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
	// ReservedAnswered counts the reserved lots that received tenders as
	// far as their outcome says: awarded, or not awarded because no tender
	// was suitable (no tenders, a stopped procedure or no outcome do not
	// count). ReservedSocialEconomy counts the reserved lots awarded to
	// the social economy.
	ReservedAnswered      int `json:"reserved_answered"`
	ReservedSocialEconomy int `json:"reserved_social_economy"`
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
	// Needs are the figures of the needs sent this year; NeedsByWorkForm
	// counts the chosen answers per work form of the chosen enterprise,
	// NeedsByCategory the needs per category.
	Needs           NeedCounts `json:"needs"`
	NeedsByWorkForm []NeedRow  `json:"needs_by_work_form"`
	NeedsByCategory []NeedRow  `json:"needs_by_category"`
}

// NeedCounts are the figures of the outcome report for a set of needs
// (aanvragen) that were sent.
type NeedCounts struct {
	// Needs counts the needs sent, Reserved those reserved for the social
	// economy, Recipients the enterprises they were sent to.
	Needs      int `json:"needs"`
	Reserved   int `json:"reserved"`
	Recipients int `json:"recipients"`
	// Interested and NotInterested count the answers received: what each
	// enterprise said last (a question is no answer).
	Interested    int `json:"interested"`
	NotInterested int `json:"not_interested"`
	// Chosen counts the needs with a chosen answer. Every recipient is an
	// enterprise of the directory, so each choice goes to the social
	// economy; Share is Chosen / Needs (0 without needs).
	Chosen int     `json:"chosen"`
	Share  float64 `json:"share"`
}

// NeedRow is one line of a need breakdown: a work form or a category.
type NeedRow struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	NeedCounts
}

// OutcomeReport is the outcome report of a buyer (or of all buyers),
// newest year first.
type OutcomeReport struct {
	Buyer string `json:"buyer,omitempty"`
	OutcomeCounts
	// Needs are the figures of all needs sent. NeedsLeftOut counts the
	// older needs the report did not read (see MaxReportNeeds).
	Needs        NeedCounts    `json:"needs"`
	NeedsLeftOut int           `json:"needs_left_out,omitempty"`
	Years        []OutcomeYear `json:"years"`
}

// MaxReportNeeds is how many needs (the newest) the outcome report reads.
const MaxReportNeeds = 1000

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
	reserved := slices.ContainsFunc(rl.Lot.Clauses, func(cl Clause) bool {
		info, ok := cl.Kind.Info()
		return ok && info.Reserved
	})
	if reserved {
		c.Reserved++
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
		if reserved && o.Reason == NoAwardNoSuitable {
			c.ReservedAnswered++
		}
		return
	}
	c.Awarded++
	c.Value += o.Value
	if reserved {
		c.ReservedAnswered++
	}
	if slices.ContainsFunc(o.Winners, Winner.InDirectory) {
		c.SocialEconomy++
		c.SocialEconomyValue += o.Value
		if reserved {
			c.ReservedSocialEconomy++
		}
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

// AddNeeds adds the needs that were sent to the report, per year of
// sending; drafts (never sent) do not count. forms returns the work forms
// of a directory enterprise.
func (rep *OutcomeReport) AddNeeds(needs []*Need, forms func(KBO) []WorkForm) {
	years := map[int]*OutcomeYear{}
	for i := range rep.Years {
		years[rep.Years[i].Year] = &rep.Years[i]
	}
	var added []*OutcomeYear
	byForm := map[int]map[string]*NeedRow{}
	byCat := map[int]map[string]*NeedRow{}
	for _, n := range needs {
		if !n.Sent() {
			continue
		}
		y := n.SentAt.Year()
		yr := years[y]
		if yr == nil {
			yr = &OutcomeYear{Year: y, ByWorkForm: []OutcomeRow{}, ByCategory: []OutcomeRow{}}
			years[y] = yr
			added = append(added, yr)
		}
		if byForm[y] == nil {
			byForm[y], byCat[y] = map[string]*NeedRow{}, map[string]*NeedRow{}
		}
		row := byCat[y][string(n.Category)]
		if row == nil {
			label := "zonder categorie"
			if n.Category != "" {
				label = n.Category.Label()
			}
			row = &NeedRow{Key: string(n.Category), Label: label}
			byCat[y][string(n.Category)] = row
		}
		for _, c := range []*NeedCounts{&rep.Needs, &yr.Needs, &row.NeedCounts} {
			c.add(n)
		}
		if a, ok := n.Answer(n.Chosen); ok && n.Chosen != "" {
			for _, f := range slices.Compact(slices.Sorted(slices.Values(forms(a.Enterprise)))) {
				fr := byForm[y][string(f)]
				if fr == nil {
					fr = &NeedRow{Key: string(f), Label: f.Label()}
					byForm[y][string(f)] = fr
				}
				fr.Needs++
				fr.Chosen++
			}
		}
	}
	rep.Needs.share()
	for _, yr := range added {
		rep.Years = append(rep.Years, *yr)
	}
	for i := range rep.Years {
		yr := &rep.Years[i]
		yr.Needs.share()
		yr.NeedsByWorkForm, yr.NeedsByCategory = sortedNeedRows(byForm[yr.Year]), sortedNeedRows(byCat[yr.Year])
	}
	slices.SortFunc(rep.Years, func(a, b OutcomeYear) int { return cmp.Compare(b.Year, a.Year) })
}

func (c *NeedCounts) add(n *Need) {
	c.Needs++
	if n.Reserved {
		c.Reserved++
	}
	c.Recipients += len(n.Recipients)
	for _, r := range n.Recipients {
		if a, ok := n.LatestAnswer(r.Enterprise); ok {
			switch a.Kind {
			case AnswerInterested:
				c.Interested++
			case AnswerNotInterested:
				c.NotInterested++
			}
		}
	}
	if _, ok := n.Answer(n.Chosen); ok && n.Chosen != "" {
		c.Chosen++
	}
}

func (c *NeedCounts) share() {
	if c.Needs > 0 {
		c.Share = float64(c.Chosen) / float64(c.Needs)
	}
}

func sortedNeedRows(m map[string]*NeedRow) []NeedRow {
	out := make([]NeedRow, 0, len(m))
	for _, r := range m {
		r.share()
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b NeedRow) int {
		if c := cmp.Compare(b.Needs, a.Needs); c != 0 {
			return c
		}
		return cmp.Compare(a.Label, b.Label)
	})
	return out
}
