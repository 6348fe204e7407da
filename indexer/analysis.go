package indexer

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/token/compound"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	tokenmap "github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
)

// The data files of the Dutch analyzer. They are kept with each index's
// mapping when the index is created, so an index and the queries against it
// always agree; edits take effect with `koppel reindex`.
//
//go:embed data/*.txt
var dataFiles embed.FS

// Analyzer names. Each index mapping defines them (custom analyzers built
// from Bleve's registry and the token filters of this package).
const (
	// AnalyzerNL is the Dutch analyzer of indexed text: unicode tokens, ASCII
	// folding, lower case, Dutch stop words, decompounding with the domain
	// word list, the stemmer overrides and the Dutch snowball stemmer.
	AnalyzerNL = "koppel_nl"
	// AnalyzerNLWords is AnalyzerNL without decompounding: one stem a word.
	// The search package uses it to tell the words typed from their parts.
	AnalyzerNLWords = "koppel_nl_words"
	// AnalyzerNLQuery is AnalyzerNL followed by the domain synonyms, for
	// query text. Synonyms come out at the position of the words they
	// replace, with Type SynonymType; a phrase synonym is one token whose
	// term holds the stems of its words separated by spaces.
	AnalyzerNLQuery = "koppel_nl_query"
	// AnalyzerFR is the French analyzer: elision, ASCII folding (velo finds
	// vélo), lower case, stop words and the light French stemmer.
	AnalyzerFR = "koppel_fr"
	// AnalyzerEN is the English analyzer: possessives, ASCII folding, lower
	// case, stop words and the English snowball stemmer.
	AnalyzerEN = "koppel_en"
	// AnalyzerVocab keeps whole words (folded, lower case, no stop words,
	// no stemming): the vocabulary "did you mean" suggestions come from.
	AnalyzerVocab = "koppel_vocab"
)

// Token filter names registered in Bleve's registry by this package.
const (
	// StemmerOverrideName is a token filter that maps words to fixed stems
	// (config "rules": ["fiets, fietsen => fiets", ...]) and marks them as
	// keywords, so the stemmer after it leaves them alone.
	StemmerOverrideName = "koppel_stemmer_override"
	// SnowballNLName is the Dutch snowball stemmer that skips keyword
	// tokens (Bleve's stemmer_nl_snowball stems every token).
	SnowballNLName = "koppel_snowball_nl"
	// SynonymFilterName is a token filter that adds the synonyms of a word
	// or phrase (config "groups": lists of analysed alternatives).
	SynonymFilterName = "koppel_synonyms"
	// CompoundFilterName is a decompounder with the semantics and config of
	// Bleve's dict_compound (every dictionary word found inside a token is
	// added at its position) that works on bytes: dict_compound converts
	// every substring from runes to a string, which cost 18% of indexing
	// time (BenchmarkRebuild). Tokens with non-ASCII letters go to
	// dict_compound's own code.
	CompoundFilterName = "koppel_dict_compound"
)

// SynonymType marks the tokens the synonym filter adds.
const SynonymType analysis.TokenType = 64

// Names of the parts defined on each mapping.
const (
	compoundMapName    = "koppel_compounds_nl"
	compoundFilterName = "koppel_compound_nl"
	stemsFilterName    = "koppel_stems_nl"
	synonymsFilterName = "koppel_synonyms_nl"
)

func init() {
	for name, c := range map[string]registry.TokenFilterConstructor{
		StemmerOverrideName: stemmerOverrideConstructor,
		SnowballNLName: func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return newSnowballNL(), nil
		},
		SynonymFilterName:  synonymConstructor,
		CompoundFilterName: compoundConstructor,
	} {
		if err := registry.RegisterTokenFilter(name, c); err != nil {
			panic(err)
		}
	}
}

// readData returns the non-empty, non-comment lines of a data file.
func readData(name string) []string {
	b, err := dataFiles.ReadFile("data/" + name)
	if err != nil {
		panic(fmt.Sprintf("indexer: embedded %s: %v", name, err)) // a build defect
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

// strings of a config value, which is []string when built here and
// []interface{} when read back from an index's stored mapping.
func configStrings(v interface{}) []string {
	switch v := v.(type) {
	case []string:
		return v
	case []interface{}:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func toInterfaces(s []string) []interface{} {
	out := make([]interface{}, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// stemmerOverride maps words to fixed stems.
type stemmerOverride map[string]string

func stemmerOverrideConstructor(config map[string]interface{}, _ *registry.Cache) (analysis.TokenFilter, error) {
	m := stemmerOverride{}
	for _, rule := range configStrings(config["rules"]) {
		words, stem, ok := strings.Cut(rule, "=>")
		stem = strings.TrimSpace(stem)
		if !ok || stem == "" {
			return nil, fmt.Errorf("stemmer override rule %q: want \"word, word => stem\"", rule)
		}
		for _, w := range strings.Split(words, ",") {
			if w = strings.TrimSpace(w); w != "" {
				m[w] = stem
			}
		}
	}
	return m, nil
}

// Filter replaces the words of the rules by their stems and protects them
// from later stemming.
func (m stemmerOverride) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if s, ok := m[string(t.Term)]; ok {
			t.Term = []byte(s)
			t.KeyWord = true
		}
	}
	return input
}

// snowballNL is the Dutch snowball stemmer, keyword-aware, with a cache of
// the stems: a catalogue's vocabulary is small, and stemming was 12% of a
// rebuild (BenchmarkRebuild).
type snowballNL struct {
	shards [stemShards]stemShard
}

const (
	stemShards = 16
	// maxStemsPerShard bounds the cache: words beyond it are stemmed
	// every time.
	maxStemsPerShard = 1 << 13
)

type stemShard struct {
	mu sync.RWMutex
	m  map[string]string
}

func newSnowballNL() *snowballNL {
	f := &snowballNL{}
	for i := range f.shards {
		f.shards[i].m = map[string]string{}
	}
	return f
}

// stem returns the stem of a word.
func (f *snowballNL) stem(word []byte) string {
	h := uint32(2166136261)
	for _, c := range word {
		h = (h ^ uint32(c)) * 16777619
	}
	sh := &f.shards[h%stemShards]
	sh.mu.RLock()
	s, ok := sh.m[string(word)]
	sh.mu.RUnlock()
	if ok {
		return s
	}
	env := snowballstem.NewEnv(string(word))
	dutch.Stem(env)
	s = env.Current()
	sh.mu.Lock()
	if len(sh.m) < maxStemsPerShard {
		sh.m[string(word)] = s
	}
	sh.mu.Unlock()
	return s
}

// Filter stems every token not marked as a keyword.
func (f *snowballNL) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if t.KeyWord {
			continue
		}
		if s := f.stem(t.Term); s != string(t.Term) {
			t.Term = []byte(s)
		}
	}
	return input
}

// compoundFilter is dict_compound on bytes.
type compoundFilter struct {
	dict                    analysis.TokenMap
	minWord, minSub, maxSub int
	slow                    *compound.DictionaryCompoundFilter

	// The dictionary words found in each ASCII word, by the word: looking
	// up every substring of every word in the dictionary cost 5% of a
	// reindex, and the words of offerings are a small vocabulary.
	mu    sync.RWMutex
	found map[string][]span
}

// span is the part [a, a+l) of a word.
type span struct{ a, l int }

// maxCompoundWords bounds the words compoundFilter remembers.
const maxCompoundWords = 200000

// spans returns the parts of the ASCII word term that are dictionary
// words, other than term itself.
func (f *compoundFilter) spans(term []byte) []span {
	f.mu.RLock()
	s, ok := f.found[string(term)]
	f.mu.RUnlock()
	if ok {
		return s
	}
	n := len(term)
	for a := 0; a+f.minSub <= n; a++ {
		for l := f.minSub; l <= f.maxSub && a+l <= n; l++ {
			if a == 0 && l == n {
				continue // the token itself is there already
			}
			if f.dict[string(term[a:a+l])] {
				s = append(s, span{a, l})
			}
		}
	}
	f.mu.Lock()
	if f.found == nil || len(f.found) >= maxCompoundWords {
		f.found = map[string][]span{}
	}
	f.found[string(term)] = s
	f.mu.Unlock()
	return s
}

func compoundConstructor(config map[string]interface{}, cache *registry.Cache) (analysis.TokenFilter, error) {
	slow, err := compound.DictionaryCompoundFilterConstructor(config, cache)
	if err != nil {
		return nil, err
	}
	f := &compoundFilter{minWord: 5, minSub: 2, maxSub: 15, slow: slow.(*compound.DictionaryCompoundFilter)}
	if v, ok := config["min_word_size"].(float64); ok {
		f.minWord = int(v)
	}
	if v, ok := config["min_subword_size"].(float64); ok {
		f.minSub = int(v)
	}
	if v, ok := config["max_subword_size"].(float64); ok {
		f.maxSub = int(v)
	}
	name, _ := config["dict_token_map"].(string)
	if f.dict, err = cache.TokenMapNamed(name); err != nil {
		return nil, fmt.Errorf("compound dictionary %q: %w", name, err)
	}
	return f, nil
}

// Filter adds after each token the dictionary words it contains.
func (f *compoundFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	for i, t := range input {
		n := len(t.Term)
		if n < f.minWord {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		ascii := true
		for _, c := range t.Term {
			if c >= 0x80 {
				ascii = false
				break
			}
		}
		var parts analysis.TokenStream
		if !ascii {
			parts = f.slow.Filter(analysis.TokenStream{t})[1:]
		} else {
			for _, s := range f.spans(t.Term) {
				a, l := s.a, s.l
				parts = append(parts, &analysis.Token{
					Term: append([]byte(nil), t.Term[a:a+l]...), Position: t.Position,
					Start: t.Start + a, End: t.Start + a + l, Type: t.Type, KeyWord: t.KeyWord,
				})
			}
		}
		if len(parts) == 0 {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = make(analysis.TokenStream, 0, len(input)+8)
			out = append(out, input[:i]...)
		}
		out = append(out, t)
		out = append(out, parts...)
	}
	if out == nil {
		return input
	}
	return out
}

// synonymFilter adds, after the tokens of a position, the synonyms of the
// word (or phrase) that starts there.
type synonymFilter struct {
	alts   map[string][]string // analysed phrase → its alternatives
	maxLen int                 // words in the longest phrase
}

func synonymConstructor(config map[string]interface{}, _ *registry.Cache) (analysis.TokenFilter, error) {
	f := &synonymFilter{alts: map[string][]string{}, maxLen: 1}
	groups, _ := config["groups"].([]interface{})
	if g, ok := config["groups"].([][]string); ok {
		for _, x := range g {
			groups = append(groups, x)
		}
	}
	for _, g := range groups {
		words := configStrings(g)
		for _, w := range words {
			f.maxLen = max(f.maxLen, len(strings.Fields(w)))
			for _, o := range words {
				if o != w && !contains(f.alts[w], o) {
					f.alts[w] = append(f.alts[w], o)
				}
			}
		}
	}
	return f, nil
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// Filter implements analysis.TokenFilter. It considers the first token of
// each position (the word itself, not its compound parts).
func (f *synonymFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var main []*analysis.Token
	for i, t := range input {
		if i == 0 || t.Position != input[i-1].Position {
			main = append(main, t)
		}
	}
	extra := map[int][]*analysis.Token{}
	for i := range main {
		for n := min(f.maxLen, len(main)-i); n >= 1; n-- {
			parts := make([]string, n)
			for k := range parts {
				parts[k] = string(main[i+k].Term)
			}
			for _, alt := range f.alts[strings.Join(parts, " ")] {
				extra[main[i].Position] = append(extra[main[i].Position], &analysis.Token{
					Term: []byte(alt), Position: main[i].Position,
					Start: main[i].Start, End: main[i+n-1].End, Type: SynonymType,
				})
			}
		}
	}
	if len(extra) == 0 {
		return input
	}
	out := make(analysis.TokenStream, 0, len(input)+len(extra)*4)
	for i, t := range input {
		out = append(out, t)
		if i == len(input)-1 || input[i+1].Position != t.Position {
			out = append(out, extra[t.Position]...)
		}
	}
	return out
}

// addAnalysis defines Koppel's analyzers on an index mapping.
func addAnalysis(m *mapping.IndexMappingImpl) error {
	defs := []struct {
		kind   string
		name   string
		config map[string]interface{}
	}{
		{"map", compoundMapName, map[string]interface{}{"type": tokenmap.Name, "tokens": toInterfaces(readData("compounds.txt"))}},
		{"filter", compoundFilterName, map[string]interface{}{
			"type": CompoundFilterName, "dict_token_map": compoundMapName,
			"min_word_size": 6.0, "min_subword_size": 3.0, "max_subword_size": 16.0, "only_longest_match": false,
		}},
		{"filter", stemsFilterName, map[string]interface{}{"type": StemmerOverrideName, "rules": toInterfaces(readData("stems.txt"))}},
		{"analyzer", AnalyzerNLWords, customAnalyzer(lowercase.Name, nl.StopName, stemsFilterName, SnowballNLName)},
		{"analyzer", AnalyzerNL, customAnalyzer(lowercase.Name, nl.StopName, compoundFilterName, stemsFilterName, SnowballNLName)},
		{"analyzer", AnalyzerFR, customAnalyzer(fr.ElisionName, lowercase.Name, fr.StopName, fr.LightStemmerName)},
		{"analyzer", AnalyzerEN, customAnalyzer(en.PossessiveName, lowercase.Name, en.StopName, en.SnowballStemmerName)},
		{"analyzer", AnalyzerVocab, customAnalyzer(lowercase.Name, nl.StopName)},
	}
	for _, d := range defs {
		var err error
		switch d.kind {
		case "map":
			err = m.AddCustomTokenMap(d.name, d.config)
		case "filter":
			err = m.AddCustomTokenFilter(d.name, d.config)
		case "analyzer":
			err = m.AddCustomAnalyzer(d.name, d.config)
		}
		if err != nil {
			return fmt.Errorf("define %s %s: %w", d.kind, d.name, err)
		}
	}
	// Synonyms are stored analysed by the words analyzer, so that they meet
	// the query's stems.
	words := m.AnalyzerNamed(AnalyzerNLWords)
	var groups []interface{}
	for _, line := range readData("synonyms.txt") {
		var g []string
		for _, p := range strings.Split(line, ",") {
			var stems []string
			for _, t := range words.Analyze([]byte(strings.TrimSpace(p))) {
				stems = append(stems, string(t.Term))
			}
			if s := strings.Join(stems, " "); s != "" && !contains(g, s) {
				g = append(g, s)
			}
		}
		if len(g) > 1 {
			groups = append(groups, toInterfaces(g))
		}
	}
	if err := m.AddCustomTokenFilter(synonymsFilterName, map[string]interface{}{"type": SynonymFilterName, "groups": groups}); err != nil {
		return fmt.Errorf("define synonyms: %w", err)
	}
	if err := m.AddCustomAnalyzer(AnalyzerNLQuery, customAnalyzer(lowercase.Name, nl.StopName, compoundFilterName, stemsFilterName, SnowballNLName, synonymsFilterName)); err != nil {
		return fmt.Errorf("define %s: %w", AnalyzerNLQuery, err)
	}
	return nil
}

// customAnalyzer is a custom analyzer over unicode tokens of ASCII-folded
// text with the given token filters.
func customAnalyzer(filters ...string) map[string]interface{} {
	return map[string]interface{}{
		"type":          custom.Name,
		"char_filters":  []interface{}{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": toInterfaces(filters),
	}
}

// GenericHeads returns the generic heads of compounds (data/heads.txt):
// words such as "dienst" or "onderhoud" that a compound in a search must
// not be found by on their own.
func GenericHeads() []string { return readData("heads.txt") }

// ContextWords returns the context words of lots (data/context.txt):
// words such as "scholen", "gemeente" or "social" that say who buys, where
// or why, never what service, so that a lot's text query leaves them out.
func ContextWords() []string {
	var out []string
	for _, line := range readData("context.txt") {
		for _, w := range strings.Split(line, ",") {
			if w = strings.TrimSpace(w); w != "" {
				out = append(out, w)
			}
		}
	}
	return out
}
