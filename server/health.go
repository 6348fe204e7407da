package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"koppel"
)

func (s *Server) healthRoutes() []route {
	return []route{
		{Method: "GET", Path: "/healthz", Summary: "Liveness: 200 while the process serves", Tag: "operations", Response: map[string]string{"status": "ok"}, Handler: s.handleHealthz},
		{Method: "GET", Path: "/readyz", Summary: "Readiness: 200 once the store and index are open and the index is up to date", Tag: "operations", Response: map[string]string{"status": "ready"}, Handler: s.handleReadyz},
		{Method: "GET", Path: "/metrics", Summary: "Prometheus metrics", Tag: "operations", ContentType: "text/plain", Handler: s.handleMetrics},
	}
}

// handleHealthz answers 200 as long as the process serves HTTP.
func (s *Server) handleHealthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// handleReadyz answers 200 once the store and the index are open and the
// index has caught up with the store, 503 before.
func (s *Server) handleReadyz(c *gin.Context) {
	if s.Ready == nil {
		s.writeError(c, koppel.Errorf(koppel.EUNAVAILABLE, "nog niet klaar").WithKey("error.admin_not_ready"))
		return
	}
	if err := s.Ready(c.Request.Context()); err != nil {
		s.writeError(c, &koppel.Error{Code: koppel.EUNAVAILABLE, Message: "nog niet klaar: " + koppel.ErrorMessage(err), Err: err, Key: "error.admin_not_ready_because", Args: []any{"Reason", err}})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}
