package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
)

// directoryPage is what the Ondernemingen page shows.
type directoryPage struct {
	Q, Form, Province string
	Forms             []koppel.WorkFormInfo
	// Group and Transition are the target-group filters as asked.
	Group      string
	Transition bool
	Groups     []koppel.TargetGroupInfo
	Rows       []directoryRow
	Total      int
	Pager      pager
	Error      string
	// Download links to the whole list as a file.
	Download downloadLinks
}

type directoryRow struct {
	E     *koppel.Enterprise
	Link  string
	Place string
	Forms []string
}

// handleDirectoryPage lists the enterprises, searched by name and
// offerings when a text is given.
func (s *Server) handleDirectoryPage(c *gin.Context) {
	data := directoryPage{Q: c.Query("q"), Form: c.Query("form"), Province: c.Query("province"), Forms: koppel.WorkForms,
		Group: c.Query("target_group"), Transition: c.Query("transition") != "", Groups: koppel.TargetGroups}
	list, err := s.enterpriseList(c)
	if koppel.ErrorCode(err) == koppel.EINVALID {
		data.Error = koppel.ErrorMessage(err)
		s.render(c, http.StatusBadRequest, "directory", "Ondernemingen", data)
		return
	} else if err != nil {
		s.writeError(c, err)
		return
	}
	data.Total = list.Total
	data.Pager = newPager(c, list.Page, list.Size, list.Total)
	if list.Total > 0 {
		data.Download = downloads("/api/v1/enterprises", c.Request.URL.Query(), exportLimitNote(lang(c), list.Total))
	}
	for _, e := range list.Enterprises {
		row := directoryRow{E: e, Link: "/ondernemingen/" + string(e.KBO), Place: e.Address.City}
		if p := e.Address.Place; p != nil {
			row.Place = p.Municipality
		}
		for _, r := range e.Recognitions {
			row.Forms = append(row.Forms, r.Form.Label())
		}
		data.Rows = append(data.Rows, row)
	}
	s.render(c, http.StatusOK, "directory", "Ondernemingen", data)
}
