package search

import (
	"html"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"koppel"
	"koppel/indexer"
	"koppel/search/internal/engine"
)

// Weights of the ways a query word can match, relative to the word itself
// in the same field. A fuzzy or prefix hit weighs far less than an exact
// one, so it never outranks a document with the exact word in the same
// field.
const (
	weightExact    = 1.0
	weightSynonym  = 0.6
	weightPart     = 0.4
	weightFuzzy    = 0.15
	weightPrefix   = 0.25
	weightLanguage = 2.0 // the French and English fields: title and description
	weightPlace    = 0.8
	weightVocab    = 3.0 // the titles and keywords as written, as the title
)

// textField is a Dutch text field searched with a boost.
type textField struct {
	name  string
	boost float64
	loose bool // also fuzzy and prefix matching
	// passing marks text that names other things in passing (an offering's
	// description: "levering met fietskoeriers"): the compound parts of a
	// query word are not looked up there. The modifier a compound leaves
	// ("fiets" of "fietsherstelling") is what an offering is about only
	// where it says what the offering is (title, keywords, category,
	// name); in a description it is as often part of another compound
	// ("fietskoeriers" of a courier service).
	passing bool
}

// textQuery is the analysed free text of a query.
type textQuery struct {
	words  []queryWord
	prefix string // the last word as typed, folded, for search-as-you-type
	// match reports whether an indexed term (of the Dutch fields) matches
	// the query: what highlights mark.
	terms  map[string]bool
	fuzzy  []fuzzyTerm
	raw    []string // the words as typed, folded, lower case
	fields []textField
	// combined, when set, is a field holding the text of all fields: the
	// words themselves (and their fuzzy and prefix variants) are looked up
	// in each field, weighted by field; their synonyms and compound parts
	// in combined only, with combinedBoost.
	combined      string
	combinedBoost float64
	// stops are the analyzers whose stop words (Dutch, French, English)
	// highlights never mark: a synonym phrase such as "nettoyage des
	// vitres" holds "des", which Dutch does not drop.
	stops []analysis.Analyzer
}

// queryWord is one word of the query with what it may match.
type queryWord struct {
	known    bool       // the stem is a term of the index: no fuzzy matching
	raw      string     // folded, lower case, as typed
	stem     string     // its stem
	parts    []string   // stems of its compound parts
	synonyms [][]string // synonyms, each the stems of its words
	// distinctive: the word is a compound with a generic head, left out
	// of parts, so its parts say what the word means ("poets" of
	// "poetsdienst"); the parts of another compound ("fiets" and
	// "koerier" of "fietskoerier") each name something else.
	distinctive bool
	// phrase are the synonyms of the phrase of words that starts here
	// ("espaces verts": groenonderhoud), phraseLen the words it covers
	// (0: none); end and phraseEnd are offsets in the folded text.
	phrase         [][]string
	phraseLen      int
	end, phraseEnd int
}

type fuzzyTerm struct {
	term      string
	fuzziness int
	word      int // the index of its word in words
}

// analyzeText analyses free text with the index's analyzers (m is the index
// mapping): one queryWord a position.
func analyzeText(m mapping.IndexMapping, opts indexer.Options, text string, fields []textField) *textQuery {
	qa, wa := opts.QueryAnalyzers()
	tq := &textQuery{terms: map[string]bool{}, fields: fields}
	for _, name := range []string{indexer.AnalyzerNLWords, indexer.AnalyzerFR, indexer.AnalyzerEN} {
		if a := m.AnalyzerNamed(name); a != nil {
			tq.stops = append(tq.stops, a)
		}
	}
	words := m.AnalyzerNamed(wa).Analyze([]byte(text))
	if len(words) == 0 {
		return tq
	}
	// Koppel's analyzers fold the text before tokenizing, so offsets refer
	// to the folded text.
	folded := []byte(text)
	if opts.TextAnalyzer == "" {
		folded = asciifolding.New().Filter(folded)
	}
	byPos := map[int]*queryWord{}
	var order []int
	for _, t := range words {
		if _, ok := byPos[t.Position]; ok {
			continue
		}
		w := &queryWord{stem: string(t.Term), end: t.End}
		if t.Start >= 0 && t.End <= len(folded) && t.Start < t.End {
			w.raw = strings.ToLower(string(folded[t.Start:t.End]))
		} else {
			w.raw = w.stem
		}
		byPos[t.Position] = w
		order = append(order, t.Position)
	}
	if qa != wa {
		heads := genericHeads(m.AnalyzerNamed(wa))
		for _, t := range m.AnalyzerNamed(qa).Analyze([]byte(text)) {
			w := byPos[t.Position]
			if w == nil {
				continue
			}
			term := string(t.Term)
			switch {
			case term == w.stem:
			case t.Type == indexer.SynonymType && t.End > w.end:
				// A synonym of the phrase starting at this word.
				if syn := strings.Fields(term); !containsSyn(w.phrase, syn) {
					w.phrase = append(w.phrase, syn)
					w.phraseEnd = max(w.phraseEnd, t.End)
				}
			case t.Type == indexer.SynonymType:
				syn := strings.Fields(term)
				if !containsSyn(w.synonyms, syn) {
					w.synonyms = append(w.synonyms, syn)
				}
			default:
				// A generic head alone ("dienst" of "poetsdienst") is no
				// reason for a hit: only the distinctive parts.
				if heads[term] {
					w.distinctive = true
					continue
				}
				if !containsStr(w.parts, term) {
					w.parts = append(w.parts, term)
				}
			}
		}
	}
	var ws []queryWord
	for _, p := range order {
		ws = append(ws, *byPos[p])
	}
	for i := range ws {
		if ws[i].phraseEnd == 0 {
			continue
		}
		n := 1
		for i+n < len(ws) && ws[i+n].end <= ws[i].phraseEnd {
			n++
		}
		if n > 1 {
			ws[i].phraseLen = n
		}
	}
	tq.setWords(ws)
	// Search as you type: the last word, unless the text ends in a space.
	if last := tq.words[len(tq.words)-1].raw; utf8.RuneCountInString(last) >= 3 && !strings.HasSuffix(text, " ") {
		tq.prefix = last
	}
	return tq
}

// setWords sets the words of the query and what follows from them: the
// terms highlights mark, the fuzzy terms, the words as typed.
func (tq *textQuery) setWords(ws []queryWord) {
	tq.words, tq.raw, tq.fuzzy = ws, nil, nil
	tq.terms = map[string]bool{}
	for i, w := range ws {
		tq.raw = append(tq.raw, w.raw)
		tq.terms[w.stem] = true
		for _, x := range w.parts {
			tq.terms[x] = true
		}
		for _, s := range append(w.synonyms[:len(w.synonyms):len(w.synonyms)], w.phrase...) {
			for _, x := range s {
				tq.terms[x] = true
			}
		}
		if f := fuzziness(w.raw); f > 0 {
			tq.fuzzy = append(tq.fuzzy, fuzzyTerm{w.stem, f, i})
		}
	}
}

// dropStopWords leaves out the words that are French or English stop
// words ("des", "for", "the") and not a word of the index's Dutch fields
// (the Dutch analyzer has dropped the Dutch ones; "was" stays, a Dutch
// word). Call it after markKnown.
func (tq *textQuery) dropStopWords(m mapping.IndexMapping) {
	var keep []queryWord
	for _, w := range tq.words {
		if !w.known && (isStopWord(m, indexer.AnalyzerFR, w.raw) || isStopWord(m, indexer.AnalyzerEN, w.raw)) {
			continue
		}
		keep = append(keep, w)
	}
	if len(keep) == len(tq.words) {
		return
	}
	if len(keep) == 0 || keep[len(keep)-1].raw != tq.words[len(tq.words)-1].raw {
		tq.prefix = ""
	}
	tq.setWords(keep)
}

// isStop reports whether word, lower case, is a stop word of Dutch,
// French or English.
func (tq *textQuery) isStop(word string) bool {
	for _, a := range tq.stops {
		if len(a.Analyze([]byte(word))) == 0 {
			return true
		}
	}
	return false
}

// isStopWord reports whether the analyzer named drops the word entirely.
func isStopWord(m mapping.IndexMapping, analyzer, word string) bool {
	a := m.AnalyzerNamed(analyzer)
	return a != nil && len(a.Analyze([]byte(word))) == 0
}

// fuzziness is the edit distance allowed for a word: none under 5 letters,
// 1 up to 7, 2 from 8.
func fuzziness(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n < 5:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// headSets keeps the stems of the generic heads of compounds
// (indexer.GenericHeads) per words analyzer: an index's mapping is fixed,
// and a reindex makes a new one.
var headSets sync.Map // analysis.Analyzer → map[string]bool

// genericHeads returns the stems a analyses the generic heads into.
func genericHeads(a analysis.Analyzer) map[string]bool {
	if h, ok := headSets.Load(a); ok {
		return h.(map[string]bool)
	}
	h := map[string]bool{}
	for _, w := range indexer.GenericHeads() {
		for _, t := range analyzedTerms(a, w) {
			h[t] = true
		}
	}
	headSets.Range(func(k, _ any) bool { // a few mappings a process
		headSets.Delete(k)
		return true
	})
	headSets.Store(a, h)
	return h
}

func containsStr(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

func containsSyn(s [][]string, x []string) bool {
	for _, y := range s {
		if strings.Join(y, " ") == strings.Join(x, " ") {
			return true
		}
	}
	return false
}

func termQ(field, term string, boost float64) query.Query {
	return engine.TermQuery(field, term, boost)
}

// plan builds the text query: for each word, a disjunction of the word in
// each field (weighted by the field), its synonyms, its compound parts and,
// for longer words, fuzzy variants; the words of a phrase that has
// synonyms ("espaces verts") make one concept, matched by all its words or
// by a synonym of the phrase. A document must match the concepts level
// asks for (levelMost: minShouldMatch), those that match more of them
// first (tiered). extra are whole-word terms on other fields (French, English,
// place), given the word as typed.
func (tq *textQuery) plan(level matchLevel, extra func(raw string) []*engine.Node) *engine.Node {
	var perWord []*engine.Node
	for i, w := range tq.words {
		// Its compound parts count, strictly only a distinctive one.
		parts := !level.strict || w.distinctive
		var alts []*engine.Node
		for _, f := range tq.fields {
			alts = append(alts, engine.TermNode(f.name, w.stem, f.boost*weightExact))
			if tq.combined == "" {
				if !level.strict || !f.passing {
					alts = append(alts, synonymNodes(w.synonyms, f.name, f.boost*weightSynonym)...)
				}
				if parts && !f.passing {
					alts = append(alts, partNodes(w.parts, f.name, f.boost)...)
				}
			}
			if f.loose && !level.strict {
				alts = append(alts, tq.loose(i, f.name, f.boost)...)
			}
		}
		if tq.combined != "" {
			alts = append(alts, tq.combinedSynonyms(w.synonyms, level.strict)...)
			if parts {
				alts = append(alts, tq.combinedParts(w)...)
			}
			// A typo can stem differently from the word meant ("cateirng"
			// stays, "catering" stems to "cater"): also the words of the
			// titles and keywords as written, near the word as typed.
			if fz := fuzziness(w.raw); fz > 0 && !w.known && !level.strict {
				alts = append(alts, &engine.Node{Op: engine.OpFuzzy, Field: indexer.FieldVocab, Term: w.raw, Fuzziness: fz, Boost: weightVocab * weightFuzzy})
			}
		}
		if extra != nil {
			alts = append(alts, extra(w.raw)...)
		}
		perWord = append(perWord, &engine.Node{Op: engine.OpOr, Kids: alts})
	}
	var concepts []*engine.Node
	for i := 0; i < len(perWord); {
		n := max(1, tq.words[i].phraseLen)
		if n == 1 {
			concepts = append(concepts, perWord[i])
			i++
			continue
		}
		group := &engine.Node{Op: engine.OpOr, Kids: []*engine.Node{{Op: engine.OpAnd, Kids: perWord[i : i+n]}}}
		if tq.combined != "" {
			group.Kids = append(group.Kids, tq.combinedSynonyms(tq.words[i].phrase, level.strict)...)
		} else {
			for _, f := range tq.fields {
				if !level.strict || !f.passing {
					group.Kids = append(group.Kids, synonymNodes(tq.words[i].phrase, f.name, f.boost*weightSynonym)...)
				}
			}
		}
		concepts = append(concepts, group)
		i += n
	}
	if len(concepts) == 1 {
		return concepts[0]
	}
	min := 1
	switch level.need {
	case needAll:
		min = len(concepts)
	case needMost:
		min = minShouldMatch(len(concepts))
	}
	if min >= len(concepts) {
		return &engine.Node{Op: engine.OpAnd, Kids: concepts}
	}
	if min <= 1 {
		min = 0
	}
	return &engine.Node{Op: engine.OpOr, Kids: concepts, Min: min, Tiered: true}
}

// matchLevel is what a plan asks of a document: the concepts of the query
// it must match (need), and how (strict).
type matchLevel struct {
	need int
	// strict matches each word only as typed (its stem), by a synonym or
	// by the distinctive part of a compound with a generic head ("poets"
	// of "poetsdienst"): no other compound parts, typos or prefixes. A
	// synonym, like a compound part, counts only where a document says
	// what it is, not in passing text: a laundry that does "kleine
	// herstellingen" of bed linen is no klusjesdienst.
	strict bool
}

// The concepts a document must match (matchLevel.need).
const (
	needAll  = iota // every one
	needMost        // minShouldMatch
	needAny         // one
)

// Levels of a plan.
var (
	levelAll  = matchLevel{need: needAll}
	levelMost = matchLevel{need: needMost}
	levelAny  = matchLevel{need: needAny}
	// levelExact is levelAll, strict. Sorted by distance, those are the
	// offerings a page lists first when there are any: a weak match is
	// as near as a good one, and would fill the page by distance alone.
	levelExact = matchLevel{need: needAll, strict: true}
)

// minShouldMatch is the number of the n words of a query a document must
// match: all of one, one of two, then all but a third (2 of 3, 3 of 4, 4
// of 6).
func minShouldMatch(n int) int {
	if n <= 1 {
		return n
	}
	return n - max(1, n/3)
}

// query is the plan as a Bleve query, any concept matching.
func (tq *textQuery) query(extra func(raw string) []*engine.Node) query.Query {
	return tq.plan(levelAny, extra).Bleve()
}

// combinedParts returns the nodes of the compound parts of word w on the
// combined field, each only for a document that has the part in a field
// that is not passing text, or has the word itself: scored as the part in
// the combined field, found as the part in the fields that say what the
// document is (or as a part of the word the query has).
func (tq *textQuery) combinedParts(w queryWord) []*engine.Node {
	var alts []*engine.Node
	for _, p := range w.parts {
		where := &engine.Node{Op: engine.OpOr, Kids: []*engine.Node{engine.TermNode(tq.combined, w.stem, 0)}}
		for _, f := range tq.fields {
			if !f.passing {
				where.Kids = append(where.Kids, engine.TermNode(f.name, p, 0))
			}
		}
		alts = append(alts, &engine.Node{Op: engine.OpAnd, Kids: []*engine.Node{
			engine.TermNode(tq.combined, p, tq.combinedBoost*weightPart), where}})
	}
	return alts
}

// combinedSynonyms returns the nodes of synonyms on the combined field;
// strictly (matchLevel.strict) each only for a document that has the
// synonym in a field that is not passing text: scored as the synonym in
// the combined field, found as the synonym where the document says what
// it is.
func (tq *textQuery) combinedSynonyms(syns [][]string, strict bool) []*engine.Node {
	alts := synonymNodes(syns, tq.combined, tq.combinedBoost*weightSynonym)
	if !strict {
		return alts
	}
	for i, s := range syns {
		where := &engine.Node{Op: engine.OpOr}
		for _, f := range tq.fields {
			if f.passing {
				continue
			}
			all := &engine.Node{Op: engine.OpAnd}
			for _, x := range s {
				all.Kids = append(all.Kids, engine.TermNode(f.name, x, 0))
			}
			where.Kids = append(where.Kids, all)
		}
		alts[i] = &engine.Node{Op: engine.OpAnd, Kids: []*engine.Node{alts[i], where}}
	}
	return alts
}

// partNodes returns the nodes of the compound parts of a word on field,
// weighted as parts (weightPart) of a field weighing boost.
func partNodes(parts []string, field string, boost float64) []*engine.Node {
	var alts []*engine.Node
	for _, p := range parts {
		alts = append(alts, engine.TermNode(field, p, boost*weightPart))
	}
	return alts
}

// synonymNodes returns the nodes of synonyms on field: a term with boost,
// or, for a synonym of several words, the conjunction of its words.
func synonymNodes(syns [][]string, field string, boost float64) []*engine.Node {
	var alts []*engine.Node
	for _, s := range syns {
		if len(s) == 1 {
			alts = append(alts, engine.TermNode(field, s[0], boost))
			continue
		}
		conj := &engine.Node{Op: engine.OpAnd}
		for _, x := range s {
			conj.Kids = append(conj.Kids, engine.TermNode(field, x, 1))
		}
		alts = append(alts, conj)
	}
	return alts
}

// loose returns the fuzzy and prefix nodes of word i on field, for a word
// the index does not know.
func (tq *textQuery) loose(i int, field string, boost float64) []*engine.Node {
	w := tq.words[i]
	var alts []*engine.Node
	if fz := fuzziness(w.raw); fz > 0 && !w.known {
		alts = append(alts, &engine.Node{Op: engine.OpFuzzy, Field: field, Term: w.stem, Fuzziness: fz, Boost: boost * weightFuzzy})
	}
	if i == len(tq.words)-1 && tq.prefix != "" && !w.known {
		alts = append(alts, &engine.Node{Op: engine.OpPrefix, Field: field, Term: tq.prefix, Boost: boost * weightPrefix})
	}
	return alts
}

// markKnown notes which words are terms of the index's Dutch text fields:
// only the others get fuzzy and prefix variants, which cost far more to
// search than plain terms (a Levenshtein automaton over the dictionary)
// and which a word found as typed does not need. The highlights follow
// the same rule.
func (tq *textQuery) markKnown(idx bleve.Index) {
	has := engine.NewTermCheck(idx)
	defer has.Close()
	for i := range tq.words {
		w := &tq.words[i]
		for _, f := range tq.fields {
			if !f.loose {
				continue
			}
			if has.Has(f.name, w.stem) {
				w.known = true
				break
			}
		}
	}
}

// analyzedTerms returns the terms an analyzer makes of s.
func analyzedTerms(a analysis.Analyzer, s string) []string {
	var out []string
	for _, t := range a.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// matches reports whether an indexed term is one the query looks for.
func (tq *textQuery) matches(term string) bool {
	if tq.terms[term] {
		return true
	}
	for _, f := range tq.fuzzy {
		if tq.words[f.word].known {
			continue // searched as typed, not fuzzy
		}
		if abs(len(term)-len(f.term)) <= f.fuzziness && koppel.EditDistance(term, f.term, f.fuzziness, false) <= f.fuzziness {
			return true
		}
	}
	return tq.prefix != "" && !tq.words[len(tq.words)-1].known && strings.HasPrefix(term, tq.prefix)
}

// nearTyped reports whether a word as written is within the fuzziness of
// a word of the query as typed that the index does not know: what the
// fuzzy search of the titles and keywords as written finds.
func (tq *textQuery) nearTyped(word string) bool {
	for _, f := range tq.fuzzy {
		if w := tq.words[f.word]; !w.known && abs(len(word)-len(w.raw)) <= f.fuzziness && koppel.EditDistance(word, w.raw, f.fuzziness, false) <= f.fuzziness {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// highlighter marks the words of a text that match a query.
type highlighter struct {
	tq       *textQuery
	analyzer analysis.Analyzer // the index analyzer of the field
	cache    map[string]bool
	words    *wordTerms // shared across searches; nil: none
}

func newHighlighter(tq *textQuery, a analysis.Analyzer, words *wordTerms) *highlighter {
	return &highlighter{tq: tq, analyzer: a, cache: map[string]bool{}, words: words}
}

// wordTerms keeps the terms the field analyzer makes of single words, for
// the highlights: the words of offerings are a small vocabulary that every
// search analyses again. It is read by every word of every highlighted
// text, from all searches at once: a sync.Map reads without taking a lock.
type wordTerms struct {
	m sync.Map     // word → []string
	n atomic.Int64 // words kept
}

// maxWordTerms bounds the words wordTerms keeps.
const maxWordTerms = 100000

func (w *wordTerms) terms(a analysis.Analyzer, word string) []string {
	if w == nil {
		return analyzedTerms(a, word)
	}
	if t, ok := w.m.Load(word); ok {
		return t.([]string)
	}
	t := analyzedTerms(a, word)
	if w.n.Add(1) > maxWordTerms {
		w.m.Clear()
		w.n.Store(1)
	}
	w.m.Store(word, t)
	return t
}

// wordMatches analyses one word as the index did and reports whether one
// of its terms (the word, or a compound part) matches.
func (h *highlighter) wordMatches(word string) bool {
	if m, ok := h.cache[word]; ok {
		return m
	}
	m := false
	for _, t := range h.words.terms(h.analyzer, word) {
		if h.tq.matches(t) {
			m = true
			break
		}
	}
	if !m {
		m = h.tq.nearTyped(strings.ToLower(word))
	}
	if m && h.tq.isStop(strings.ToLower(word)) {
		m = false
	}
	h.cache[word] = m
	return m
}

// span is a byte range of a text.
type span struct{ start, end int }

// marks returns the byte ranges of the words of text that match.
func (h *highlighter) marks(text string) []span {
	var out []span
	start := -1
	flush := func(end int) {
		if start >= 0 {
			if h.wordMatches(text[start:end]) {
				out = append(out, span{start, end})
			}
			start = -1
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return out
}

// snippetLen is the length around which a long text is cut.
const snippetLen = 200

// highlight returns text, HTML-escaped, with the matching words in
// <mark>…</mark>, cut to a fragment around the first match when long, or
// "" when nothing matches.
func (h *highlighter) highlight(text string) string {
	ms := h.marks(text)
	if len(ms) == 0 {
		return ""
	}
	from, to := 0, len(text)
	if len(text) > snippetLen {
		from = max(0, ms[0].start-snippetLen/3)
		to = min(len(text), from+snippetLen)
		from = wordStart(text, from)
		to = wordEnd(text, to)
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := from
	for _, m := range ms {
		if m.start < pos || m.end > to {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:m.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[m.start:m.end]))
		b.WriteString("</mark>")
		pos = m.end
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// wordStart moves i back to the start of the word it is in.
func wordStart(s string, i int) int {
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if r == ' ' {
			break
		}
		i -= n
	}
	return i
}

// wordEnd moves i forward to the end of the word it is in.
func wordEnd(s string, i int) int {
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	for i < len(s) && s[i] != ' ' {
		i++
	}
	return i
}

// suggest returns the query with each word of 3+ letters that is not in
// the vocabulary replaced by the closest vocabulary word ("Bedoelde u:
// groenonderhoud?"), or "" when it finds nothing better. visible, when not
// nil, counts the documents the caller may see that hold a term: only
// those terms are suggested, ranked by that count (the dictionary's count,
// an upper bound of it, lets most terms be passed over unchecked; at most
// maxVisibleChecks terms are checked per word).
func suggest(idx bleve.Index, words []string, visible func(term string) uint64) string {
	type cand struct {
		word  string
		dist  int
		count uint64
	}
	best := make([]cand, len(words))
	checks := make([]int, len(words))
	var open []int
	for i, w := range words {
		best[i] = cand{word: w, dist: 0}
		if utf8.RuneCountInString(w) >= 3 {
			best[i].dist = 1 << 30
			open = append(open, i)
		}
	}
	if len(open) == 0 {
		return ""
	}
	d, err := idx.FieldDict(indexer.FieldVocab)
	if err != nil {
		return ""
	}
	defer d.Close()
	for {
		e, err := d.Next()
		if err != nil || e == nil {
			break
		}
		for _, i := range open {
			w := words[i]
			limit := min(3, max(1, utf8.RuneCountInString(w)/3))
			dist := koppel.EditDistance(w, e.Term, limit, false)
			if dist > limit {
				continue
			}
			if !(dist < best[i].dist || dist == best[i].dist && e.Count > best[i].count) {
				continue
			}
			n := e.Count
			if visible != nil {
				if checks[i] >= maxVisibleChecks {
					continue
				}
				checks[i]++
				if n = visible(e.Term); n == 0 || dist == best[i].dist && n <= best[i].count {
					continue
				}
			}
			best[i] = cand{e.Term, dist, n}
		}
	}
	changed := false
	out := make([]string, len(words))
	for i, c := range best {
		if c.dist == 1<<30 {
			out[i] = words[i]
			continue
		}
		out[i] = c.word
		changed = changed || c.word != words[i]
	}
	if !changed {
		return ""
	}
	return strings.Join(out, " ")
}
