package refdata

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"koppel"
)

//go:embed data/cpv_words.txt
var domainWordsFile string

// domainGroup is a group of the social economy's words with the CPV codes
// they lead to.
type domainGroup struct {
	terms [][]string // each a word or phrase, as normalized words
	codes []koppel.CPV
}

// domainGroups reads data/cpv_words.txt and adds the service categories
// (their name, label and aliases lead to their typical codes).
func (d *Data) domainGroups() []domainGroup {
	d.domainOnce.Do(func() {
		for n, line := range strings.Split(domainWordsFile, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			left, right, ok := strings.Cut(line, "=>")
			if !ok {
				panic(fmt.Sprintf("refdata: cpv_words.txt line %d: no =>", n+1)) // a build defect
			}
			var g domainGroup
			for _, t := range strings.Split(left, ",") {
				if ws := words(t); len(ws) > 0 {
					g.terms = append(g.terms, ws)
				}
			}
			for _, c := range strings.Split(right, ",") {
				code := koppel.CPV(strings.TrimSpace(c))
				if _, ok := d.cpvIndex[code]; !ok {
					panic(fmt.Sprintf("refdata: cpv_words.txt line %d: unknown CPV code %q", n+1, code)) // a build defect
				}
				g.codes = append(g.codes, code)
			}
			d.domain = append(d.domain, g)
		}
		for _, info := range koppel.Categories {
			g := domainGroup{codes: info.CPV}
			for _, t := range append([]string{strings.ReplaceAll(string(info.Category), "-", " "), info.Label}, info.Aliases...) {
				if ws := words(t); len(ws) > 0 {
					g.terms = append(g.terms, ws)
				}
			}
			d.domain = append(d.domain, g)
		}
	})
	return d.domain
}

// domainCodes returns the codes the social economy's words of the query
// lead to, best first: those of groups with a term that holds every query
// word (a query word begins a word of the term, or a term word of 5
// letters or more begins the query word), whole words before beginnings.
func (d *Data) domainCodes(qs []string) []koppel.CPV {
	type hit struct {
		codes []koppel.CPV
		exact int
	}
	var hits []hit
	for _, g := range d.domainGroups() {
		best := -1
		for _, t := range g.terms {
			exact, all := 0, true
			for _, q := range qs {
				m := 0
				for _, w := range t {
					switch {
					case w == q:
						m = 2
					case m == 0 && (strings.HasPrefix(w, q) || len(w) >= 5 && strings.HasPrefix(q, w)):
						m = 1
					}
				}
				if m == 0 {
					all = false
					break
				}
				if m == 2 {
					exact++
				}
			}
			if all && exact > best {
				best = exact
			}
		}
		if best >= 0 {
			hits = append(hits, hit{g.codes, best})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return b.exact - a.exact })
	var out []koppel.CPV
	for _, h := range hits {
		for _, c := range h.codes {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// isGoods reports whether a code is for supplies (divisions 03 to 44 and
// 48); 45 is works, 50 and up are services.
func isGoods(c koppel.CPV) bool {
	s := string(c)
	return len(s) >= 2 && (s[:2] < "45" || s[:2] == "48")
}
