package match

import (
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"

	"koppel"
	"koppel/indexer"
)

// languageContextWords are contextWords in French, English and German,
// and the social aims every notice of the social economy mentions: in a
// lot text they say who buys, where or why, never what service.
var languageContextWords = []string{
	"sociaal", "sociale", "social", "sociaux", "sozial", "soziale",
	"school", "schools", "ecole", "ecoles", "scolaire", "scolaires", "schule", "schulen",
	"municipality", "municipal", "commune", "communes", "communal", "communale", "gemeinde",
	"city", "town", "ville", "stadt",
	"service", "services", "dienste", "dienstleistung", "dienstleistungen",
	"small", "large", "petit", "petite", "petits", "grand", "grande", "klein", "grosse",
	"public", "publique", "publics", "local", "locale", "locaux", "offentlich", "offentliche",
	"daily", "weekly", "annual", "quotidien", "quotidienne", "hebdomadaire", "annuel", "annuelle",
	"contract", "contractor", "tender", "tenderers", "marche", "lot", "lots", "auftrag",
	"environmental", "environnemental", "environnementale", "policy", "politique",
}

// languageAnalyzer returns the analysis of lot texts in lang for the
// offering mapping mp, built once per language; nil when the index uses a
// plain Bleve analyzer (its terms are not Koppel's Dutch stems) or the
// language is unknown.
func (m *Matcher) languageAnalyzer(mp mapping.IndexMapping, lang string) *indexer.LanguageAnalyzer {
	if m.Index.Options().TextAnalyzer != "" {
		return nil
	}
	m.langMu.Lock()
	defer m.langMu.Unlock()
	if a, ok := m.langs[lang]; ok {
		return a
	}
	a, err := indexer.NewLanguageAnalyzer(mp, lang)
	if err != nil {
		a = nil // an unknown language: the Dutch analysis alone
	}
	if m.langs == nil {
		m.langs = map[string]*indexer.LanguageAnalyzer{}
	}
	m.langs[lang] = a
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

// lotLanguage is the language a lot of t is analysed in.
func lotLanguage(t *koppel.Tender) string { return t.TextLanguage() }
