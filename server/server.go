package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/clauses"
	"koppel/ingest"
	"koppel/match"
	"koppel/notify"
	"koppel/search"
)

func init() {
	// Release mode by default: no debug banner, no route dump on start.
	gin.SetMode(gin.ReleaseMode)
	gin.DefaultWriter = io.Discard
}

// DefaultMaxUploadBytes is the default size limit of an uploaded file.
const DefaultMaxUploadBytes = 20 << 20

// Server serves Koppel's HTTP API. Set the exported fields, then call Open;
// Close shuts it down gracefully.
type Server struct {
	// Addr is the address to listen on, e.g. "127.0.0.1:8080"; port 0 picks
	// a free port (see URL).
	Addr   string
	Logger *slog.Logger
	// MaxUploadBytes limits uploaded files; DefaultMaxUploadBytes when
	// zero. JSON bodies have their own, smaller limit.
	MaxUploadBytes int64
	// Limits are the per-client rate limits; DefaultRateLimits when zero.
	Limits RateLimits
	// SessionKey signs the session cookies of the web pages (see
	// LoadSessionKey).
	SessionKey []byte
	// Sessions stores the web sessions; without it nobody can sign in on
	// the web pages.
	Sessions koppel.SessionService
	// TrustedProxies are the reverse proxies (see ParseTrustedProxies)
	// whose X-Forwarded-Proto makes cookies Secure and whose
	// X-Forwarded-For names the client for the rate limits. None by
	// default: those headers are then ignored.
	TrustedProxies []netip.Prefix

	Reference   koppel.Reference
	CodeLists   clauses.CodeLists
	CPVs        CPVSearcher
	Enterprises koppel.EnterpriseService
	Offerings   koppel.OfferingService
	Tenders     koppel.TenderService
	Tokens      koppel.TokenService
	Imports     ImportStore
	// Search answers offering and tender searches.
	Search *search.Searcher
	// Backup writes backups for GET /api/v1/admin/backup.
	Backup Backuper
	// Matcher matches tender lots and enterprises.
	Matcher *match.Matcher
	// Candidates finds the enterprises that can serve a lot, for the
	// clause assistant's market scan.
	Candidates CandidateFinder
	// Thresholds steer the clause recommendation.
	Thresholds clauses.Thresholds
	// Importer runs catalogue and tender imports.
	Importer *ingest.Importer
	// Recognitions keeps the register of verified recognitions; nil shows
	// the declared recognitions only.
	Recognitions ingest.RecognitionStore
	// Ready reports whether the store and the index are open and the index
	// has applied the outbox; /readyz answers 503 with its error otherwise.
	Ready func(ctx context.Context) error
	// Sync brings the search index up to date with the store. Handlers that
	// change data call it before answering, so that a client's next search
	// sees its change (read-your-writes).
	Sync func(ctx context.Context) error
	// SyncTenders makes the tenders just written searchable without
	// waiting for the rest of the outbox (a catalogue import's reindex);
	// tender writes call it instead of Sync when it is set.
	SyncTenders func(ctx context.Context) error
	// IndexLag returns the number of changes not yet in the index.
	IndexLag func() int
	// Notifier takes the events users are alerted about; nil sends none.
	Notifier koppel.Notifier
	// Needs stores the buyers' needs (aanvragen); nil turns them off.
	Needs koppel.NeedService
	// Internships stores the internship places buyers offer; nil leaves
	// the internship routes answering 503.
	Internships koppel.InternshipService
	// Alerts serves the alert settings, feeds and unsubscribe links; nil
	// leaves those pages unavailable.
	Alerts *notify.Service
	// Access keeps the access requests and sign-in links of self-service
	// onboarding (which mails through Alerts); nil turns it off.
	Access koppel.AccessService
	// Outcomes keeps the outcomes of lots; nil shows none.
	Outcomes OutcomeStore
	// NoticeReports keeps the reports of notice packages; NoticeFeed,
	// when set, is the folder watch and fetch whose status the admin page
	// and /metrics show; MaxPackageBytes limits an uploaded package
	// (DefaultMaxPackageBytes when zero). See notices.go.
	NoticeReports   koppel.NoticeReportService
	NoticeFeed      NoticeFeed
	MaxPackageBytes int64
	// Shortlists keeps the buyers' shortlists; nil: none can be made.
	Shortlists ShortlistStore
	// Spend keeps the buyers' spend files (Mijn aankopen); nil turns the
	// spend analysis off.
	Spend koppel.SpendService
	// Version is Koppel's version, named in exports ("Over deze export").
	Version string

	ln       net.Listener
	srv      *http.Server
	engine   *gin.Engine
	done     chan error
	metrics  *metrics
	limiters limiters
	openAPI  openAPICache
	bg       background

	capacity   capacityCache // see capacity.go
	exportOnce sync.Once
	exports    chan struct{} // see exportSlots
}

// notify hands an event to the Notifier, if any. The change that caused it
// is already stored, so a failure is logged, not answered as an error.
func (s *Server) notify(ctx context.Context, e koppel.Event) {
	if s.Notifier == nil {
		return
	}
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	if err := s.Notifier.Notify(ctx, e); err != nil {
		s.logger().Error("event not queued", "kind", e.Kind, "subject", e.Subject, "err", err)
	}
}

func (s *Server) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}

// Handler returns the HTTP handler with all routes and middleware, for use
// with httptest or another server.
func (s *Server) Handler() http.Handler {
	if s.engine == nil {
		s.engine = s.routes()
	}
	return s.engine
}

func (s *Server) routes() *gin.Engine {
	if s.MaxUploadBytes == 0 {
		s.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if s.Thresholds == (clauses.Thresholds{}) {
		s.Thresholds = clauses.DefaultThresholds()
	}
	if s.Limits == (RateLimits{}) {
		s.Limits = DefaultRateLimits()
	}
	s.metrics = s.newMetrics()
	e := gin.New()
	// Only the configured proxies are trusted: the client address (for
	// rate limits) is the peer's, or what a trusted proxy says in
	// X-Forwarded-For, never a header anyone can set.
	_ = e.SetTrustedProxies(s.trustedProxyList())
	e.HandleMethodNotAllowed = true
	e.Use(s.middleware()...)
	e.NoRoute(func(c *gin.Context) {
		s.writeError(c, koppel.Errorf(koppel.ENOTFOUND, "geen pagina of API-route op %s", c.Request.URL.Path).WithKey("error.route_not_found", "Path", c.Request.URL.Path))
	})
	e.NoMethod(func(c *gin.Context) {
		s.writeError(c, &koppel.Error{Code: codeMethodNotAllowed, Message: fmt.Sprintf("methode %s is niet toegestaan op %s", c.Request.Method, c.Request.URL.Path), Key: "error.method_not_allowed", Args: []any{"Method", c.Request.Method, "Path", c.Request.URL.Path}})
	})
	s.register(e, s.routeTable())
	e.GET("/static/*file", gin.WrapH(s.staticHandler()))
	return e
}

// Open starts listening on Addr and serving in the background.
func (s *Server) Open() error {
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return koppel.Errorf(koppel.EINVALID, "kan niet luisteren op %s: %w", s.Addr, err).WithKey("error.admin_listen", "Addr", s.Addr, "Cause", err.Error())
	}
	s.ln = ln
	s.srv = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads on slow school networks
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.logger().Handler(), slog.LevelWarn),
	}
	s.done = make(chan error, 1)
	go func() {
		err := s.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	return nil
}

// URL returns the base URL the server listens on, e.g. http://127.0.0.1:8080.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// Close stops accepting connections and waits for running requests to end,
// until ctx is done.
func (s *Server) Close(ctx context.Context) error {
	s.bg.stop()
	if s.srv == nil {
		return nil
	}
	if err := s.srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("shut down http server: %w", err)
	}
	return <-s.done
}
