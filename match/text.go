package match

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"koppel"
)

// verdictLabel is the Dutch word for an eligibility verdict.
func verdictLabel(v koppel.Eligibility) string {
	switch v {
	case koppel.Eligible:
		return "toegelaten"
	case koppel.NotEligible:
		return "NIET toegelaten"
	case koppel.ToVerify:
		return "te verifiëren"
	}
	return "geen voorbehoud"
}

// WriteText writes the matches as plain Dutch text for the command line
// (koppel match TENDER_ID): per lot its clauses and a numbered list of
// enterprises with their offerings, eligibility and explanation.
func (r *TenderMatches) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Opdracht %s: %s\n", r.Tender.ID, r.Tender.Title)
	if r.Tender.Buyer != "" {
		fmt.Fprintf(bw, "Aanbestedende overheid: %s\n", r.Tender.Buyer)
	}
	for i := range r.Lots {
		l := &r.Lots[i]
		fmt.Fprintf(bw, "\nPerceel %s: %s\n", l.LotID, l.Title)
		writeLotFacts(bw, l.CPV, l.Municipality, l.Postcode, l.VolumeFTE, l.Clauses)
		if len(l.TargetGroups) > 0 {
			fmt.Fprintf(bw, "  Gewenste doelgroep: %s\n", koppel.TargetGroupLabels(l.TargetGroups))
		}
		switch {
		case l.Total == 0:
			fmt.Fprintf(bw, "  Geen passende ondernemingen gevonden.\n")
		default:
			fmt.Fprintf(bw, "  %s", koppel.Count(l.Total, "passende onderneming", "passende ondernemingen"))
			switch {
			case l.Excluded > 0 && l.IncludeIneligible:
				fmt.Fprintf(bw, " (waarvan %d niet toegelaten, onderaan)", l.Excluded)
			case l.Excluded > 0:
				fmt.Fprintf(bw, " (%d niet toegelaten weggelaten)", l.Excluded)
			}
			if n := len(l.Matches); n > 0 && n < l.Total {
				fmt.Fprintf(bw, "; nummers %d tot %d getoond", l.Matches[0].Rank, l.Matches[n-1].Rank)
			}
			fmt.Fprintln(bw, ":")
		}
		for j := range l.Matches {
			writeMatch(bw, &l.Matches[j], "  ")
		}
	}
	return bw.Flush()
}

// WriteText writes the tenders that fit an enterprise as plain Dutch text
// (koppel match --enterprise KBO).
func (r *EnterpriseTenders) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Open opdrachten voor %s (%s): %d\n", r.Enterprise.Name, r.Enterprise.KBO, r.Total)
	for i := range r.Tenders {
		t := &r.Tenders[i]
		fmt.Fprintf(bw, "\n%d. [%s] %s – %s", t.Rank, dutchScore(t.Score), t.Tender.ID, t.Tender.Title)
		if !t.Tender.Deadline.IsZero() {
			fmt.Fprintf(bw, " (indienen tot %s)", t.Tender.Deadline.Dutch())
		}
		fmt.Fprintln(bw)
		if t.Tender.Buyer != "" {
			fmt.Fprintf(bw, "   %s\n", t.Tender.Buyer)
		}
		for j := range t.Lots {
			l := &t.Lots[j]
			fmt.Fprintf(bw, "   Perceel %s: %s\n", l.LotID, l.Title)
			writeLotFacts(bw, l.CPV, l.Municipality, l.Postcode, 0, l.Clauses)
			writeMatchBody(bw, &l.Match, "     ")
		}
	}
	return bw.Flush()
}

func writeLotFacts(w io.Writer, cpv []koppel.CPV, muni, postcode string, fte float64, clauses []ClauseRef) {
	var facts []string
	if len(cpv) > 0 {
		cs := make([]string, len(cpv))
		for i, c := range cpv {
			cs[i] = string(c)
		}
		facts = append(facts, "CPV "+strings.Join(cs, ", "))
	}
	if postcode != "" {
		facts = append(facts, strings.TrimSpace(postcode+" "+muni))
	}
	if fte > 0 {
		facts = append(facts, dutchNum(fte)+" VTE")
	}
	if len(facts) > 0 {
		fmt.Fprintf(w, "  %s\n", strings.Join(facts, " · "))
	}
	for _, c := range clauses {
		fmt.Fprintf(w, "  Clausule: %s\n", c.Label)
	}
}

func writeMatch(w io.Writer, m *Match, indent string) {
	fmt.Fprintf(w, "%s%d. [%s] %s (%s)", indent, m.Rank, dutchScore(m.Score), m.Enterprise.Name, m.Enterprise.KBO)
	if len(m.Enterprise.WorkForms) > 0 {
		fs := make([]string, len(m.Enterprise.WorkForms))
		for i, f := range m.Enterprise.WorkForms {
			fs[i] = strings.ToLower(f.Label())
		}
		fmt.Fprintf(w, " – %s", strings.Join(fs, ", "))
	}
	if m.Enterprise.Municipality != "" {
		fmt.Fprintf(w, ", %s", m.Enterprise.Municipality)
	}
	fmt.Fprintln(w)
	writeMatchBody(w, m, indent+"   ")
}

func writeMatchBody(w io.Writer, m *Match, indent string) {
	for _, o := range m.Offerings {
		fmt.Fprintf(w, "%saanbod %s: %s\n", indent, o.Code, o.Title)
	}
	if t := m.Explanation.Text; t != "" {
		fmt.Fprintf(w, "%swaarom: %s\n", indent, t)
	}
	if t := m.Explanation.Order; t != "" {
		fmt.Fprintf(w, "%splaats: %s\n", indent, t)
	}
	e := m.Eligibility
	fmt.Fprintf(w, "%sgeschiktheid: %s", indent, verdictLabel(e.Verdict))
	if e.Reason != "" {
		fmt.Fprintf(w, " – %s", e.Reason)
	}
	if e.LegalBasis != "" && e.Verdict != koppel.NotApplicable {
		fmt.Fprintf(w, " (%s)", e.LegalBasis)
	}
	fmt.Fprintln(w)
}

// dutchScore writes a score 0..1 with two decimals and a decimal comma.
func dutchScore(f float64) string {
	return strings.Replace(fmt.Sprintf("%.2f", f), ".", ",", 1)
}
