package match

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"koppel"
	"koppel/clauses"
	"koppel/indexer"
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
	// words are the words of the text the text query runs on (set by
	// lotQueries): the explanation names only these.
	words []lotWord
	lang  string // the language of the text (koppel.TextLanguages)
}

// textFields are the offering fields the lot text is matched against, with
// their boosts (as in the search package: title > keywords > description).
var textFields = []struct {
	name  string
	boost float64
}{
	{indexer.FieldTitle, 3},
	{indexer.FieldKeywords, 2},
	{indexer.FieldDescription, 1},
}

// minPrefix is the shortest CPV prefix that makes a candidate and counts
// in the score: a class (4 digits). A shared division (90: sewage, refuse,
// cleaning and environmental services) or group (983: "diverse diensten",
// laundry beside bike parking) says too little of the service.
const minPrefix = 4

func (m *Matcher) newLot(l *koppel.Lot, lang string) *lotCtx {
	lc := &lotCtx{lot: l, lang: lang, text: stripNumbers(l.Title + "\n" + l.Description)}
	if p, ok := indexer.LotPlace(l, m.Ref); ok {
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

func termQ(field, term string, boost float64) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// textQuery is the lot's words against the offering text fields: per
// field, any term of any word (its stem, compound parts and synonyms, as
// Koppel's Dutch query analyzer gives them) counting. Nil without words.
func textQuery(words []lotWord) query.Query {
	var terms []string
	for _, w := range words {
		for _, t := range w.terms {
			if !containsStr(terms, t) {
				terms = append(terms, t)
			}
		}
	}
	if len(terms) == 0 {
		return nil
	}
	var qs []query.Query
	for _, f := range textFields {
		tq := make([]query.Query, len(terms))
		for i, t := range terms {
			tq[i] = termQ(f.name, t, f.boost)
		}
		qs = append(qs, bleve.NewDisjunctionQuery(tq...))
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// structQuery finds offerings by the lot's codes: the CPV prefixes from
// class level (4 digits) down, a longer shared prefix weighing more, and the
// categories guessed from the codes. Nil when the lot has no codes.
func structQuery(lc *lotCtx) query.Query {
	var qs []query.Query
	for _, p := range lc.prefixes {
		n := float64(len(p))
		qs = append(qs, termQ(indexer.FieldCPV, p, n*n/16)) // 4 → 1, 6 → 2.25, 8 → 4
	}
	for _, c := range lc.cats {
		qs = append(qs, termQ(indexer.FieldCategory, string(c), 0.5))
	}
	if len(qs) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(qs...)
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

// lotCandidates returns the candidate offerings of a lot, in the order the
// index ranked them, with their text scores, and the best text score of any
// offering in the area (the text score is normalised by it).
//
// Two searches, both within the service-area filter: the best offerings
// by CPV and category (Candidates/2), then the best by text (Candidates)
// with the text scores of those the first found.
func (m *Matcher) lotCandidates(ctx context.Context, lc *lotCtx) ([]candidate, float64, error) {
	structQ := structQuery(lc)
	n := m.candidates()
	textQ, area, areaKey, err := m.lotQueries(lc)
	if err != nil || textQ == nil && structQ == nil {
		return nil, 0, err
	}
	var byCode []search.Scored
	if structQ != nil {
		r, err := m.Search.ScoreOfferings(ctx, search.ScoreRequest{Query: structQ, Filter: area, FilterKey: areaKey, Size: max(n/2, 1)})
		if err != nil {
			return nil, 0, fmt.Errorf("match lot %s: CPV search: %w", lc.lot.ID, err)
		}
		byCode = r.Top
	}
	var out []candidate
	var maxText float64
	scores := map[string]float64{}
	seen := map[string]bool{}
	if textQ != nil {
		also := make([]string, len(byCode))
		for i, h := range byCode {
			also[i] = h.ID
		}
		r, err := m.Search.ScoreOfferings(ctx, search.ScoreRequest{Query: textQ, Filter: area, FilterKey: areaKey, Size: n, Also: also})
		if err != nil {
			return nil, 0, fmt.Errorf("match lot %s: text search: %w", lc.lot.ID, err)
		}
		maxText, scores = r.MaxScore, r.Also
		for _, h := range r.Top {
			if kbo, id, ok := splitKey(h.ID); ok {
				seen[h.ID] = true
				out = append(out, candidate{kbo, id, h.Score})
			}
		}
	}
	for _, h := range byCode {
		if seen[h.ID] {
			continue
		}
		if kbo, id, ok := splitKey(h.ID); ok {
			seen[h.ID] = true
			out = append(out, candidate{kbo, id, scores[h.ID]})
		}
	}
	return out, maxText, nil
}

// lotQueries returns the lot's text query (nil without words) and the
// service-area filter of its place (nil without a place) with its key.
func (m *Matcher) lotQueries(lc *lotCtx) (textQ, area query.Query, areaKey string, err error) {
	err = m.Index.View(func(off, _ bleve.Index) error {
		var err error
		lc.words = m.selectWords(off, lc.text, lc.lang)
		textQ = textQuery(lc.words)
		area, areaKey, err = m.areaFilter(off, lc.place)
		return err
	})
	return textQ, area, areaKey, err
}

// offeringTextScores returns the text scores of the lot for the given
// offering keys, and the best text score of any offering in the area: the
// reverse direction scores an enterprise's own offerings on the same scale
// as MatchLot.
func (m *Matcher) offeringTextScores(ctx context.Context, lc *lotCtx, keys []string) (map[string]float64, float64, error) {
	if len(keys) == 0 {
		return map[string]float64{}, 0, nil
	}
	textQ, area, areaKey, err := m.lotQueries(lc)
	if err != nil || textQ == nil {
		return map[string]float64{}, 0, err
	}
	r, err := m.Search.ScoreOfferings(ctx, search.ScoreRequest{Query: textQ, Filter: area, FilterKey: areaKey, Also: keys})
	if err != nil {
		return nil, 0, fmt.Errorf("match lot %s: text search: %w", lc.lot.ID, err)
	}
	return r.Also, r.MaxScore, nil
}

// areaFilter keeps the offerings whose service area may cover the place:
// the municipality or province is listed, or the enterprise's postcode lies
// within the largest service radius found in the index. It is a coarse
// superset, cheap to search (one disjunction of terms; testing each radius
// ring in the index cost 40 ms a lot at 100,000 offerings); serves decides
// exactly. Nil for a lot without a place.
//
// TODO: use search's service-area query once it is exported, if it becomes
// as cheap.
//
// The key names the filter in the search's cache of filters.
func (m *Matcher) areaFilter(off bleve.Index, p *koppel.Place) (query.Query, string, error) {
	if p == nil {
		return nil, "", nil
	}
	alts := []query.Query{termQ(indexer.FieldAreaMunis, indexer.MunicipalityKey(p.Municipality), 1)}
	if p.Province != "" {
		alts = append(alts, termQ(indexer.FieldAreaProvinces, p.Province, 1))
	}
	radii, err := indexer.IndexedRadii(off)
	if err != nil {
		return nil, "", err
	}
	key := fmt.Sprintf("match-area=%s|%s|%.5f,%.5f|%v", indexer.MunicipalityKey(p.Municipality), p.Province, p.Lat, p.Lon, radii)
	if len(radii) > 0 {
		for _, c := range m.Ref.PostcodesNear(p.Lat, p.Lon, float64(radii[len(radii)-1])) {
			alts = append(alts, termQ(indexer.FieldPostcode, c.Postcode, 1))
		}
	}
	return bleve.NewDisjunctionQuery(alts...), key, nil
}

// serves reports whether the offering's service area (its own, else the
// enterprise's; none: the enterprise's municipality) covers the lot's
// place. A lot without a place is served by everyone.
func (m *Matcher) serves(lc *lotCtx, o *koppel.Offering, em *entMatch) bool {
	if lc.place == nil {
		return true
	}
	return covers(indexer.EffectiveArea(o, em.e), em.place, *lc.place, m.Ref)
}

// covers reports whether area around home covers the place p.
func covers(area koppel.ServiceArea, home *koppel.Place, p koppel.Place, ref Places) bool {
	if area.IsZero() {
		return home != nil && indexer.MunicipalityKey(home.Municipality) == indexer.MunicipalityKey(p.Municipality)
	}
	if area.RadiusKm > 0 && home != nil && koppel.DistanceKm(home.Lat, home.Lon, p.Lat, p.Lon) <= area.RadiusKm {
		return true
	}
	want := indexer.MunicipalityKey(p.Municipality)
	for _, mu := range area.Municipalities {
		k := indexer.MunicipalityKey(mu)
		if ref != nil {
			if rp, ok := ref.ResolvePlace(mu); ok {
				k = indexer.MunicipalityKey(rp.Municipality)
			}
		}
		if k == want {
			return true
		}
	}
	for _, pr := range area.Provinces {
		if ref != nil {
			if c, ok := ref.ParseProvince(pr); ok {
				pr = c
			}
		}
		if p.Province != "" && pr == p.Province {
			return true
		}
	}
	return false
}

// Places resolves place names and provinces; *refdata.Data implements it.
type Places = indexer.Places

// checkLot is the decisive eligibility verdict of e for the lot.
func (m *Matcher) checkLot(e *koppel.Enterprise, lc *lotCtx) koppel.EligibilityCheck {
	return clauses.CheckLot(m.Ref, e, lc.lot, m.today())
}

// The text query keeps the words of the lot text that are rarest in the
// index, like a "more like this" query: they tell most, and they are
// cheapest to search (a word in a quarter of the offerings, with its
// synonyms, cost 40 ms a lot at 100,000 offerings). Common words
// (schoonmaak, onderhoud) still count through the CPV and category query,
// and the explanation's terms come from the whole text.
const (
	// maxTextTerms is the number of words kept.
	maxTextTerms = 8
	// minTextTerms are kept however common they are.
	minTextTerms = 2
	// maxCommonDocs: beyond the first minTextTerms, words in more offerings
	// than this are left out. The cost of a word is the length of its
	// posting list, so the limit is absolute: a small catalogue keeps every
	// word.
	maxCommonDocs = 5000
)

// selectWords returns the words of text that the text query runs on, in
// the order of the text: those
// with a term in the offerings' text fields once the context terms are
// left out (see contextTerms), rarest first, at most maxTextTerms, and
// past minTextTerms none in more than maxCommonDocs offerings. A word's
// frequency is that of its stem, or else of its first other term found in
// the index (a compound absent from the index counts by its parts).
func (m *Matcher) selectWords(off bleve.Index, text, lang string) []lotWord {
	opts := m.Index.Options()
	qa, wa := opts.QueryAnalyzers()
	mp := off.Mapping()
	ctxTerms := m.contextTerms(mp.AnalyzerNamed(qa))
	fold := opts.TextAnalyzer == ""
	ws := inLanguage(m.languageAnalyzer(mp, lang), lotWords(mp.AnalyzerNamed(wa), mp.AnalyzerNamed(qa), text, fold), text, fold)
	type wdf struct {
		w   lotWord
		df  uint64
		pos int
	}
	var keep []wdf
	seen := map[string]bool{}
	for pos, w := range ws {
		stem := w.terms[0]
		if seen[stem] {
			continue
		}
		seen[stem] = true
		var terms []string
		for _, t := range w.terms {
			if !ctxTerms[t] {
				terms = append(terms, t)
			}
		}
		// The frequency of the stem; only when it is a context word or
		// absent, that of the other terms (each lookup costs).
		var df uint64
		for _, t := range terms {
			if t != stem && df > 0 {
				break
			}
			for _, f := range textFields {
				df += docFreq(off, f.name, t)
			}
		}
		if df == 0 {
			continue
		}
		keep = append(keep, wdf{lotWord{raw: w.raw, terms: terms}, df, pos})
	}
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].df < keep[j].df })
	n := 0
	for n < len(keep) && n < maxTextTerms && (n < minTextTerms || keep[n].df <= maxCommonDocs) {
		n++
	}
	keep = keep[:n]
	// In the order of the text, for the explanation.
	sort.Slice(keep, func(i, j int) bool { return keep[i].pos < keep[j].pos })
	out := make([]lotWord, len(keep))
	for i, k := range keep {
		out[i] = k.w
	}
	return out
}

// docFreq returns the number of documents with term in field.
func docFreq(idx bleve.Index, field, term string) uint64 {
	d, err := idx.FieldDictRange(field, []byte(term), []byte(term))
	if err != nil {
		return 0
	}
	defer d.Close()
	e, err := d.Next()
	if err != nil || e == nil || e.Term != term {
		return 0
	}
	return e.Count
}
