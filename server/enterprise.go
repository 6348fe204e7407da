package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/search"
)

func (s *Server) enterpriseRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/enterprises", Summary: "The public directory of enterprises", Tag: "enterprises",
			Query: append([]param{{Name: "q", In: "query", Type: "string", Description: "words looked for in the names and offerings, e.g. poetsdienst; best first"},
				{Name: "form", In: "query", Type: "string", Description: "work form, e.g. maatwerkbedrijf"}, {Name: "province", In: "query", Type: "string"},
				targetGroupParamDoc, transitionParamDoc}, pageParamsDoc...),
			Rate: rateSearch, Response: EnterpriseList{}, Export: true, Handler: s.handleEnterpriseList},
		{Method: "GET", Path: "/api/v1/enterprises/:kbo", Summary: "One enterprise with its offerings", Tag: "enterprises", Response: EnterpriseView{}, Handler: s.handleEnterpriseView},
		{Method: "PUT", Path: "/api/v1/enterprises/:kbo", Summary: "Create or update an enterprise profile (its supplier or an admin)", Tag: "enterprises",
			Roles: supplierAdmin, Body: bodyJSON, Rate: rateWrite, Request: koppel.Enterprise{}, Response: koppel.Enterprise{}, Handler: s.handleEnterprisePut},
	}
}

func (s *Server) handleEnterprisePut(c *gin.Context) {
	kbo, err := koppel.ParseKBO(c.Param("kbo"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	if !ownsEnterprise(caller(c), kbo) {
		s.forbidden(c, "enterprise", kbo.String())
		return
	}
	var e koppel.Enterprise
	if err := decodeJSON(c, &e); err != nil {
		s.writeError(c, err)
		return
	}
	if e.KBO == "" {
		e.KBO = kbo
	} else if k, err := koppel.ParseKBO(string(e.KBO)); err != nil || k != kbo {
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "het ondernemingsnummer in de gegevens (%s) verschilt van dat in de URL (%s)", e.KBO, kbo).WithKey("error.kbo_mismatch", "Body", e.KBO.String(), "URL", kbo.String()))
		return
	}
	if err := e.Validate(s.Reference); err != nil {
		s.writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	status := http.StatusOK
	if _, err := s.Enterprises.FindEnterpriseByKBO(ctx, kbo); koppel.ErrorCode(err) == koppel.ENOTFOUND {
		status = http.StatusCreated
	} else if err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.Enterprises.PutEnterprise(ctx, &e); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.sync(c); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(status, &e)
}

// EnterpriseView is an enterprise with its offerings, as the API shows it.
type EnterpriseView struct {
	*koppel.Enterprise
	Offerings []*koppel.Offering `json:"offerings"`
}

func (s *Server) handleEnterpriseView(c *gin.Context) {
	kbo, err := koppel.ParseKBO(c.Param("kbo"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	e, err := s.Enterprises.FindEnterpriseByKBO(c.Request.Context(), kbo)
	if err == nil {
		e, err = s.verifiedEnterprise(c.Request.Context(), e)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	offs, err := s.Offerings.FindOfferingsByEnterprise(c.Request.Context(), kbo)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if offs == nil {
		offs = []*koppel.Offering{}
	}
	c.JSON(http.StatusOK, EnterpriseView{Enterprise: e, Offerings: offs})
}

// EnterpriseList is a page of enterprises.
type EnterpriseList struct {
	Enterprises []*koppel.Enterprise `json:"enterprises"`
	Total       int                  `json:"total"`
	Page        int                  `json:"page"`
	Size        int                  `json:"size"`
}

func (s *Server) handleEnterpriseList(c *gin.Context) {
	if format, err := exportFormat(c); err != nil || format != "" {
		if err == nil {
			_, _, err = pageParams(c) // checked as for JSON, though an export starts at the first
		}
		if err != nil {
			s.writeError(c, err)
		} else {
			s.exportEnterprises(c, format)
		}
		return
	}
	list, err := s.enterpriseList(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
}

// enterpriseList reads the directory's query from the URL (q, form,
// province, page, size) and returns that page of enterprises: those whose
// names or offerings match q, best first, or without q all of them.
func (s *Server) enterpriseList(c *gin.Context) (*EnterpriseList, error) {
	page, size, err := pageParams(c)
	if err != nil {
		return nil, err
	}
	group, transition, err := targetGroupParams(c)
	if err != nil {
		return nil, err
	}
	if q := c.Query("q"); q != "" {
		if len(q) > 500 {
			return nil, koppel.Errorf(koppel.EINVALID, "de zoekvraag is te lang (max. 500 tekens)").WithKey("error.query_too_long")
		}
		if group != "" || transition {
			return s.enterprisesWithGroup(c, q, group, transition, page, size)
		}
		res, err := s.Search.Enterprises(c.Request.Context(), search.EnterpriseQuery{Text: q, WorkForm: c.Query("form"), Province: c.Query("province"), Page: page, Size: size})
		if err != nil {
			return nil, err
		}
		list := &EnterpriseList{Enterprises: []*koppel.Enterprise{}, Total: res.Total, Page: page, Size: size}
		for _, h := range res.Hits {
			e, err := s.Enterprises.FindEnterpriseByKBO(c.Request.Context(), h.KBO)
			if koppel.ErrorCode(err) == koppel.ENOTFOUND {
				continue // deleted since it was indexed
			}
			if err != nil {
				return nil, err
			}
			list.Enterprises = append(list.Enterprises, e)
		}
		return list, nil
	}
	f := koppel.EnterpriseFilter{Province: c.Query("province"), Offset: (page - 1) * size, Limit: size, TargetGroup: group, TransitionPaths: transition}
	if v := c.Query("form"); v != "" {
		if f.Form, err = koppel.ParseWorkForm(v); err != nil {
			return nil, err
		}
	}
	list, total, err := s.Enterprises.FindEnterprises(c.Request.Context(), f)
	if err != nil {
		return nil, err
	}
	if list == nil {
		list = []*koppel.Enterprise{}
	}
	return &EnterpriseList{Enterprises: list, Total: total, Page: page, Size: size}, nil
}

// pageParams reads page (from 1) and size (1..100, default 20).
func pageParams(c *gin.Context) (page, size int, err error) {
	page, size = 1, 20
	if v := c.Query("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > 10000 {
			return 0, 0, koppel.Errorf(koppel.EINVALID, "paginanummer %q bestaat niet: kies een getal van 1 tot 10000", v).WithKey("error.page_out_of_range", "Value", v)
		}
	}
	if v := c.Query("size"); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > 100 {
			return 0, 0, koppel.Errorf(koppel.EINVALID, "het aantal resultaten per pagina (%q) moet een getal van 1 tot 100 zijn", v).WithKey("error.size_out_of_range", "Value", v)
		}
	}
	return page, size, nil
}
