package server

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"koppel"
	"koppel/i18n"
	"koppel/ingest"
)

// DefaultMaxPackageBytes is the default size limit of an uploaded package
// of notices: a TED daily package is tens of MB.
const DefaultMaxPackageBytes = 1 << 30

// NoticeFeed is the folder watch and scheduled fetch of notice packages;
// the admin page and /metrics show its status.
type NoticeFeed interface {
	FeedStatus() koppel.FeedStatus
}

// background runs the imports of uploaded packages after their request
// has been answered; Close stops them and waits.
type background struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func (b *background) init() {
	b.once.Do(func() { b.ctx, b.cancel = context.WithCancel(context.Background()) })
}

// stop cancels the running package imports and waits for them: they store
// their report as failed.
func (b *background) stop() {
	b.init()
	b.cancel()
	b.wg.Wait()
}

func (s *Server) noticeRoutes() []route {
	return []route{
		{Method: "POST", Path: "/api/v1/admin/notices", Summary: "Import a package of eForms notices (a .tar.gz, .tgz or .zip archive as multipart field file or the raw body), in the background (admin): answers 202 with the report's id",
			Tag: "tenders", Roles: adminOnly, Body: bodyPackage, Rate: rateWrite,
			Query:    []param{{Name: "nuts", In: "query", Type: "string", Description: "NUTS prefixes of the places of performance to import, comma-separated; BE2 (Flanders) by default"}},
			Response: koppel.NoticeReport{}, Handler: s.handleNoticePackage},
		{Method: "GET", Path: "/api/v1/admin/notices", Summary: "The newest reports of notice packages and the feed's status (admin)", Tag: "tenders",
			Roles: adminOnly, Response: noticeOverview{}, Handler: s.handleNoticeReports},
		{Method: "GET", Path: "/api/v1/admin/notices/:id", Summary: "The report of a notice package, also while it runs (admin)", Tag: "tenders",
			Roles: adminOnly, Response: koppel.NoticeReport{}, Handler: s.handleNoticeReport},
		{Method: "GET", Path: "/beheer/aankondigingen", Summary: "Admin page: notice packages and the feed", Page: true, Roles: adminOnly, Handler: s.handleNoticePage},
	}
}

// resultLabel names a result of the tender import in Dutch; a result not
// listed is shown by its own name.
func resultLabel(k string) string {
	if l, ok := map[string]string{"created": "nieuw", "updated": "bijgewerkt", "unchanged": "ongewijzigd",
		"older": "ouder dan opgeslagen", "outcome": "uitslag"}[k]; ok {
		return l
	}
	return k
}

// noticeStore is what a package import writes to.
type noticeStore struct {
	ingest.TenderStore
	koppel.NoticeReportService
}

// noticeOverview is the answer of GET /api/v1/admin/notices.
type noticeOverview struct {
	Feed    *koppel.FeedStatus     `json:"feed,omitempty"`
	Reports []*koppel.NoticeReport `json:"reports"`
}

func (s *Server) handleNoticePackage(c *gin.Context) {
	if s.NoticeReports == nil {
		s.writeError(c, koppel.Errorf(koppel.EUNAVAILABLE, "deze server bewaart geen verslagen van pakketten").WithKey("error.admin_notices_off"))
		return
	}
	regions := ingest.DefaultRegions
	if v := c.Query("nuts"); v != "" {
		var err error
		if regions, err = ingest.ParseRegions(v); err != nil {
			s.writeError(c, err)
			return
		}
	}
	path, name, err := s.savePackage(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.bg.init()
	started := make(chan *koppel.NoticeReport, 1)
	failed := make(chan error, 1)
	s.bg.wg.Add(1)
	go func() {
		defer s.bg.wg.Done()
		defer os.Remove(path)
		rep, err := s.Importer.Notices(s.bg.ctx, noticeStore{s.Tenders, s.NoticeReports}, ingest.NoticesRequest{
			Path: path, File: name, Origin: "upload", Regions: regions, Notify: s.notify,
			Started: func(r *koppel.NoticeReport) { started <- r },
		})
		if rep != nil {
			s.CountImport("notices", rep.Status)
		}
		if err != nil {
			if rep == nil {
				failed <- err
			}
			s.logger().Warn("notice package import", "file", name, "err", err)
		}
	}()
	select {
	case rep := <-started:
		c.Header("Location", "/api/v1/admin/notices/"+rep.ID)
		c.JSON(http.StatusAccepted, rep)
	case err := <-failed:
		s.writeError(c, err)
	case <-c.Request.Context().Done():
	}
}

// savePackage writes the uploaded package to a temporary file, as it
// comes (a zip needs random access), up to MaxPackageBytes.
func (s *Server) savePackage(c *gin.Context) (path, name string, err error) {
	var body io.Reader = c.Request.Body
	name = "upload"
	if ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); ct == "multipart/form-data" {
		mr, err := c.Request.MultipartReader()
		if err != nil {
			return "", "", koppel.Errorf(koppel.EINVALID, "stuur het pakket in het formulierveld \"file\"").WithKey("error.admin_package_field")
		}
		for {
			part, err := mr.NextPart()
			if err != nil {
				return "", "", koppel.Errorf(koppel.EINVALID, "stuur het pakket in het formulierveld \"file\"").WithKey("error.admin_package_field")
			}
			if part.FormName() == "file" {
				body, name = part, filepath.Base(part.FileName())
				break
			}
		}
	}
	f, err := os.CreateTemp("", "koppel-pakket-*")
	if err != nil {
		return "", "", err
	}
	n, err := io.Copy(f, body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n == 0 {
		err = koppel.Errorf(koppel.EINVALID, "het verzoek bevat geen pakket").WithKey("error.admin_package_missing")
	}
	if err != nil {
		os.Remove(f.Name())
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", "", koppel.Errorf(koppel.ETOOLARGE, "het pakket is groter dan %d MB", s.maxPackageBytes()>>20).WithKey("error.admin_package_too_large", "MB", s.maxPackageBytes()>>20)
		}
		return "", "", err
	}
	if name == "" || name == "." {
		name = "upload"
	}
	return f.Name(), strings.TrimSpace(name), nil
}

func (s *Server) maxPackageBytes() int64 {
	if s.MaxPackageBytes > 0 {
		return s.MaxPackageBytes
	}
	return DefaultMaxPackageBytes
}

func (s *Server) handleNoticeReport(c *gin.Context) {
	if s.NoticeReports == nil {
		s.writeError(c, koppel.Errorf(koppel.ENOTFOUND, "verslag niet gevonden").WithKey("error.admin_notice_report_not_found"))
		return
	}
	rep, err := s.NoticeReports.FindNoticeReport(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, rep)
}

// noticeOverview reads the newest reports and the feed's status.
func (s *Server) noticeOverview(ctx context.Context) (noticeOverview, error) {
	var o noticeOverview
	if s.NoticeFeed != nil {
		st := s.NoticeFeed.FeedStatus()
		o.Feed = &st
	}
	o.Reports = []*koppel.NoticeReport{}
	if s.NoticeReports != nil {
		reps, err := s.NoticeReports.NoticeReports(ctx, 20)
		if err != nil {
			return o, err
		}
		o.Reports = reps
	}
	return o, nil
}

func (s *Server) handleNoticeReports(c *gin.Context) {
	o, err := s.noticeOverview(c.Request.Context())
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, o)
}

// noticePage is what the page /beheer/aankondigingen shows.
type noticePage struct {
	Feed *koppel.FeedStatus
	// LastError is the feed's last error in the page's language (see
	// storedText).
	LastError fieldMessage
	Reports   []noticeReportView
}

// noticeReportView is a report with its results in the page's language,
// in a fixed order, and its error and refusals in the page's language
// where the report has them in it.
type noticeReportView struct {
	*koppel.NoticeReport
	Counts  []resultCount
	Error   fieldMessage
	Reasons []refusalView
}

// storedText is a stored text in the page's language when the record
// has it in that language (inLang), else in Dutch, marked as such (see
// fieldMessage): a report stored before Koppel wrote French and English,
// or a message Koppel has only in Dutch.
func storedText(text string, inLang bool) fieldMessage {
	return fieldMessage{Text: text, Dutch: !inLang}
}

// refusalView is one reason files of a package were refused.
type refusalView struct {
	koppel.NoticeRefusalKind
	Message fieldMessage
}

type resultCount struct {
	Label string
	Count int
}

func (s *Server) handleNoticePage(c *gin.Context) {
	o, err := s.noticeOverview(c.Request.Context())
	if err != nil {
		s.writeError(c, err)
		return
	}
	l := string(lang(c))
	p := noticePage{Feed: o.Feed}
	if o.Feed != nil {
		p.LastError = storedText(o.Feed.LastErrorIn(l))
	}
	for _, r := range o.Reports {
		v := noticeReportView{NoticeReport: r, Error: storedText(r.ErrorIn(l))}
		for _, k := range r.Reasons {
			v.Reasons = append(v.Reasons, refusalView{NoticeRefusalKind: k, Message: storedText(k.In(l))})
		}
		keys := make([]string, 0, len(r.Results))
		for k := range r.Results {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			label := resultLabel(k)
			if key := "noticeresult." + k; i18n.Has(lang(c), key) {
				label = i18n.N(lang(c), key, r.Results[k]) // "1 nouveau", "2 nouveaux"
			}
			v.Counts = append(v.Counts, resultCount{Label: label, Count: r.Results[k]})
		}
		p.Reports = append(p.Reports, v)
	}
	s.render(c, http.StatusOK, "notices", tr(c, "nav.notices"), p)
}

// feedCollectors are the notice feed's metrics: fetches that failed (in a
// row and in all), the time of the last good fetch, and the packages
// imported. Without a feed they stay 0.
func (s *Server) feedCollectors() []prometheus.Collector {
	status := func(f func(koppel.FeedStatus) float64) func() float64 {
		return func() float64 {
			if s.NoticeFeed == nil {
				return 0
			}
			return f(s.NoticeFeed.FeedStatus())
		}
	}
	return []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "koppel_notice_fetch_failures",
			Help: "Fetches of notice packages that failed in a row (0 once one succeeds); each is retried at the next interval."},
			status(func(f koppel.FeedStatus) float64 { return float64(f.Failures) })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "koppel_notice_fetch_failures_total",
			Help: "Fetches of notice packages that failed since the start."},
			status(func(f koppel.FeedStatus) float64 { return float64(f.FailuresTotal) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "koppel_notice_fetch_last_success_timestamp_seconds",
			Help: "Unix time of the last fetch of notice packages that succeeded (0: none yet)."},
			status(func(f koppel.FeedStatus) float64 {
				if f.LastSuccess.IsZero() {
					return 0
				}
				return float64(f.LastSuccess.Unix())
			})),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "koppel_notice_packages_total",
			Help: "Notice packages imported from the watched folder and the fetched source since the start."},
			status(func(f koppel.FeedStatus) float64 { return float64(f.Packages) })),
	}
}
