package match

import (
	"context"
	"sort"
	"sync"
	"time"

	"koppel"
	"koppel/refdata"
	"koppel/search"
)

// Store is what a Matcher reads from the store; *store.Store implements it
// (and so does indexertest.MemSource, for tests).
type Store interface {
	// FindEnterpriseByKBO returns ENOTFOUND if the enterprise does not exist.
	FindEnterpriseByKBO(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error)
	// FindOffering returns ENOTFOUND if the offering does not exist.
	FindOffering(ctx context.Context, kbo koppel.KBO, id string) (*koppel.Offering, error)
	// FindOfferingsByEnterprise returns all offerings of an enterprise.
	FindOfferingsByEnterprise(ctx context.Context, kbo koppel.KBO) ([]*koppel.Offering, error)
	// FindTenderByID returns ENOTFOUND if the tender does not exist.
	FindTenderByID(ctx context.Context, id string) (*koppel.Tender, error)
}

// enterprise reads an enterprise to rank it, shared when the store can.
func (m *Matcher) enterprise(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error) {
	if r, ok := m.Store.(search.SharedReader); ok {
		e, err := r.SharedEnterprise(ctx, kbo)
		if err != nil {
			return nil, err
		}
		return m.verified(ctx, e)
	}
	return m.findEnterprise(ctx, kbo)
}

// offering reads an offering to rank it, shared when the store can.
func (m *Matcher) offering(ctx context.Context, kbo koppel.KBO, id string) (*koppel.Offering, error) {
	if r, ok := m.Store.(search.SharedReader); ok {
		return r.SharedOffering(ctx, kbo, id)
	}
	return m.Store.FindOffering(ctx, kbo, id)
}

// Page sizes of the matches of one lot, and of the tenders of an
// enterprise.
const (
	DefaultSize = 10
	MaxSize     = 100
	// DefaultCandidates is the number of offerings taken from the index per
	// lot before the hard filters and the re-ranking.
	DefaultCandidates = 200
	// maxOfferings is how many offerings a match shows per enterprise.
	maxOfferings = 3
)

// Matcher matches tender lots and enterprises. Its fields are set once
// before use; it is then safe for concurrent use.
type Matcher struct {
	// Search runs the candidate searches (term at a time, with its caches):
	// the server's Searcher.
	Search *search.Searcher
	Store  Store
	Ref    *refdata.Data
	// Today is the date eligibility uses for lots without dates and the
	// reverse direction uses to tell open tenders; nil means the clock.
	Today func() koppel.Date
	// Weights of the re-ranking score; the zero value means DefaultWeights.
	Weights Weights
	// Candidates is the number of offerings taken from the index per lot;
	// 0 means DefaultCandidates.
	Candidates int
}

// New returns a Matcher that finds candidates with s, reads documents from
// st and resolves places, CPV labels and code lists with ref, with the
// default weights.
func New(s *search.Searcher, st Store, ref *refdata.Data) *Matcher {
	return &Matcher{Search: s, Store: st, Ref: ref}
}

// Options select a page of matches. The zero value gives the first
// DefaultSize matches per lot without not-eligible enterprises.
type Options struct {
	// Page counts from 1; Size is at most MaxSize (0: DefaultSize). For a
	// tender they apply to each lot.
	Page, Size int
	// IncludeIneligible keeps the enterprises that are not eligible for a
	// reserved lot, marked not_eligible, instead of leaving them out.
	IncludeIneligible bool
}

func (o Options) paging() (page, size int, err error) {
	page, size = o.Page, o.Size
	if page == 0 {
		page = 1
	}
	if size == 0 {
		size = DefaultSize
	}
	if page < 1 || size < 1 || size > MaxSize {
		return 0, 0, koppel.Errorf(koppel.EINVALID, "pagina moet 1 of meer zijn en de paginagrootte tussen 1 en %d", MaxSize).WithKey("error.search_page", "Max", MaxSize)
	}
	return page, size, nil
}

// TenderMatches are the matches of every lot of a tender, in the shape of
// the API's JSON (GET /api/v1/tenders/{id}/matches).
type TenderMatches struct {
	Tender TenderRef    `json:"tender"`
	Lots   []LotMatches `json:"lots"`
}

// TenderRef is what a result shows of a tender.
type TenderRef struct {
	ID       string              `json:"id"`
	Title    string              `json:"title"`
	Buyer    string              `json:"buyer,omitempty"`
	Status   koppel.TenderStatus `json:"status,omitempty"`
	Deadline koppel.Date         `json:"deadline"`
}

// LotMatches is one page of the enterprises proposed for a lot, best
// first.
type LotMatches struct {
	LotID        string       `json:"lot_id"`
	Title        string       `json:"title"`
	CPV          []koppel.CPV `json:"cpv"`
	Postcode     string       `json:"postcode,omitempty"`
	Municipality string       `json:"municipality,omitempty"`
	VolumeFTE    float64      `json:"volume_fte,omitempty"`
	Clauses      []ClauseRef  `json:"clauses"`
	// Reserved is true when a clause of the lot reserves it: only eligible
	// enterprises may bid.
	Reserved bool `json:"reserved"`
	// TargetGroups are the target groups the lot wishes (ranked higher).
	TargetGroups []koppel.TargetGroup `json:"target_groups,omitempty"`
	// Total is the number of enterprises the pages hold (after the hard
	// filters). Excluded is the number that fit the lot but may not bid on
	// it: left out, or with IncludeIneligible listed last and counted in
	// Total.
	Total    int `json:"total"`
	Excluded int `json:"excluded_not_eligible"`
	// IncludeIneligible echoes the option: the not-eligible enterprises
	// are in the list, last.
	IncludeIneligible bool    `json:"include_ineligible"`
	Page              int     `json:"page"`
	Size              int     `json:"size"`
	Matches           []Match `json:"matches"`
}

// ClauseRef is a clause of a lot as results show it.
type ClauseRef struct {
	Kind     koppel.ClauseKind `json:"kind"`
	Label    string            `json:"label"`
	Reserved bool              `json:"reserved"`
}

// Match is one enterprise proposed for a lot, with its best offerings and
// why.
type Match struct {
	Rank        int                `json:"rank"`
	Score       float64            `json:"score"`
	Enterprise  EnterpriseRef      `json:"enterprise"`
	Offerings   []OfferingRef      `json:"offerings"`
	Eligibility EligibilityVerdict `json:"eligibility"`
	Explanation Explanation        `json:"explanation"`
}

// EnterpriseRef is what a match shows of an enterprise.
type EnterpriseRef struct {
	KBO          koppel.KBO        `json:"kbo"`
	Name         string            `json:"name"`
	WorkForms    []koppel.WorkForm `json:"work_forms"`
	Postcode     string            `json:"postcode,omitempty"`
	Municipality string            `json:"municipality,omitempty"`
}

// OfferingRef is one offering of a match with its own score.
type OfferingRef struct {
	Code     string          `json:"code"`
	Title    string          `json:"title"`
	Category koppel.Category `json:"category,omitempty"`
	CPV      []koppel.CPV    `json:"cpv"`
	Score    float64         `json:"score"`
}

// EligibilityVerdict is the decisive eligibility verdict for the lot
// (clauses.CheckLotIn), with its rule and legal basis.
type EligibilityVerdict struct {
	Verdict       koppel.Eligibility `json:"verdict"`
	Clause        koppel.ClauseKind  `json:"clause,omitempty"`
	Rule          string             `json:"rule"`
	LegalBasis    string             `json:"legal_basis"`
	Reason        string             `json:"reason"`
	StrongPartner bool               `json:"strong_partner,omitempty"`
}

// Explanation says why an enterprise was proposed: about its best offering.
type Explanation struct {
	// Terms are the words of the lot's text query found in the best
	// offering; empty when its text score is 0.
	Terms []string `json:"terms"`
	// CPV is the closest pair of codes of the lot and the best offering;
	// nil when they share no class (4 digits), which then counts 0.
	CPV *CPVMatch `json:"cpv"`
	// DistanceKm is from the enterprise to the place of performance; nil
	// when either place is unknown.
	DistanceKm *float64 `json:"distance_km"`
	// Capacity compares the best offering's capacity with the lot's need;
	// nil when the offering gives none.
	Capacity *Capacity `json:"capacity"`
	// TargetGroups compares the lot's wished target groups with the
	// enterprise's; nil when the lot wishes none.
	TargetGroups *TargetGroupMatch `json:"target_groups,omitempty"`
	// Parts is the score by factor, each 0..1 before weighting: text, cpv,
	// distance, capacity, recognition, and target_group when the lot
	// wishes target groups.
	Parts map[string]float64 `json:"parts"`
	// Text is one plain sentence in the reader's language (Dutch unless
	// the request asked for French or English).
	Text string `json:"text"`
	// Order says in the reader's language why the enterprise stands below the one
	// ranked right above it (for the first: above the second), by the
	// factor that weighs most between them ("Staat onder … : die
	// onderneming is dichter bij Gent (0 km tegen 27,8 km)"); empty when
	// it is the only match.
	Order string `json:"order,omitempty"`
}

// TargetGroupMatch is how an enterprise meets a lot's wished target
// groups.
type TargetGroupMatch struct {
	Wished []koppel.TargetGroup `json:"wished"`
	// Known is false when the enterprise declared no target groups.
	Known bool `json:"known"`
	// Has are the wished groups it works with, Lacks those it does not
	// (empty when unknown).
	Has   []koppel.TargetGroup `json:"has"`
	Lacks []koppel.TargetGroup `json:"lacks"`
}

// CPVMatch is the shared prefix of a lot code and an offering code.
type CPVMatch struct {
	SharedPrefix string     `json:"shared_prefix"` // significant digits, e.g. "9091"
	Level        string     `json:"level"`         // afdeling, groep, klasse, categorie, code
	Label        string     `json:"label"`         // label of the prefix (or of the offering code) in the reader's language, Dutch when the CPV list lacks it
	Lot          koppel.CPV `json:"lot"`
	Offering     koppel.CPV `json:"offering"`
	// entry is the prefix's (or offering code's) CPV entry, for its name
	// in the reader's language.
	entry koppel.CPVEntry
}

// Capacity is an offering's capacity against the lot's need.
type Capacity struct {
	Offered float64 `json:"offered"`
	// Unit is the unit as the enterprise wrote it in its catalogue
	// ("uur", "stuks", "m²"), in no particular language; the
	// explanation's text says it in the reader's words ("256 hours").
	Unit        string  `json:"unit"`
	RequiredFTE float64 `json:"required_fte,omitempty"`
	// Enough is set when both are in FTE: whether the offering covers the
	// need.
	Enough *bool `json:"enough,omitempty"`
}

func (m *Matcher) today() koppel.Date {
	if m.Today != nil {
		return m.Today()
	}
	return koppel.DateOf(time.Now())
}

func (m *Matcher) candidates() int {
	if m.Candidates > 0 {
		return m.Candidates
	}
	return DefaultCandidates
}

// MatchTender matches every lot of t. Paging applies per lot.
// Returns EINVALID for a bad page or size.
func (m *Matcher) MatchTender(ctx context.Context, t *koppel.Tender, opts Options) (*TenderMatches, error) {
	return m.MatchTenderEach(ctx, t, func(*koppel.Lot) Options { return opts })
}

// MatchTenderEach matches every lot of t with the options opts gives for
// it (the tender page shows one lot at another page). Returns EINVALID for
// a bad page or size.
func (m *Matcher) MatchTenderEach(ctx context.Context, t *koppel.Tender, opts func(*koppel.Lot) Options) (*TenderMatches, error) {
	for i := range t.Lots {
		if _, _, err := opts(&t.Lots[i]).paging(); err != nil {
			return nil, err
		}
	}
	out := &TenderMatches{Tender: tenderRef(t), Lots: make([]LotMatches, len(t.Lots))}
	// The lots are independent: match them side by side.
	errs := make([]error, len(t.Lots))
	var wg sync.WaitGroup
	for i := range t.Lots {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			lm, err := m.MatchLot(ctx, t, &t.Lots[i], opts(&t.Lots[i]))
			if err != nil {
				errs[i] = err
				return
			}
			out.Lots[i] = *lm
		}(i)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// MatchLot matches one lot of t: one page of the enterprises that fit it,
// best first. Returns EINVALID for a bad page or size.
func (m *Matcher) MatchLot(ctx context.Context, t *koppel.Tender, lot *koppel.Lot, opts Options) (*LotMatches, error) {
	page, size, err := opts.paging()
	if err != nil {
		return nil, err
	}
	lc := m.newLot(ctx, lot, lotLanguage(t))
	out := &LotMatches{
		LotID: lot.ID, Title: lot.Title, CPV: nonNil(lot.CPV), Postcode: lot.Postcode, VolumeFTE: lot.VolumeFTE,
		Clauses: clauseRefs(lot), Reserved: lc.reserved, TargetGroups: lot.TargetGroups, Page: page, Size: size, Matches: []Match{},
		IncludeIneligible: opts.IncludeIneligible,
	}
	if lc.place != nil {
		out.Municipality = lc.place.Municipality
	}
	ents, excluded, err := m.rankLot(ctx, lc, opts.IncludeIneligible)
	if err != nil {
		return nil, err
	}
	out.Total, out.Excluded = len(ents), excluded
	from := min((page-1)*size, len(ents))
	to := min(from+size, len(ents))
	for i, em := range ents[from:to] {
		mt := m.buildMatch(lc, em, from+i+1)
		switch at := from + i; {
		case at > 0:
			mt.Explanation.Order = m.orderText(lc, em, ents[at-1], true)
		case len(ents) > 1:
			mt.Explanation.Order = m.orderText(lc, em, ents[1], false)
		}
		out.Matches = append(out.Matches, mt)
	}
	return out, nil
}

// entMatch is an enterprise with its scored offerings for one lot.
type entMatch struct {
	e     *koppel.Enterprise
	place *koppel.Place
	elig  koppel.EligibilityCheck
	offs  []*scoredOffering // best first
	score float64
}

// rankLot returns the enterprises that pass the hard filters for the lot,
// best first, and how many of those that fit are not eligible (left out
// unless includeIneligible). A not-eligible enterprise counts only when an
// offering of it serves the place, so that the count is what the list
// shows when asked.
func (m *Matcher) rankLot(ctx context.Context, lc *lotCtx, includeIneligible bool) ([]*entMatch, int, error) {
	cands, maxText, err := m.lotCandidates(ctx, lc)
	if err != nil {
		return nil, 0, err
	}
	byKBO := map[koppel.KBO]*entMatch{}
	skip := map[koppel.KBO]bool{} // enterprises gone, or not eligible and counted
	excluded := 0
	for _, c := range cands {
		kbo, id := c.kbo, c.id
		if skip[kbo] {
			continue
		}
		em := byKBO[kbo]
		if em == nil {
			e, err := m.enterprise(ctx, kbo)
			if koppel.ErrorCode(err) == koppel.ENOTFOUND {
				skip[kbo] = true
				continue
			} else if err != nil {
				return nil, 0, err
			}
			em = &entMatch{e: e, elig: m.checkLot(e, lc)}
			if p, ok := e.HomePlace(m.Ref); ok {
				em.place = &p
			}
			byKBO[kbo] = em
		}
		o, err := m.offering(ctx, kbo, id)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			continue // deleted since it was indexed
		} else if err != nil {
			return nil, 0, err
		}
		if !m.serves(lc, o, em) || !m.evidence(lc, o) {
			continue
		}
		if em.elig.Verdict == koppel.NotEligible {
			if !includeIneligible {
				// It fits but may not bid: count it once, no need to rank.
				excluded++
				skip[kbo] = true
				continue
			}
			if len(em.offs) == 0 {
				excluded++
			}
		}
		em.offs = append(em.offs, m.scoreOffering(lc, o, em, normText(c.text, maxText)))
	}
	ents := make([]*entMatch, 0, len(byKBO))
	for _, em := range byKBO {
		if len(em.offs) == 0 {
			continue
		}
		sortOfferings(em.offs)
		em.score = em.offs[0].score
		ents = append(ents, em)
	}
	sortEnterprises(ents)
	return ents, excluded, nil
}

func sortOfferings(s []*scoredOffering) {
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].score != s[j].score {
			return s[i].score > s[j].score
		}
		return s[i].o.ID < s[j].o.ID
	})
}

// sortEnterprises orders the matches of a lot: best score first, except
// that enterprises not eligible (shown only on request) come after all that
// may bid.
func sortEnterprises(s []*entMatch) {
	sort.Slice(s, func(i, j int) bool {
		ni, nj := s[i].elig.Verdict == koppel.NotEligible, s[j].elig.Verdict == koppel.NotEligible
		if ni != nj {
			return nj
		}
		if s[i].score != s[j].score {
			return s[i].score > s[j].score
		}
		return s[i].e.KBO < s[j].e.KBO
	})
}

func tenderRef(t *koppel.Tender) TenderRef {
	return TenderRef{ID: t.ID, Title: t.Title, Buyer: t.Buyer.Name, Status: t.Status, Deadline: t.Deadline}
}

func clauseRefs(l *koppel.Lot) []ClauseRef {
	out := []ClauseRef{}
	for _, c := range l.Clauses {
		info, _ := c.Kind.Info()
		out = append(out, ClauseRef{Kind: c.Kind, Label: info.Label, Reserved: info.Reserved})
	}
	return out
}

func enterpriseRef(e *koppel.Enterprise, p *koppel.Place) EnterpriseRef {
	r := EnterpriseRef{KBO: e.KBO, Name: e.Name, WorkForms: []koppel.WorkForm{}, Postcode: e.Address.Postcode}
	for _, rec := range e.Recognitions {
		if !containsForm(r.WorkForms, rec.Form) {
			r.WorkForms = append(r.WorkForms, rec.Form)
		}
	}
	if p != nil {
		r.Municipality = p.Municipality
	}
	return r
}

func containsForm(s []koppel.WorkForm, f koppel.WorkForm) bool {
	for _, x := range s {
		if x == f {
			return true
		}
	}
	return false
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
