package clauses

import (
	"encoding/json"
	"fmt"
	"strings"

	"koppel"
)

// Rule is one row of the eligibility rule table (data/eligibility.json).
// All its conditions must hold for an enterprise to be eligible.
type Rule struct {
	ID          string            `json:"id"`
	Clause      koppel.ClauseKind `json:"clause"`
	Description string            `json:"description"`
	// Forms: the enterprise needs a recognition of one of these work forms.
	Forms []koppel.WorkForm `json:"forms,omitempty"`
	// RecognitionValid: that recognition must be valid over the lot's
	// period.
	RecognitionValid bool `json:"recognition_valid,omitempty"`
	// MinTargetShare: the target-group share of the staff (VTE doelgroep /
	// VTE totaal) must be at least this.
	MinTargetShare float64 `json:"min_target_share,omitempty"`
	// CPVList: the lot's main CPV code (its first) must be on this eForms
	// code list.
	CPVList string `json:"cpv_list,omitempty"`
	// PublicServiceMission: the enterprise must be flagged as a
	// public-service-mission organisation.
	PublicServiceMission bool `json:"public_service_mission,omitempty"`
	// Open: anyone may bid; MinTargetShare then marks strong partners.
	Open       bool   `json:"open,omitempty"`
	LegalBasis string `json:"legal_basis"`
}

func parseRules(b []byte) ([]Rule, error) {
	var rs []Rule
	if err := json.Unmarshal(b, &rs); err != nil {
		return nil, fmt.Errorf("eligibility rules: %w", err)
	}
	for _, r := range rs {
		if _, ok := r.Clause.Info(); !ok {
			return nil, fmt.Errorf("eligibility rule %s: unknown clause %q", r.ID, r.Clause)
		}
		for _, f := range r.Forms {
			if _, ok := f.Info(); !ok {
				return nil, fmt.Errorf("eligibility rule %s: unknown work form %q", r.ID, f)
			}
		}
		if r.LegalBasis == "" {
			return nil, fmt.Errorf("eligibility rule %s: no legal basis", r.ID)
		}
	}
	return rs, nil
}

// Rules returns the rule table.
func Rules() []Rule {
	Load()
	return rules
}

// CodeLists answers whether a CPV code is on an eForms code list (package
// refdata implements it).
type CodeLists interface {
	IsSocialServiceCPV(c koppel.CPV) bool
}

// Check says whether enterprise e may take part in lot under a clause of
// kind k, with the rule, its legal basis and the figures it used. Where
// several rules cover the kind, the most favourable verdict wins
// (eligible, then to verify, then not eligible). today is the date used
// when the lot has no dates. A kind without rules (no clause) is
// not_applicable.
func Check(lists CodeLists, e *koppel.Enterprise, lot *koppel.Lot, k koppel.ClauseKind, today koppel.Date) koppel.EligibilityCheck {
	best := koppel.EligibilityCheck{Clause: k, Verdict: koppel.NotApplicable, Reason: "Geen voorbehouden opdracht: iedereen mag inschrijven."}
	bestDepth := -1
	for _, r := range Rules() {
		if r.Clause != k {
			continue
		}
		// Between equal verdicts, the rule that got further explains best
		// (an expired recognition says more than a missing work form).
		c, depth := r.check(lists, e, lot, today)
		if bestDepth < 0 || rank(c.Verdict) > rank(best.Verdict) || rank(c.Verdict) == rank(best.Verdict) && depth > bestDepth {
			best, bestDepth = c, depth
		}
	}
	return best
}

// CheckLot checks e against every clause of the lot and returns the
// verdict that decides: a reserved clause decides over an open one, and
// the worst reserved verdict counts (a lot with two reserved clauses needs
// both). A lot without clauses is not_applicable.
func CheckLot(lists CodeLists, e *koppel.Enterprise, lot *koppel.Lot, today koppel.Date) koppel.EligibilityCheck {
	out := koppel.EligibilityCheck{Verdict: koppel.NotApplicable, Reason: "Geen sociale clausule: iedereen mag inschrijven."}
	reserved := false
	for _, cl := range lot.Clauses {
		c := Check(lists, e, lot, cl.Kind, today)
		info, _ := cl.Kind.Info()
		switch {
		case info.Reserved && (!reserved || rank(c.Verdict) < rank(out.Verdict)):
			out, reserved = c, true
		case !info.Reserved && !reserved && (out.Verdict == koppel.NotApplicable || c.StrongPartner):
			out = c
		}
	}
	return out
}

func rank(v koppel.Eligibility) int {
	switch v {
	case koppel.Eligible:
		return 3
	case koppel.ToVerify:
		return 2
	case koppel.NotEligible:
		return 1
	}
	return 0
}

// check evaluates the rule and returns its verdict and how many of its
// conditions passed before it.
func (r Rule) check(lists CodeLists, e *koppel.Enterprise, lot *koppel.Lot, today koppel.Date) (koppel.EligibilityCheck, int) {
	out := koppel.EligibilityCheck{Clause: r.Clause, Rule: r.ID, LegalBasis: r.LegalBasis}
	depth := 0
	passed := "" // what the passed conditions established, for the reason
	verdict := func(v koppel.Eligibility, format string, args ...any) (koppel.EligibilityCheck, int) {
		out.Verdict, out.Reason = v, strings.TrimSpace(passed+" "+fmt.Sprintf(format, args...))
		return out, depth
	}
	share, shareKnown := e.TargetShare()
	shareText := ""
	if shareKnown {
		shareText = fmt.Sprintf("%s van %s VTE doelgroepwerknemers = %s %%", num(*e.FTETarget), num(*e.FTETotal), num(share*100))
	}

	if r.Open {
		out.StrongPartner = shareKnown && share >= r.MinTargetShare
		switch {
		case out.StrongPartner:
			return verdict(koppel.Eligible, "Iedereen mag inschrijven; met %s is %s een sterke partner of onderaannemer.", shareText, e.Name)
		case shareKnown:
			return verdict(koppel.Eligible, "Iedereen mag inschrijven (%s).", shareText)
		}
		return verdict(koppel.Eligible, "Iedereen mag inschrijven; het aandeel doelgroepwerknemers is niet bekend.")
	}

	if r.CPVList != "" {
		if outside := outsideSocialServices(lists, lot); outside != "" {
			return verdict(koppel.ToVerify, "Deze clausule is alleen toegelaten voor sociale, gezondheids- en culturele diensten: %s. Vraag de aankoper de clausule na te kijken.", outside)
		}
		depth++
	}
	if r.PublicServiceMission {
		switch {
		case e.PublicServiceMission == nil:
			return verdict(koppel.ToVerify, "Niet bekend of %s een organisatie met een openbaredienstverleningstaak is die haar winst herinvesteert.", e.Name)
		case !*e.PublicServiceMission:
			return verdict(koppel.NotEligible, "%s is geen organisatie met een openbaredienstverleningstaak.", e.Name)
		}
		depth++
	}

	if len(r.Forms) > 0 {
		var recs []koppel.Recognition
		for _, rec := range e.Recognitions {
			for _, f := range r.Forms {
				if rec.Form == f {
					recs = append(recs, rec)
				}
			}
		}
		if len(recs) == 0 {
			return verdict(koppel.NotEligible, "%s heeft geen erkenning als %s.", e.Name, formsText(r.Forms))
		}
		depth++
		if r.RecognitionValid {
			start, end := lot.Start, lot.End
			if start.IsZero() {
				start = today
			}
			if end.IsZero() {
				end = start
			}
			v, reason := bestRecognition(recs, start, end)
			if v != koppel.Eligible {
				return verdict(v, "%s", reason)
			}
			depth++
			passed = reason
		}
	}

	if r.MinTargetShare > 0 {
		switch {
		case !shareKnown:
			return verdict(koppel.ToVerify, "De VTE-cijfers van %s zijn niet bekend: vraag het aandeel doelgroepwerknemers op (minstens %s %% nodig).", e.Name, num(r.MinTargetShare*100))
		case share < r.MinTargetShare:
			return verdict(koppel.NotEligible, "%s: minder dan de vereiste %s %%.", shareText, num(r.MinTargetShare*100))
		}
		depth++
		return verdict(koppel.Eligible, "%s, minstens de vereiste %s %%.", shareText, num(r.MinTargetShare*100))
	}
	return verdict(koppel.Eligible, "%s", r.Description)
}

// bestRecognition returns the best verdict over the recognitions for the
// period start..end, with its reason.
func bestRecognition(recs []koppel.Recognition, start, end koppel.Date) (koppel.Eligibility, string) {
	best, reason := koppel.NotApplicable, ""
	for _, rec := range recs {
		var v koppel.Eligibility
		var why string
		label := recognitionLabel(rec)
		switch {
		case rec.ValidFrom.IsZero() && rec.ValidTo.IsZero():
			v, why = koppel.ToVerify, fmt.Sprintf("Erkenning als %s zonder geldigheidsdata: vraag het erkenningsbesluit op.", label)
		case !rec.ValidOn(start):
			v, why = koppel.NotEligible, fmt.Sprintf("Erkenning als %s is niet geldig bij de start van de opdracht op %s (geldig %s).", label, start.Dutch(), period(rec))
		case !rec.ValidOn(end):
			v, why = koppel.ToVerify, fmt.Sprintf("Erkenning als %s loopt af op %s, voor het einde van de opdracht op %s: vraag naar de verlenging.", label, rec.ValidTo.Dutch(), end.Dutch())
		default:
			v, why = koppel.Eligible, fmt.Sprintf("Erkenning als %s geldig %s.", label, period(rec))
		}
		if best == koppel.NotApplicable || rank(v) > rank(best) {
			best, reason = v, why
		}
	}
	return best, reason
}

func period(r koppel.Recognition) string {
	switch {
	case r.ValidFrom.IsZero():
		return "tot " + r.ValidTo.Dutch()
	case r.ValidTo.IsZero():
		return "vanaf " + r.ValidFrom.Dutch()
	}
	return "van " + r.ValidFrom.Dutch() + " tot " + r.ValidTo.Dutch()
}

func formsText(fs []koppel.WorkForm) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = strings.ToLower(f.Label())
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " of " + s[len(s)-1]
}

func num(f float64) string { return dutchNumber(f) }
