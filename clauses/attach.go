package clauses

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"koppel"
	"koppel/i18n"
)

// LotClause is the clause of kind k, with text, as a lot carries it: the
// social objectives (BT-775) of the catalogue's eForms codes, and for an
// award criterion its weight in percent (BT-541). Returns EINVALID for an
// unknown kind, a weight outside 0 to 100 or a text beyond
// koppel.MaxClauseText.
func (c *Library) LotClause(k koppel.ClauseKind, text string, weight float64) (koppel.Clause, error) {
	cl, ok := c.Clause(k)
	if !ok {
		return koppel.Clause{}, koppel.Errorf(koppel.EINVALID, "onbekende sociale clausule %q", k).WithKey("error.clause_unknown", "Value", string(k))
	}
	if !(weight >= 0 && weight <= 100) { // also NaN
		return koppel.Clause{}, koppel.Errorf(koppel.EINVALID, "het gewicht van een gunningscriterium ligt tussen 0 en 100 %%, niet %s", dutchNumber(weight)).
			WithKey("error.clause_weight_range", "Weight", i18n.Localized(func(l i18n.Lang) string { return i18n.Number(l, weight, 1) }))
	}
	text = strings.TrimSpace(text)
	if len(text) > koppel.MaxClauseText {
		return koppel.Clause{}, koppel.Errorf(koppel.EINVALID, "de tekst van de clausule is te lang: hoogstens %d tekens", koppel.MaxClauseText).WithKey("error.api_clause_text_long", "Max", koppel.MaxClauseText)
	}
	out := koppel.Clause{Kind: k, Text: text, SocialObjectives: stringList(cl.EForms["BT-775"])}
	if _, ok := cl.EForms["BT-541"]; ok {
		out.Weight = weight
	}
	return out, nil
}

// EFormsCode is one eForms business term a clause sets, for the notice.
type EFormsCode struct {
	Term  string // e.g. BT-71
	Value string // e.g. res-ws; lists joined with ", "
}

// EFormsOf returns the eForms codes clause cl sets on its lot, in the
// order of their term numbers: the catalogue's codes for its kind, with
// the clause's own social objectives and weight; codes that set nothing
// ("none", "no", a weight not given) are left out.
func (c *Library) EFormsOf(cl koppel.Clause) []EFormsCode {
	def, ok := c.Clause(cl.Kind)
	if !ok {
		return nil
	}
	var out []EFormsCode
	for term, v := range def.EForms {
		var val string
		switch term {
		case "BT-775":
			objs := cl.SocialObjectives
			if len(objs) == 0 {
				objs = stringList(v)
			}
			val = strings.Join(objs, ", ")
		case "BT-541":
			if cl.Weight > 0 {
				val = dutchNumber(cl.Weight)
			}
		default:
			val = fmt.Sprint(v)
		}
		if val == "" || val == "none" || val == "no" {
			continue
		}
		out = append(out, EFormsCode{Term: term, Value: val})
	}
	slices.SortFunc(out, func(a, b EFormsCode) int { return cmp.Compare(termNumber(a.Term), termNumber(b.Term)) })
	return out
}

// termNumber is the number of an eForms business term: 71 for BT-71.
func termNumber(term string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(term, "BT-"))
	return n
}

// stringList reads a list of strings from the catalogue's JSON.
func stringList(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
