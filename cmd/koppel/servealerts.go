package main

import (
	"flag"
	"path/filepath"
	"time"

	"koppel/match"
	"koppel/notify"
	"koppel/server"
)

// alertConfig are the flags of koppel serve about alerts.
type alertConfig struct {
	SMTPURL   string
	From      string
	PublicURL string
	Interval  time.Duration
	Backoff   time.Duration
}

func alertFlags(fs *flag.FlagSet, c *alertConfig) {
	fs.StringVar(&c.SMTPURL, "smtp-url", "", "send alert e-mails through this SMTP server, e.g. smtp://user:pass@mail.example.org:587 (STARTTLS); empty: write them as .eml files to DATA/mail and list them on /beheer/meldingen; env KOPPEL_SMTP_URL")
	fs.StringVar(&c.From, "mail-from", "Koppel <noreply@localhost>", "sender of the alert e-mails")
	fs.StringVar(&c.PublicURL, "public-url", "", "Koppel's address as users reach it, for the links in e-mails and feeds, e.g. https://koppel.example.org; empty: the address it listens on")
	fs.DurationVar(&c.Interval, "alert-interval", notify.DefaultInterval, "how often the alert worker looks for new events and due messages")
	fs.DurationVar(&c.Backoff, "alert-backoff", notify.DefaultBackoff, "wait before the first retry of a message that failed; doubled each time, at most 1h, 8 attempts")
}

// newAlerts returns the alert service of a running server: its own
// Matcher that considers many candidates (an alert goes to every
// enterprise that fits, not to one page of them).
func (e *env) newAlerts(c alertConfig, m *match.Matcher, srv *server.Server, key []byte) (*notify.Service, error) {
	var mailer notify.Mailer = notify.DirMailer{Dir: filepath.Join(e.dir, "mail")}
	if c.SMTPURL != "" {
		sm, err := notify.NewSMTPMailer(c.SMTPURL)
		if err != nil {
			return nil, usageErrorf("%s", err.Error())
		}
		mailer = sm
	}
	fan := &match.Matcher{Store: m.Store, Ref: m.Ref, Search: m.Search, Candidates: 20000}
	base := func() string {
		if c.PublicURL != "" {
			return c.PublicURL
		}
		return srv.URL()
	}
	return &notify.Service{Store: e.store, Matcher: fan, Mailer: mailer, BaseURL: base, From: c.From, Key: key,
		Logger: e.log.With("component", "alerts"), Interval: c.Interval, Backoff: c.Backoff}, nil
}
