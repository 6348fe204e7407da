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
	Reason     string      `json:"reason"` // plain Dutch, with the figures
	LegalBasis string      `json:"legal_basis"`
	// StrongPartner marks, for open clauses, an enterprise whose target-group
	// share makes it a strong partner or subcontractor.
	StrongPartner bool `json:"strong_partner,omitempty"`
}

// Match is one enterprise (and its best offering) proposed for a lot, with
// the explanation of its score.
type Match struct {
	Enterprise  KBO                `json:"enterprise"`
	Name        string             `json:"name"`
	OfferingID  string             `json:"offering_id"`
	Offering    string             `json:"offering"`
	Score       float64            `json:"score"`
	Explanation Explanation        `json:"explanation"`
	Eligibility []EligibilityCheck `json:"eligibility"`
}

// Explanation says why a match was proposed.
type Explanation struct {
	Terms      []string `json:"terms,omitempty"` // query terms that matched
	CPVShared  string   `json:"cpv_shared_prefix,omitempty"`
	CPVOffer   CPV      `json:"cpv_offering,omitempty"`
	CPVLot     CPV      `json:"cpv_lot,omitempty"`
	DistanceKm *float64 `json:"distance_km,omitempty"`
	InArea     bool     `json:"in_service_area"`
	// Parts is the score broken down by factor (text, cpv, distance,
	// capacity, recognition).
	Parts map[string]float64 `json:"parts,omitempty"`
}
