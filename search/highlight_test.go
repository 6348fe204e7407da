package search_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"koppel/indexer"
	"koppel/search"
)

// TestHighlightsNoStopWords runs the judged queries, and a few with stop
// words of each language, over the full demo data and checks that no
// highlight of an offering or a tender marks a stop word of Dutch, French
// or English ("voor", "des", "for"): a synonym phrase such as "nettoyage
// des vitres" holds "des", which the Dutch analysis keeps.
func TestHighlightsNoStopWords(t *testing.T) {
	s := mustSearcher(t, fmSource(), indexer.Options{})
	m := s.Index.Offerings().Mapping()
	stopIn := func(word string) string {
		for _, a := range []string{indexer.AnalyzerNLWords, indexer.AnalyzerFR, indexer.AnalyzerEN} {
			if len(m.AnalyzerNamed(a).Analyze([]byte(strings.ToLower(word)))) == 0 {
				return a
			}
		}
		return ""
	}
	texts := []string{"poetsen voor scholen", "nettoyage des vitres", "entretien des espaces verts", "window cleaning for the offices", "ramen wassen voor kantoren"}
	for _, q := range readFMJudged(t) {
		texts = append(texts, q.text)
	}
	for _, q := range readJudged(t) {
		texts = append(texts, q.text)
	}
	mark := regexp.MustCompile(`<mark>([^<]*)</mark>`)
	check := func(text, where string, hl map[string][]string) {
		for field, xs := range hl {
			for _, x := range xs {
				for _, mk := range mark.FindAllStringSubmatch(x, -1) {
					if a := stopIn(mk[1]); a != "" {
						t.Errorf("%q: %s %s marks %q, a stop word of %s: %s", text, where, field, mk[1], a, x)
					}
				}
			}
		}
	}
	for _, text := range texts {
		r := mustSearch(t, s, search.OfferingQuery{Text: text, Size: 50})
		for _, h := range r.Hits {
			check(text, "offering "+h.Offering.Code, h.Highlights)
		}
		tr, err := s.Tenders(context.Background(), search.TenderQuery{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range tr.Hits {
			check(text, "tender "+h.Tender.ID, h.Highlights)
		}
	}
}
