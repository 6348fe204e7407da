package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
)

// handleTenderPublish publishes a draft tender: its buyer account or an
// admin (the button "Publiceren" on the tender page). Someone else's draft
// answers 404, as everywhere; a tender that is not a draft stays as it is.
func (s *Server) handleTenderPublish(c *gin.Context) {
	t, err := s.findOwnTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if t.Status == koppel.TenderDraft {
		t.Status, t.UpdatedAt = koppel.TenderPublished, timeNow().UTC()
		if err := s.storeTender(c, t); err != nil {
			s.writeError(c, err)
			return
		}
	}
	c.Redirect(http.StatusSeeOther, "/opdrachten/"+t.ID)
}
