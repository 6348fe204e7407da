package match

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"

	"koppel/indexer"
)

// lotWord is one word of the lot text with the terms that stand for it in
// the index: its stem, its compound parts and its one-word synonyms.
type lotWord struct {
	raw   string
	terms []string
}

// matchedTerms returns the words of the lot text (as the buyer wrote them,
// lower case, once each) of which the offering text holds the stem, a
// compound part or a synonym: what the text relevance rests on. The
// index keeps no term vectors, so both texts are analysed again here, as
// the search package does for its highlights.
func (m *Matcher) matchedTerms(lotText, offeringText string) []string {
	out := []string{}
	if strings.TrimSpace(lotText) == "" || strings.TrimSpace(offeringText) == "" {
		return out
	}
	opts := m.Index.Options()
	qa, wa := opts.QueryAnalyzers()
	fa := indexer.AnalyzerNL
	if opts.TextAnalyzer != "" {
		fa = opts.TextAnalyzer
	}
	var words []lotWord
	have := map[string]bool{}
	_ = m.Index.View(func(off, _ bleve.Index) error {
		mp := off.Mapping()
		words = lotWords(mp.AnalyzerNamed(wa), mp.AnalyzerNamed(qa), lotText, opts.TextAnalyzer == "")
		for _, t := range mp.AnalyzerNamed(fa).Analyze([]byte(offeringText)) {
			have[string(t.Term)] = true
		}
		return nil
	})
	seen := map[string]bool{}
	for _, w := range words {
		if seen[w.raw] {
			continue
		}
		for _, t := range w.terms {
			if have[t] {
				seen[w.raw] = true
				out = append(out, w.raw)
				break
			}
		}
	}
	return out
}

// lotWords analyses the lot text: one lotWord per position of the words
// analyzer, with the extra terms the query analyzer gives at that position.
func lotWords(words, query analysis.Analyzer, text string, fold bool) []lotWord {
	if words == nil {
		return nil
	}
	// Koppel's analyzers fold before tokenizing: offsets refer to the
	// folded text.
	folded := []byte(text)
	if fold {
		folded = asciifolding.New().Filter(folded)
	}
	byPos := map[int]int{}
	var out []lotWord
	for _, t := range words.Analyze([]byte(text)) {
		if _, ok := byPos[t.Position]; ok {
			continue
		}
		raw := string(t.Term)
		if t.Start >= 0 && t.End <= len(folded) && t.Start < t.End {
			raw = strings.ToLower(string(folded[t.Start:t.End]))
		}
		byPos[t.Position] = len(out)
		out = append(out, lotWord{raw: raw, terms: []string{string(t.Term)}})
	}
	if query != nil {
		for _, t := range query.Analyze([]byte(text)) {
			i, ok := byPos[t.Position]
			term := string(t.Term)
			if !ok || strings.Contains(term, " ") || containsStr(out[i].terms, term) {
				continue
			}
			out[i].terms = append(out[i].terms, term)
		}
	}
	return out
}
