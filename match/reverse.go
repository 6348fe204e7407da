package match

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"koppel"
)

// maxTenderCandidates is the number of tenders taken from the tender index
// for an enterprise before its lots are matched one by one.
const maxTenderCandidates = 300

// EnterpriseTenders are the open tenders whose lots fit an enterprise, in
// the shape of the API's JSON (GET /api/v1/enterprises/{kbo}/tenders).
type EnterpriseTenders struct {
	Enterprise EnterpriseRef `json:"enterprise"`
	Total      int           `json:"total"`
	Page       int           `json:"page"`
	Size       int           `json:"size"`
	Tenders    []TenderFit   `json:"tenders"`
}

// TenderFit is one tender with the lots that fit the enterprise, best lot
// first; the tender's score is that of its best lot.
type TenderFit struct {
	Rank   int       `json:"rank"`
	Score  float64   `json:"score"`
	Tender TenderRef `json:"tender"`
	Lots   []LotFit  `json:"lots"`
}

// LotFit is a lot that fits the enterprise, with the same match (offerings,
// eligibility, explanation) the lot's own matches would show; its rank is
// that of the lot among the tender's fitting lots.
type LotFit struct {
	LotID        string       `json:"lot_id"`
	Title        string       `json:"title"`
	CPV          []koppel.CPV `json:"cpv"`
	Postcode     string       `json:"postcode,omitempty"`
	Municipality string       `json:"municipality,omitempty"`
	Clauses      []ClauseRef  `json:"clauses"`
	Reserved     bool         `json:"reserved"`
	Match        Match        `json:"match"`
}

// TendersForEnterprise returns the open tenders (published, deadline not
// passed) with a lot that fits the enterprise's catalogue: one of its
// offerings is a candidate for the lot (text, CPV prefix or category), its
// service area covers the place of performance, and it is not ineligible
// for a reserved lot (unless opts.IncludeIneligible). Lots are scored as
// MatchLot scores them. Returns ENOTFOUND for an unknown enterprise and
// EINVALID for a bad page or size.
func (m *Matcher) TendersForEnterprise(ctx context.Context, kbo koppel.KBO, opts Options) (*EnterpriseTenders, error) {
	page, size, err := opts.paging()
	if err != nil {
		return nil, err
	}
	e, err := m.findEnterprise(ctx, kbo)
	if err != nil {
		return nil, err
	}
	offs, err := m.Store.FindOfferingsByEnterprise(ctx, kbo)
	if err != nil {
		return nil, fmt.Errorf("offerings of %s: %w", kbo, err)
	}
	var place *koppel.Place
	if p, ok := e.HomePlace(m.Ref); ok {
		place = &p
	}
	out := &EnterpriseTenders{Enterprise: enterpriseRef(e, place), Page: page, Size: size, Tenders: []TenderFit{}}
	if len(offs) == 0 {
		return out, nil
	}
	ids, err := m.tenderCandidates(ctx, offs)
	if err != nil {
		return nil, err
	}
	today := m.today()
	var fits []TenderFit
	for _, id := range ids {
		t, err := m.Store.FindTenderByID(ctx, id)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("read tender %s: %w", id, err)
		}
		if t.Status != koppel.TenderPublished || !t.Deadline.IsZero() && t.Deadline.Before(today) {
			continue
		}
		fit := TenderFit{Tender: tenderRef(t)}
		var best float64
		for i := range t.Lots {
			lf, score, ok, err := m.fitLot(ctx, &t.Lots[i], lotLanguage(t), e, place, offs, opts.IncludeIneligible)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			fit.Lots = append(fit.Lots, lf)
			best = max(best, score)
		}
		if len(fit.Lots) == 0 {
			continue
		}
		sort.SliceStable(fit.Lots, func(i, j int) bool { return fit.Lots[i].Match.Score > fit.Lots[j].Match.Score })
		for i := range fit.Lots {
			fit.Lots[i].Match.Rank = i + 1
		}
		fit.Score = round3(best)
		fits = append(fits, fit)
	}
	sort.SliceStable(fits, func(i, j int) bool {
		if fits[i].Score != fits[j].Score {
			return fits[i].Score > fits[j].Score
		}
		return fits[i].Tender.ID < fits[j].Tender.ID
	})
	out.Total = len(fits)
	from := min((page-1)*size, len(fits))
	to := min(from+size, len(fits))
	for i := from; i < to; i++ {
		fits[i].Rank = i + 1
		out.Tenders = append(out.Tenders, fits[i])
	}
	return out, nil
}

// fitLot scores the enterprise's offerings for one lot the way rankLot
// does, and reports whether any of them fits.
func (m *Matcher) fitLot(ctx context.Context, lot *koppel.Lot, lang string, e *koppel.Enterprise, place *koppel.Place, offs []*koppel.Offering, includeIneligible bool) (LotFit, float64, bool, error) {
	lc := m.newLot(ctx, lot, lang)
	em := &entMatch{e: e, place: place, elig: m.checkLot(e, lc)}
	if em.elig.Verdict == koppel.NotEligible && !includeIneligible {
		return LotFit{}, 0, false, nil
	}
	var keys []string
	var cands []*koppel.Offering
	for _, o := range offs {
		if m.serves(lc, o, em) {
			keys = append(keys, o.Key())
			cands = append(cands, o)
		}
	}
	if len(cands) == 0 {
		return LotFit{}, 0, false, nil
	}
	scores, maxText, err := m.offeringTextScores(ctx, lc, keys)
	if err != nil {
		return LotFit{}, 0, false, err
	}
	for _, o := range cands {
		text := scores[o.Key()]
		if text <= 0 && !structFits(lc, o) || !m.evidence(lc, o) {
			continue // not a candidate for the lot in MatchLot either
		}
		em.offs = append(em.offs, m.scoreOffering(lc, o, em, normText(text, maxText)))
	}
	if len(em.offs) == 0 {
		return LotFit{}, 0, false, nil
	}
	sortOfferings(em.offs)
	em.score = em.offs[0].score
	lf := LotFit{
		LotID: lot.ID, Title: lot.Title, CPV: nonNil(lot.CPV), Postcode: lot.Postcode,
		Clauses: clauseRefs(lot), Reserved: lc.reserved, Match: m.buildMatch(lc, em, 0),
	}
	if lc.place != nil {
		lf.Municipality = lc.place.Municipality
	}
	return lf, em.score, true, nil
}

// structFits reports whether the lot's structure query would find the
// offering: a CPV prefix of class level shared, or a guessed category.
func structFits(lc *lotCtx, o *koppel.Offering) bool {
	for _, c := range o.CPV {
		for _, p := range c.Prefixes() {
			if containsStr(lc.prefixes, p) {
				return true
			}
		}
	}
	for _, c := range lc.cats {
		if o.Category == c {
			return true
		}
	}
	return false
}

// evidence reports whether the offering is evidence of the lot's service:
// it shares a CPV class or a category with the lot (structFits), or its
// text names a word of the lot's text query that is not generic
// (search.Searcher.HoldsSpecific). A text match on generic words alone
// ("onderhoud" in a bike point's "herstelt en onderhoudt" for a park
// maintenance lot) says nothing of the service, nor does a part of a
// compound that names another thing ("groen" of a recycler's
// "groenafval") or a lot's compound part in a description ("fiets" in a
// courier's "levering per fiets"); when the lot's words are all generic,
// they are all the text has to go on and count.
func (m *Matcher) evidence(lc *lotCtx, o *koppel.Offering) bool {
	if structFits(lc, o) || !lc.words.Specific() {
		return true
	}
	return m.Search.HoldsSpecific(lc.words, o.Title+"\n"+strings.Join(o.Keywords, " "), o.Description)
}

// offeringText is the text of an offering the lot's words are looked for
// in: title, keywords and description.
func offeringText(o *koppel.Offering) string {
	return o.Title + "\n" + strings.Join(o.Keywords, " ") + "\n" + o.Description
}

// tenderCandidates returns the IDs of the published tenders that may fit
// the offerings: their lots share a CPV class with an offering or with the
// typical codes of its category, or their text matches the offerings'
// titles and keywords.
func (m *Matcher) tenderCandidates(ctx context.Context, offs []*koppel.Offering) ([]string, error) {
	var prefixes []string
	var words []string
	cats := map[koppel.Category]bool{}
	for _, o := range offs {
		codes := append([]koppel.CPV(nil), o.CPV...)
		if info, ok := o.Category.Info(); ok && !cats[o.Category] {
			cats[o.Category] = true
			codes = append(codes, info.CPV...)
		}
		for _, c := range codes {
			for _, p := range c.Prefixes() {
				if len(p) >= minPrefix && !containsStr(prefixes, p) {
					prefixes = append(prefixes, p)
				}
			}
		}
		words = append(words, o.Title)
		words = append(words, o.Keywords...)
	}
	return m.Search.TenderCandidates(ctx, prefixes, stripNumbers(strings.Join(words, " ")), maxTenderCandidates)
}
