package clauses

import (
	"sort"
	"strings"

	"koppel"
	"koppel/i18n"
)

// Candidate is an enterprise that can serve a lot (its place is covered
// and its offering fits the lot's CPV or category), as the market scan
// counts it.
type Candidate struct {
	Enterprise *koppel.Enterprise
	Offering   string   // title of its best offering for the lot
	DistanceKm *float64 // from the place of performance, when known
	// CapacityFTE is what the enterprise says it can take on, in FTE; 0 when
	// its offering gives no capacity in FTE.
	CapacityFTE float64
}

// Thresholds steer the recommendation. They start from the practice of
// "Le Marché de l'inclusion" (enough suppliers for real competition →
// reserve) and are configurable per deployment.
type Thresholds struct {
	// ReserveContract: at least this many eligible enterprises that can each
	// carry the whole volume → reserve the contract.
	ReserveContract int `json:"reserve_contract"`
	// ReserveLot: at least this many eligible enterprises → reserve a lot
	// (the part they can carry).
	ReserveLot int `json:"reserve_lot"`
	// Condition: at least this many social-economy enterprises that can
	// serve the lot (eligible or not) → a social execution condition with
	// subcontracting; fewer → a social award criterion.
	Condition int `json:"condition"`
}

// DefaultThresholds are 3 / 2 / 2.
func DefaultThresholds() Thresholds {
	return Thresholds{ReserveContract: 3, ReserveLot: 2, Condition: 2}
}

// KindCount is the scan of one reserved clause kind.
type KindCount struct {
	Eligible    int `json:"eligible"`
	ToVerify    int `json:"to_verify"`
	NotEligible int `json:"not_eligible"`
	// CanCarry counts the eligible enterprises whose capacity covers the
	// whole need on its own.
	CanCarry int `json:"can_carry"`
	// CapacityFTE is the total capacity of the eligible enterprises.
	CapacityFTE float64 `json:"capacity_fte"`
	// Allowed is false when the kind is not permitted for the lot (e.g.
	// res-pub-ser outside the social-service CPV list).
	// Why says why not, in the language of the scan (ScanLotIn).
	Allowed bool   `json:"allowed"`
	Why     string `json:"why,omitempty"`
}

// Scan is the market scan of a lot: how many enterprises can serve it,
// split by eligibility for each reserved kind, with their capacity.
type Scan struct {
	Candidates int                             `json:"candidates"`
	NeedFTE    float64                         `json:"need_fte"`
	ByKind     map[koppel.ClauseKind]KindCount `json:"by_kind"`
	Best       []ScanEnterprise                `json:"best"`
	// TransitionPaths counts the candidates that run transition paths
	// (doorstroomtrajecten): the partners of the internship clause.
	TransitionPaths int `json:"transition_paths"`
}

// ScanEnterprise is one of the best candidates, named for the buyer.
type ScanEnterprise struct {
	KBO         koppel.KBO         `json:"kbo"`
	Name        string             `json:"name"`
	WorkForms   []koppel.WorkForm  `json:"work_forms"`
	Offering    string             `json:"offering"`
	DistanceKm  *float64           `json:"distance_km,omitempty"`
	CapacityFTE float64            `json:"capacity_fte,omitempty"`
	Verdict     koppel.Eligibility `json:"res_ws"`
	// TransitionPaths is set when the enterprise runs transition paths.
	TransitionPaths bool `json:"transition_paths,omitempty"`
}

// reservedKinds are the kinds the scan counts.
var reservedKinds = []koppel.ClauseKind{koppel.ClauseReservedWS, koppel.ClauseReservedExecution, koppel.ClauseReservedPubSer}

// ScanLot counts the candidates of a lot by eligibility for each reserved
// kind. Candidates come best first; the first five are named. Why a kind
// is not allowed is said in Dutch (ScanLotIn says it in a language).
func ScanLot(lists CodeLists, lot *koppel.Lot, cands []Candidate, today koppel.Date) Scan {
	return ScanLotIn(i18n.NL, lists, lot, cands, today)
}

// ScanLotIn is ScanLot with why a kind is not allowed written in l.
func ScanLotIn(l i18n.Lang, lists CodeLists, lot *koppel.Lot, cands []Candidate, today koppel.Date) Scan {
	s := Scan{Candidates: len(cands), NeedFTE: lot.VolumeFTE, ByKind: map[koppel.ClauseKind]KindCount{}}
	for _, k := range reservedKinds {
		kc := KindCount{Allowed: true}
		if k == koppel.ClauseReservedPubSer {
			if outside := outsideSocialServices(l, lists, lot); outside != "" {
				kc.Allowed, kc.Why = false, i18n.T(l, "eligibility.scan_social_only", "Outside", outside)
			}
		}
		for _, c := range cands {
			if !kc.Allowed {
				break
			}
			switch Check(lists, c.Enterprise, lot, k, today).Verdict {
			case koppel.Eligible:
				kc.Eligible++
				kc.CapacityFTE += c.CapacityFTE
				if lot.VolumeFTE > 0 && c.CapacityFTE >= lot.VolumeFTE {
					kc.CanCarry++
				}
			case koppel.ToVerify:
				kc.ToVerify++
			default:
				kc.NotEligible++
			}
		}
		if lot.VolumeFTE <= 0 && kc.Allowed {
			kc.CanCarry = kc.Eligible // no volume given: every eligible one counts
		}
		s.ByKind[k] = kc
	}
	for _, c := range cands {
		if c.Enterprise.TransitionPaths {
			s.TransitionPaths++
		}
	}
	for i, c := range cands {
		if i == 5 {
			break
		}
		se := ScanEnterprise{KBO: c.Enterprise.KBO, Name: c.Enterprise.Name, Offering: c.Offering, DistanceKm: c.DistanceKm, CapacityFTE: c.CapacityFTE,
			Verdict: Check(lists, c.Enterprise, lot, koppel.ClauseReservedWS, today).Verdict, TransitionPaths: c.Enterprise.TransitionPaths}
		for _, r := range c.Enterprise.Recognitions {
			se.WorkForms = append(se.WorkForms, r.Form)
		}
		s.Best = append(s.Best, se)
	}
	return s
}

// outsideSocialServices says why a lot is not a social, health or cultural
// service (art. 77): its main CPV code (the first) is not on the eForms list
// social-service-cpv. It returns "" when it is; the reason is in l.
func outsideSocialServices(l i18n.Lang, lists CodeLists, lot *koppel.Lot) string {
	if len(lot.CPV) == 0 {
		return i18n.T(l, "eligibility.no_cpv")
	}
	if !lists.IsSocialServiceCPV(lot.CPV[0]) {
		return i18n.T(l, "eligibility.not_social_cpv", "CPV", string(lot.CPV[0]))
	}
	return ""
}

// Recommendation is the advice for a lot, with its reasons in plain Dutch.
type Recommendation struct {
	Kind   koppel.ClauseKind `json:"kind"`
	Reason string            `json:"reason_nl"`
	// Split, when set, advises to split the volume into lots that the
	// eligible enterprises can carry.
	Split *SplitAdvice `json:"split,omitempty"`
	// Also are clauses advised beside Kind: the internship clause beside
	// a reservation or an award criterion.
	Also []Advice `json:"also,omitempty"`
}

// Advice is a clause advised beside the main one, with its reason.
type Advice struct {
	Kind   koppel.ClauseKind `json:"kind"`
	Reason string            `json:"reason_nl"`
}

// SplitAdvice says how to split a lot.
type SplitAdvice struct {
	Lots      int     `json:"lots"`
	FTEPerLot float64 `json:"fte_per_lot"`
	Reason    string  `json:"reason_nl"`
}

// Recommend turns a scan into advice: reserve the contract when enough
// eligible enterprises can each carry it, reserve a lot when there are some,
// otherwise a social execution condition (with subcontracting) or a social
// award criterion. It works on res-ws, the usual reservation in Flanders.
// When candidates run transition paths it advises internship places: as
// the execution condition itself, or beside the reservation or the award
// criterion.
func Recommend(s Scan, th Thresholds) Recommendation { return RecommendIn(i18n.NL, s, th) }

// RecommendIn is Recommend with the reasons written in lang.
func RecommendIn(l i18n.Lang, s Scan, th Thresholds) Recommendation {
	r := recommendMain(l, s, th)
	if s.TransitionPaths == 0 {
		return r
	}
	who := i18n.N(l, "advice.transition_who", s.TransitionPaths)
	if r.Kind == koppel.ClauseExecutionCondition {
		r.Kind = koppel.ClauseInternship
		r.Reason += " " + i18n.T(l, "advice.internship_condition", "Who", who)
		return r
	}
	r.Also = append(r.Also, Advice{Kind: koppel.ClauseInternship,
		Reason: i18n.T(l, "advice.internship_also", "Who", who)})
	return r
}

// recommendMain chooses the main clause from the res-ws scan.
func recommendMain(l i18n.Lang, s Scan, th Thresholds) Recommendation {
	ws := s.ByKind[koppel.ClauseReservedWS]
	need := s.NeedFTE
	num := func(f float64) string { return i18n.Number(l, f, 1) }
	numbers := i18n.T(l, "advice.numbers", "Candidates", s.Candidates, "Eligible", ws.Eligible)
	if ws.ToVerify > 0 {
		numbers += i18n.T(l, "advice.to_verify", "N", ws.ToVerify)
	}
	switch {
	case ws.CanCarry >= th.ReserveContract:
		r := Recommendation{Kind: koppel.ClauseReservedWS}
		if need > 0 {
			r.Reason = i18n.T(l, "advice.reserve_carry", "Numbers", numbers, "N", ws.CanCarry, "Need", num(need))
		} else {
			r.Reason = i18n.T(l, "advice.reserve", "Numbers", numbers)
		}
		return r
	case ws.Eligible >= th.ReserveContract && need > 0 && ws.CapacityFTE > 0:
		// Enough eligible enterprises, none big enough alone: split.
		per := ws.CapacityFTE / float64(ws.Eligible)
		lots := int(need/per + 0.999)
		if lots < 2 {
			lots = 2
		}
		size := need / float64(lots)
		return Recommendation{Kind: koppel.ClauseReservedWS,
			Reason: i18n.T(l, "advice.split", "Numbers", numbers, "Need", num(need), "Capacity", num(ws.CapacityFTE)),
			Split:  &SplitAdvice{Lots: lots, FTEPerLot: round1(size), Reason: i18n.T(l, "advice.split_lots", "Lots", lots, "Size", num(round1(size)), "Per", num(round1(per)))}}
	case ws.Eligible >= th.ReserveLot:
		r := Recommendation{Kind: koppel.ClauseReservedWS, Reason: i18n.T(l, "advice.reserve_lot", "Numbers", numbers)}
		if need > 0 && ws.CapacityFTE > 0 && ws.CapacityFTE < need {
			r.Split = &SplitAdvice{Lots: 2, FTEPerLot: round1(ws.CapacityFTE), Reason: i18n.T(l, "advice.reserve_lot_size", "FTE", num(round1(ws.CapacityFTE)))}
		}
		return r
	case s.Candidates >= th.Condition:
		return Recommendation{Kind: koppel.ClauseExecutionCondition, Reason: i18n.T(l, "advice.condition", "Numbers", numbers)}
	}
	return Recommendation{Kind: koppel.ClauseAwardCriterion, Reason: i18n.T(l, "advice.award", "Numbers", numbers)}
}

// Draft is a filled-in clause with what the buyer must publish and decide.
// Its legal basis, risks and points to decide are in the language it was
// drafted in (DraftClauseIn); the texts are Dutch and French.
type Draft struct {
	Kind       koppel.ClauseKind `json:"kind"`
	Label      string            `json:"label"`
	TextNL     string            `json:"text_nl"`
	TextFR     string            `json:"text_fr,omitempty"`
	LegalBasis string            `json:"legal_basis"`
	EForms     map[string]any    `json:"eforms"`
	Risks      []string          `json:"risks"`
	ToDecide   []string          `json:"to_decide"`
}

// DraftClause fills in the clause of kind k. Returns EINVALID when the kind
// is not allowed for the lot (res-pub-ser outside the social services).
// Its legal basis, risks and points to decide are in Dutch (DraftClauseIn
// writes them in a language).
func (c *Library) DraftClause(lists CodeLists, k koppel.ClauseKind, lot *koppel.Lot, p TemplateParams) (*Draft, error) {
	return c.DraftClauseIn(i18n.NL, lists, k, lot, p)
}

// DraftClauseIn is DraftClause with the legal basis, the risks and the
// points to decide written in l. The clause texts stay Dutch and French.
func (c *Library) DraftClauseIn(l i18n.Lang, lists CodeLists, k koppel.ClauseKind, lot *koppel.Lot, p TemplateParams) (*Draft, error) {
	cl, ok := c.Clause(k)
	if !ok {
		return nil, koppel.Errorf(koppel.EINVALID, "onbekende sociale clausule %q", k).WithKey("error.clause_unknown", "Value", string(k))
	}
	if k == koppel.ClauseReservedPubSer {
		if outside := outsideSocialServices(i18n.NL, lists, lot); outside != "" {
			return nil, koppel.Errorf(koppel.EINVALID, "%s is alleen toegelaten voor sociale, gezondheids- en culturele diensten (eForms-lijst social-service-cpv): %s", cl.LabelNL, outside).
				WithKey("error.clause_social_services", "Clause", cl.label(), "Outside", i18n.Localized(func(l i18n.Lang) string { return outsideSocialServices(l, lists, lot) }))
		}
	}
	var decide []string
	if p.Percent <= 0 && strings.Contains(cl.TemplateNL, ".Percent") {
		p.Percent = 10
		decide = append(decide, i18n.T(l, "eligibility.decide_percent", "Percent", percent(l, 10)))
	}
	if p.Weight <= 0 && strings.Contains(cl.TemplateNL, ".Weight") {
		p.Weight = 15
		decide = append(decide, i18n.T(l, "eligibility.decide_weight", "Weight", percent(l, 15)))
	}
	if p.Places <= 0 && strings.Contains(cl.TemplateNL, ".Places") {
		p.Places = 2
		decide = append(decide, i18n.T(l, "eligibility.decide_places", "Places", 2))
	}
	if p.Buyer == "" {
		p.Buyer, p.BuyerFR = "de aanbestedende overheid", "le pouvoir adjudicateur"
		decide = append(decide, i18n.T(l, "eligibility.decide_buyer"))
	}
	if p.Object == "" {
		p.Object, p.ObjectFR = "deze opdracht", "ce marché"
	}
	text, err := cl.Text("nl", p)
	if err != nil {
		return nil, err
	}
	d := &Draft{Kind: k, Label: cl.LabelNL, TextNL: text, LegalBasis: cl.LegalBasisIn(l), EForms: cl.EFormsCodes(p), Risks: cl.RisksIn(l)}
	if fr, err := cl.Text("fr", p); err == nil {
		d.TextFR = fr
	}
	switch k {
	case koppel.ClauseReservedWS:
		decide = append(decide, i18n.T(l, "eligibility.decide_ws_proof", "Share", percent(l, 30)), i18n.T(l, "eligibility.decide_ws_scope"))
	case koppel.ClauseReservedPubSer:
		decide = append(decide, i18n.T(l, "eligibility.decide_pubser_term"))
	case koppel.ClauseReservedExecution:
		decide = append(decide, i18n.T(l, "eligibility.decide_sheltered_proof"))
	case koppel.ClauseExecutionCondition, koppel.ClauseSubcontracting:
		decide = append(decide, i18n.T(l, "eligibility.decide_condition_proof"))
	case koppel.ClauseAwardCriterion:
		decide = append(decide, i18n.T(l, "eligibility.decide_other_criteria"))
	case koppel.ClauseInternship:
		decide = append(decide, i18n.T(l, "eligibility.decide_internship_who"), i18n.T(l, "eligibility.decide_internship_work"), i18n.T(l, "eligibility.decide_internship_none"))
	}
	d.ToDecide = decide
	sort.Strings(d.Risks)
	return d, nil
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }
