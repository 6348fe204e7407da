package server

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus collectors, in a registry of its own
// so that several servers (tests) do not collide.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// Imports counts imports by kind (catalogue, tenders) and result (ok,
	// rejected, failed, dry_run).
	imports *prometheus.CounterVec
}

func (s *Server) newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "koppel_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "koppel_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10, 30},
		}, []string{"route", "method"}),
		imports: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "koppel_imports_total", Help: "Imports by kind and result.",
		}, []string{"kind", "result"}),
	}
	lag := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "koppel_index_lag", Help: "Changes written to the store and not yet applied to the search index (outbox length).",
	}, func() float64 {
		if s.IndexLag == nil {
			return 0
		}
		return float64(s.IndexLag())
	})
	m.reg.MustRegister(s.feedCollectors()...)
	m.reg.MustRegister(m.requests, m.latency, m.imports, lag,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe records a finished request; the route is the pattern, not the
// raw path, so that the number of series stays bounded.
func (m *metrics) observe(c *gin.Context, d time.Duration) {
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, c.Request.Method, strconv.Itoa(c.Writer.Status())).Inc()
	m.latency.WithLabelValues(route, c.Request.Method).Observe(d.Seconds())
}

// CountImport records the outcome of an import.
func (s *Server) CountImport(kind, result string) {
	s.metrics.imports.WithLabelValues(kind, result).Inc()
}

func (s *Server) handleMetrics(c *gin.Context) {
	promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}).ServeHTTP(c.Writer, c.Request)
}
