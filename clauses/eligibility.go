package clauses

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"koppel"
	"koppel/i18n"
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
	// DescriptionFR and DescriptionEN are the description in French and
	// English.
	DescriptionFR string `json:"description_fr"`
	DescriptionEN string `json:"description_en"`
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
	// LegalBasisFR and LegalBasisEN are the legal basis in French (the
	// official title of the Belgian law) and English: the same articles.
	LegalBasisFR string `json:"legal_basis_fr"`
	LegalBasisEN string `json:"legal_basis_en"`
}

// legalBasis is the rule's legal basis in l.
func (r Rule) legalBasis(l i18n.Lang) string {
	return inLang(l, r.LegalBasis, r.LegalBasisFR, r.LegalBasisEN)
}

// description is the rule's description in l.
func (r Rule) description(l i18n.Lang) string {
	return inLang(l, r.Description, r.DescriptionFR, r.DescriptionEN)
}

// inLang picks the text of l among a Dutch, a French and an English one.
func inLang(l i18n.Lang, nl, fr, en string) string {
	switch l {
	case i18n.FR:
		return fr
	case i18n.EN:
		return en
	}
	return nl
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
		if r.LegalBasis == "" || r.LegalBasisFR == "" || r.LegalBasisEN == "" {
			return nil, fmt.Errorf("eligibility rule %s: no legal basis in nl, fr and en", r.ID)
		}
		if r.Description == "" || r.DescriptionFR == "" || r.DescriptionEN == "" {
			return nil, fmt.Errorf("eligibility rule %s: no description in nl, fr and en", r.ID)
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
// dates. A kind without rules (no clause) is not_applicable. The reason
// and the legal basis are in Dutch (CheckIn writes them in a language).
func Check(lists CodeLists, e *koppel.Enterprise, lot *koppel.Lot, k koppel.ClauseKind, today koppel.Date) koppel.EligibilityCheck {
	return CheckIn(i18n.NL, lists, e, lot, k, today)
}

// CheckIn is Check with the reason and the legal basis written in l.
func CheckIn(l i18n.Lang, lists CodeLists, e *koppel.Enterprise, lot *koppel.Lot, k koppel.ClauseKind, today koppel.Date) koppel.EligibilityCheck {
	best := koppel.EligibilityCheck{Clause: k, Verdict: koppel.NotApplicable, Reason: i18n.T(l, "eligibility.not_reserved")}
	bestMet := -1
	for _, r := range Rules() {
		if r.Clause != k {
			continue
		}
		c, met := r.check(l, lists, e, lot, today)
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

// CheckLotIn checks e against every clause of the lot and returns the
// verdict that decides: a reserved clause decides over an open one, and
// the worst reserved verdict counts (a lot with two reserved clauses needs
// both). A lot without clauses is not_applicable. The reason and the
// legal basis are written in l.
func CheckLotIn(l i18n.Lang, lists CodeLists, e *koppel.Enterprise, lot *koppel.Lot, today koppel.Date) koppel.EligibilityCheck {
	out := koppel.EligibilityCheck{Verdict: koppel.NotApplicable, Reason: i18n.T(l, "eligibility.no_clause")}
	reserved := false
	for _, cl := range lot.Clauses {
		c := CheckIn(l, lists, e, lot, cl.Kind, today)
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
// rule's description (in l). met counts the conditions met.
func (r Rule) verdict(l i18n.Lang, conds []cond) (v koppel.Eligibility, reason string, met int) {
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
	return koppel.Eligible, r.description(l), met
}

// check evaluates the rule and returns its verdict and how many of its
// conditions were met; its reason and legal basis are in l.
func (r Rule) check(l i18n.Lang, lists CodeLists, e *koppel.Enterprise, lot *koppel.Lot, today koppel.Date) (koppel.EligibilityCheck, int) {
	out := koppel.EligibilityCheck{Clause: r.Clause, Rule: r.ID, LegalBasis: r.legalBasis(l)}
	if r.Open {
		out.Verdict, out.Reason, out.StrongPartner = koppel.Eligible, r.openReason(l, e), r.strongPartner(e)
		return out, 1
	}
	var common []cond
	if r.CPVList != "" {
		if outside := outsideSocialServices(l, lists, lot); outside != "" {
			common = append(common, cond{koppel.ToVerify, i18n.T(l, "eligibility.social_services_only", "Outside", outside)})
		} else {
			common = append(common, cond{koppel.Eligible, ""})
		}
	}
	if r.PublicServiceMission {
		switch {
		case e.PublicServiceMission == nil:
			common = append(common, cond{koppel.ToVerify, i18n.T(l, "eligibility.mission_unknown", "Name", e.Name)})
		case !*e.PublicServiceMission:
			common = append(common, cond{koppel.NotEligible, i18n.T(l, "eligibility.mission_no", "Name", e.Name)})
		default:
			common = append(common, cond{koppel.Eligible, ""})
		}
	}
	if len(r.Forms) == 0 {
		conds := common
		if r.MinTargetShare > 0 {
			conds = append(conds, r.shareCond(l, e, nil))
		}
		met := 0
		out.Verdict, out.Reason, met = r.verdict(l, conds)
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
				conds = append(conds, recognitionCond(l, *rec, lot, today))
			case info.Recognised && r.MinTargetShare > 0:
				// The declared share decides, but a recognition known to
				// have ended no longer shows the aim.
				if c := recognitionCond(l, *rec, lot, today); c.v == koppel.NotEligible {
					conds = append(conds, cond{koppel.ToVerify, i18n.T(l, "eligibility.aim_still", "Reason", strings.TrimSuffix(c.reason, "."))})
				}
			}
			if r.MinTargetShare > 0 {
				conds = append(conds, r.shareCond(l, e, rec))
			}
			v, reason, met := r.verdict(l, conds)
			if bestMet < 0 || better(v, met, out.Verdict, bestMet) {
				out.Verdict, out.Reason, bestMet = v, reason, met
			}
		}
	}
	if bestMet >= 0 {
		return out, bestMet
	}
	// No such work form: that condition fails.
	conds := append(append([]cond{}, common...), cond{koppel.NotEligible, i18n.T(l, "eligibility.no_recognition", "Name", e.Name, "Forms", formsText(l, r.Forms))})
	v, reason, met := r.verdict(l, conds)
	out.Verdict, out.Reason = v, reason
	return out, met
}

// recognitionCond says whether the recognition is valid over the lot's
// period (its dates, else today), in l.
func recognitionCond(l i18n.Lang, rec koppel.Recognition, lot *koppel.Lot, today koppel.Date) cond {
	start, end := lot.Start, lot.End
	if start.IsZero() {
		start = today
	}
	if end.IsZero() {
		end = start
	}
	label := recognitionLabel(l, rec)
	switch {
	case rec.ValidFrom.IsZero() && rec.ValidTo.IsZero():
		return cond{koppel.ToVerify, i18n.T(l, "eligibility.recognition_undated", "Label", label)}
	case !rec.ValidOn(start):
		if lot.Start.IsZero() {
			// The lot has no start date: do not invent one.
			return cond{koppel.NotEligible, i18n.T(l, "eligibility.recognition_not_today", "Label", label, "Today", start.Dutch(), "Period", period(l, rec))}
		}
		return cond{koppel.NotEligible, i18n.T(l, "eligibility.recognition_not_at_start", "Label", label, "Start", start.Dutch(), "Period", period(l, rec))}
	case !rec.ValidOn(end):
		return cond{koppel.ToVerify, i18n.T(l, "eligibility.recognition_ends", "Label", label, "To", rec.ValidTo.Dutch(), "End", end.Dutch())}
	}
	return cond{koppel.Eligible, i18n.T(l, "eligibility.recognition_valid", "Label", label, "Period", period(l, rec))}
}

// shareCond says whether the declared target-group share of the employees
// reaches MinTargetShare, for the enterprise as work form rec (nil: as
// itself, a rule without forms), in l.
func (r Rule) shareCond(l i18n.Lang, e *koppel.Enterprise, rec *koppel.Recognition) cond {
	need := percent(l, r.MinTargetShare*100)
	if rec != nil && slices.Contains(r.ParticipantForms, rec.Form) {
		return cond{koppel.ToVerify, i18n.T(l, "eligibility.participants", "Form", lowerForm(l, rec.Form), "Name", e.Name, "Need", need)}
	}
	share, ok := e.TargetShare()
	if !ok {
		return cond{koppel.ToVerify, i18n.T(l, "eligibility.fte_unknown", "Name", e.Name, "Need", need)}
	}
	figure := i18n.T(l, "eligibility.declared", "Share", shareText(l, e, share))
	switch {
	case share < r.MinTargetShare:
		return cond{koppel.NotEligible, i18n.T(l, "eligibility.share_below", "Figure", upperFirst(figure), "Need", need)}
	case rec == nil:
		return cond{koppel.Eligible, i18n.T(l, "eligibility.share_met", "Figure", upperFirst(figure), "Need", need)}
	case slices.Contains(r.IntegrationForms, rec.Form):
		return cond{koppel.Eligible, i18n.T(l, "eligibility.share_met_as", "Form", shareLabel(l, *rec), "Figure", figure, "Need", need)}
	}
	return cond{koppel.ToVerify, i18n.T(l, "eligibility.share_met_aim", "Figure", upperFirst(figure), "Need", need, "Form", lowerForm(l, rec.Form))}
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

// openReason says, in l, that anyone may bid and what e brings.
func (r Rule) openReason(l i18n.Lang, e *koppel.Enterprise) string {
	share, ok := e.TargetShare()
	switch {
	case r.TransitionPartner && e.TransitionPaths:
		return i18n.T(l, "eligibility.open_transition", "Name", e.Name)
	case r.onlyParticipants(e):
		return i18n.T(l, "eligibility.open_participants", "Form", lowerForm(l, e.Recognitions[0].Form))
	case r.strongPartner(e):
		return i18n.T(l, "eligibility.open_strong", "Share", shareText(l, e, share), "Name", e.Name)
	case ok:
		return i18n.T(l, "eligibility.open_share", "Share", shareText(l, e, share))
	}
	return i18n.T(l, "eligibility.open_unknown")
}

// shareText writes the declared figures in l: "5 van 10 VTE
// doelgroepwerknemers = 50 %".
func shareText(l i18n.Lang, e *koppel.Enterprise, share float64) string {
	return i18n.T(l, "eligibility.share", "Target", num(l, *e.FTETarget), "Total", num(l, *e.FTETotal), "Share", percent(l, share*100))
}

// percent writes p (in percent, at most one decimal) in l: "30 %",
// "30 %" (no-break space), "30%".
func percent(l i18n.Lang, p float64) string {
	switch l {
	case i18n.FR:
		return num(l, p) + "\u00a0%"
	case i18n.EN:
		return num(l, p) + "%"
	}
	return num(l, p) + " %"
}

// formLabel names a work form in l: its Dutch label, or the catalogue's
// workform.… in French and English.
func formLabel(l i18n.Lang, f koppel.WorkForm) string {
	if l == i18n.NL {
		return f.Label()
	}
	return i18n.TermText(l, f.Term())
}

// lowerForm names a work form inside a sentence in l: Dutch in lower
// case ("lokale diensteneconomie"), French and English with only the
// first letter lowered, which keeps "(ETA)".
func lowerForm(l i18n.Lang, f koppel.WorkForm) string {
	if l == i18n.NL {
		return strings.ToLower(f.Label())
	}
	s := formLabel(l, f)
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// period writes when a recognition is valid, in l: "van 01/01/2020 tot
// 31/12/2030".
func period(l i18n.Lang, r koppel.Recognition) string {
	switch {
	case r.ValidFrom.IsZero():
		return i18n.T(l, "eligibility.period_to", "To", r.ValidTo.Dutch())
	case r.ValidTo.IsZero():
		return i18n.T(l, "eligibility.period_from", "From", r.ValidFrom.Dutch())
	}
	return i18n.T(l, "eligibility.period", "From", r.ValidFrom.Dutch(), "To", r.ValidTo.Dutch())
}

// formsText names work forms in l: "maatwerkbedrijf, lde of
// invoegbedrijf".
func formsText(l i18n.Lang, fs []koppel.WorkForm) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = lowerForm(l, f)
	}
	if len(s) == 1 {
		return s[0]
	}
	return i18n.T(l, "eligibility.or", "List", strings.Join(s[:len(s)-1], ", "), "Last", s[len(s)-1])
}

func num(l i18n.Lang, f float64) string { return i18n.Number(l, f, 1) }
