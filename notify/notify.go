package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"koppel"
	"koppel/i18n"
	"koppel/match"
)

// Store is what the Service keeps its outbox in and reads recipients
// from; *store.Store implements it.
type Store interface {
	PutEvent(ctx context.Context, e koppel.Event) (bool, error)
	PendingEvents(ctx context.Context, limit int) ([]koppel.Event, error)
	EventFannedOut(ctx context.Context, key string) error
	AddDeliveries(ctx context.Context, ds []*koppel.Delivery, feed map[koppel.Recipient][]koppel.Alert) error
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]*koppel.Delivery, error)
	SaveDelivery(ctx context.Context, d *koppel.Delivery, prevNext time.Time) error
	FindDelivery(ctx context.Context, id string) (*koppel.Delivery, error)
	RecentDeliveries(ctx context.Context, limit int) ([]*koppel.Delivery, error)
	FeedAlerts(ctx context.Context, r koppel.Recipient, limit int) ([]koppel.Alert, error)
	FindAlertPrefs(ctx context.Context, r koppel.Recipient) (*koppel.AlertPrefs, error)
	PutAlertPrefs(ctx context.Context, p *koppel.AlertPrefs) error
	FindFeedRecipient(ctx context.Context, hash string) (koppel.Recipient, error)
	FindEnterpriseByKBO(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error)
	FindTenderByID(ctx context.Context, id string) (*koppel.Tender, error)
	FindNeedByID(ctx context.Context, id string) (*koppel.Need, error)
	FindInternshipByID(ctx context.Context, id string) (*koppel.Internship, error)
	FindTokens(ctx context.Context) ([]*koppel.Token, error)
}

var _ koppel.Notifier = (*Service)(nil)

// Defaults of the Service's zero fields.
const (
	DefaultInterval    = 2 * time.Second
	DefaultBackoff     = 30 * time.Second
	DefaultMaxBackoff  = time.Hour
	DefaultMaxAttempts = 8
	DefaultBatch       = 100
	// DefaultDigestHour is the hour (local time) of the daily digest.
	DefaultDigestHour = 7
	// maxRecipients bounds the recipients of one event.
	maxRecipients = 5000
	// fanBatch is how many recipients' deliveries one transaction writes.
	fanBatch = 200
)

// Service delivers alerts. Set the fields, then call Notify from requests
// and Run in one goroutine; it is safe for concurrent use.
type Service struct {
	Store Store
	// Matcher finds the enterprises a tender's lots fit; give it a large
	// Candidates (alerts go to all that fit, not a page).
	Matcher *match.Matcher
	// Mailer sends e-mail: an SMTP server (NewSMTPMailer) or a folder of
	// .eml files (DirMailer).
	Mailer Mailer
	// HTTP posts the webhooks; nil means a client with WebhookTimeout.
	HTTP *http.Client
	// BaseURL returns the public address of Koppel, for the links in
	// messages (a function: the server knows its port once it listens).
	BaseURL func() string
	// From is the sender of the e-mails.
	From string
	// Key signs the unsubscribe links (the server's session key).
	Key    []byte
	Logger *slog.Logger

	// Interval is how often the worker looks for work; Backoff, MaxBackoff
	// and MaxAttempts steer the retries; Batch bounds the events and the
	// deliveries one step takes.
	Interval    time.Duration
	Backoff     time.Duration
	MaxBackoff  time.Duration
	MaxAttempts int
	Batch       int
	// Workers is how many deliveries are sent at once (default 4).
	Workers int
	// DigestAt returns when the digest that collects an alert made at now
	// goes out; nil means the next DefaultDigestHour o'clock.
	DigestAt func(now time.Time) time.Time
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}

func orDefault[T comparable](v, d T) T {
	var zero T
	if v == zero {
		return d
	}
	return v
}

// Notify stores the event for delivery and returns; an event whose key was
// seen before is dropped. Returns EINVALID for an event without key or
// kind.
func (s *Service) Notify(ctx context.Context, e koppel.Event) error {
	if e.Key == "" || e.Kind == "" {
		return koppel.Errorf(koppel.EINVALID, "gebeurtenis zonder sleutel of soort").WithKey("error.admin_event_incomplete")
	}
	if e.At.IsZero() {
		e.At = s.now()
	}
	_, err := s.Store.PutEvent(ctx, e)
	return err
}

// Run works until ctx is done: every Interval it fans out the new events
// and sends the deliveries that are due, a batch at a time, as long as
// there is work.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(orDefault(s.Interval, DefaultInterval))
	defer t.Stop()
	for {
		for {
			n, err := s.Step(ctx)
			if err != nil && ctx.Err() == nil {
				s.logger().Error("alerts", "err", err)
			}
			if n == 0 || err != nil || ctx.Err() != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Step fans out one batch of events and sends one batch of due
// deliveries; it returns how many of both it handled.
func (s *Service) Step(ctx context.Context) (int, error) {
	n, ferr := s.FanOut(ctx)
	m, derr := s.Deliver(ctx)
	return n + m, errors.Join(ferr, derr)
}

// FanOut turns one batch of new events into deliveries; it returns how
// many events it fanned out.
func (s *Service) FanOut(ctx context.Context) (int, error) {
	evs, err := s.Store.PendingEvents(ctx, orDefault(s.Batch, DefaultBatch))
	if err != nil {
		return 0, err
	}
	// An event that cannot be fanned out now stays queued for the next
	// round; the others go on, so that one does not hold up the rest.
	var errs []error
	for _, e := range evs {
		if err := s.fanOut(ctx, e); err != nil {
			errs = append(errs, fmt.Errorf("fan out event %q: %w", e.Key, err))
		}
	}
	return len(evs) - len(errs), errors.Join(errs...)
}

// Deliver sends one batch of the deliveries that are due, Workers at a
// time; it returns how many it tried.
func (s *Service) Deliver(ctx context.Context) (int, error) {
	ds, err := s.Store.DueDeliveries(ctx, s.now(), orDefault(s.Batch, DefaultBatch))
	if err != nil {
		return 0, err
	}
	jobs := make(chan *koppel.Delivery)
	errs := make(chan error, len(ds))
	var wg sync.WaitGroup
	for range min(orDefault(s.Workers, 4), max(len(ds), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range jobs {
				if err := s.deliver(ctx, d); err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, d := range ds {
		jobs <- d
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		return len(ds), err
	}
	return len(ds), nil
}

// deliveryID names a delivery by its parts (event key, recipient and
// channel; for a digest, recipient and time): the same parts give the same
// ID, so that a repeated fan-out finds the delivery it made before. (A
// digest is named by the digest time of the fan-out: a crash across that
// time can list an alert in two digests, never in none.)
func deliveryID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// digestAt returns when the digest that collects an alert made at now goes
// out.
func (s *Service) digestAt(now time.Time) time.Time {
	if s.DigestAt != nil {
		return s.DigestAt(now).UTC()
	}
	l := now.Local()
	d := time.Date(l.Year(), l.Month(), l.Day(), DefaultDigestHour, 0, 0, 0, l.Location())
	if !d.After(l) {
		d = d.AddDate(0, 0, 1)
	}
	return d.UTC()
}

// target is one recipient of an event with its alert settings, read once
// per event (newTarget is the only place fan-out reads them), and what the
// event means for it.
type target struct {
	r     koppel.Recipient
	prefs *koppel.AlertPrefs
	lang  i18n.Lang
	alert koppel.Alert
	cats  []koppel.Category
}

// newTarget reads r's alert settings and returns r as a target in the
// language they say, without an alert yet.
func (s *Service) newTarget(ctx context.Context, r koppel.Recipient) (target, error) {
	p, err := s.Store.FindAlertPrefs(ctx, r)
	if err != nil {
		return target{}, err
	}
	return target{r: r, prefs: p, lang: langOf(p)}, nil
}

// langOf is the language alert settings p say (Dutch by default).
func langOf(p *koppel.AlertPrefs) i18n.Lang {
	if l, ok := i18n.Parse(p.Language); ok {
		return l
	}
	return i18n.NL
}

// fanOut turns event e into deliveries and feed alerts, batch by batch,
// then takes it off the queue. Run again after a crash, it adds only what
// is missing (see Store.AddDeliveries).
func (s *Service) fanOut(ctx context.Context, e koppel.Event) error {
	targets, err := s.targets(ctx, e)
	if err != nil {
		return err
	}
	now := s.now()
	for from := 0; from < len(targets); from += fanBatch {
		var ds []*koppel.Delivery
		feed := map[koppel.Recipient][]koppel.Alert{}
		for _, t := range targets[from:min(from+fanBatch, len(targets))] {
			p := t.prefs
			if p.MutedAll(t.cats) {
				continue
			}
			feed[t.r] = append(feed[t.r], t.alert)
			newDelivery := func(id string, ch koppel.Channel, at time.Time) *koppel.Delivery {
				return &koppel.Delivery{ID: id, Recipient: t.r, Channel: ch, Alerts: []koppel.Alert{t.alert},
					State: koppel.DeliveryPending, NextAt: at, CreatedAt: now}
			}
			switch p.Mode {
			case koppel.AlertImmediate:
				ds = append(ds, newDelivery(deliveryID(e.Key, string(t.r), string(koppel.ChannelEmail)), koppel.ChannelEmail, now))
			case koppel.AlertDigest:
				at := s.digestAt(now)
				d := newDelivery(deliveryID("digest", string(t.r), at.Format(time.RFC3339)), koppel.ChannelEmail, at)
				d.Digest = true
				ds = append(ds, d)
			}
			if p.WebhookURL != "" {
				ds = append(ds, newDelivery(deliveryID(e.Key, string(t.r), string(koppel.ChannelWebhook)), koppel.ChannelWebhook, now))
			}
		}
		if err := s.Store.AddDeliveries(ctx, ds, feed); err != nil {
			return err
		}
	}
	return s.Store.EventFannedOut(ctx, e.Key)
}
