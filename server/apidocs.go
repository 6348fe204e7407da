package server

import (
	"strings"

	"koppel/i18n"
)

// apiDocText is the documentation page's text in a language other than the
// route table's English: the summaries by "METHOD path" and the query
// parameters' texts by their English description. A test fails for a route
// or parameter without its text.
type apiDocText struct {
	summary, param map[string]string
}

// apiDocTexts are the languages of the documentation page besides English.
var apiDocTexts = map[i18n.Lang]apiDocText{
	i18n.NL: {apiSummaryNL, apiParamNL},
	i18n.FR: {apiSummaryFR, apiParamFR},
}

// apiDocRouteIn is the documentation page's row of r for a reader of l:
// in l when apiDocTexts has it, else in the route table's English. A
// summary missing from l's text stays English and the row says so (Lang).
func apiDocRouteIn(l i18n.Lang, r route) apiDocRoute {
	row := apiDocRoute{Method: r.Method, Path: openAPIPath(r.Path), Summary: r.Summary, Lang: string(i18n.EN)}
	if len(r.Roles) > 0 {
		names := make([]string, len(r.Roles))
		for i, role := range r.Roles {
			names[i] = i18n.T(l, "role."+string(role))
		}
		row.Roles = strings.Join(names, ", ")
	}
	text, ok := apiDocTexts[l]
	if !ok {
		row.Params = r.Query
		return row
	}
	if s, ok := text.summary[r.Method+" "+r.Path]; ok {
		row.Summary, row.Lang = s, string(l)
	}
	for _, q := range r.Query {
		if s, ok := text.param[q.Description]; ok {
			q.Description = s
		}
		row.Params = append(row.Params, q)
	}
	return row
}
