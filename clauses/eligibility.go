package clauses

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"koppel"
)

// Rule is one row of the eligibility rule table (data/eligibility.json).
// Each field is a condition; a condition is met, fails or is unknown (the
// data cannot tell). The rule's verdict is not eligible when any
// condition fails, whatever else is unknown; else to verify when any is
// unknown; else eligible.
type Rule struct {
	ID          string            `json:"id"`
	Clause      koppel.ClauseKind `json:"clause"`
	Description string            `json:"description"`
	// Forms: the enterprise needs one of these work forms. The rule is
	// evaluated for each of them the enterprise has; the best wins.
	Forms []koppel.WorkForm `json:"forms,omitempty"`
	// RecognitionValid: the recognition of that work form must be valid
	// over the lot's period. Work forms without a recognition (sociale
	// onderneming, coöperatie) are not asked for one.
	RecognitionValid bool `json:"recognition_valid,omitempty"`
	// MinTargetShare: the target-group share of the employees (VTE
	// doelgroep / VTE totaal, as the enterprise declared them) must be at
	// least this.
	MinTargetShare float64 `json:"min_target_share,omitempty"`
	// IntegrationForms are the work forms whose aim is the social and
	// professional integration of target-group workers: for them the
	// declared share meets MinTargetShare. For the other forms of Forms a
	// declared share that is high enough leaves the aim to verify.
	IntegrationForms []koppel.WorkForm `json:"integration_forms,omitempty"`
	// ParticipantForms are the work forms whose people work without an
	// employment contract (arbeidszorg): they are no employees, so the
	// declared figures of an enterprise with only these forms cannot show
	// the share of employees.
	ParticipantForms []koppel.WorkForm `json:"participant_forms,omitempty"`
	// CPVList: the lot's main CPV code (its first) must be on this eForms
	// code list.
	CPVList string `json:"cpv_list,omitempty"`
	// PublicServiceMission: the enterprise must be flagged as a
	// public-service-mission organisation.
	PublicServiceMission bool `json:"public_service_mission,omitempty"`
	// Open: anyone may bid; MinTargetShare then marks strong partners.
	Open bool `json:"open,omitempty"`
	// TransitionPartner: under an open rule, an enterprise that runs
	// transition paths is a strong partner too (it provides the interns).
	TransitionPartner bool   `json:"transition_partner,omitempty"`
	LegalBasis        string `json:"legal_basis"`
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
		for _, fs := range [][]koppel.WorkForm{r.Forms, r.IntegrationForms, r.ParticipantForms} {
			for _, f := range fs {
				if _, ok := f.Info(); !ok {
					return nil, fmt.Errorf("eligibility rule %s: unknown work form %q", r.ID, f)
				}
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
// (eligible, then to verify, then not eligible); between equal verdicts
// the first rule of the table, unless a later one to verify or not
// eligible met more of its conditions (an expired recognition says more
// than a missing work form). today is the date used when the lot has no
// dates. A kind without rules (no clause) is not_applicable.
func Check(lists CodeLists, e *koppel.Enterprise, lot *koppel.Lot, k koppel.ClauseKind, today koppel.Date) koppel.EligibilityCheck {
	best := koppel.EligibilityCheck{Clause: k, Verdict: koppel.NotApplicable, Reason: "Geen voorbehouden opdracht: iedereen mag inschrijven."}
	bestMet := -1
	for _, r := range Rules() {
		if r.Clause != k {
			continue
		}
		c, met := r.check(lists, e, lot, today)
		if bestMet < 0 || better(c.Verdict, met, best.Verdict, bestMet) {
			best, bestMet = c, met
		}
	}
	return best
}

// better reports whether verdict v with met conditions beats w with
// wMet: a better verdict, or an equal one short of eligible that met more.
func better(v koppel.Eligibility, met int, w koppel.Eligibility, wMet int) bool {
	return rank(v) > rank(w) || rank(v) == rank(w) && v != koppel.Eligible && met > wMet
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

// cond is the outcome of one condition: Eligible (met), NotEligible
// (fails) or ToVerify (unknown), with what it established or why not.
type cond struct {
	v      koppel.Eligibility
	reason string
}

// verdict combines the conditions of a rule: the worst definite failure,
// else to verify when any is unknown, else eligible. The reason is that of
// the first failure, else those of the unknowns, else those of the met
// conditions (the recognition and the figure that decided), else the
// rule's description. met counts the conditions met.
func (r Rule) verdict(conds []cond) (v koppel.Eligibility, reason string, met int) {
	var failed, unknown, ok []string
	for _, c := range conds {
		switch c.v {
		case koppel.NotEligible:
			failed = append(failed, c.reason)
		case koppel.ToVerify:
			unknown = append(unknown, c.reason)
		default:
			met++
			if c.reason != "" {
				ok = append(ok, c.reason)
			}
		}
	}
	switch {
	case len(failed) > 0:
		return koppel.NotEligible, failed[0], met
	case len(unknown) > 0:
		return koppel.ToVerify, strings.Join(unknown, " "), met
	case len(ok) > 0:
		return koppel.Eligible, strings.Join(ok, " "), met
	}
	return koppel.Eligible, r.Description, met
}

// check evaluates the rule and returns its verdict and how many of its
// conditions were met.
func (r Rule) check(lists CodeLists, e *koppel.Enterprise, lot *koppel.Lot, today koppel.Date) (koppel.EligibilityCheck, int) {
	out := koppel.EligibilityCheck{Clause: r.Clause, Rule: r.ID, LegalBasis: r.LegalBasis}
	if r.Open {
		out.Verdict, out.Reason, out.StrongPartner = koppel.Eligible, r.openReason(e), r.strongPartner(e)
		return out, 1
	}
	var common []cond
	if r.CPVList != "" {
		if outside := outsideSocialServices(lists, lot); outside != "" {
			common = append(common, cond{koppel.ToVerify, fmt.Sprintf("Deze clausule is alleen toegelaten voor sociale, gezondheids- en culturele diensten: %s. Vraag de aankoper de clausule na te kijken.", outside)})
		} else {
			common = append(common, cond{koppel.Eligible, ""})
		}
	}
	if r.PublicServiceMission {
		switch {
		case e.PublicServiceMission == nil:
			common = append(common, cond{koppel.ToVerify, fmt.Sprintf("Niet bekend of %s een organisatie met een openbaredienstverleningstaak is die haar winst herinvesteert.", e.Name)})
		case !*e.PublicServiceMission:
			common = append(common, cond{koppel.NotEligible, fmt.Sprintf("%s is geen organisatie met een openbaredienstverleningstaak.", e.Name)})
		default:
			common = append(common, cond{koppel.Eligible, ""})
		}
	}
	if len(r.Forms) == 0 {
		conds := common
		if r.MinTargetShare > 0 {
			conds = append(conds, r.shareCond(e, nil))
		}
		met := 0
		out.Verdict, out.Reason, met = r.verdict(conds)
		return out, met
	}
	// The rule for each work form of the rule the enterprise has, in the
	// order of the rule's forms; the best wins.
	bestMet := -1
	for _, f := range r.Forms {
		for i := range e.Recognitions {
			rec := &e.Recognitions[i]
			if rec.Form != f {
				continue
			}
			conds := append(append([]cond{}, common...), cond{koppel.Eligible, ""})
			info, _ := f.Info()
			switch {
			case r.RecognitionValid && info.Recognised:
				conds = append(conds, recognitionCond(*rec, lot, today))
			case info.Recognised && r.MinTargetShare > 0:
				// The declared share decides, but a recognition known to
				// have ended no longer shows the aim.
				if c := recognitionCond(*rec, lot, today); c.v == koppel.NotEligible {
					conds = append(conds, cond{koppel.ToVerify, strings.TrimSuffix(c.reason, ".") + ": vraag na of de integratie van doelgroepwerknemers nog het hoofddoel is."})
				}
			}
			if r.MinTargetShare > 0 {
				conds = append(conds, r.shareCond(e, rec))
			}
			v, reason, met := r.verdict(conds)
			if bestMet < 0 || better(v, met, out.Verdict, bestMet) {
				out.Verdict, out.Reason, bestMet = v, reason, met
			}
		}
	}
	if bestMet >= 0 {
		return out, bestMet
	}
	// No such work form: that condition fails.
	conds := append(append([]cond{}, common...), cond{koppel.NotEligible, fmt.Sprintf("%s heeft geen erkenning als %s.", e.Name, formsText(r.Forms))})
	v, reason, met := r.verdict(conds)
	out.Verdict, out.Reason = v, reason
	return out, met
}

// recognitionCond says whether the recognition is valid over the lot's
// period (its dates, else today).
func recognitionCond(rec koppel.Recognition, lot *koppel.Lot, today koppel.Date) cond {
	start, end := lot.Start, lot.End
	if start.IsZero() {
		start = today
	}
	if end.IsZero() {
		end = start
	}
	label := recognitionLabel(rec)
	switch {
	case rec.ValidFrom.IsZero() && rec.ValidTo.IsZero():
		return cond{koppel.ToVerify, fmt.Sprintf("Erkenning als %s zonder geldigheidsdata: vraag het erkenningsbesluit op.", label)}
	case !rec.ValidOn(start):
		if lot.Start.IsZero() {
			// The lot has no start date: do not invent one.
			return cond{koppel.NotEligible, fmt.Sprintf("Erkenning als %s is vandaag, %s, niet geldig (geldig %s); het perceel heeft geen startdatum.", label, start.Dutch(), period(rec))}
		}
		return cond{koppel.NotEligible, fmt.Sprintf("Erkenning als %s is niet geldig bij de start van de opdracht op %s (geldig %s).", label, start.Dutch(), period(rec))}
	case !rec.ValidOn(end):
		return cond{koppel.ToVerify, fmt.Sprintf("Erkenning als %s loopt af op %s, voor het einde van de opdracht op %s: vraag naar de verlenging.", label, rec.ValidTo.Dutch(), end.Dutch())}
	}
	return cond{koppel.Eligible, fmt.Sprintf("Erkenning als %s geldig %s.", label, period(rec))}
}

// shareCond says whether the declared target-group share of the employees
// reaches MinTargetShare, for the enterprise as work form rec (nil: as
// itself, a rule without forms).
func (r Rule) shareCond(e *koppel.Enterprise, rec *koppel.Recognition) cond {
	need := num(r.MinTargetShare*100) + " %"
	if rec != nil && slices.Contains(r.ParticipantForms, rec.Form) {
		return cond{koppel.ToVerify, fmt.Sprintf("De deelnemers aan %s werken zonder arbeidsovereenkomst en tellen niet als werknemers: de VTE-cijfers van %s tonen niet of minstens %s van de werknemers doelgroepwerknemers zijn. Vraag dat aandeel op.", strings.ToLower(rec.Form.Label()), e.Name, need)}
	}
	share, ok := e.TargetShare()
	if !ok {
		return cond{koppel.ToVerify, fmt.Sprintf("De VTE-cijfers van %s zijn niet bekend: vraag het aandeel doelgroepwerknemers op (minstens %s nodig).", e.Name, need)}
	}
	figure := shareText(e, share) + " volgens de eigen opgave"
	switch {
	case share < r.MinTargetShare:
		return cond{koppel.NotEligible, fmt.Sprintf("%s: minder dan de vereiste %s.", upperFirst(figure), need)}
	case rec == nil:
		return cond{koppel.Eligible, fmt.Sprintf("%s, minstens de vereiste %s.", upperFirst(figure), need)}
	case slices.Contains(r.IntegrationForms, rec.Form):
		return cond{koppel.Eligible, fmt.Sprintf("%s: %s, minstens de vereiste %s.", shareLabel(*rec), figure, need)}
	}
	return cond{koppel.ToVerify, fmt.Sprintf("%s, minstens de vereiste %s, maar een %s heeft niet vanzelf de sociale en professionele integratie van doelgroepwerknemers als hoofddoel: vraag dat na.", upperFirst(figure), need, strings.ToLower(rec.Form.Label()))}
}

// onlyParticipants reports whether all work forms of e are forms whose
// people are no employees (and it has at least one).
func (r Rule) onlyParticipants(e *koppel.Enterprise) bool {
	for _, rec := range e.Recognitions {
		if !slices.Contains(r.ParticipantForms, rec.Form) {
			return false
		}
	}
	return len(e.Recognitions) > 0
}

// strongPartner reports whether e's declared share of target-group
// employees makes it a strong partner under an open rule.
func (r Rule) strongPartner(e *koppel.Enterprise) bool {
	if r.TransitionPartner && e.TransitionPaths {
		return true
	}
	share, ok := e.TargetShare()
	return ok && share >= r.MinTargetShare && !r.onlyParticipants(e)
}

func (r Rule) openReason(e *koppel.Enterprise) string {
	share, ok := e.TargetShare()
	switch {
	case r.TransitionPartner && e.TransitionPaths:
		return fmt.Sprintf("Iedereen mag inschrijven; %s heeft doorstroomtrajecten en kan stagiairs aanleveren.", e.Name)
	case r.onlyParticipants(e):
		return fmt.Sprintf("Iedereen mag inschrijven; de deelnemers aan %s werken zonder arbeidsovereenkomst en tellen niet als doelgroepwerknemers.", strings.ToLower(e.Recognitions[0].Form.Label()))
	case r.strongPartner(e):
		return fmt.Sprintf("Iedereen mag inschrijven; met %s volgens de eigen opgave is %s een sterke partner of onderaannemer.", shareText(e, share), e.Name)
	case ok:
		return fmt.Sprintf("Iedereen mag inschrijven (%s volgens de eigen opgave).", shareText(e, share))
	}
	return "Iedereen mag inschrijven; het aandeel doelgroepwerknemers is niet bekend."
}

// shareText writes the declared figures: "5 van 10 VTE
// doelgroepwerknemers = 50 %".
func shareText(e *koppel.Enterprise, share float64) string {
	return fmt.Sprintf("%s van %s VTE doelgroepwerknemers = %s %%", num(*e.FTETarget), num(*e.FTETotal), num(share*100))
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
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
