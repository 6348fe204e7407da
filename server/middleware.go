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
//  3. security headers, so that even error pages carry them;
//  4. logging and metrics, which time everything below them;
//  5. authentication last: it may refuse a bad token, and that refusal is
//     logged and counted like any other answer.
//
// Each route then adds its own role check, body limit, rate limit and CSRF
// check (see register), because those differ per route.
func (s *Server) middleware() []gin.HandlerFunc {
	return []gin.HandlerFunc{s.recovery, s.chooseLanguage, setRequestID, securityHeaders, s.logRequest, s.authenticate}
}

// securityHeaders forbid framing, inline scripts and MIME sniffing.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	c.Next()
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
	s.metrics.observe(c, time.Since(start))
}

// limitBody caps the request body of a route; larger bodies fail with
// *http.MaxBytesError, which writeError turns into 413. A declared
// Content-Length above the limit is refused before anything is read.
func (s *Server) limitBody(max int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > max {
			s.writeError(c, &http.MaxBytesError{Limit: max})
			return
		}
		if c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max)
		}
		c.Next()
	}
}
