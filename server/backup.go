package server

import (
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// Backuper writes a consistent snapshot of the store (the store's Badger
// backup stream, which runs beside live writes).
type Backuper interface {
	Backup(w io.Writer) (uint64, error)
}

func (s *Server) adminRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/admin/backup", Summary: "A consistent backup of the store while the server runs (admin); restore with koppel restore", Tag: "operations",
			Roles: adminOnly, ContentType: "application/octet-stream", Handler: s.handleBackup},
	}
}

func (s *Server) handleBackup(c *gin.Context) {
	c.Header("Content-Type", "application/octet-stream")
	c.Header("Content-Disposition", `attachment; filename="koppel-`+time.Now().UTC().Format("2006-01-02")+`.backup"`)
	c.Status(http.StatusOK)
	if _, err := s.Backup.Backup(c.Writer); err != nil {
		// The status is sent; a broken stream is what the client sees, and
		// koppel restore refuses a truncated backup.
		s.logger().Error("backup", "err", err, "request_id", requestID(c))
		if ctx := c.Request.Context(); ctx.Err() == nil {
			panic(http.ErrAbortHandler)
		}
	}
}
