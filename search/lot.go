package search

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"koppel"
	"koppel/indexer"
)

// LotQuery asks which offerings may serve a lot of a tender, in the
// domain's terms: which fields and analyzers answer it is search's
// business. Package match asks it for the candidates of a lot and for the
// text scores of an enterprise's own offerings.
type LotQuery struct {
	// Text is the lot's title and description, in Language (a code of
	// koppel.TextLanguages; "" is Dutch).
	Text     string
	Language string
	// CPV are prefixes of the lot's codes ("9091", "90911200"): the
	// offerings with a code under one are found by codes, a longer prefix
	// weighing more. Categories are the lot's service categories: their
	// offerings are found by codes too, with a lower weight.
	CPV        []string
	Categories []koppel.Category
	// Place is the place of performance: only the offerings whose service
	// area covers it are searched (nil: all).
	Place *koppel.Place
	// TextSize and CodeSize are the numbers of best offerings returned by
	// text and by codes; with CodeSize 0 the codes are not searched.
	TextSize, CodeSize int
	// Also lists offerings ("KBO/code") whose text scores are wanted
	// whatever their rank.
	Also []string
}

// LotResult answers a LotQuery.
type LotResult struct {
	// Words are the words of the lot's text the text search ran on.
	Words LotWords
	// ByText are the best offerings by text, ByCode by codes, best first.
	ByText, ByCode []Scored
	// MaxText is the best text score of any offering searched: text scores
	// are read against it.
	MaxText float64
	// TextScores are the text scores of the offerings of ByCode and Also
	// that the text matches.
	TextScores map[string]float64
}

// LotWords are the words of a lot's text a text search ran on, in the
// order of the text, each with the index terms that stand for it.
type LotWords []lotWord

// lotWord is one word of the lot text with the terms that stand for it in
// the index: its stem, its compound parts and its one-word synonyms.
type lotWord struct {
	raw   string
	terms []string
	pos   int // position of the word in the text
	// parts are the terms that are compound parts of the word ("groen"
	// of "groenonderhoud"), not the word itself or a synonym.
	parts []string
	// generic: the word is itself a generic head (indexer.GenericHeads:
	// "onderhoud", "dienst"), no evidence of the service on its own.
	generic bool
}

// Specific reports whether a word of ws is not generic (see lotWord).
func (ws LotWords) Specific() bool {
	for _, w := range ws {
		if !w.generic {
			return true
		}
	}
	return false
}

// lotFields are the offering fields the lot text is matched against, with
// their boosts (as for offering search: title > keywords > description).
var lotFields = []struct {
	name  string
	boost float64
}{
	{indexer.FieldTitle, 3},
	{indexer.FieldKeywords, 2},
	{indexer.FieldDescription, 1},
}

// Lot searches the offerings that may serve a lot: the best by codes
// (CodeSize), then the best by text (TextSize) with the text scores of
// those and of Also, all among the offerings whose service area covers
// the place.
func (s *Searcher) Lot(ctx context.Context, q LotQuery) (*LotResult, error) {
	res := &LotResult{TextScores: map[string]float64{}}
	var textQ, area query.Query
	var areaKey string
	err := s.Index.View(func(off, _ bleve.Index) error {
		var err error
		res.Words = s.lotWords(off, q.Text, q.Language)
		textQ = res.Words.query()
		if q.Place != nil {
			area, areaKey, err = s.servesFilter(off, *q.Place)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	var codeQ query.Query
	if q.CodeSize > 0 {
		codeQ = lotCodeQuery(q.CPV, q.Categories)
	}
	if textQ == nil && codeQ == nil {
		return res, nil
	}
	also := q.Also
	if codeQ != nil {
		r, err := s.ScoreOfferings(ctx, ScoreRequest{Query: codeQ, Filter: area, FilterKey: areaKey, Size: q.CodeSize})
		if err != nil {
			return nil, fmt.Errorf("CPV search: %w", err)
		}
		res.ByCode = r.Top
		also = make([]string, 0, len(r.Top)+len(q.Also))
		for _, h := range r.Top {
			also = append(also, h.ID)
		}
		also = append(also, q.Also...)
	}
	if textQ != nil {
		r, err := s.ScoreOfferings(ctx, ScoreRequest{Query: textQ, Filter: area, FilterKey: areaKey, Size: q.TextSize, Also: also})
		if err != nil {
			return nil, fmt.Errorf("text search: %w", err)
		}
		res.ByText, res.MaxText, res.TextScores = r.Top, r.MaxScore, r.Also
	}
	return res, nil
}

// query is the words against the offering text fields: per field, any
// term of any word (its stem, compound parts and synonyms) counting. Nil
// without words.
func (ws LotWords) query() query.Query {
	var terms []string
	for _, w := range ws {
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
	for _, f := range lotFields {
		tq := make([]query.Query, len(terms))
		for i, t := range terms {
			tq[i] = termQ(f.name, t, f.boost)
		}
		qs = append(qs, bleve.NewDisjunctionQuery(tq...))
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// lotCodeQuery finds offerings by a lot's codes: the CPV prefixes, a
// longer shared prefix weighing more, and the categories. Nil without
// either.
func lotCodeQuery(prefixes []string, cats []koppel.Category) query.Query {
	var qs []query.Query
	for _, p := range prefixes {
		n := float64(len(p))
		qs = append(qs, termQ(indexer.FieldCPV, p, n*n/16)) // 4 → 1, 6 → 2.25, 8 → 4
	}
	for _, c := range cats {
		qs = append(qs, termQ(indexer.FieldCategory, string(c), 0.5))
	}
	if len(qs) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(qs...)
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

// lotWords returns the words of text that the text query runs on, in the
// order of the text: those with a term in the offerings' text fields once
// the context terms are left out (see contextTerms), rarest first, at most
// maxTextTerms, and past minTextTerms none in more than maxCommonDocs
// offerings. A word's frequency is that of its stem, or else of its first
// other term found in the index (a compound absent from the index counts
// by its parts).
func (s *Searcher) lotWords(off bleve.Index, text, lang string) LotWords {
	opts := s.Index.Options()
	qa, wa := opts.QueryAnalyzers()
	mp := off.Mapping()
	ctxTerms := s.contextTerms(mp.AnalyzerNamed(qa))
	fold := opts.TextAnalyzer == ""
	ws := inLanguage(s.languageAnalyzer(mp, lang), analyseLot(mp.AnalyzerNamed(wa), mp.AnalyzerNamed(qa), text, fold), text, fold)
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
			for _, f := range lotFields {
				df += docFreq(off, f.name, t)
			}
		}
		if df == 0 {
			continue
		}
		keep = append(keep, wdf{lotWord{raw: w.raw, terms: terms, parts: w.parts, generic: w.generic}, df, pos})
	}
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].df < keep[j].df })
	n := 0
	for n < len(keep) && n < maxTextTerms && (n < minTextTerms || keep[n].df <= maxCommonDocs) {
		n++
	}
	keep = keep[:n]
	// In the order of the text, for the explanation.
	sort.Slice(keep, func(i, j int) bool { return keep[i].pos < keep[j].pos })
	out := make(LotWords, len(keep))
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

// lotAnalysis keeps what reading lot texts needs, once per Searcher.
type lotAnalysis struct {
	ctxOnce  sync.Once
	ctxTerms map[string]bool // see contextTerms

	langMu sync.Mutex
	langs  map[string]*indexer.LanguageAnalyzer // see languageAnalyzer
}

// contextTerms returns the index terms of the context words of lots
// (indexer.ContextWords) under the query analyzer, computed once.
func (s *Searcher) contextTerms(qa analysis.Analyzer) map[string]bool {
	la := &s.lots
	la.ctxOnce.Do(func() {
		la.ctxTerms = map[string]bool{}
		if qa == nil {
			return
		}
		for _, w := range indexer.ContextWords() {
			for _, t := range qa.Analyze([]byte(w)) {
				la.ctxTerms[string(t.Term)] = true
			}
		}
	})
	return la.ctxTerms
}

// languageAnalyzer returns the analysis of lot texts in lang for the
// offering mapping mp, built once per language; nil when the index uses a
// plain Bleve analyzer (its terms are not Koppel's Dutch stems) or the
// language is unknown.
func (s *Searcher) languageAnalyzer(mp mapping.IndexMapping, lang string) *indexer.LanguageAnalyzer {
	if s.Index.Options().TextAnalyzer != "" {
		return nil
	}
	la := &s.lots
	la.langMu.Lock()
	defer la.langMu.Unlock()
	if a, ok := la.langs[lang]; ok {
		return a
	}
	a, err := indexer.NewLanguageAnalyzer(mp, lang)
	if err != nil {
		a = nil // an unknown language: the Dutch analysis alone
	}
	if la.langs == nil {
		la.langs = map[string]*indexer.LanguageAnalyzer{}
	}
	la.langs[lang] = a
	return a
}

// inLanguage keeps the words of ws (the Dutch analysis of text) that the
// analysis in the lot's language keeps — no stop word of any of Koppel's
// languages — and adds to each the Dutch terms of its synonyms in that
// language. A word the Dutch analysis dropped (a Dutch stop word) comes
// back when it has such synonyms.
func inLanguage(la *indexer.LanguageAnalyzer, ws []lotWord, text string, fold bool) []lotWord {
	if la == nil {
		return ws
	}
	kept := map[int][]string{}
	var order []int
	raws := map[int]string{}
	folded := foldedText(text, fold)
	for _, t := range la.Analyze([]byte(text)) {
		if _, ok := kept[t.Position]; !ok {
			kept[t.Position] = []string{}
			order = append(order, t.Position)
			raws[t.Position] = rawWord(folded, t.Start, t.End, string(t.Term))
		}
		if term := string(t.Term); t.Type == indexer.SynonymType && !strings.Contains(term, " ") && !containsStr(kept[t.Position], term) {
			kept[t.Position] = append(kept[t.Position], term)
		}
	}
	have := map[int]bool{}
	out := make([]lotWord, 0, len(ws))
	for _, w := range ws {
		syn, ok := kept[w.pos]
		if !ok {
			continue
		}
		have[w.pos] = true
		for _, t := range syn {
			if !containsStr(w.terms, t) {
				w.terms = append(w.terms, t)
			}
		}
		out = append(out, w)
	}
	for _, p := range order {
		if !have[p] && len(kept[p]) > 0 {
			out = append(out, lotWord{raw: raws[p], terms: kept[p], pos: p})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// analyseLot analyses the lot text: one lotWord per position of the words
// analyzer, with the extra terms the query analyzer gives at that position.
func analyseLot(words, query analysis.Analyzer, text string, fold bool) []lotWord {
	if words == nil {
		return nil
	}
	folded := foldedText(text, fold)
	heads := genericHeads(words)
	byPos := map[int]int{}
	var out []lotWord
	for _, t := range words.Analyze([]byte(text)) {
		if _, ok := byPos[t.Position]; ok {
			continue
		}
		byPos[t.Position] = len(out)
		term := string(t.Term)
		out = append(out, lotWord{raw: rawWord(folded, t.Start, t.End, term), terms: []string{term}, pos: t.Position, generic: heads[term]})
	}
	if query != nil {
		for _, t := range query.Analyze([]byte(text)) {
			i, ok := byPos[t.Position]
			term := string(t.Term)
			if !ok || strings.Contains(term, " ") || containsStr(out[i].terms, term) {
				continue
			}
			// A generic head found inside a compound ("onderhoud" of
			// "groenonderhoud") is no evidence of the service: only the
			// distinctive parts and the synonyms stand for the word, as
			// in the offering search (analyzeText).
			if t.Type != indexer.SynonymType && heads[term] {
				continue
			}
			out[i].terms = append(out[i].terms, term)
			if t.Type != indexer.SynonymType {
				out[i].parts = append(out[i].parts, term)
			}
		}
	}
	return out
}

// foldedText is the text as Koppel's analyzers see it: they fold before
// tokenizing, so token offsets refer to the folded text.
func foldedText(text string, fold bool) []byte {
	if fold {
		return asciifolding.New().Filter([]byte(text))
	}
	return []byte(text)
}

// rawWord is the word at [start, end) of the folded text in lower case, or
// term when the offsets do not fit.
func rawWord(folded []byte, start, end int, term string) string {
	if start >= 0 && end <= len(folded) && start < end {
		return strings.ToLower(string(folded[start:end]))
	}
	return term
}

// MatchedWords returns the words of ws (as the buyer wrote them, lower
// case, once each) of which text (an offering's) holds a term: what a text
// score rests on. The index keeps no term vectors, so the text is
// analysed again here, as for the highlights.
func (s *Searcher) MatchedWords(ws LotWords, text string) []string {
	out := []string{}
	for _, w := range s.matchedWords(ws, text) {
		out = append(out, w.raw)
	}
	return out
}

// HoldsSpecific reports whether an offering's text is evidence of the
// lot's service: whether it names a term of a word of ws that is not
// generic, not only a word such as "onderhoud" that any service may hold.
// says is the text that says what the offering is (title, keywords),
// passing the text that names other things in passing (description). As
// in the offering search, a part of a lot's compound ("groen" of
// "groenonderhoud") counts only in says, while the compound itself and
// its synonyms count in either; and a part of the offering's own compound
// counts only when it names that compound (see namedTerms: not "groen" of
// "groenafval").
func (s *Searcher) HoldsSpecific(ws LotWords, says, passing string) bool {
	if len(ws) == 0 {
		return false
	}
	inSays, inPassing := s.namedTerms(says), s.namedTerms(passing)
	for _, w := range ws {
		if w.generic {
			continue
		}
		for _, t := range w.terms {
			if inSays[t] || inPassing[t] && !containsStr(w.parts, t) {
				return true
			}
		}
	}
	return false
}

// namedTerms returns the terms of text that say what it names: the stem of
// each word, and of a compound's parts only those that say what the
// compound is. A Dutch compound is a kind of its last part
// ("kantoorschoonmaak" is schoonmaak, "groenafval" is afval, not groen);
// a part before it names the compound only when the rest is generic
// (indexer.GenericHeads: "groen" of "groenonderhoud" and "groenwerken",
// "fiets" of "fietsherstelling"), as a compound in the offering search
// stands for its distinctive part only then.
func (s *Searcher) namedTerms(text string) map[string]bool {
	named := map[string]bool{}
	if strings.TrimSpace(text) == "" {
		return named
	}
	folded := foldedText(text, s.Index.Options().TextAnalyzer == "")
	_ = s.Index.View(func(off, _ bleve.Index) error {
		a := off.Mapping().AnalyzerNamed(s.fieldAnalyzer())
		if a == nil {
			return nil
		}
		toks := a.Analyze([]byte(text))
		for i := 0; i < len(toks); {
			// The word comes first at its position, its parts after it.
			j := i + 1
			for j < len(toks) && toks[j].Position == toks[i].Position {
				j++
			}
			w := toks[i]
			named[string(w.Term)] = true
			for _, p := range toks[i+1 : j] {
				if p.End >= w.Start && p.End <= w.End && w.End <= len(folded) && genericRest(strings.ToLower(string(folded[p.End:w.End]))) {
					named[string(p.Term)] = true
				}
			}
			i = j
		}
		return nil
	})
	return named
}

// maxEnding is the number of letters of a compound that need not be
// generic heads after its distinctive part: an ending or a linking letter
// ("en" of "parken", "fietsenherstelling" or "ploegen").
const maxEnding = 2

// rawHeads are the generic heads as written (indexer.GenericHeads).
var rawHeads = sync.OnceValue(indexer.GenericHeads)

// genericRest reports whether rest, the letters of a compound after one of
// its parts (lower case, folded), are generic heads but for at most
// maxEnding letters: "" (the part ends the compound), "werken" of
// "groenwerken", "enherstelling" of "fietsenherstelling"; not "afval" of
// "groenafval".
func genericRest(rest string) bool {
	if len(rest) <= maxEnding {
		return true
	}
	// left[i] is the fewest letters of rest[i:] no head covers.
	left := make([]int, len(rest)+1)
	for i := len(rest) - 1; i >= 0; i-- {
		left[i] = left[i+1] + 1
		for _, h := range rawHeads() {
			if strings.HasPrefix(rest[i:], h) {
				left[i] = min(left[i], left[i+len(h)])
			}
		}
	}
	return left[0] <= maxEnding
}

// matchedWords returns the words of ws of which text holds a term.
func (s *Searcher) matchedWords(ws LotWords, text string) []lotWord {
	if len(ws) == 0 || strings.TrimSpace(text) == "" {
		return nil
	}
	have := map[string]bool{}
	_ = s.Index.View(func(off, _ bleve.Index) error {
		if a := off.Mapping().AnalyzerNamed(s.fieldAnalyzer()); a != nil {
			for _, t := range a.Analyze([]byte(text)) {
				have[string(t.Term)] = true
			}
		}
		return nil
	})
	var out []lotWord
	for _, w := range ws {
		for _, t := range w.terms {
			if have[t] {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// TenderCandidates returns the IDs of up to size published tenders that
// may fit a catalogue: a lot shares a CPV prefix (prefixes, a longer one
// weighing more) or the tender's title or lots match text (the titles and
// keywords of the offerings).
func (s *Searcher) TenderCandidates(ctx context.Context, prefixes []string, text string, size int) ([]string, error) {
	var alts []query.Query
	for _, p := range prefixes {
		n := float64(len(p))
		alts = append(alts, termQ(indexer.FieldCPV, p, n*n/16))
	}
	if text != "" {
		qa, _ := s.Index.Options().QueryAnalyzers()
		for _, f := range []string{indexer.FieldTitle, indexer.FieldLots} {
			q := bleve.NewMatchQuery(text)
			q.SetField(f)
			q.Analyzer = qa
			alts = append(alts, q)
		}
	}
	if len(alts) == 0 {
		return nil, nil
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(bleve.NewDisjunctionQuery(alts...))
	bq.AddFilter(termQ(indexer.FieldStatus, string(koppel.TenderPublished), 1))
	var ids []string
	err := s.Index.View(func(_, ten bleve.Index) error {
		sr, err := ten.SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, size, 0, false))
		if err != nil {
			return fmt.Errorf("tender candidates: %w", err)
		}
		for _, h := range sr.Hits {
			ids = append(ids, h.ID)
		}
		return nil
	})
	return ids, err
}
