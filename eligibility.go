package koppel

// Eligibility is the outcome of a legal eligibility rule for a clause.
type Eligibility string

// Eligibility outcomes. ToVerify is given when the data cannot decide (for
// example unknown FTE figures); Koppel never guesses.
const (
	Eligible    Eligibility = "eligible"
	NotEligible Eligibility = "not_eligible"
	ToVerify    Eligibility = "to_verify"
	// NotApplicable: the lot has no reserved clause, anyone may bid.
	NotApplicable Eligibility = "not_applicable"
)

// EligibilityCheck is the verdict of one rule for one enterprise and clause,
// with the figures it used.
type EligibilityCheck struct {
	Clause     ClauseKind  `json:"clause"`
	Rule       string      `json:"rule"` // rule ID in the rule table
	Verdict    Eligibility `json:"verdict"`
	Reason     string      `json:"reason"`      // plain words in the asked language (Dutch by default), with the figures
	LegalBasis string      `json:"legal_basis"` // in the same language as Reason
	// StrongPartner marks, for open clauses, an enterprise whose target-group
	// share makes it a strong partner or subcontractor.
	StrongPartner bool `json:"strong_partner,omitempty"`
}
