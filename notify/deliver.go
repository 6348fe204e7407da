package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"koppel"
	"koppel/i18n"
)

// WebhookTimeout bounds one webhook POST.
const WebhookTimeout = 10 * time.Second

// deliver makes one attempt at d and stores the outcome: sent, a next
// attempt after a backoff, failed after the last attempt, or skipped when
// the recipient has no address or turned the channel off. Only a store
// error is returned: a receiver's error is the delivery's.
func (s *Service) deliver(ctx context.Context, d *koppel.Delivery) error {
	prev := d.NextAt
	p, err := s.Store.FindAlertPrefs(ctx, d.Recipient)
	if err != nil {
		return err
	}
	var sendErr error
	switch d.Channel {
	case koppel.ChannelEmail:
		sendErr = s.sendMail(ctx, d, p)
	case koppel.ChannelWebhook:
		if p.WebhookURL == "" {
			skip(d, "admin.delivery_no_webhook")
		} else {
			sendErr = s.postWebhook(ctx, d, p)
		}
	default:
		skip(d, "admin.delivery_unknown_channel")
	}
	if sendErr != nil && ctx.Err() != nil {
		return ctx.Err() // shutting down mid-attempt: it does not count
	}
	now := s.now()
	switch {
	case d.State == koppel.DeliverySkipped:
	case sendErr == nil:
		d.Attempts++
		d.State, d.SentAt, d.LastError, d.LastErrorFR, d.LastErrorEN = koppel.DeliverySent, now, "", "", ""
	default:
		d.Attempts++
		d.LastError, d.LastErrorFR, d.LastErrorEN = sendErr.Error(), "", ""
		if _, fr, en := i18n.ErrorTexts(sendErr); fr != "" {
			d.LastErrorFR, d.LastErrorEN = fr, en // Koppel's own words, in three languages
		}
		if d.Attempts >= orDefault(s.MaxAttempts, DefaultMaxAttempts) {
			d.State = koppel.DeliveryFailed
		} else {
			d.NextAt = now.Add(s.backoff(d.Attempts))
		}
		s.logger().Warn("alert not delivered", "delivery", d.ID, "channel", d.Channel, "attempt", d.Attempts, "err", sendErr)
	}
	// A message the receiver accepted is marked even when shutting down:
	// the mark is what keeps it from being sent again.
	return s.Store.SaveDelivery(context.WithoutCancel(ctx), d, prev)
}

// skip marks d skipped for the reason key, said in Dutch, French and
// English for the admins' page.
func skip(d *koppel.Delivery, key string) {
	d.State = koppel.DeliverySkipped
	d.LastError, d.LastErrorFR, d.LastErrorEN = i18n.KeyTexts(key)
}

// backoff is the wait after the attempt-th failed attempt: Backoff doubled
// each time, at most MaxBackoff.
func (s *Service) backoff(attempt int) time.Duration {
	b, limit := orDefault(s.Backoff, DefaultBackoff), orDefault(s.MaxBackoff, DefaultMaxBackoff)
	for i := 1; i < attempt && b < limit; i++ {
		b *= 2
	}
	return min(b, limit)
}

func (s *Service) sendMail(ctx context.Context, d *koppel.Delivery, p *koppel.AlertPrefs) error {
	if p.Mode == koppel.AlertOff && d.Email == "" {
		skip(d, "admin.delivery_email_off")
		return nil
	}
	addr, name, err := s.address(ctx, d.Recipient)
	if err != nil {
		return err
	}
	if d.Email != "" {
		addr = d.Email
	}
	if addr == "" {
		skip(d, "admin.delivery_no_address")
		return nil
	}
	if s.Mailer == nil {
		return koppel.Errorf(koppel.EUNAVAILABLE, "geen mailserver ingesteld").WithKey("error.admin_no_mail_server")
	}
	l, ok := i18n.Parse(d.Language) // a message someone asked for: their language
	if !ok {
		l = langOf(p)
	}
	m, err := s.message(d, addr, name, l)
	if err != nil {
		return err
	}
	file, err := s.Mailer.Send(ctx, d.ID, m)
	if err == nil {
		d.File = file
	}
	return err
}

// WebhookPayload is the JSON body of a webhook POST.
type WebhookPayload struct {
	ID        string           `json:"id"` // the event's idempotency key, also in Koppel-Event-Id
	Kind      koppel.EventKind `json:"kind"`
	Subject   string           `json:"subject"`
	Recipient koppel.Recipient `json:"recipient"`
	Title     string           `json:"title"`
	Lines     []string         `json:"lines,omitempty"`
	Link      string           `json:"link,omitempty"`
	At        time.Time        `json:"at"`
}

// Signature returns the Koppel-Signature header of body sent at t with
// secret: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">.
func Signature(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(ts + "."))
	h.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(h.Sum(nil))
}

func (s *Service) httpClient() *http.Client {
	if s.HTTP != nil {
		return s.HTTP
	}
	return &http.Client{
		Timeout: WebhookTimeout,
		// A redirect is an answer the receiver should fix, not follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func (s *Service) postWebhook(ctx context.Context, d *koppel.Delivery, p *koppel.AlertPrefs) error {
	a := d.Alerts[0]
	body, err := json.Marshal(WebhookPayload{ID: a.EventKey, Kind: a.Kind, Subject: a.Subject, Recipient: d.Recipient,
		Title: a.Title, Lines: a.Lines, Link: a.Link, At: a.At})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, WebhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Koppel-Webhook/1")
	req.Header.Set("Koppel-Event-Id", a.EventKey)
	req.Header.Set("Koppel-Signature", Signature(p.WebhookSecret, s.now(), body))
	resp, err := s.httpClient().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return koppel.Errorf(koppel.EUNAVAILABLE, "webhook antwoordde %s", resp.Status).WithKey("error.admin_webhook_status", "Status", resp.Status)
	}
	return nil
}

// QueueMail queues an e-mail someone asked for (a sign-in link) to addr
// for recipient r, through the same outbox as the alerts: it is sent once,
// soon, whatever r's alert settings, in l (the language they asked in; a
// is written in it). id names the message (its Message-ID); queueing the
// same id again does nothing.
func (s *Service) QueueMail(ctx context.Context, id string, r koppel.Recipient, addr string, l i18n.Lang, a koppel.Alert) error {
	now := s.now()
	if a.At.IsZero() {
		a.At = now
	}
	d := &koppel.Delivery{ID: deliveryID("mail", id), Recipient: r, Channel: koppel.ChannelEmail, Email: addr, Language: string(l),
		Alerts: []koppel.Alert{a}, State: koppel.DeliveryPending, NextAt: now, CreatedAt: now}
	return s.Store.AddDeliveries(ctx, []*koppel.Delivery{d}, nil)
}
