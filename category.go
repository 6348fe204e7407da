package koppel

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MatchCategory reads a category the way people type it in a catalogue:
// case, accents and punctuation do not matter, "&", "en", "and" and "et"
// are the same, nor do singular and plural ("maaltijd", "fietsen"), the
// order of the words ("strijk en was"), a word split in two ("groen
// onderhoud") or one typo in a longer word ("kringlop"). Besides its code
// and label each category is known by its aliases, the domain's words for
// it ("poetsen", "poetsdienst" → schoonmaak).
//
// The category whose names cover most words of s wins; words that name no
// category ("schoonmaak van gebouwen") do not matter. When no category
// fits, or two fit equally ("fietsen en catering"), it returns "" and the
// nearest categories, in the order of Categories, to propose ("Bedoelde u
// …?"); nearest is empty when nothing comes close.
func MatchCategory(s string) (c Category, nearest []Category) {
	n := Normalize(s)
	if c, ok := categoryExact[n]; ok {
		return c, nil
	}
	if len(n) > maxCategoryText {
		return "", nil
	}
	words := categoryWords(n)
	if len(words) == 0 {
		return "", nil
	}
	units := categoryUnits(words)
	covered, touched := coverCategories(units)
	best, bestN := []Category(nil), 0
	var partial []Category
	for i, ci := range categoryIndex {
		switch n := bits.OnesCount64(covered[i]); {
		case n > bestN:
			best, bestN = []Category{ci.cat}, n
		case n == bestN && n > 0:
			best = append(best, ci.cat)
		}
		if touched[i] {
			partial = append(partial, ci.cat)
		}
	}
	switch {
	case len(best) == 1:
		return best[0], nil
	case len(best) > 1:
		return "", best
	case len(partial) > 0:
		return "", partial
	}
	return "", nearestCategories(n, units)
}

// maxCategoryText bounds the text MatchCategory reads word by word: a
// category is a few words, and a longer cell is no category.
const maxCategoryText = 200

// categoryStopWords are the words that join or frame a category name and
// say nothing about which one it is.
var categoryStopWords = map[string]bool{
	"en": true, "and": true, "et": true, "und": true, "of": true, "or": true, "ou": true,
	"de": true, "het": true, "een": true, "van": true, "voor": true, "met": true, "in": true, "op": true,
	"la": true, "le": true, "les": true, "des": true, "du": true, "au": true, "aux": true, "pour": true, "avec": true,
	"the": true, "for": true, "with": true,
}

// categoryWords splits a normalised text into its words (letters and
// digits), without stop words and single letters.
func categoryWords(n string) []string {
	fields := strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	words := fields[:0]
	for _, f := range fields {
		if len([]rune(f)) > 1 && !categoryStopWords[f] {
			words = append(words, f)
		}
	}
	return words
}

// categoryUnit is a word of the typed text, or two neighbouring words
// written together ("groen onderhoud" → groenonderhoud), with the indexes
// of the words it stands for.
type categoryUnit struct {
	word  string
	n     int // runes of word
	forms []string
	first int
	last  int
}

func categoryUnits(words []string) []categoryUnit {
	units := make([]categoryUnit, 0, 2*len(words))
	for i, w := range words {
		units = append(units, categoryUnit{w, utf8.RuneCountInString(w), wordForms(w), i, i})
	}
	for i := 0; i+1 < len(words); i++ {
		w := words[i] + words[i+1]
		units = append(units, categoryUnit{w, utf8.RuneCountInString(w), wordForms(w), i, i + 1})
	}
	return units
}

// wordForms returns a word with its plural endings taken off: "fietsen" →
// fiets, "wassen" → was, "categorieen" → categorie, "velos" → velo. Two
// words are the same when their forms meet ("poetsen" and "poets" share
// poets).
func wordForms(w string) []string {
	forms := []string{w}
	for _, suffix := range []string{"en", "s", "es", "x", "e"} {
		stem, ok := strings.CutSuffix(w, suffix)
		if !ok || len(stem) < 3 {
			continue
		}
		forms = append(forms, stem)
		// A doubled consonant before -en is the singular's single one.
		if l := len(stem); suffix == "en" && stem[l-1] == stem[l-2] && !strings.ContainsRune("aeiou", rune(stem[l-1])) {
			forms = append(forms, stem[:l-1])
		}
	}
	return forms
}

// oneTypo reports whether a and b are at most one edit apart, a swap of
// neighbours counting as one: EditDistance(a, b, 1, true) <= 1, without
// its tables for the plain ASCII the normalised words almost always are.
func oneTypo(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if a[i] >= utf8.RuneSelf {
			return EditDistance(a, b, 1, true) <= 1
		}
	}
	for i := 0; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return EditDistance(a, b, 1, true) <= 1
		}
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	switch {
	case i == len(a):
		return true // equal
	case len(a) == len(b)+1:
		return a[i+1:] == b[i:] // one letter more
	case len(a) != len(b):
		return false
	case a[i+1:] == b[i+1:]:
		return true // one letter other
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // two swapped
}

// categoryPhrase is one name of a category as words.
type categoryPhrase struct {
	words []string
	forms [][]string
	runes []int
}

type categoryNames struct {
	cat     Category
	phrases []categoryPhrase
}

// coverCategories finds the names of the categories in the typed units
// (a name counts when all its words are there, exactly or with one typo)
// and returns, per category of categoryIndex, the typed words its names
// cover (bit i: word i) and whether any word of its names occurs at all.
func coverCategories(units []categoryUnit) (covered []uint64, touched []bool) {
	type phraseHit struct{ found, bits uint64 }
	hits := map[categoryWordRef]*phraseHit{}
	touched = make([]bool, len(categoryIndex))
	for _, u := range units {
		var unitBits uint64
		for k := u.first; k <= u.last && k < 64; k++ {
			unitBits |= 1 << k
		}
		mark := func(r categoryWordRef) {
			key := categoryWordRef{r.cat, r.phrase, 0}
			h := hits[key]
			if h == nil {
				h = &phraseHit{}
				hits[key] = h
			}
			h.found |= 1 << r.word
			h.bits |= unitBits
			touched[r.cat] = true
		}
		for _, f := range u.forms {
			for _, r := range categoryForms[f] {
				mark(r)
			}
		}
		if u.n >= minTypoRunes {
			for n := u.n - 1; n <= u.n+1; n++ {
				for _, r := range categoryLongWords[n] {
					if oneTypo(u.word, categoryIndex[r.cat].phrases[r.phrase].words[r.word]) {
						mark(r)
					}
				}
			}
		}
	}
	covered = make([]uint64, len(categoryIndex))
	for key, h := range hits {
		p := categoryIndex[key.cat].phrases[key.phrase]
		if h.found == uint64(1)<<len(p.words)-1 {
			covered[key.cat] |= h.bits
		}
	}
	return covered, touched
}

// minTypoRunes is the shortest word in which one typo is forgiven.
const minTypoRunes = 6

// categoryWordRef points at a word of a name of a category:
// categoryIndex[cat].phrases[phrase].words[word].
type categoryWordRef struct{ cat, phrase, word int }

// nearestCategories proposes the categories whose names are fewest typos
// away from the text or one of its words, when that is close enough to be
// a plausible slip.
func nearestCategories(n string, units []categoryUnit) []Category {
	joined := strings.Join(categoryWords(n), " ")
	best, bestD := []Category(nil), 0
	for _, ci := range categoryIndex {
		d := -1
		consider := func(typed, name string) {
			limit := max(2, len([]rune(typed))/3)
			if e := EditDistance(typed, name, limit, true); e <= limit && (d < 0 || e < d) {
				d = e
			}
		}
		for _, p := range ci.phrases {
			consider(joined, strings.Join(p.words, " "))
			for _, w := range p.words {
				for _, u := range units {
					consider(u.word, w)
				}
			}
		}
		switch {
		case d < 0:
		case best == nil || d < bestD:
			best, bestD = []Category{ci.cat}, d
		case d == bestD:
			best = append(best, ci.cat)
		}
	}
	return best
}

// EditDistance is the number of edits between a and b, in runes:
// insertions, deletions and substitutions (Levenshtein, as Bleve's fuzzy
// queries count), and with swaps also a swap of two neighbours as one edit
// (optimal string alignment, as people mistype). It returns limit+1 as
// soon as the distance is certain to exceed limit.
func EditDistance(a, b string, limit int, swaps bool) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if swaps && i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// categoryExact maps every name of every category, normalised, to it;
// categoryIndex holds the same names as words. Both are built once from
// Categories.
var categoryExact, categoryIndex, categoryForms, categoryLongWords = buildCategoryNames()

// categoryForms maps every form of every word of every name to where it
// occurs; categoryLongWords lists the words long enough for a typo by
// their length in runes.
func buildCategoryNames() (map[string]Category, []categoryNames, map[string][]categoryWordRef, map[int][]categoryWordRef) {
	exact := make(map[string]Category)
	forms := make(map[string][]categoryWordRef)
	long := make(map[int][]categoryWordRef)
	index := make([]categoryNames, 0, len(Categories))
	for _, c := range Categories {
		ci := categoryNames{cat: c.Category}
		for _, name := range append([]string{string(c.Category), c.Label}, c.Aliases...) {
			n := Normalize(name)
			exact[n] = c.Category
			words := categoryWords(n)
			if len(words) == 0 {
				continue
			}
			p := categoryPhrase{words: words}
			for i, w := range words {
				p.forms = append(p.forms, wordForms(w))
				p.runes = append(p.runes, utf8.RuneCountInString(w))
				ref := categoryWordRef{len(index), len(ci.phrases), i}
				for _, f := range p.forms[i] {
					forms[f] = append(forms[f], ref)
				}
				if n := p.runes[i]; n >= minTypoRunes {
					long[n] = append(long[n], ref)
				}
			}
			ci.phrases = append(ci.phrases, p)
		}
		index = append(index, ci)
	}
	return exact, index, forms, long
}
