package koppel

import "strings"

// WorkForm is a recognised form of social employment in Flanders (werkvorm).
type WorkForm string

// The Flemish work forms (docs/design.md, "The domain").
const (
	Maatwerkbedrijf        WorkForm = "maatwerkbedrijf"
	Maatwerkafdeling       WorkForm = "maatwerkafdeling"
	LokaleDiensteneconomie WorkForm = "lde"
	Arbeidszorg            WorkForm = "arbeidszorg"
	Invoegbedrijf          WorkForm = "invoegbedrijf"
	Cooperatie             WorkForm = "cooperatie"
	SocialeOnderneming     WorkForm = "sociale-onderneming"
)

// WorkFormInfo describes a work form for users and for the eligibility rules.
type WorkFormInfo struct {
	Form  WorkForm `json:"form"`
	Label string   `json:"label"` // Dutch name as users know it
	Short string   `json:"short"` // abbreviation, e.g. MWB
	// Recognised is true for forms with a Flemish recognition (erkenning).
	Recognised bool `json:"recognised"`
	// Aliases are other ways people write the form, normalised (lower case,
	// no accents), among them its French and English names in the
	// catalogue (workform.*); the importers accept them.
	Aliases []string `json:"-"`
}

// WorkForms lists the work forms in the order the UI shows them.
var WorkForms = []WorkFormInfo{
	{Maatwerkbedrijf, "Maatwerkbedrijf", "MWB", true, []string{"mwb", "maatwerkbedrijf", "maatwerkbedrijven", "beschutte werkplaats", "bw", "sociale werkplaats", "entreprise de travail adapte", "eta", "sheltered workshop", "custom work company", "entreprise de travail adapte (eta)", "sheltered workshop (maatwerkbedrijf)"}},
	{Maatwerkafdeling, "Maatwerkafdeling", "MWA", true, []string{"mwa", "maatwerkafdeling", "maatwerkafdelingen", "section de travail adapte", "sheltered work unit (maatwerkafdeling)", "sheltered work unit"}},
	{LokaleDiensteneconomie, "Lokale diensteneconomie", "LDE", true, []string{"lde", "lokale diensteneconomie", "local service economy", "economie locale de services"}},
	{Arbeidszorg, "Arbeidszorg", "AZ", true, []string{"arbeidszorg", "az", "zorg", "travail encadre (arbeidszorg)", "travail encadre", "supported work (arbeidszorg)", "supported work"}},
	{Invoegbedrijf, "Invoegbedrijf", "IB", true, []string{"invoegbedrijf", "invoeg", "ib", "entreprise d'insertion", "work integration enterprise"}},
	{Cooperatie, "Coöperatie", "COOP", false, []string{"cooperatie", "cooperative", "activiteitencooperatie", "cvba", "cv", "cooperatieve"}},
	{SocialeOnderneming, "Sociale onderneming", "SO", false, []string{"sociale onderneming", "sociale-onderneming", "social enterprise", "entreprise sociale", "andere"}},
}

// Info returns the description of a work form.
func (w WorkForm) Info() (WorkFormInfo, bool) {
	for _, i := range WorkForms {
		if i.Form == w {
			return i, true
		}
	}
	return WorkFormInfo{}, false
}

// Label returns the Dutch name of the work form, or the raw value.
func (w WorkForm) Label() string {
	if i, ok := w.Info(); ok {
		return i.Label
	}
	return string(w)
}

// ParseWorkForm accepts a work form as people write it ("MWB",
// "Maatwerkbedrijf", "maatwerkbedrijven", "Coöperatie", its French or
// English name…). Returns EINVALID listing the accepted forms otherwise,
// in the reader's language.
func ParseWorkForm(s string) (WorkForm, error) {
	n := Normalize(s)
	for _, i := range WorkForms {
		if n == string(i.Form) || n == Normalize(i.Label) {
			return i.Form, nil
		}
		for _, a := range i.Aliases {
			if n == a {
				return i.Form, nil
			}
		}
	}
	labels := make([]string, len(WorkForms))
	for k, i := range WorkForms {
		labels[k] = i.Label
	}
	return "", Errorf(EINVALID, "onbekende werkvorm %q; kies uit: %s", strings.TrimSpace(s), strings.Join(labels, "; ")).WithKey("error.work_form_unknown", "Value", strings.TrimSpace(s), "List", workFormTerms())
}

// Normalize lower-cases s, removes accents (ë → e), turns non-breaking
// spaces, underscores and runs of white space into one space and trims it.
// Header and value matching in the importers relies on it.
func Normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if r == '\u00a0' || r == '_' || r == '\t' || r == '\n' || r == '\r' || r == ' ' {
			space = b.Len() > 0
			continue
		}
		if f, ok := foldAccents[r]; ok {
			r = f
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldAccents = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a',
	'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i',
	'ò': 'o', 'ó': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u',
	'ç': 'c', 'ñ': 'n', 'ÿ': 'y', 'œ': 'o',
	'’': '\'', '‘': '\'',
}

// workFormTerms are the work forms as Terms (the workform.* keys), for a
// message that lists them in the reader's language.
func workFormTerms() Terms {
	ts := Terms{List: make([]Term, len(WorkForms))}
	for i, w := range WorkForms {
		ts.List[i] = w.Form.Term()
	}
	return ts
}
