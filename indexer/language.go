package indexer

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	bleveunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"koppel"
)

// LanguageAnalyzer analyses the text of a tender written in one of
// koppel.TextLanguages for matching against the Dutch fields of the
// offering index. Its tokens are the words of the text that are no stop
// word, one a position, with the stem of their language; after them, at
// the same position, come the Dutch terms of the synonyms of the word or
// phrase that starts there (Type SynonymType), as the index's Dutch words
// analyzer gives them. So "window cleaning" in an English text meets the
// Dutch offerings of "glasreiniging" and "ramen wassen" (data/synonyms.txt).
//
// A word is a stop word when it is one in any of Koppel's languages: "and"
// or "des" in a Dutch text never make a candidate, nor "die" in an English
// one. A Dutch text's words are not stemmed and get no synonyms here: the
// Dutch query analyzer does that.
type LanguageAnalyzer struct {
	lang  string
	words *analysis.DefaultAnalyzer
	syn   *synonymFilter // nil for Dutch
}

// languageStops are the stop words of Koppel's languages.
var languageStops = map[string][]byte{
	koppel.LanguageDutch:   nl.DutchStopWords,
	koppel.LanguageFrench:  fr.FrenchStopWords,
	koppel.LanguageEnglish: en.EnglishStopWords,
	koppel.LanguageGerman:  de.GermanStopWords,
}

// languageFilters are the token filters of a language between lower case
// and stop words (before), and after the stop words (stemmers).
var languageFilters = map[string]struct{ before, after []string }{
	koppel.LanguageDutch:   {},
	koppel.LanguageFrench:  {before: []string{fr.ElisionName}, after: []string{fr.LightStemmerName}},
	koppel.LanguageEnglish: {before: []string{en.PossessiveName}, after: []string{en.SnowballStemmerName}},
	koppel.LanguageGerman:  {after: []string{de.LightStemmerName}},
}

// NewLanguageAnalyzer returns the analyzer of texts in lang (one of
// koppel.TextLanguages) for the index mapping m, whose Dutch words analyzer
// gives the synonyms' terms. Returns EINVALID for another language.
func NewLanguageAnalyzer(m mapping.IndexMapping, lang string) (*LanguageAnalyzer, error) {
	lf, ok := languageFilters[lang]
	if !ok {
		return nil, koppel.Errorf(koppel.EINVALID, "taal %q wordt niet ondersteund: kies nl, fr, en of de", lang)
	}
	cache := registry.NewCache()
	tok, err := cache.TokenizerNamed(bleveunicode.Name)
	if err != nil {
		return nil, fmt.Errorf("language analyzer %s: %w", lang, err)
	}
	filter := func(names []string) ([]analysis.TokenFilter, error) {
		var out []analysis.TokenFilter
		for _, n := range names {
			f, err := cache.TokenFilterNamed(n)
			if err != nil {
				return nil, fmt.Errorf("language analyzer %s: %w", lang, err)
			}
			out = append(out, f)
		}
		return out, nil
	}
	before, err := filter(lf.before)
	if err != nil {
		return nil, err
	}
	after, err := filter(lf.after)
	if err != nil {
		return nil, err
	}
	stops, err := stopWords()
	if err != nil {
		return nil, err
	}
	a := &LanguageAnalyzer{lang: lang, words: &analysis.DefaultAnalyzer{
		CharFilters: []analysis.CharFilter{asciifolding.New()},
		Tokenizer:   tok,
	}}
	a.words.TokenFilters = append(append(before, lowercase.NewLowerCaseFilter(), stop.NewStopTokensFilter(stops)), after...)
	if lang == koppel.LanguageDutch {
		return a, nil
	}
	nlWords := m.AnalyzerNamed(AnalyzerNLWords)
	if nlWords == nil {
		return nil, fmt.Errorf("language analyzer %s: the index mapping has no %s", lang, AnalyzerNLWords)
	}
	a.syn = &synonymFilter{alts: map[string][]string{}, maxLen: 1}
	for _, line := range readData("synonyms.txt") {
		var own, dutch []string
		for _, p := range strings.Split(line, ",") {
			p = strings.TrimSpace(p)
			if s := joinTerms(a.words.Analyze([]byte(p))); s != "" && !contains(own, s) {
				own = append(own, s)
			}
			if s := joinTerms(nlWords.Analyze([]byte(p))); s != "" && !contains(dutch, s) {
				dutch = append(dutch, s)
			}
		}
		for _, o := range own {
			a.syn.maxLen = max(a.syn.maxLen, len(strings.Fields(o)))
			for _, d := range dutch {
				if !contains(a.syn.alts[o], d) {
					a.syn.alts[o] = append(a.syn.alts[o], d)
				}
			}
		}
	}
	return a, nil
}

// Language returns the language the analyzer reads.
func (a *LanguageAnalyzer) Language() string { return a.lang }

// Analyze implements analysis.Analyzer (see LanguageAnalyzer).
func (a *LanguageAnalyzer) Analyze(text []byte) analysis.TokenStream {
	ts := a.words.Analyze(text)
	if a.syn != nil {
		ts = a.syn.Filter(ts)
	}
	return ts
}

// joinTerms joins the terms of a token stream with spaces.
func joinTerms(ts analysis.TokenStream) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = string(t.Term)
	}
	return strings.Join(parts, " ")
}

// stopWords returns the stop words of Koppel's languages, each as written
// and ASCII-folded ("für", "fur"): the text is folded before it is split.
func stopWords() (analysis.TokenMap, error) {
	out := analysis.NewTokenMap()
	for l, list := range languageStops {
		tm := analysis.NewTokenMap()
		if err := tm.LoadBytes(list); err != nil {
			return nil, fmt.Errorf("stop words %s: %w", l, err)
		}
		for w := range tm {
			out.AddToken(w)
			out.AddToken(string(asciifolding.New().Filter([]byte(w))))
		}
	}
	return out, nil
}
