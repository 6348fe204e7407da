package main

import (
	"flag"
	"log/slog"
	"net/url"
	"os"
	"time"

	"koppel"
	"koppel/feed"
	"koppel/ingest"
)

// NoticeConfig is the notice feed of koppel serve: off unless Dir or URL
// is set.
type NoticeConfig struct {
	Dir     string
	URL     string
	Every   time.Duration
	NUTS    string
	regions []string
}

func noticeFlags(fs *flag.FlagSet) *NoticeConfig {
	c := &NoticeConfig{}
	fs.StringVar(&c.Dir, "notices-dir", "", "watch this folder: packages and notices dropped into it are imported and moved to done/ or failed/ with their report")
	fs.StringVar(&c.URL, "notices-url", "", "fetch new packages of notices from this URL (a listing of links to packages, or a package) every --notices-every; off when empty")
	fs.DurationVar(&c.Every, "notices-every", 24*time.Hour, "how often to fetch from --notices-url (a failed fetch is retried at the next interval)")
	fs.StringVar(&c.NUTS, "notices-nuts", "BE2", "NUTS prefixes of the places of performance the folder and the fetch import, e.g. BE2,BE1")
	return c
}

// check reads the regions and refuses a feed that cannot work.
func (c *NoticeConfig) check() error {
	r, err := ingest.ParseRegions(c.NUTS)
	if err != nil {
		return usageErrorf("--notices-nuts: %s", koppel.ErrorMessage(err))
	}
	c.regions = r
	if c.Dir != "" {
		if fi, err := os.Stat(c.Dir); err != nil || !fi.IsDir() {
			return usageErrorf("--notices-dir %q is geen bestaande map", c.Dir)
		}
	}
	if c.URL != "" {
		if u, err := url.Parse(c.URL); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			return usageErrorf("--notices-url %q is geen http(s)-adres", c.URL)
		}
		if c.Every < time.Minute {
			return usageErrorf("--notices-every must be at least 1m")
		}
	}
	return nil
}

// noticeFeed returns the feed of the configuration, nil when it is off;
// the tenders it publishes go to the server's alerts (n, may be nil).
func (e *env) noticeFeed(c NoticeConfig, im *ingest.Importer, n koppel.Notifier, log *slog.Logger) *feed.Feed {
	if c.Dir == "" && c.URL == "" {
		return nil
	}
	return &feed.Feed{Importer: im, Store: e.store, Regions: c.regions, Dir: c.Dir, URL: c.URL, Every: c.Every, Logger: log, Notifier: n}
}
