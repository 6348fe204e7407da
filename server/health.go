package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
)

func (s *Server) registerHealthRoutes(e *gin.Engine) {
	e.GET("/healthz", s.handleHealthz)
	e.GET("/readyz", s.handleReadyz)
}

// handleHealthz answers 200 as long as the process serves HTTP.
func (s *Server) handleHealthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// handleReadyz answers 200 once the store and the index are open and the
// index has caught up with the store, 503 before.
func (s *Server) handleReadyz(c *gin.Context) {
	if s.Ready == nil {
		s.writeError(c, koppel.Errorf(koppel.EUNAVAILABLE, "nog niet klaar"))
		return
	}
	if err := s.Ready(c.Request.Context()); err != nil {
		s.writeError(c, &koppel.Error{Code: koppel.EUNAVAILABLE, Message: "nog niet klaar: " + koppel.ErrorMessage(err), Err: err})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}
