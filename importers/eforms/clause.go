package eforms

import (
	"fmt"
	"strconv"
	"strings"

	"koppel"
	"koppel/refdata"
)

// clauses maps the social fields of a lot onto koppel clauses:
//
//   - BT-71 (reserved-procurement) res-ws and res-pub-ser → the reserved
//     clauses; "none" gives none. Several BT-71 codes give one clause each.
//   - BT-736 (reserved-execution) yes → reserved execution.
//   - BT-06 (strategic-procurement) soc-obj, or BT-775 codes without it
//     (examples such as cn-social_25 give social objectives without BT-06)
//     → one social objective (Objective true) whose SocialObjectives are
//     the BT-775 codes, with the BT-777 description as text. The eForms
//     field says only that the procurement pursues social aims, so it is
//     shown as "Sociale doelstelling", not as a condition; its kind is the
//     execution condition, the clause kind that asks nothing of who may
//     bid, so matching stays open to every enterprise.
//   - Award criteria (BT-539 type, BT-540 description, BT-541 weight): one
//     whose type is not price and whose name or description speaks of
//     social aims (isSocialText) → an award criterion with the weight when
//     it is a percentage (number-weight per-exa). BT-06 soc-obj alone does
//     not make a quality criterion social: the criterion's own words must.
func (r *reader) clauses(lot string, n *node) []koppel.Clause {
	var out []koppel.Clause
	tt := n.first("TenderingTerms")
	pp := n.first("ProcurementProject")

	for _, q := range tt.all("TendererQualificationRequest") {
		for _, c := range withAttr(q.all("SpecificTendererRequirement", "TendererRequirementTypeCode"), "listName", "reserved-procurement") {
			switch code := c.value(); code {
			case "", "none":
			case "res-ws":
				out = appendClause(out, koppel.Clause{Kind: koppel.ClauseReservedWS})
			case "res-pub-ser":
				out = appendClause(out, koppel.Clause{Kind: koppel.ClauseReservedPubSer})
			default:
				r.warnKey("BT-71-Lot", code,
					"import.notice_reserved_participation", "Lot", lot, "Code", code)
			}
		}
	}

	for _, c := range withAttr(tt.all("ContractExecutionRequirement", "ExecutionRequirementCode"), "listName", "reserved-execution") {
		switch code := c.value(); code {
		case "yes", "true":
			out = appendClause(out, koppel.Clause{Kind: koppel.ClauseReservedExecution})
		case "", "no", "false", "not-known":
		default:
			r.warnKey("BT-736-Lot", code,
				"import.notice_reserved_execution", "Lot", lot, "Code", code)
		}
	}

	socObj := false
	var objectives []string
	var socText string
	for _, at := range pp.all("ProcurementAdditionalType") {
		code := at.first("ProcurementTypeCode")
		switch code.attr("listName") {
		case "strategic-procurement":
			if code.value() == "soc-obj" {
				socObj = true
				if socText == "" {
					socText = r.pick(lot+".social", "BT-777-Lot", at.all("ProcurementType"))
				}
			}
		case "social-objective":
			v := code.value()
			if v == "" {
				continue
			}
			if _, ok := r.opts.Ref.Code(refdata.ListSocialObjective, v); !ok {
				r.warnKey("BT-775-Lot", v,
					"import.notice_objective", "Lot", lot, "Value", v)
				continue
			}
			if !contains(objectives, v) {
				objectives = append(objectives, v)
			}
		}
	}
	if socObj || len(objectives) > 0 {
		out = appendClause(out, koppel.Clause{Kind: koppel.ClauseExecutionCondition, SocialObjectives: objectives, Text: socText, Objective: true})
	}

	for i, ac := range tt.all("AwardingTerms", "AwardingCriterion", "SubordinateAwardingCriterion") {
		typ := ac.get("AwardingCriterionTypeCode")
		if typ == "price" {
			continue
		}
		key := fmt.Sprintf("%s.award.%d", lot, i+1)
		name := r.pick(key+".name", "BT-734-Lot", ac.all("Name"))
		desc := r.pick(key+".description", "BT-540-Lot", ac.all("Description"))
		// Judge the words in every language, not only the display one.
		var all []string
		for _, k := range []string{key + ".name", key + ".description"} {
			for _, t := range r.n.Texts[k] {
				all = append(all, t)
			}
		}
		if !isSocialText(strings.Join(all, " \n ")) {
			// Not social: keep the texts out of Notice.Texts, they are noise.
			delete(r.n.Texts, key+".name")
			delete(r.n.Texts, key+".description")
			continue
		}
		c := koppel.Clause{Kind: koppel.ClauseAwardCriterion, Text: joinNonEmpty(": ", name, desc)}
		for _, p := range ac.all("UBLExtensions", "UBLExtension", "ExtensionContent", "EformsExtension", "AwardCriterionParameter") {
			pc := p.first("ParameterCode")
			if pc.attr("listName") != "number-weight" {
				continue
			}
			num := p.get("ParameterNumeric")
			if w, err := strconv.ParseFloat(num, 64); err == nil && pc.value() == "per-exa" && w >= 0 && w <= 100 {
				c.Weight = w
			} else if num != "" {
				c.Text = joinNonEmpty(" ", c.Text, fmt.Sprintf("(gewicht %s, %s)", num, pc.value()))
			}
		}
		out = append(out, c)
	}
	return out
}

// appendClause adds c unless a clause of its kind is there already.
func appendClause(cs []koppel.Clause, c koppel.Clause) []koppel.Clause {
	for _, o := range cs {
		if o.Kind == c.Kind {
			return cs
		}
	}
	return append(cs, c)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// socialWords are word beginnings (lower case, accents folded) that mark a
// text as being about social aims, in Dutch, French, English and German.
var socialWords = []string{
	// Dutch
	"sociaal", "sociale", "maatwerk", "kansengroep", "doelgroepwerknemer", "doelgroepmedewerker",
	"inschakeling", "tewerkstelling", "werkgelegenheid", "langdurig werkloz", "werkzoekende",
	"arbeidsbeperking", "handicap", "inclusie", "eerlijke handel", "toegankelijkheid",
	"beschutte werkplaats", "arbeidszorg", "diensteneconomie",
	// French
	"social", "insertion sociale", "insertion professionnelle", "clause d'insertion", "reinsertion", "chomeur", "demandeur d'emploi",
	"personnes handicapees", "entreprise adaptee", "travail adapte", "commerce equitable",
	"accessibilite", "economie sociale",
	// English
	"social value", "disadvantaged", "disabled", "disabilit", "unemployed", "employment opportunit",
	"apprentice", "sheltered", "inclusion", "fair trade", "accessibility", "equal opportunit",
	// German
	"sozial", "beschaftigung", "behinder", "inklusion",
}

// notSocial are phrases with a social word that say nothing about social
// aims: they are removed before looking for socialWords.
var notSocial = []string{
	"sociale zekerheid", "securite sociale", "social security", "sozialversicherung",
	"raison sociale", "denomination sociale", "siege social", "maatschappelijke zetel",
	"social media", "sociale media", "regularite fiscale et sociale", "fiscales et sociales",
	"cotisations sociales", "sociale bijdragen", "social-standards", "inclusief ",
}

// isSocialText reports whether a criterion's text speaks of social aims.
func isSocialText(s string) bool {
	t := " " + koppel.Normalize(s) + " "
	for _, p := range notSocial {
		t = strings.ReplaceAll(t, p, " ")
	}
	for _, w := range socialWords {
		if i := strings.Index(t, w); i >= 0 && !isLetter(t[i-1]) {
			return true
		}
	}
	return false
}

func isLetter(b byte) bool { return 'a' <= b && b <= 'z' || b >= 0x80 }
