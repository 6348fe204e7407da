package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/match"
)

func (s *Server) matchRoutes() []route {
	opts := append([]param{{Name: "include_ineligible", In: "query", Type: "boolean", Description: "also list enterprises that may not bid on a reserved lot, marked"}}, pageParamsDoc...)
	return []route{
		{Method: "GET", Path: "/api/v1/tenders/:id/matches", Summary: "Per lot (one page of lots at a time), the enterprises that fit, ranked, with explanation and eligibility", Tag: "matching",
			Query: append(opts, lotPageParamsDoc...), Rate: rateSearch, Response: TenderMatchesPage{}, Export: true, Handler: s.handleTenderMatches},
		{Method: "GET", Path: "/api/v1/enterprises/:kbo/tenders", Summary: "Open tenders whose lots fit the enterprise (its supplier or an admin)", Tag: "matching",
			Roles: supplierAdmin, Query: opts, Rate: rateSearch, Response: match.EnterpriseTenders{}, Handler: s.handleEnterpriseTenders},
	}
}

// matchOptions reads page, size (per lot) and include_ineligible.
func matchOptions(c *gin.Context) (match.Options, error) {
	o := match.Options{}
	var err error
	if v := c.Query("page"); v != "" {
		if o.Page, err = strconv.Atoi(v); err != nil {
			return o, koppel.Errorf(koppel.EINVALID, "paginanummer %q is geen getal", v).WithKey("error.page_not_number", "Value", v)
		}
	}
	if v := c.Query("size"); v != "" {
		if o.Size, err = strconv.Atoi(v); err != nil {
			return o, koppel.Errorf(koppel.EINVALID, "het aantal ondernemingen per perceel (%q) is geen getal", v).WithKey("error.match_size_not_number", "Value", v)
		}
	}
	if v := c.Query("include_ineligible"); v != "" {
		if o.IncludeIneligible, err = strconv.ParseBool(v); err != nil {
			return o, koppel.Errorf(koppel.EINVALID, "kies of ook niet-toegelaten ondernemingen getoond worden met true of false, niet %q", v).WithKey("error.include_ineligible", "Value", v)
		}
	}
	return o, nil
}

// handleTenderMatches answers for anyone who may see the tender: a
// published tender's matches are as public as the directory they come from.
func (s *Server) handleTenderMatches(c *gin.Context) {
	t, err := s.findVisibleTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	format, err := exportFormat(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	o, err := matchOptions(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	page, size, err := lotPageParams(c, "lots_page", "lots_size")
	if err != nil {
		s.writeError(c, err)
		return
	}
	res, err := s.Matcher.MatchTender(c.Request.Context(), lotWindow(t, page, size), o)
	if err != nil {
		s.writeError(c, err)
		return
	}
	out := TenderMatchesPage{TenderMatches: *res, LotsTotal: len(t.Lots), LotsPage: page, LotsSize: size}
	if format != "" {
		s.exportMatches(c, format, t, &out)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) handleEnterpriseTenders(c *gin.Context) {
	kbo, err := koppel.ParseKBO(c.Param("kbo"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	if !ownsEnterprise(caller(c), kbo) {
		s.writeError(c, koppel.Errorf(koppel.EFORBIDDEN, "u ziet alleen de opdrachten voor uw eigen onderneming").WithKey("error.api_own_tenders_only"))
		return
	}
	o, err := matchOptions(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	res, err := s.Matcher.TendersForEnterprise(c.Request.Context(), kbo, o)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
