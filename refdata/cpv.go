package refdata

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"koppel"
)

func (d *Data) loadCPV(rows [][]string) error {
	d.cpv = make([]koppel.CPVEntry, len(rows))
	d.cpvIndex = make(map[koppel.CPV]int32, len(rows))
	for i, r := range rows {
		check, err := strconv.Atoi(r[1])
		if err != nil || check < 0 || check > 9 || len(r[0]) != 8 {
			return fmt.Errorf("bad CPV code %q-%q", r[0], r[1])
		}
		if i > 0 && r[0] <= rows[i-1][0] {
			return fmt.Errorf("CPV codes not sorted at %q", r[0])
		}
		e := koppel.CPVEntry{Code: koppel.CPV(r[0]), Check: check, NL: r[2], FR: r[3], EN: r[4]}
		d.cpv[i] = e
		d.cpvIndex[e.Code] = int32(i)
	}

	// Direct children: each code hangs under its nearest existing ancestor,
	// so a gap in the vocabulary does not orphan a code.
	d.children = make(map[koppel.CPV][]int32, len(rows)/2)
	for i, e := range d.cpv {
		for p := e.Code.Parent(); p != ""; p = p.Parent() {
			if _, ok := d.cpvIndex[p]; ok {
				d.children[p] = append(d.children[p], int32(i))
				break
			}
		}
	}
	return nil
}

// searchIndex builds the word index of the labels on the first search
// rather than in Load: it takes most of the loading time and only the
// search-as-you-type picker needs it.
func (d *Data) searchIndex() {
	d.searchOnce.Do(func() {
		d.words = make(map[string][]int32, 16384)
		d.labels = make([][3][]string, len(d.cpv))
		for i, e := range d.cpv {
			for l, label := range []string{e.NL, e.FR, e.EN} {
				ws := words(label)
				d.labels[i][l] = ws
				for _, w := range ws {
					p := d.words[w]
					if len(p) == 0 || p[len(p)-1] != int32(i) { // entries come in order: no duplicates
						d.words[w] = append(p, int32(i))
					}
				}
			}
		}
		d.wordList = make([]string, 0, len(d.words))
		for w := range d.words {
			d.wordList = append(d.wordList, w)
		}
		slices.Sort(d.wordList)
	})
}

// words splits a label or query into normalized words (lower case, accents
// folded as koppel.Normalize does) of at least two letters or digits. Plain
// ASCII text, most labels, skips koppel.Normalize: it would only lower the
// case, which the split does here.
func words(s string) []string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		s = koppel.Normalize(s)
	} else {
		for i := 0; i < len(s); i++ {
			if 'A' <= s[i] && s[i] <= 'Z' {
				s = strings.ToLower(s)
				break
			}
		}
	}
	var out []string
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && i-start >= 2 {
			out = append(out, s[start:i])
		}
		start = -1
	}
	if start >= 0 && len(s)-start >= 2 {
		out = append(out, s[start:])
	}
	return out
}

// CPV returns the vocabulary entry of a code (eight digits, no check digit).
func (d *Data) CPV(code koppel.CPV) (koppel.CPVEntry, bool) {
	i, ok := d.cpvIndex[code]
	if !ok {
		return koppel.CPVEntry{}, false
	}
	return d.cpv[i], true
}

// CPVChildren returns the codes directly below code in the hierarchy, in
// code order: the children of 90910000 (cleaning services) include 90911000.
// A code whose parent level is missing from the vocabulary counts as a child
// of its nearest existing ancestor. It returns nil for an unknown code or a
// leaf.
func (d *Data) CPVChildren(code koppel.CPV) []koppel.CPVEntry {
	return d.entries(d.children[code])
}

// CPVCount returns the number of codes in the vocabulary (9,454).
func (d *Data) CPVCount() int { return len(d.cpv) }

func (d *Data) entries(idx []int32) []koppel.CPVEntry {
	if len(idx) == 0 {
		return nil
	}
	out := make([]koppel.CPVEntry, len(idx))
	for i, j := range idx {
		out[i] = d.cpv[j]
	}
	return out
}

// CPVSearch finds CPV codes for a search-as-you-type picker and returns at
// most limit entries (all when limit <= 0).
//
// A query of digits ("9091", "90911200-8") returns the codes that start with
// them, in code order. Otherwise every word of the query must begin a word
// of the Dutch, French or English labels, ignoring case and accents:
// "reinig geb" finds 90911200 "Reiniging van gebouwen", "nettoyage" finds it
// through its French label. Codes whose label holds all the words rank
// first, then those with more whole-word matches, then those with shorter
// labels (the query says more of them), then broader codes; services
// before goods. Before them come the codes the social economy's words lead
// to (data/cpv_words.txt and the service categories: "groenonderhoud" →
// 77310000, "poetsen" → 90911200, "maaien" → 77314000). When no label
// holds all the words, the labels with any of them follow.
func (d *Data) CPVSearch(q string, limit int) []koppel.CPVEntry {
	if prefix, ok := codePrefix(q); ok {
		lo := sort.Search(len(d.cpv), func(i int) bool { return string(d.cpv[i].Code) >= prefix })
		var out []koppel.CPVEntry
		for i := lo; i < len(d.cpv) && strings.HasPrefix(string(d.cpv[i].Code), prefix); i++ {
			if limit > 0 && len(out) == limit {
				break
			}
			out = append(out, d.cpv[i])
		}
		return out
	}
	qs := words(q)
	if len(qs) == 0 {
		return nil
	}
	// The social economy's words first, then the labels with all the
	// words; without those, the labels with any of the words, so that typed
	// words rarely end in nothing. Services before goods.
	search := func(qs []string) (idx []int32) {
		for _, c := range d.domainCodes(qs) {
			idx = append(idx, d.cpvIndex[c])
		}
		return append(idx, d.labelSearch(qs)...)
	}
	idx := search(qs)
	if len(idx) == 0 && len(qs) > 1 {
		for _, w := range qs {
			idx = append(idx, search([]string{w})...)
		}
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return cmpBool(isGoods(d.cpv[a].Code), isGoods(d.cpv[b].Code)) })
	var out []koppel.CPVEntry
	seen := map[int32]bool{}
	for _, i := range idx {
		if limit > 0 && len(out) == limit {
			break
		}
		if !seen[i] {
			seen[i] = true
			out = append(out, d.cpv[i])
		}
	}
	return out
}

// labelSearch returns the entries in which every query word begins a word
// of a label, best first.
func (d *Data) labelSearch(qs []string) []int32 {
	d.searchIndex()
	// Candidates: the entries in which every query word begins a word of
	// some label.
	var cand map[int32]bool
	for n, w := range qs {
		hits := map[int32]bool{}
		lo, _ := slices.BinarySearch(d.wordList, w)
		for j := lo; j < len(d.wordList) && strings.HasPrefix(d.wordList[j], w); j++ {
			for _, e := range d.words[d.wordList[j]] {
				if n == 0 || cand[e] {
					hits[e] = true
				}
			}
		}
		cand = hits
		if len(cand) == 0 {
			return nil
		}
	}
	// Rank by the best label: all query words in that one label, then more
	// whole-word matches, then a shorter label (the query covers more of
	// it), then broader codes, then code order.
	type ranked struct {
		e            int32
		all          bool
		exact, words int
	}
	rs := make([]ranked, 0, len(cand))
	for e := range cand {
		r := ranked{e: e, words: 1 << 30}
		for _, lw := range d.labels[e] {
			matched, exact := 0, 0
			for _, w := range qs {
				best := 0
				for _, x := range lw {
					if x == w {
						best = 2
						break
					}
					if strings.HasPrefix(x, w) {
						best = 1
					}
				}
				if best > 0 {
					matched++
				}
				if best == 2 {
					exact++
				}
			}
			all := matched == len(qs)
			if cmp.Or(cmpBool(all, r.all), cmp.Compare(exact, r.exact), cmp.Compare(r.words, len(lw))) > 0 {
				r.all, r.exact, r.words = all, exact, len(lw)
			}
		}
		rs = append(rs, r)
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		return cmp.Or(
			cmpBool(b.all, a.all),
			cmp.Compare(b.exact, a.exact),
			cmp.Compare(a.words, b.words),
			cmp.Compare(d.cpv[a.e].Code.Level(), d.cpv[b.e].Code.Level()),
			cmp.Compare(a.e, b.e),
		)
	})
	idx := make([]int32, len(rs))
	for i, r := range rs {
		idx[i] = r.e
	}
	return idx
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// codePrefix reports whether q is (the start of) a CPV code and returns its
// digits without the check digit.
func codePrefix(q string) (string, bool) {
	q = strings.NewReplacer(" ", "", ".", "", "\u00a0", "").Replace(q)
	if len(q) == 10 && q[8] == '-' {
		q = q[:8]
	} else if len(q) == 9 {
		q = q[:8] // "909112008": the check digit without its dash
	}
	if q == "" || len(q) > 8 {
		return "", false
	}
	for _, c := range q {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	return q, true
}
