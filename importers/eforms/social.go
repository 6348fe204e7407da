package eforms

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"koppel"
	"koppel/indexer/data"
)

// MaxSocialSignals bounds the words kept per lot.
const MaxSocialSignals = 10

// socialPhrase is one line of the social-commitment word list: its
// language, its words (normalised) and whether the last one is a prefix.
type socialPhrase struct {
	lang   string
	words  []string
	prefix bool
}

// socialPhrases is the list of indexer/data/social.txt, read at start.
var socialPhrases = mustParseSocial(data.Social)

func mustParseSocial(s string) []socialPhrase {
	ps, err := parseSocial(s)
	if err != nil {
		panic(err) // the embedded list; a test reads it
	}
	return ps
}

// parseSocial reads the word list: "<lang> <phrase>" a line, # comments.
func parseSocial(s string) ([]socialPhrase, error) {
	var out []socialPhrase
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lang, phrase, ok := strings.Cut(line, " ")
		if !ok || !slices.Contains([]string{"nl", "fr", "en", "de"}, lang) {
			return nil, fmt.Errorf("social.txt line %d: want a language (nl, fr, en, de) and a phrase: %q", i+1, line)
		}
		p := socialPhrase{lang: lang}
		phrase = strings.TrimSpace(phrase)
		if strings.HasSuffix(phrase, "*") {
			p.prefix, phrase = true, strings.TrimSuffix(phrase, "*")
		}
		p.words = wordsOf(phrase)
		if len(p.words) == 0 || strings.Contains(phrase, "*") {
			return nil, fmt.Errorf("social.txt line %d: a phrase of words, with * only at its end: %q", i+1, line)
		}
		out = append(out, p)
	}
	return out, nil
}

// wordsOf splits a text into normalised words: lower case, accents folded
// (ß as ss), every character other than a letter or digit a separator.
func wordsOf(s string) []string {
	s = strings.ReplaceAll(koppel.Normalize(s), "ß", "ss")
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// socialSignals returns the words of the list found in texts, as they are
// written there (normalised), each once, at most MaxSocialSignals.
func socialSignals(texts []string) []string {
	var found []string
	for _, t := range texts {
		words := wordsOf(t)
		for i := range words {
			for _, p := range socialPhrases {
				if n := p.matchAt(words, i); n > 0 {
					w := strings.Join(words[i:i+n], " ")
					if !slices.Contains(found, w) {
						found = append(found, w)
						if len(found) == MaxSocialSignals {
							return found
						}
					}
				}
			}
		}
	}
	return found
}

// matchAt returns the number of words of p found at words[i:], 0 when p
// does not start there.
func (p socialPhrase) matchAt(words []string, i int) int {
	if i+len(p.words) > len(words) {
		return 0
	}
	last := len(p.words) - 1
	for j, w := range p.words {
		got := words[i+j]
		if got == w || j == last && p.prefix && strings.HasPrefix(got, w) {
			continue
		}
		return 0
	}
	return len(p.words)
}

// markSocial sets each lot's SocialSignals from its texts and the
// notice's own title and description, in every language of the notice.
func (r *reader) markSocial(t *koppel.Tender) {
	for i := range t.Lots {
		l := &t.Lots[i]
		var texts []string
		for key, byLang := range r.n.Texts {
			lot, field, _ := strings.Cut(key, ".")
			if key != "title" && key != "description" && (lot != l.ID || field == "") {
				continue
			}
			for _, s := range byLang {
				texts = append(texts, s)
			}
		}
		slices.Sort(texts) // the same notice gives the same words, in the same order
		l.SocialSignals = socialSignals(texts)
	}
}
