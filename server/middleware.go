package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"koppel"
)

const requestIDHeader = "X-Request-ID"

// middleware returns the chain every request passes, in order:
//  1. recovery first, so that a panic anywhere below becomes a logged 500
//     problem instead of a dropped connection;
//  2. request ID next, so every later log line and error carries it;
//  3. logging, which times everything below it;
//  4. the body-size limit last, closest to the handlers that read bodies.
func (s *Server) middleware() []gin.HandlerFunc {
	return []gin.HandlerFunc{s.recovery, setRequestID, s.logRequest, s.limitBody}
}

func (s *Server) recovery(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			s.writeError(c, &koppel.Error{Code: koppel.EINTERNAL, Err: fmt.Errorf("panic: %v", r)})
		}
	}()
	c.Next()
}

func setRequestID(c *gin.Context) {
	id := c.GetHeader(requestIDHeader)
	if id == "" || len(id) > 64 {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	c.Set(requestIDHeader, id)
	c.Header(requestIDHeader, id)
	c.Next()
}

func requestID(c *gin.Context) string { return c.GetString(requestIDHeader) }

func (s *Server) logRequest(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	s.logger().LogAttrs(c.Request.Context(), slog.LevelInfo, "request",
		slog.String("request_id", requestID(c)),
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.String("route", route),
		slog.Int("status", c.Writer.Status()),
		slog.Duration("duration", time.Since(start)),
	)
}

// limitBody caps every request body; larger bodies fail with
// *http.MaxBytesError, which writeError turns into 413.
func (s *Server) limitBody(c *gin.Context) {
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.MaxBodyBytes)
	}
	c.Next()
}
