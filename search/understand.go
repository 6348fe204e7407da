package search

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"

	"koppel"
	"koppel/indexer"
	"koppel/search/internal/engine"
)

// Reading is how some words of a query were read: as text, or as a place,
// a province or a work form that filters the search. The search page
// shows them ("gezocht: poetsdienst · komt naar Gent · Maatwerkbedrijf"),
// each with a link that keeps its words as text instead (OfferingQuery.Keep).
type Reading struct {
	// Kind is "text", "place", "province" or "work_form".
	Kind string `json:"kind"`
	// Words are the words of the query read so, as typed.
	Words string `json:"words"`
	// Value is the postcode, province or work form code.
	Value string `json:"value,omitempty"`
	// Label says it in Dutch: "komt naar Gent", "provincie Limburg",
	// "Maatwerkbedrijf" (the server says it in the request's language).
	Label string `json:"label"`
}

// notFormWords are aliases of work forms that are ordinary words or too
// short to read as a work form in free text.
var notFormWords = map[string]bool{"andere": true, "zorg": true, "cv": true, "cvba": true, "bw": true, "az": true, "ib": true, "so": true, "invoeg": true}

// maxReadWords is the longest run of words read as one name ("sociale
// werkplaats", "sint pieters leeuw").
const maxReadWords = 3

// understand reads the words of q.Text that name a place (a municipality,
// deelgemeente or postcode), a province or a work form (with its old
// names: "sociale werkplaats", "beschutte werkplaats") into the filters
// of q, when q does not set that filter already and the words are not in
// q.Keep. A place becomes "comes to that place" (ServesPostcode), with
// distances measured from it and, unless q asks for an order, the hits
// sorted by it, as a place typed in the place field without a distance
// ("poetsen gent" lists the cleaners of Gent first, as "poetsen" near
// Gent does); a word that names a service in the index's titles or
// keywords is never read as a place. It returns q unchanged and
// no readings when it reads nothing.
func (s *Searcher) understand(idx bleve.Index, q OfferingQuery) (OfferingQuery, []Reading) {
	words := strings.FieldsFunc(q.Text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\''
	})
	if len(words) == 0 {
		return q, nil
	}
	keep := map[string]bool{}
	for _, k := range strings.Split(q.Keep, ",") {
		for _, w := range strings.Fields(koppel.Normalize(k)) {
			keep[w] = true
		}
	}
	var has *engine.TermCheck
	defer func() {
		if has != nil {
			has.Close()
		}
	}()
	serviceWord := func(text string) bool {
		if has == nil {
			has = engine.NewTermCheck(idx)
		}
		for _, t := range analyzedTerms(idx.Mapping().AnalyzerNamed(s.fieldAnalyzer()), text) {
			if has.Has(indexer.FieldTitle, t) || has.Has(indexer.FieldKeywords, t) {
				return true
			}
		}
		return false
	}
	out := q
	var read []Reading
	var rest []string
	for i := 0; i < len(words); {
		n, r := s.readAt(words[i:], &out, keep, serviceWord)
		if n == 0 {
			rest = append(rest, words[i])
			i++
			continue
		}
		read = append(read, r)
		i += n
	}
	if len(read) == 0 {
		return q, nil
	}
	out.Text = strings.Join(rest, " ")
	if out.Sort == "" && out.ServesPostcode != "" {
		out.Sort = SortDistance
	}
	if out.Text != "" {
		read = append([]Reading{{Kind: "text", Words: out.Text, Label: out.Text}}, read...)
	}
	return out, read
}

// readAt reads the longest run of words at the start of words that names
// a work form, place or province q does not set yet, sets it on q and
// returns the number of words read (0: none).
func (s *Searcher) readAt(words []string, q *OfferingQuery, keep map[string]bool, serviceWord func(string) bool) (int, Reading) {
	for n := min(maxReadWords, len(words)); n >= 1; n-- {
		typed := strings.Join(words[:n], " ")
		norm := koppel.Normalize(typed)
		kept := false
		for _, w := range strings.Fields(norm) {
			kept = kept || keep[w]
		}
		if kept || len(norm) < 3 {
			continue
		}
		if q.WorkForm == "" && !notFormWords[norm] {
			if f, err := koppel.ParseWorkForm(norm); err == nil {
				q.WorkForm = string(f)
				return n, Reading{Kind: "work_form", Words: typed, Value: string(f), Label: f.Label()}
			}
		}
		if q.Postcode == "" && q.ServesPostcode == "" {
			if p, ok := s.Places.ResolvePlace(typed); ok && (isPostcode(norm) || !strings.ContainsAny(norm, "0123456789")) && !serviceWord(typed) {
				q.ServesPostcode, q.Postcode = p.Postcode, p.Postcode
				return n, Reading{Kind: "place", Words: typed, Value: p.Postcode, Label: "komt naar " + p.Name}
			}
		}
		if q.Province == "" {
			if p, ok := s.Places.ParseProvince(typed); ok && !serviceWord(typed) {
				q.Province = p
				return n, Reading{Kind: "province", Words: typed, Value: p, Label: "provincie " + p}
			}
		}
	}
	return 0, Reading{}
}

// isPostcode reports whether s is four digits.
func isPostcode(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
