package koppel

import (
	"slices"
	"strings"
)

// TargetGroup is a group of people with a distance to the labour market
// that an enterprise works with (doelgroep), in the terms the Flemish
// social economy uses.
type TargetGroup string

// The target groups an enterprise can declare.
const (
	TargetDisability     TargetGroup = "arbeidshandicap"
	TargetLongTerm       TargetGroup = "langdurig-werkzoekend"
	TargetArt60          TargetGroup = "art60"
	TargetPsychosocial   TargetGroup = "psychosociaal"
	TargetLowSkilled     TargetGroup = "laaggeschoold"
	TargetNewcomer       TargetGroup = "anderstalige-nieuwkomer"
	TargetExOffender     TargetGroup = "ex-gedetineerde"
	TargetOlderJobseeker TargetGroup = "50-plus"
)

// TargetGroupInfo describes a target group.
type TargetGroupInfo struct {
	Group TargetGroup `json:"group"`
	Label string      `json:"label"` // Dutch, as users read it
	// Words are other ways users write it, for the importer and the
	// search filter, among them its French and English names in the
	// catalogue (targetgroup.*).
	Words []string `json:"-"`
}

// TargetGroups lists the target groups in the order users see them.
var TargetGroups = []TargetGroupInfo{
	{TargetDisability, "Mensen met een arbeidshandicap", []string{"arbeidshandicap", "handicap", "arbeidsbeperking", "personen met een arbeidshandicap", "handicap de travail", "personnes avec un handicap au travail", "people with a work disability"}},
	{TargetLongTerm, "Langdurig werkzoekenden", []string{"langdurig werkzoekend", "langdurig werkzoekende", "langdurig werklozen", "langdurig werkloos", "chomeurs de longue duree", "demandeurs d'emploi de longue duree", "long-term jobseekers"}},
	{TargetArt60, "Art. 60-tewerkstelling (OCMW)", []string{"art60", "art 60", "art. 60", "artikel 60", "art. 60 §7", "art 60 7", "artikel 60 §7", "leefloners", "ocmw", "mise a l'emploi article 60 (cpas)", "article 60", "article 60 employment (public social welfare centre)"}},
	{TargetPsychosocial, "Mensen met een psychosociale kwetsbaarheid", []string{"psychosociaal", "psychosociaal kwetsbaar", "psychosociale kwetsbaarheid", "psychisch kwetsbaar", "psychische kwetsbaarheid", "psychiatrische problematiek", "personnes en situation de vulnerabilite psychosociale", "people with psychosocial vulnerability"}},
	{TargetLowSkilled, "Laaggeschoolde werkzoekenden", []string{"laaggeschoold", "laaggeschoolden", "kortgeschoold", "kortgeschoolden", "demandeurs d'emploi peu qualifies", "low-skilled jobseekers"}},
	{TargetNewcomer, "Anderstalige nieuwkomers", []string{"anderstalig", "anderstaligen", "anderstalige nieuwkomers", "nieuwkomers", "nieuwkomer", "vluchtelingen", "primo-arrivants allophones", "newcomers who speak another language"}},
	{TargetExOffender, "(Ex-)gedetineerden", []string{"ex gedetineerde", "ex gedetineerden", "gedetineerden", "(ex-)gedetineerden", "ex-gedetineerden", "(ex-)detenus", "ex-detenus", "(former) prisoners", "former prisoners"}},
	{TargetOlderJobseeker, "Werkzoekenden ouder dan 50", []string{"50 plus", "50-plussers", "50 plussers", "oudere werkzoekenden", "werkzoekenden ouder dan 50", "demandeurs d'emploi de plus de 50 ans", "jobseekers over 50"}},
}

// Info returns the description of the target group.
func (g TargetGroup) Info() (TargetGroupInfo, bool) {
	for _, i := range TargetGroups {
		if i.Group == g {
			return i, true
		}
	}
	return TargetGroupInfo{}, false
}

// Label returns the Dutch name of the target group, or the code when it
// is unknown.
func (g TargetGroup) Label() string {
	if i, ok := g.Info(); ok {
		return i.Label
	}
	return string(g)
}

// ParseTargetGroup reads a target group from its code, its label or one
// of the usual ways of writing it ("art. 60", "langdurig werklozen"),
// ignoring case and accents. Returns EINVALID naming the known groups.
func ParseTargetGroup(s string) (TargetGroup, error) {
	n := Normalize(s)
	for _, i := range TargetGroups {
		if n == string(i.Group) || n == Normalize(i.Label) {
			return i.Group, nil
		}
		for _, w := range i.Words {
			if n == Normalize(w) {
				return i.Group, nil
			}
		}
	}
	var names []string
	for _, i := range TargetGroups {
		names = append(names, i.Label)
	}
	return "", Errorf(EINVALID, "doelgroep %q is onbekend; kies uit: %s", strings.TrimSpace(s), strings.Join(names, "; ")).WithKey("error.target_group_unknown", "Value", strings.TrimSpace(s), "List", targetGroupTerms())
}

// HasTargetGroup reports whether the enterprise declared it works with g.
func (e *Enterprise) HasTargetGroup(g TargetGroup) bool {
	return slices.Contains(e.TargetGroups, g)
}

// validateTargetGroups reads each declared target group (code or name),
// drops duplicates and keeps them in the order of TargetGroups, so that
// an enterprise's groups compare equal however they were written.
func (e *Enterprise) validateTargetGroups() error {
	gs, err := CleanTargetGroups(e.TargetGroups)
	e.TargetGroups = gs
	return err
}

// CleanTargetGroups reads each target group of gs (code or name), drops
// duplicates and returns them in the order of TargetGroups; nil for none.
// Returns EINVALID naming the known groups for an unknown one (and gs as
// it was).
func CleanTargetGroups(gs []TargetGroup) ([]TargetGroup, error) {
	if len(gs) == 0 {
		return nil, nil
	}
	seen := map[TargetGroup]bool{}
	for _, g := range gs {
		p, err := ParseTargetGroup(string(g))
		if err != nil {
			return gs, err
		}
		seen[p] = true
	}
	var out []TargetGroup
	for _, i := range TargetGroups {
		if seen[i.Group] {
			out = append(out, i.Group)
		}
	}
	return out, nil
}

// TargetGroupLabels returns the Dutch names of gs, lower-cased as they
// read inside a sentence ("mensen met een arbeidshandicap"), joined with
// commas and "of".
func TargetGroupLabels(gs []TargetGroup) string {
	names := make([]string, len(gs))
	for i, g := range gs {
		l := g.Label()
		if !strings.HasPrefix(l, "Art.") {
			l = strings.ToLower(l[:1]) + l[1:]
		}
		names[i] = l
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " of " + names[len(names)-1]
}

// targetGroupTerms are the target groups as Terms (the targetgroup.*
// keys), for a message that lists them in the reader's language.
func targetGroupTerms() Terms {
	ts := Terms{List: make([]Term, len(TargetGroups))}
	for i, g := range TargetGroups {
		ts.List[i] = g.Group.Term()
	}
	return ts
}
