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
	pos   int // position of the word in the text
}

// contextWords only set the context of a lot (who buys, where, for whom,
// how big, how often): "scholen" or "gemeente" say nothing of the service, so they
// never make a candidate on their own. Their terms (stems, compound
// parts, synonyms) are left out of the lot's text query; a compound such
// as "schoolgebouwen" keeps its other terms.
var contextWords = []string{
	"school", "scholen", "basisschool", "basisscholen", "schoolgebouw", "schoolgebouwen",
	"klas", "klassen", "klaslokaal", "klaslokalen", "lokalen",
	"gemeente", "gemeenten", "gemeentelijk", "gemeentelijke", "gemeentehuis",
	"stad", "steden", "stedelijk", "stedelijke", "stadsbestuur",
	"dienst", "diensten", "dienstverlening",
	"klein", "kleine", "groot", "grote",
	"openbaar", "openbare", "lokaal", "lokale", "divers", "diverse", "algemeen", "algemene",
	"bestuur", "overheid", "voorziening", "voorzieningen",
	"dagelijks", "dagelijkse", "wekelijks", "wekelijkse", "jaarlijks", "jaarlijkse", "periodiek", "periodieke",
}

// contextTerms returns the index terms of the contextWords under the query
// analyzer, computed once.
func (m *Matcher) contextTerms(qa analysis.Analyzer) map[string]bool {
	m.ctxOnce.Do(func() {
		m.ctxTerms = map[string]bool{}
		if qa == nil {
			return
		}
		for _, w := range append(contextWords[:len(contextWords):len(contextWords)], languageContextWords...) {
			for _, t := range qa.Analyze([]byte(w)) {
				m.ctxTerms[string(t.Term)] = true
			}
		}
	})
	return m.ctxTerms
}

// matchedTerms returns the words the text query ran on (as the buyer
// wrote them, lower case, once each) of which the offering text holds a
// term: what the text score rests on. The index keeps no term vectors, so
// the offering text is analysed again here, as the search package does
// for its highlights.
func (m *Matcher) matchedTerms(words []lotWord, offeringText string) []string {
	out := []string{}
	if len(words) == 0 || strings.TrimSpace(offeringText) == "" {
		return out
	}
	opts := m.Index.Options()
	fa := indexer.AnalyzerNL
	if opts.TextAnalyzer != "" {
		fa = opts.TextAnalyzer
	}
	have := map[string]bool{}
	_ = m.Index.View(func(off, _ bleve.Index) error {
		if a := off.Mapping().AnalyzerNamed(fa); a != nil {
			for _, t := range a.Analyze([]byte(offeringText)) {
				have[string(t.Term)] = true
			}
		}
		return nil
	})
	for _, w := range words {
		for _, t := range w.terms {
			if have[t] {
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
	folded := foldedText(text, fold)
	byPos := map[int]int{}
	var out []lotWord
	for _, t := range words.Analyze([]byte(text)) {
		if _, ok := byPos[t.Position]; ok {
			continue
		}
		byPos[t.Position] = len(out)
		out = append(out, lotWord{raw: rawWord(folded, t.Start, t.End, string(t.Term)), terms: []string{string(t.Term)}, pos: t.Position})
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
