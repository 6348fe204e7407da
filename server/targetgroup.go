package server

import (
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/export"
	"koppel/i18n"
	"koppel/search"
)

// The directory's target-group parameters, for the OpenAPI document.
var (
	targetGroupParamDoc = param{Name: "target_group", In: "query", Type: "string", Description: "only enterprises that work with this target group: arbeidshandicap, langdurig-werkzoekend, art60, psychosociaal, laaggeschoold, anderstalige-nieuwkomer, ex-gedetineerde, 50-plus (or its Dutch name)"}
	transitionParamDoc  = param{Name: "transition", In: "query", Type: "string", Description: "ja: only enterprises that run transition paths (doorstroomtrajecten)"}
)

// targetGroupParams reads the directory's target-group filters:
// target_group (a code or name of koppel.TargetGroups) and transition
// (any value: only enterprises that run transition paths). Returns
// EINVALID for an unknown target group.
func targetGroupParams(c *gin.Context) (koppel.TargetGroup, bool, error) {
	transition := transitionParam(c)
	v := c.Query("target_group")
	if v == "" {
		return "", transition, nil
	}
	g, err := koppel.ParseTargetGroup(v)
	return g, transition, err
}

// transitionParam reads transition: any value but "nee" and "false" keeps
// the enterprises that run transition paths.
func transitionParam(c *gin.Context) bool {
	v := c.Query("transition")
	return v != "" && v != "nee" && v != "false"
}

// offeringTargetGroupParamDoc documents target_group of the offering
// search, which takes several groups.
var offeringTargetGroupParamDoc = param{Name: "target_group", In: "query", Type: "string", Description: "only offerings of enterprises that work with this target group; repeat it or separate groups by commas for enterprises that work with all of them: arbeidshandicap, langdurig-werkzoekend, art60, psychosociaal, laaggeschoold, anderstalige-nieuwkomer, ex-gedetineerde, 50-plus (or their Dutch names)"}

// targetGroupsParam reads the offering search's target_group: repeated
// or comma-separated, as one comma-separated list (search.OfferingQuery
// reads it).
func targetGroupsParam(c *gin.Context) string {
	var out []string
	for _, v := range c.QueryArray("target_group") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return strings.Join(out, ",")
}

// groupCheck is one checkbox of a form's target groups.
type groupCheck struct {
	Code, Label string
	Checked     bool
}

// groupChecks lists every target group as a checkbox, those in selected
// (codes as the form posted them) ticked: the template function
// "groupChecks".
func groupChecks(selected []string) []groupCheck {
	out := make([]groupCheck, len(koppel.TargetGroups))
	for i, g := range koppel.TargetGroups {
		out[i] = groupCheck{Code: string(g.Group), Label: g.Label, Checked: slices.Contains(selected, string(g.Group))}
	}
	return out
}

// groupLabels names target groups in Dutch, separated by commas: the
// template function "groupLabels".
func groupLabels(gs []koppel.TargetGroup) string {
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = g.Label()
	}
	return strings.Join(names, ", ")
}

// groupCodes returns the codes of gs, for a form.
func groupCodes(gs []koppel.TargetGroup) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = string(g)
	}
	return out
}

// formGroups reads a form's ticked target groups (field name, repeated)
// as they were posted: Validate reads and checks them.
func formGroups(c *gin.Context, name string) []koppel.TargetGroup {
	var out []koppel.TargetGroup
	for _, v := range c.PostFormArray(name) {
		out = append(out, koppel.TargetGroup(v))
	}
	return out
}

// maxGroupPages bounds the pages of a text search that a target-group
// filter reads: MaxSize enterprises a page, the best first.
const maxGroupPages = 20

// enterprisesWithGroup is the directory's text search with a target-group
// filter: the search ranks the enterprises, the filter keeps those that
// declared the group (or run transition paths), and the page is cut from
// what is kept. It reads at most maxGroupPages pages of the search, so its
// work is bounded; beyond them an enterprise is not found.
func (s *Server) enterprisesWithGroup(c *gin.Context, q string, group koppel.TargetGroup, transition bool, page, size int) (*EnterpriseList, error) {
	ctx := c.Request.Context()
	var kept []*koppel.Enterprise
	for p := 1; p <= maxGroupPages; p++ {
		res, err := s.Search.Enterprises(ctx, search.EnterpriseQuery{Text: q, WorkForm: c.Query("form"), Province: c.Query("province"), Page: p, Size: search.MaxSize})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			e, err := s.Enterprises.FindEnterpriseByKBO(ctx, h.KBO)
			if koppel.ErrorCode(err) == koppel.ENOTFOUND {
				continue // deleted since it was indexed
			}
			if err != nil {
				return nil, err
			}
			if (group == "" || e.HasTargetGroup(group)) && (!transition || e.TransitionPaths) {
				kept = append(kept, e)
			}
		}
		if p*search.MaxSize >= res.Total {
			break
		}
	}
	from := min((page-1)*size, len(kept))
	list := &EnterpriseList{Enterprises: kept[from:min(from+size, len(kept))], Total: len(kept), Page: page, Size: size}
	return list, nil
}

// targetGroupFilterFields names the target-group filters of an offering
// search for "Over deze export", in l: the groups by their names in l.
func targetGroupFilterFields(l i18n.Lang, q search.OfferingQuery) []export.Field {
	var out []export.Field
	if groups, err := search.ParseTargetGroups(q.TargetGroups); err == nil && len(groups) > 0 {
		names := make([]string, len(groups))
		for i, g := range groups {
			names[i] = enumLabel(l, "targetgroup.", string(g), g.Label())
		}
		out = append(out, export.Field{Name: i18n.T(l, "imports.export_groups"), Value: strings.Join(names, i18n.T(l, "display.semicolon"))})
	}
	if q.Transition {
		out = append(out, export.Field{Name: i18n.T(l, "imports.export_transition"), Value: i18n.T(l, "imports.export_transition_only")})
	}
	return out
}

// targetGroupFacet turns the target-group counts into a list of
// checkboxes (links): each adds its group to those ticked, or takes it
// away; the search keeps the enterprises that work with every group
// ticked. A ticked group stays in the list when nothing is found, so it
// can be taken away.
func targetGroupFacet(c *gin.Context, values []search.FacetValue) facetView {
	fv := facetView{Name: tr(c, "facet.target_group"), Param: "target_group", Check: true}
	ticked, _ := search.ParseTargetGroups(targetGroupsParam(c)) // checked by the search
	has := map[string]bool{}
	for _, v := range values {
		has[v.Value] = true
	}
	for _, g := range ticked {
		if !has[string(g)] {
			values = append(values, search.FacetValue{Value: string(g), Label: g.Label()})
		}
	}
	for _, v := range values {
		sel := slices.Contains(ticked, koppel.TargetGroup(v.Value))
		var next []string
		for _, g := range ticked {
			if string(g) != v.Value {
				next = append(next, string(g))
			}
		}
		if !sel {
			next = append(next, v.Value)
		}
		fv.Values = append(fv.Values, facetLink{Label: enumLabel(lang(c), "targetgroup.", v.Value, v.Label), Count: v.Count, Selected: sel,
			Link: withParam(c.Request.URL, "target_group", strings.Join(next, ","), len(next) > 0)})
	}
	return fv
}

// transitionFacet is the one checkbox "Met doorstroomtrajecten".
func transitionFacet(c *gin.Context, values []search.FacetValue) facetView {
	fv := facetView{Name: tr(c, "facet.transition"), Param: "transition", Check: true}
	sel := transitionParam(c)
	if sel && len(values) == 0 {
		values = []search.FacetValue{{Value: "ja", Label: "Met doorstroomtrajecten"}}
	}
	for _, v := range values {
		fv.Values = append(fv.Values, facetLink{Label: tr(c, "facet.transition_yes"), Count: v.Count, Selected: sel, Link: withParam(c.Request.URL, "transition", "ja", !sel)})
	}
	return fv
}
