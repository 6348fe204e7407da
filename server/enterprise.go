package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"koppel"
)

func (s *Server) registerEnterpriseRoutes(g *gin.RouterGroup) {
	g.GET("/enterprises", s.handleEnterpriseList)
	g.GET("/enterprises/:kbo", s.handleEnterpriseView)
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
	page, size, err := pageParams(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	f := koppel.EnterpriseFilter{Province: c.Query("province"), Offset: (page - 1) * size, Limit: size}
	if v := c.Query("form"); v != "" {
		if f.Form, err = koppel.ParseWorkForm(v); err != nil {
			s.writeError(c, err)
			return
		}
	}
	list, total, err := s.Enterprises.FindEnterprises(c.Request.Context(), f)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if list == nil {
		list = []*koppel.Enterprise{}
	}
	c.JSON(http.StatusOK, EnterpriseList{Enterprises: list, Total: total, Page: page, Size: size})
}

// pageParams reads page (from 1) and size (1..100, default 20).
func pageParams(c *gin.Context) (page, size int, err error) {
	page, size = 1, 20
	if v := c.Query("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > 10000 {
			return 0, 0, koppel.Errorf(koppel.EINVALID, "page %q moet een getal van 1 tot 10000 zijn", v)
		}
	}
	if v := c.Query("size"); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > 100 {
			return 0, 0, koppel.Errorf(koppel.EINVALID, "size %q moet een getal van 1 tot 100 zijn", v)
		}
	}
	return page, size, nil
}
