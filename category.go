package koppel

import (
	"strings"
	"unicode"
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
// nearest categories, best first, to propose ("Bedoelde u …?"); nearest is
// empty when nothing comes close.
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
	best, bestN := []Category(nil), 0
	var partial []Category
	for _, ci := range categoryIndex {
		covered, touched := ci.cover(units)
		switch {
		case covered > bestN:
			best, bestN = []Category{ci.cat}, covered
		case covered == bestN && covered > 0:
			best = append(best, ci.cat)
		}
		if touched {
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
	forms []string
	first int
	last  int
}

func categoryUnits(words []string) []categoryUnit {
	units := make([]categoryUnit, 0, 2*len(words))
	for i, w := range words {
		units = append(units, categoryUnit{w, wordForms(w), i, i})
	}
	for i := 0; i+1 < len(words); i++ {
		w := words[i] + words[i+1]
		units = append(units, categoryUnit{w, wordForms(w), i, i + 1})
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

// sameWord reports whether a typed unit is the category's word w (forms
// already computed): the same forms, or one typo apart when both are long.
func sameWord(u categoryUnit, w string, wForms []string) bool {
	for _, a := range u.forms {
		for _, b := range wForms {
			if a == b {
				return true
			}
		}
	}
	return len(u.word) >= 6 && len(w) >= 6 && EditDistance(u.word, w, 1, true) <= 1
}

// categoryPhrase is one name of a category as words.
type categoryPhrase struct {
	words []string
	forms [][]string
}

type categoryNames struct {
	cat     Category
	phrases []categoryPhrase
}

// cover returns how many typed words the category's names cover (a name
// counts when all its words are there), and whether any of its words
// occurs at all.
func (ci *categoryNames) cover(units []categoryUnit) (covered int, touched bool) {
	var seen uint64
	for _, p := range ci.phrases {
		var these uint64
		all := true
		for i, w := range p.words {
			found := false
			for _, u := range units {
				if sameWord(u, w, p.forms[i]) {
					found, touched = true, true
					for k := u.first; k <= u.last && k < 64; k++ {
						these |= 1 << k
					}
					break
				}
			}
			all = all && found
		}
		if all {
			seen |= these
		}
	}
	for ; seen != 0; seen &= seen - 1 {
		covered++
	}
	return covered, touched
}

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
var categoryExact, categoryIndex = buildCategoryNames()

func buildCategoryNames() (map[string]Category, []categoryNames) {
	exact := make(map[string]Category)
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
			for _, w := range words {
				p.forms = append(p.forms, wordForms(w))
			}
			ci.phrases = append(ci.phrases, p)
		}
		index = append(index, ci)
	}
	return exact, index
}
