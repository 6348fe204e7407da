package server

import "github.com/gin-gonic/gin"

// syncTenders makes the request's tender changes searchable before it
// answers: only the tenders when SyncTenders is set, so that a buyer does
// not wait for a catalogue import's reindex; else everything, with sync.
func (s *Server) syncTenders(c *gin.Context) error {
	if s.SyncTenders == nil {
		return s.sync(c)
	}
	return s.SyncTenders(c.Request.Context())
}
