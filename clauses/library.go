package clauses

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"text/template"

	"koppel"
	"koppel/i18n"
)

//go:embed data/*.json
var dataFS embed.FS

// ModelClause is one model clause of the library: a kind of social clause
// with its labels, legal basis, when it fits, its risks, its eForms codes
// and the texts to fill in.
type ModelClause struct {
	Kind       koppel.ClauseKind `json:"kind"`
	LabelNL    string            `json:"label_nl"`
	LabelFR    string            `json:"label_fr"`
	LegalBasis string            `json:"legal_basis"`
	// LegalBasisFR and LegalBasisEN are the legal basis in French (the
	// official title of the Belgian law) and English: the same articles.
	LegalBasisFR string   `json:"legal_basis_fr"`
	LegalBasisEN string   `json:"legal_basis_en"`
	WhenNL       string   `json:"when_nl"`
	RisksNL      []string `json:"risks_nl"`
	// RisksFR and RisksEN are the risks in French and English, one for
	// each Dutch one.
	RisksFR []string `json:"risks_fr"`
	RisksEN []string `json:"risks_en"`
	// EForms are the codes to publish: BT-71 (reserved participation),
	// BT-736 (reserved execution), BT-06 (strategic procurement), BT-775
	// (social objectives, a list) and for award criteria BT-539/BT-541.
	EForms     map[string]any `json:"eforms"`
	TemplateNL string         `json:"template_nl"`
	TemplateFR string         `json:"template_fr,omitempty"`

	nl, fr *template.Template
}

// TemplateParams fill a clause template.
type TemplateParams struct {
	Buyer  string // e.g. "Stad Gent"
	Object string // e.g. `de opdracht "Schoonmaak van de basisschool"`
	// ObjectFR names the object in the French text; Object when empty.
	ObjectFR string
	// BuyerFR names the buyer in the French text; Buyer when empty.
	BuyerFR string
	Percent float64 // share of hours or value for execution conditions
	Weight  float64 // weight of an award criterion, in percent
	// Places is the number of internship places of the internship clause.
	Places int
}

// Library is the library of model clauses, in the order users see them.
type Library struct {
	Clauses []*ModelClause
	byKind  map[koppel.ClauseKind]*ModelClause
}

var (
	loadOnce sync.Once
	loaded   *Library
	rules    []Rule
)

// Load returns the embedded library of model clauses and rule table, parsed once.
// It panics if the embedded data is broken: that is a build defect, caught
// by the package's tests.
func Load() *Library {
	loadOnce.Do(func() {
		var err error
		if loaded, err = parseLibrary(mustRead("data/library.json")); err != nil {
			panic(err)
		}
		if rules, err = parseRules(mustRead("data/eligibility.json")); err != nil {
			panic(err)
		}
	})
	return loaded
}

func mustRead(name string) []byte {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return b
}

func parseLibrary(b []byte) (*Library, error) {
	c := &Library{byKind: map[koppel.ClauseKind]*ModelClause{}}
	if err := json.Unmarshal(b, &c.Clauses); err != nil {
		return nil, fmt.Errorf("clause library: %w", err)
	}
	for _, cl := range c.Clauses {
		if _, ok := cl.Kind.Info(); !ok {
			return nil, fmt.Errorf("clause library: unknown kind %q", cl.Kind)
		}
		var err error
		if cl.nl, err = template.New(string(cl.Kind)).Option("missingkey=error").Funcs(textFuncs).Parse(cl.TemplateNL); err != nil {
			return nil, fmt.Errorf("clause %s: template_nl: %w", cl.Kind, err)
		}
		if cl.TemplateFR != "" {
			if cl.fr, err = template.New(string(cl.Kind)).Option("missingkey=error").Funcs(textFuncs).Parse(cl.TemplateFR); err != nil {
				return nil, fmt.Errorf("clause %s: template_fr: %w", cl.Kind, err)
			}
		}
		if cl.LegalBasis == "" || cl.LegalBasisFR == "" || cl.LegalBasisEN == "" {
			return nil, fmt.Errorf("clause %s: no legal basis in nl, fr and en", cl.Kind)
		}
		if len(cl.RisksFR) != len(cl.RisksNL) || len(cl.RisksEN) != len(cl.RisksNL) {
			return nil, fmt.Errorf("clause %s: %d risks in Dutch, %d in French, %d in English", cl.Kind, len(cl.RisksNL), len(cl.RisksFR), len(cl.RisksEN))
		}
		c.byKind[cl.Kind] = cl
	}
	for _, k := range koppel.ClauseKinds {
		if c.byKind[k.Kind] == nil {
			return nil, fmt.Errorf("clause library: kind %q is missing", k.Kind)
		}
	}
	return c, nil
}

// Clause returns the model clause of a kind.
func (c *Library) Clause(k koppel.ClauseKind) (*ModelClause, bool) {
	cl, ok := c.byKind[k]
	return cl, ok
}

// Text fills the clause's template in lang ("nl" or "fr"). It returns
// EINVALID when a parameter the template needs is missing, so that no text
// with a hole in it reaches a buyer.
func (cl *ModelClause) Text(lang string, p TemplateParams) (string, error) {
	t := cl.nl
	if lang == "fr" {
		if cl.fr == nil {
			return "", koppel.Errorf(koppel.EINVALID, "voor %s is er (nog) geen Franse tekst", cl.LabelNL).WithKey("error.api_clause_no_french", "Clause", cl.label())
		}
		t = cl.fr
	}
	if strings.TrimSpace(p.Buyer) == "" || strings.TrimSpace(p.Object) == "" {
		return "", koppel.Errorf(koppel.EINVALID, "de clausule heeft de naam van de aankoper en het voorwerp van de opdracht nodig").WithKey("error.clause_needs_buyer_object")
	}
	if strings.Contains(cl.TemplateNL, ".Percent") && p.Percent <= 0 {
		return "", koppel.Errorf(koppel.EINVALID, "%s: geef het percentage op", cl.LabelNL).WithKey("error.clause_percent", "Clause", cl.label())
	}
	if strings.Contains(cl.TemplateNL, ".Weight") && p.Weight <= 0 {
		return "", koppel.Errorf(koppel.EINVALID, "%s: geef het gewicht van het criterium op", cl.LabelNL).WithKey("error.clause_weight", "Clause", cl.label())
	}
	if strings.Contains(cl.TemplateNL, ".Places") && (p.Places <= 0 || p.Places > 100) {
		return "", koppel.Errorf(koppel.EINVALID, "%s: geef het aantal stageplaatsen op (1 tot 100)", cl.LabelNL).WithKey("error.clause_places", "Clause", cl.label())
	}
	object, buyer := p.Object, p.Buyer
	if lang == "fr" && p.ObjectFR != "" {
		object = p.ObjectFR
	}
	if lang == "fr" && p.BuyerFR != "" {
		buyer = p.BuyerFR
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, struct {
		Buyer, Object   string
		Percent, Weight string
		Places          int
	}{buyer, object, dutchNumber(p.Percent), dutchNumber(p.Weight), p.Places}); err != nil {
		return "", fmt.Errorf("fill clause %s: %w", cl.Kind, err)
	}
	return buf.String(), nil
}

// LegalBasisIn is the clause's legal basis in l.
func (cl *ModelClause) LegalBasisIn(l i18n.Lang) string {
	return inLang(l, cl.LegalBasis, cl.LegalBasisFR, cl.LegalBasisEN)
}

// RisksIn are the clause's risks in l, a copy the caller may sort.
func (cl *ModelClause) RisksIn(l i18n.Lang) []string {
	switch l {
	case i18n.FR:
		return slices.Clone(cl.RisksFR)
	case i18n.EN:
		return slices.Clone(cl.RisksEN)
	}
	return slices.Clone(cl.RisksNL)
}

// EFormsCodes returns the clause's eForms codes with the parameters filled
// in (the award-criterion weight).
func (cl *ModelClause) EFormsCodes(p TemplateParams) map[string]any {
	out := make(map[string]any, len(cl.EForms))
	for k, v := range cl.EForms {
		if s, ok := v.(string); ok && strings.Contains(s, "{{.Weight}}") {
			v = dutchNumber(p.Weight)
		}
		out[k] = v
	}
	return out
}

// textFuncs help the templates write correct sentences. à and de join a
// French preposition to a noun phrase the way French contracts them, so that a template writes {{à .Object}} and gets "au
// marché « … »", "à la ville", "aux marchés" or "à l’entretien":
// "à le marché" and "de le marché" are wrong.
var textFuncs = template.FuncMap{
	"à":  func(s string) string { return frenchContract("à", s) },
	"de": func(s string) string { return frenchContract("de", s) },
	// maj starts a sentence with a buyer's name that may be "le pouvoir
	// adjudicateur".
	"maj": koppel.Sentence,
}

// frenchContract writes prep before s: à + le = au, à + les = aux, de + le
// = du, de + les = des; de before a vowel is d’ (the typographic
// apostrophe, as everywhere in French).
func frenchContract(prep, s string) string {
	contracted := map[string]map[string]string{
		"à":  {"le ": "au ", "les ": "aux "},
		"de": {"le ": "du ", "les ": "des "},
	}
	for article, with := range contracted[prep] {
		if rest, ok := strings.CutPrefix(s, article); ok {
			return with + rest
		}
	}
	if prep == "de" && s != "" && strings.ContainsRune("aeiouhéèêâîôûAEIOUHÉ", []rune(s)[0]) {
		return "d’" + s
	}
	return prep + " " + s
}

// dutchNumber writes 12.5 as "12,5" and 30 as "30".
func dutchNumber(f float64) string { return koppel.FormatNumber(f, 1) }

// label names the clause in a message in the reader's language: its French
// label, the pages' catalogue's (clausekind.…), or its Dutch one.
func (cl *ModelClause) label() i18n.Localized {
	return func(l i18n.Lang) string {
		switch k := "clausekind." + string(cl.Kind); {
		case l == i18n.FR && cl.LabelFR != "":
			return cl.LabelFR
		case l != i18n.NL && i18n.Has(l, k):
			return i18n.T(l, k)
		}
		return cl.LabelNL
	}
}
