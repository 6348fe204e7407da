package search_test

import (
	"slices"
	"testing"

	"koppel/indexer"
	"koppel/search"
)

// TestSeveralWords checks the minimum-should-match ranking: the offerings
// with every concept of the query first, then those with most of them,
// and never one with too few; and that French and English stop words are
// ignored.
func TestSeveralWords(t *testing.T) {
	s := mustSearcher(t, catalogue(), indexer.Options{})
	run := func(q string) []string {
		t.Helper()
		return codes(mustSearch(t, s, search.OfferingQuery{Text: q, Size: 50}), true)
	}
	// Two words: one will do, both first. SCH-2 has both (schoonmaak is a
	// synonym of poetsdienst), SCH-1 only poetsdienst, and ranks lower
	// however well it matches that one word.
	got := run("poetsdienst kantoren")
	if len(got) < 2 || got[0] != key(kboBrugge, "SCH-2") || !slices.Contains(got, key(kboGent, "SCH-1")) {
		t.Errorf("poetsdienst kantoren: %v, want SCH-2 first and SCH-1 after it", got)
	}
	// Three words: two of them at least. SCH-1 and SCH-2 have two; the
	// catering for scholen has one (scholen) and is left out.
	got = run("schoonmaak sanitair kantoren")
	want := []string{key(kboBrugge, "SCH-2"), key(kboGent, "SCH-1")}
	slices.Sort(want)
	sorted := slices.Clone(got)
	slices.Sort(sorted)
	if !slices.Contains(sorted, want[0]) || !slices.Contains(sorted, want[1]) || slices.Contains(got, key(kboAntwerpen, "CAT-1")) {
		t.Errorf("schoonmaak sanitair kantoren: %v, want SCH-1 and SCH-2, not CAT-1", got)
	}
	// When no offering has enough of the words, any word will do.
	if got := run("poetsdienst xyzzy qwerty"); len(got) == 0 {
		t.Errorf("poetsdienst xyzzy qwerty: nothing, want the offerings with poetsdienst")
	}
	// Stop words of the three languages change nothing.
	for _, pair := range [][2]string{
		{"de schoonmaak van de kantoren", "schoonmaak kantoren"},
		{"the cleaning of the offices", "cleaning offices"},
		{"réparation des vélos", "réparation vélos"},
	} {
		if a, b := run(pair[0]), run(pair[1]); !slices.Equal(a, b) || len(a) == 0 {
			t.Errorf("%q: %v; %q: %v; want the same, not empty", pair[0], a, pair[1], b)
		}
	}
}

// TestTypoAsWritten checks that a typo that stems differently from the
// word meant ("cateirng" stays, "catering" stems to "cater") still finds
// it, through the titles and keywords as written, and highlights it.
func TestTypoAsWritten(t *testing.T) {
	s := mustSearcher(t, catalogue(), indexer.Options{})
	r := mustSearch(t, s, search.OfferingQuery{Text: "cateirng "})
	if got := codes(r, true); len(got) == 0 || got[0] != key(kboAntwerpen, "CAT-1") {
		t.Fatalf("cateirng: %v, want the catering first", got)
	}
	if h := r.Hits[0].Highlights["title"]; len(h) != 1 || h[0] != "<mark>Catering</mark> &amp; maaltijden &lt;script&gt;" {
		t.Errorf("cateirng: title highlight %q", h)
	}
}
