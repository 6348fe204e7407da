package importers

import (
	"cmp"
	"slices"
	"strings"

	"koppel"
	"koppel/i18n"
)

// clausePhrases maps what buyers write in the Sociale clausule column, in
// headerKey form, to the kind of clause. A cell item is the kind of the
// longest phrase it contains as whole words, so "voorbehouden uitvoering"
// is reserved execution and "voorbehouden" alone is reserved
// participation. The template's dropdown values and the Dutch labels of
// koppel.ClauseKinds are among them.
var clausePhrases = func() []clausePhrase {
	m := map[koppel.ClauseKind][]string{
		koppel.ClauseReservedWS: {"voorbehouden", "voorbehouden opdracht", "voorbehouden deelname", "voorbehouden perceel",
			"voorbehouden aan maatwerkbedrijven", "voorbehouden aan de sociale economie", "res ws", "reserved",
			"reserved contract", "reserved participation", "reserved procurement", "marche reserve", "reserve",
			"participation reservee", "artikel 15", "art 15"},
		koppel.ClauseReservedPubSer: {"res pub ser", "voorbehouden aan openbare dienst", "voorbehouden openbare dienst",
			"openbaredienstverleningstaak", "openbare dienstverleningstaak", "organisaties met een openbaredienstverleningstaak",
			"mission de service public", "public service mission", "reserved public service", "artikel 77", "art 77"},
		koppel.ClauseReservedExecution: {"voorbehouden uitvoering", "uitvoering voorbehouden", "beschutte arbeid",
			"beschutte tewerkstelling", "beschutte werkplaats", "beschutte werkplaatsen", "reserved execution",
			"sheltered employment", "execution reservee", "emploi protege"},
		koppel.ClauseExecutionCondition: {"uitvoeringsvoorwaarde", "uitvoeringsvoorwaarden", "sociale uitvoeringsvoorwaarde",
			"uitvoeringsclausule", "sociale uitvoeringsclausule", "condition d execution", "clause d execution",
			"execution condition", "social execution condition", "performance condition"},
		koppel.ClauseAwardCriterion: {"gunningscriterium", "gunningscriteria", "sociaal gunningscriterium",
			"critere d attribution", "criteres d attribution", "award criterion", "award criteria", "social award criterion"},
		koppel.ClauseSubcontracting: {"onderaanneming", "onderaanneming sociale economie", "onderaanneming door de sociale economie",
			"sous traitance", "sous traitance economie sociale", "subcontracting"},
		koppel.ClauseInternship: {"stageplaatsen", "stageplaats", "stageplaatsen doorstroomtraject", "doorstroomtraject", "doorstroomtrajecten",
			"doorstroomstage", "doorstroomstages", "places de stage", "stages de transition", "internship", "internships"},
	}
	var out []clausePhrase
	seen := map[string]bool{}
	add := func(p string, k koppel.ClauseKind) {
		if !seen[p] {
			seen[p] = true
			out = append(out, clausePhrase{p, k})
		}
	}
	for _, info := range koppel.ClauseKinds {
		add(headerKey(string(info.Kind)), info.Kind)
		for _, p := range m[info.Kind] {
			add(p, info.Kind)
		}
	}
	for _, c := range clauseChoices {
		for _, l := range i18n.Langs {
			add(headerKey(stripNumbers(clauseChoiceLabel(l, c.kind))), c.kind)
		}
	}
	for _, info := range koppel.ClauseKinds {
		add(headerKey(info.Label), info.Kind)
	}
	slices.SortStableFunc(out, func(a, b clausePhrase) int { return cmp.Compare(len(b.phrase), len(a.phrase)) })
	return out
}()

type clausePhrase struct {
	phrase string
	kind   koppel.ClauseKind
}

// clauseChoices are the kinds of the template's Sociale clausule
// dropdown, in its order; its values are the catalogue's labels
// (clauseChoiceLabel), read in every language. also is what the Uitleg
// sheet says is recognised too.
var clauseChoices = []struct {
	kind koppel.ClauseKind
	also string
}{
	{koppel.ClauseReservedWS, "voorbehouden; res-ws; marché réservé; reserved"},
	{koppel.ClauseReservedPubSer, "res-pub-ser; openbaredienstverleningstaak; mission de service public"},
	{koppel.ClauseReservedExecution, "voorbehouden uitvoering; beschutte arbeid; emploi protégé; sheltered employment"},
	{koppel.ClauseExecutionCondition, "uitvoeringsvoorwaarde; condition d'exécution; execution condition"},
	{koppel.ClauseAwardCriterion, "gunningscriterium 15%; critère d'attribution; award criterion"},
	{koppel.ClauseSubcontracting, "onderaanneming; sous-traitance; subcontracting"},
	{koppel.ClauseInternship, "stageplaatsen; doorstroomtraject; places de stage; internships"},
}

// clauseHint is the list of accepted phrases that messages show.
const clauseHint = "voorbehouden (res-ws), res-pub-ser, voorbehouden uitvoering (beschutte arbeid), uitvoeringsvoorwaarde, gunningscriterium 15%, onderaanneming"

// noClauseWords say that a lot has no social clause.
var noClauseWords = map[string]bool{"none": true, "geen sociale clausule": true, "geen clausule": true, "aucune": true, "no": true, "nee": true, "neen": true}

// parseClauses reads the Sociale clausule cell: one or more clauses
// separated by ";", new lines, "|" or a comma that is not a decimal comma.
// Each item is a phrase of clausePhrases, optionally with a weight ("15%",
// "15 punten"), which only an award criterion takes, and a text after a
// colon ("uitvoeringsvoorwaarde: 5% van de uren door doelgroepwerknemers").
// A clause kind given twice with the same weight is kept once. errs holds
// unknown phrases and weights out of range, warns weights on other kinds.
func parseClauses(s string) (clauses []koppel.Clause, errs, warns []*cellError) {
	for _, item := range splitClauseList(cleanCell(s)) {
		if isBlankWord(item) || noClauseWords[headerKey(item)] {
			continue
		}
		head, text, _ := strings.Cut(item, ":")
		kind, ok := clauseKindOf(head)
		if !ok {
			errs = append(errs, problemf("import.clause_unknown", "Value", truncate(item, 100), "Hint", clauseHint))
			continue
		}
		c := koppel.Clause{Kind: kind, Text: truncate(cleanCell(text), 1000)}
		if num, percent, found := clauseWeight(head, kind); found {
			w, _, err := parseNumber(num)
			switch {
			case kind != koppel.ClauseAwardCriterion:
				if percent {
					warns = append(warns, problemf("import.weight_not_award", "Weight", num, "Clause", truncate(head, 100)))
				}
			case err != nil || w < 0 || w > 100:
				errs = append(errs, problemf("import.weight_range", "Weight", num))
				continue
			default:
				c.Weight = w
			}
		}
		if !slices.ContainsFunc(clauses, func(x koppel.Clause) bool {
			return x.Kind == c.Kind && x.Weight == c.Weight && x.Text == c.Text
		}) {
			clauses = append(clauses, c)
		}
	}
	return clauses, errs, warns
}

// splitClauseList splits on ";", new lines and "|", and on commas that are
// not between two digits ("12,5%" stays one).
func splitClauseList(s string) []string {
	var out []string
	start := 0
	flush := func(end int) {
		if t := cleanCell(s[start:end]); t != "" {
			out = append(out, t)
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ';' || c == '\n' || c == '|',
			c == ',' && !(i > 0 && i+1 < len(s) && isDigits(s[i-1:i]) && isDigits(s[i+1:i+2])):
			flush(i)
			start = i + 1
		}
	}
	flush(len(s))
	return out
}

// clauseKindOf finds the kind of a clause phrase: the longest phrase of
// clausePhrases that the words of s contain.
func clauseKindOf(s string) (koppel.ClauseKind, bool) {
	key := " " + headerKey(stripNumbers(s)) + " "
	if strings.TrimSpace(key) == "" {
		return "", false
	}
	for _, p := range clausePhrases {
		if strings.Contains(key, " "+p.phrase+" ") {
			return p.kind, true
		}
	}
	return "", false
}

// stripNumbers removes numbers and percent signs, so that "gunningscriterium
// 15%" and "gunningscriterium (15 %)" read as their words. Article numbers
// (art. 15) are kept: they name a clause.
func stripNumbers(s string) string {
	k := headerKey(s)
	words := strings.Fields(k)
	out := words[:0]
	for i, w := range words {
		if isDigits(w) && !(i > 0 && (words[i-1] == "art" || words[i-1] == "artikel" || words[i-1] == "article")) {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// clauseWeight finds the weight in a clause phrase: the first number not
// after "art.", with or without "%", "procent" or "punten". percent is
// true when a unit followed it. For a kind other than an award criterion
// only a number with a unit counts.
func clauseWeight(s string, kind koppel.ClauseKind) (num string, percent, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || i > 0 && (s[i-1] >= '0' && s[i-1] <= '9' || s[i-1] == '.' || s[i-1] == ',') {
			continue
		}
		before := headerKey(s[:i])
		if strings.HasSuffix(before, "art") || strings.HasSuffix(before, "artikel") || strings.HasSuffix(before, "article") {
			continue
		}
		j := i
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || (s[j] == '.' || s[j] == ',') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9') {
			j++
		}
		rest := strings.ToLower(strings.TrimSpace(s[j:]))
		for _, u := range []string{"%", "procent", "percent", "pct", "punten", "points", "pts"} {
			if strings.HasPrefix(rest, u) {
				percent = true
				break
			}
		}
		if percent || kind == koppel.ClauseAwardCriterion {
			return s[i:j], percent, true
		}
		return "", false, false
	}
	return "", false, false
}

// objectivePhrases maps social objectives as buyers write them (headerKey
// form) to BT-775 codes: the codes, their Dutch, French and English labels
// and the usual Dutch words.
var objectivePhrases = invert(map[string][]string{
	"opp": {"opp", "kansengroepen", "werkgelegenheid", "werkgelegenheidskansen", "tewerkstelling", "tewerkstelling kansengroepen",
		"tewerkstelling van kansengroepen", "doelgroepwerknemers", "kansarmen", "langdurig werklozen", "personen met een handicap",
		"sociale inschakeling", "inschakeling", "werkgelegenheidskansen voor langdurig werklozen kansarmen en of personen met een handicap",
		"emploi", "insertion", "insertion professionnelle", "employment", "employment opportunities"},
	"acc-all": {"acc all", "toegankelijkheid", "toegankelijkheid voor iedereen", "accessibilite", "accessibilite pour tous",
		"accessibility", "accessibility for all"},
	"et-eq":  {"et eq", "etnische gelijkheid", "egalite des ethnies", "ethnic equality"},
	"gen-eq": {"gen eq", "gendergelijkheid", "gelijkheid mannen vrouwen", "gelijkheid man vrouw", "gelijke kansen mannen vrouwen", "egalite hommes femmes", "gender equality"},
	"hum-right": {"hum right", "mensenrechten", "droits de l homme", "human rights",
		"zorgvuldigheid inzake de mensenrechten in wereldwijde toeleveringsketens", "human rights due diligence in global supply chains"},
	"work-cond": {"work cond", "arbeidsvoorwaarden", "billijke arbeidsvoorwaarden", "eerlijke arbeidsvoorwaarden", "arbeidsomstandigheden",
		"werkomstandigheden", "conditions de travail", "conditions de travail equitables", "working conditions", "fair working conditions"},
	"other": {"other", "andere", "overige", "autre", "autres"},
})

// invert turns a map of values to their phrases into one of phrases to
// values.
func invert[V comparable](m map[V][]string) map[string]V {
	out := map[string]V{}
	for v, phrases := range m {
		for _, p := range phrases {
			out[p] = v
		}
	}
	return out
}

// objectiveHint lists the codes for messages.
const objectiveHint = "opp (werkgelegenheid voor kansengroepen), acc-all (toegankelijkheid), et-eq (etnische gelijkheid), gen-eq (gendergelijkheid), hum-right (mensenrechten), work-cond (arbeidsvoorwaarden), other (andere)"

// parseObjectives reads the Sociale doelstellingen cell: BT-775 codes or
// words, separated by ";", ",", new lines or "|". Unknown words come back
// in unknown.
func parseObjectives(s string) (codes, unknown []string) {
	for _, item := range splitList(s) {
		if isBlankWord(item) {
			continue
		}
		code, ok := objectivePhrases[headerKey(item)]
		if !ok {
			if i := strings.IndexAny(item, "([{"); i > 0 {
				if code, ok = objectivePhrases[headerKey(item[:i])]; !ok {
					code, ok = objectivePhrases[headerKey(strings.Trim(item[i:], "()[]{} "))]
				}
			}
		}
		if !ok {
			unknown = append(unknown, item)
			continue
		}
		if !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	return codes, unknown
}
