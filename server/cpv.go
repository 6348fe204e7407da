package server

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
)

// CPVSearcher finds CPV codes by code prefix or words of their labels
// (package refdata implements it).
type CPVSearcher interface {
	CPVSearch(q string, limit int) []koppel.CPVEntry
}

func (s *Server) cpvRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/cpv", Summary: "Find CPV codes by code or by words of their Dutch, French or English labels (for a picker)", Tag: "reference",
			Query: []param{{Name: "q", In: "query", Type: "string", Required: true, Description: "e.g. reiniging, 9091"}}, Rate: rateSearch, Response: []cpvHit{}, Handler: s.handleCPVSearch},
	}
}

// cpvHit is one CPV code found.
type cpvHit struct {
	Code  string `json:"code"` // with check digit, 90911200-8
	Label string `json:"label"`
	FR    string `json:"label_fr"`
	EN    string `json:"label_en"`
}

// maxCPVQuery is the longest CPV search, in bytes.
const maxCPVQuery = 100

func (s *Server) handleCPVSearch(c *gin.Context) {
	q := strings.TrimSpace(c.Query("q"))
	if len(q) > maxCPVQuery {
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "de zoekvraag is te lang (max. %d tekens)", maxCPVQuery).WithKey("error.api_cpv_query_long", "Max", maxCPVQuery))
		return
	}
	out := []cpvHit{}
	for _, e := range s.CPVs.CPVSearch(q, 15) {
		out = append(out, cpvHit{Code: e.Full(), Label: e.NL, FR: e.FR, EN: e.EN})
	}
	c.JSON(http.StatusOK, out)
}
