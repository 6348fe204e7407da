// Package feed brings packages of eForms notices into Koppel by itself:
// it watches a folder for packages dropped into it, and fetches new
// packages from an HTTP source at an interval. Each package is imported
// with ingest's Notices; the feed remembers what it fetched and keeps a
// status for the admin page and /metrics.
package feed

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"koppel"
	"koppel/importers/archive"
	"koppel/ingest"
)

// Store is what the feed writes to: tenders and reports (ingest's
// NoticeStore) and the packages fetched.
type Store interface {
	ingest.NoticeStore
	// Fetched reports whether the package with key was fetched before.
	Fetched(ctx context.Context, key string) (reportID string, ok bool, err error)
	// PutFetched remembers that the package with key was fetched.
	PutFetched(ctx context.Context, key, reportID string) error
}

// Defaults of a Feed.
const (
	DefaultPoll            = 5 * time.Second
	DefaultMaxPackageBytes = 1 << 30
	// MaxPackagesPerFetch bounds the packages one fetch imports; the
	// others wait for the next interval.
	MaxPackagesPerFetch = 20
)

// Feed watches Dir and fetches URL every Every. Set the fields, then call
// Run; FeedStatus may be called at any time.
type Feed struct {
	Importer *ingest.Importer
	Store    Store
	// Regions are the NUTS prefixes to import (ingest.DefaultRegions when
	// empty).
	Regions []string
	// Limits bound each package (archive's defaults when zero).
	Limits archive.Limits
	// Dir is the folder to watch ("" for none), looked at every Poll.
	Dir  string
	Poll time.Duration
	// URL is the source to fetch from ("" for none), every Every; Client
	// fetches (http.DefaultClient with a timeout when nil); a package is
	// at most MaxPackageBytes.
	URL             string
	Every           time.Duration
	Client          *http.Client
	MaxPackageBytes int64
	Logger          *slog.Logger
	// Notifier, when set, is told of the published tenders the feed
	// creates or updates, as of those entered by hand (see
	// ingest.NoticesRequest.Notify).
	Notifier koppel.Notifier

	mu     sync.Mutex
	status koppel.FeedStatus
	sizes  map[string]fileState // the folder's files at the last look
}

// FeedStatus returns the feed's status now.
func (f *Feed) FeedStatus() koppel.FeedStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.status
	s.Dir, s.URL, s.Every = f.Dir, f.URL, f.Every
	return s
}

func (f *Feed) update(fn func(*koppel.FeedStatus)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(&f.status)
}

func (f *Feed) logger() *slog.Logger {
	if f.Logger == nil {
		return slog.Default()
	}
	return f.Logger
}

// Run watches the folder and fetches from the source until ctx ends. The
// first fetch is at once; a failed fetch is retried at the next interval.
func (f *Feed) Run(ctx context.Context) {
	var wg sync.WaitGroup
	if f.Dir != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick(ctx, cmp.Or(f.Poll, DefaultPoll), func() {
				if err := f.ScanDir(ctx); err != nil && ctx.Err() == nil {
					f.logger().Error("notices folder", "dir", f.Dir, "err", err)
				}
			})
		}()
	}
	if f.URL != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick(ctx, cmp.Or(f.Every, 24*time.Hour), func() {
				if err := f.Fetch(ctx); err != nil && ctx.Err() == nil {
					f.logger().Warn("notices fetch failed; retried at the next interval", "url", f.URL, "err", err)
				}
			})
		}()
	}
	wg.Wait()
}

// tick calls fn at once and then every d until ctx ends.
func tick(ctx context.Context, d time.Duration, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		fn()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// importPackage imports the package at path and counts it.
func (f *Feed) importPackage(ctx context.Context, path, name, origin string) (*koppel.NoticeReport, error) {
	req := ingest.NoticesRequest{Path: path, File: name, Origin: origin, Regions: f.Regions, Limits: f.Limits}
	if f.Notifier != nil {
		req.Notify = func(ctx context.Context, e koppel.Event) {
			if err := f.Notifier.Notify(ctx, e); err != nil {
				f.logger().Error("event not queued", "kind", e.Kind, "subject", e.Subject, "err", err)
			}
		}
	}
	rep, err := f.Importer.Notices(ctx, f.Store, req)
	if rep != nil {
		f.update(func(s *koppel.FeedStatus) { s.Packages++ })
		f.logger().Info("notice package imported", "file", name, "origin", origin, "status", rep.Status,
			"imported", rep.Imported(), "refused", rep.Refused)
	}
	return rep, err
}
