package server

import (
	"github.com/gin-gonic/gin"

	"koppel"
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
	transition := c.Query("transition") != "" && c.Query("transition") != "nee" && c.Query("transition") != "false"
	v := c.Query("target_group")
	if v == "" {
		return "", transition, nil
	}
	g, err := koppel.ParseTargetGroup(v)
	return g, transition, err
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
