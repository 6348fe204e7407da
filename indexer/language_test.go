package indexer_test

import (
	"errors"
	"slices"
	"testing"

	"koppel"
	"koppel/indexer"
)

// TestLanguageAnalyzer checks the analysis of lot texts in their own
// language: stop words of every language are dropped, words are stemmed in
// their language, and synonyms lead to the Dutch terms the index holds.
func TestLanguageAnalyzer(t *testing.T) {
	ix := mustOpenMem(t)
	mp := ix.Offerings().Mapping()
	nlQuery := func(s string) []string { return terms(t, ix, indexer.AnalyzerNLWords, s) }
	for _, tc := range []struct {
		lang, text string
		words      []string // the words kept, as their stems in the language
		dutch      []string // Dutch terms among the synonyms
	}{
		{"en", "Window and sanitary cleaning for the schools", []string{"window", "sanitari", "clean", "school"}, nlQuery("schoonmaak")},
		{"en", "Windows are cleaned", []string{"window", "clean"}, nlQuery("glasreiniging")},
		{"en", "The services are social", []string{"servic", "social"}, nil},
		{"fr", "Entretien des espaces verts et tonte", []string{"entretien", "espac", "vert", "tont"}, nlQuery("groenonderhoud")},
		{"de", "Reinigung und Pflege der Büros für die Schule", []string{"reinigung", "pfleg", "buros", "schul"}, nlQuery("schoonmaak")},
		{"nl", "Strijk and cleaning des écoles für die Schule", []string{"strijk", "cleaning", "ecoles", "schule"}, nil},
		{"en", "The laundry was washed", []string{"laundri", "wash"}, nlQuery("wasserij")},
	} {
		t.Run(tc.lang+" "+tc.text, func(t *testing.T) {
			a, err := indexer.NewLanguageAnalyzer(mp, tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			var words, syns []string
			for _, tk := range a.Analyze([]byte(tc.text)) {
				if tk.Type == indexer.SynonymType {
					syns = append(syns, string(tk.Term))
				} else {
					words = append(words, string(tk.Term))
				}
			}
			if !slices.Equal(words, tc.words) {
				t.Errorf("got words %q, want %q", words, tc.words)
			}
			for _, d := range tc.dutch {
				if !slices.Contains(syns, d) {
					t.Errorf("synonyms %q lack the Dutch term %q", syns, d)
				}
			}
			if tc.dutch == nil && tc.lang != "nl" && len(syns) > 0 {
				t.Errorf("got synonyms %q, want none", syns)
			}
		})
	}
	if _, err := indexer.NewLanguageAnalyzer(mp, "es"); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("Spanish: got %v, want EINVALID", err)
	}
	var ke *koppel.Error
	if _, err := indexer.NewLanguageAnalyzer(mp, "xx"); !errors.As(err, &ke) {
		t.Errorf("unknown language: got %v, want a koppel.Error", err)
	}
}
