package match

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"koppel"
	"koppel/clauses"
	"koppel/i18n"
	"koppel/search"
)

// lotCtx is a lot prepared for matching.
type lotCtx struct {
	lot      *koppel.Lot
	place    *koppel.Place // place of performance; nil: the area filter is skipped
	reserved bool
	text     string   // title and description without numbers
	prefixes []string // CPV prefixes of the lot's codes, class level and finer
	cats     []koppel.Category
	// words are the words of the text the text search ran on (set by
	// lotCandidates and offeringTextScores): the explanation names only
	// these.
	words search.LotWords
	lang  string // the language of the text (koppel.TextLanguages)
	// ui is the language of the reader, for the explanation
	// (i18n.From of the request).
	ui i18n.Lang
}

// minPrefix is the shortest CPV prefix that makes a candidate and counts
// in the score: a class (4 digits). A shared division (90: sewage, refuse,
// cleaning and environmental services) or group (983: "diverse diensten",
// laundry beside bike parking) says too little of the service.
const minPrefix = 4

func (m *Matcher) newLot(ctx context.Context, l *koppel.Lot, lang string) *lotCtx {
	lc := &lotCtx{lot: l, lang: lang, ui: i18n.From(ctx), text: stripNumbers(l.Title + "\n" + l.Description)}
	if p, ok := l.PerformancePlace(m.Ref); ok {
		lc.place = &p
	}
	for _, c := range l.Clauses {
		if info, ok := c.Kind.Info(); ok && info.Reserved {
			lc.reserved = true
		}
	}
	for _, c := range l.CPV {
		for _, p := range c.Prefixes() {
			if len(p) >= minPrefix && !containsStr(lc.prefixes, p) {
				lc.prefixes = append(lc.prefixes, p)
			}
		}
	}
	lc.cats = categoriesOf(l.CPV)
	return lc
}

// categoriesOf guesses the service categories of CPV codes from the codes
// koppel.Categories lists: a category fits when one of its codes and a lot
// code share a class (4 digits), or one code lies under the other.
func categoriesOf(codes []koppel.CPV) []koppel.Category {
	var out []koppel.Category
	for _, info := range koppel.Categories {
		fit := false
		for _, c := range codes {
			for _, k := range info.CPV {
				a, b := c.Significant(), k.Significant()
				if koppel.SharedPrefix(c, k) >= 4 || len(a) >= minPrefix && strings.HasPrefix(b, a) || len(b) >= minPrefix && strings.HasPrefix(a, b) {
					fit = true
				}
			}
		}
		if fit {
			out = append(out, info.Category)
		}
	}
	return out
}

// stripNumbers drops the words with digits (dates, volumes, amounts) and
// the words of procurement boilerplate ("2 VTE per jaar", "Categorie:"):
// they are no evidence of a fitting service.
func stripNumbers(s string) string {
	f := strings.FieldsFunc(s, unicode.IsSpace)
	out := f[:0]
	for _, w := range f {
		if !strings.ContainsFunc(w, unicode.IsDigit) && !boilerplate[strings.ToLower(strings.Trim(w, ".,:;()"))] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// boilerplate are words of tender texts that say nothing of the service.
var boilerplate = map[string]bool{
	"per": true, "jaar": true, "maand": true, "week": true, "vte": true, "fte": true, "uur": true,
	"categorie": true, "perceel": true, "percelen": true, "opdracht": true, "opdrachten": true,
}

func containsStr(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// candidate is an offering the index proposed, with its raw text score.
type candidate struct {
	kbo  koppel.KBO
	id   string
	text float64
}

func splitKey(key string) (koppel.KBO, string, bool) {
	kbo, id, ok := strings.Cut(key, "/")
	return koppel.KBO(kbo), id, ok
}

// lotQuery is the lot as search is asked about it.
func (lc *lotCtx) query() search.LotQuery {
	return search.LotQuery{Text: lc.text, Language: lc.lang, CPV: lc.prefixes, Categories: lc.cats, Place: lc.place}
}

// lotCandidates returns the candidate offerings of a lot, in the order the
// index ranked them, with their text scores, and the best text score of any
// offering in the area (the text score is normalised by it).
//
// Two searches, both within the lot's service area: the best offerings
// by CPV and category (Candidates/2), then the best by text (Candidates)
// with the text scores of those the first found.
func (m *Matcher) lotCandidates(ctx context.Context, lc *lotCtx) ([]candidate, float64, error) {
	n := m.candidates()
	q := lc.query()
	q.TextSize, q.CodeSize = n, max(n/2, 1)
	r, err := m.Search.Lot(ctx, q)
	if err != nil {
		return nil, 0, fmt.Errorf("match lot %s: %w", lc.lot.ID, err)
	}
	lc.words = r.Words
	var out []candidate
	seen := map[string]bool{}
	for _, h := range r.ByText {
		if kbo, id, ok := splitKey(h.ID); ok {
			seen[h.ID] = true
			out = append(out, candidate{kbo, id, h.Score})
		}
	}
	for _, h := range r.ByCode {
		if seen[h.ID] {
			continue
		}
		if kbo, id, ok := splitKey(h.ID); ok {
			seen[h.ID] = true
			out = append(out, candidate{kbo, id, r.TextScores[h.ID]})
		}
	}
	return out, r.MaxText, nil
}

// offeringTextScores returns the text scores of the lot for the given
// offering keys, and the best text score of any offering in the area: the
// reverse direction scores an enterprise's own offerings on the same scale
// as MatchLot.
func (m *Matcher) offeringTextScores(ctx context.Context, lc *lotCtx, keys []string) (map[string]float64, float64, error) {
	if len(keys) == 0 {
		return map[string]float64{}, 0, nil
	}
	q := lc.query()
	q.Also = keys
	r, err := m.Search.Lot(ctx, q)
	if err != nil {
		return nil, 0, fmt.Errorf("match lot %s: %w", lc.lot.ID, err)
	}
	lc.words = r.Words
	return r.TextScores, r.MaxText, nil
}

// serves reports whether the offering's service area (its own, else the
// enterprise's; none: the enterprise's municipality) covers the lot's
// place. A lot without a place is served by everyone.
func (m *Matcher) serves(lc *lotCtx, o *koppel.Offering, em *entMatch) bool {
	if lc.place == nil {
		return true
	}
	return o.Area(em.e).Covers(em.place, *lc.place, m.Ref)
}

// checkLot is the decisive eligibility verdict of e for the lot.
func (m *Matcher) checkLot(e *koppel.Enterprise, lc *lotCtx) koppel.EligibilityCheck {
	return clauses.CheckLotIn(lc.ui, m.Ref, e, lc.lot, m.today())
}

// lotLanguage is the language a lot of t is analysed in.
func lotLanguage(t *koppel.Tender) string { return t.TextLanguage() }
