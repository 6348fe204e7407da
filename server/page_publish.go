package server

import (
	"github.com/gin-gonic/gin"

	"koppel"
)

// handleTenderPublish publishes a draft tender: its buyer account or an
// admin (the button "Publiceren" on the tender page). Someone else's draft
// answers 404, as everywhere; a tender already published stays as it is.
func (s *Server) handleTenderPublish(c *gin.Context) {
	s.tenderStatusForm(koppel.TenderPublished)(c)
}
