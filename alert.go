package koppel

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"
)

// EventCatalogueChanged: the catalogue of enterprise Enterprises[0]
// changed (Subject: the import report). Nobody is told of it as such: its
// fan-out finds the open tenders the enterprise now fits and raises an
// EventEnterpriseFits for each tender's buyer, once per tender and
// enterprise.
const EventCatalogueChanged EventKind = "catalogue_changed"

// Recipient names who receives alerts: an enterprise ("enterprise:" and its
// company number) or a buyer account ("buyer:" and the token's buyer name).
type Recipient string

// EnterpriseRecipient is the recipient of enterprise kbo.
func EnterpriseRecipient(kbo KBO) Recipient { return Recipient("enterprise:" + string(kbo)) }

// BuyerRecipient is the recipient of buyer account name.
func BuyerRecipient(name string) Recipient { return Recipient("buyer:" + name) }

// Enterprise returns the enterprise the recipient is, if it is one.
func (r Recipient) Enterprise() (KBO, bool) {
	k, ok := strings.CutPrefix(string(r), "enterprise:")
	return KBO(k), ok && k != ""
}

// Buyer returns the buyer account the recipient is, if it is one.
func (r Recipient) Buyer() (string, bool) {
	b, ok := strings.CutPrefix(string(r), "buyer:")
	return b, ok && b != ""
}

// AlertMode is how a recipient gets its alerts by e-mail.
type AlertMode string

// The alert modes.
const (
	AlertImmediate AlertMode = "immediate" // one e-mail per alert, at once
	AlertDigest    AlertMode = "digest"    // one e-mail a day with all alerts
	AlertOff       AlertMode = "off"       // no e-mail (feed and webhook still work)
)

// AlertPrefs are a recipient's alert settings. A recipient without stored
// settings gets DefaultAlertPrefs.
type AlertPrefs struct {
	Recipient Recipient  `json:"recipient"`
	Mode      AlertMode  `json:"mode"`
	Muted     []Category `json:"muted,omitempty"` // alerts about only these categories are not sent
	// WebhookURL receives every alert as a signed JSON POST; empty: none.
	WebhookURL string `json:"webhook_url,omitempty"`
	// WebhookSecret is the key of the HMAC-SHA256 signature.
	WebhookSecret string `json:"webhook_secret,omitempty"`
	// FeedHash is the SHA-256 of the secret in the Atom feed's URL; empty:
	// no feed.
	FeedHash string `json:"feed_hash,omitempty"`
	// Language is the language of the alerts and e-mails: "nl", "fr" or
	// "en"; empty is Dutch.
	Language  string    `json:"language,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// DefaultAlertPrefs are the settings of a recipient that chose none:
// e-mail at once, nothing muted, no webhook, no feed.
func DefaultAlertPrefs(r Recipient) *AlertPrefs {
	return &AlertPrefs{Recipient: r, Mode: AlertImmediate}
}

// Validate checks the settings. Returns EINVALID naming the field.
func (p *AlertPrefs) Validate() error {
	if _, ok := p.Recipient.Enterprise(); !ok {
		if _, ok := p.Recipient.Buyer(); !ok {
			return Errorf(EINVALID, "ontvanger %q is ongeldig", p.Recipient).WithKey("error.admin_alert_recipient", "Value", string(p.Recipient))
		}
	}
	switch p.Mode {
	case AlertImmediate, AlertDigest, AlertOff:
	default:
		return Errorf(EINVALID, "kies hoe u meldingen krijgt: meteen, dagelijks of niet per e-mail").WithKey("error.admin_alert_mode")
	}
	switch p.Language {
	case "", "nl", "fr", "en":
	default:
		return Errorf(EINVALID, "taal %q: kies nl, fr of en", p.Language).WithKey("error.admin_alert_language", "Value", p.Language)
	}
	for _, c := range p.Muted {
		if _, ok := c.Info(); !ok {
			return Errorf(EINVALID, "categorie %q bestaat niet", c).WithKey("error.admin_alert_category", "Value", string(c))
		}
	}
	slices.Sort(p.Muted)
	p.Muted = slices.Compact(p.Muted)
	p.WebhookURL = strings.TrimSpace(p.WebhookURL)
	if p.WebhookURL != "" {
		u, err := url.Parse(p.WebhookURL)
		if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || len(p.WebhookURL) > 2000 {
			return Errorf(EINVALID, "webhook-adres %q is geen geldig http- of https-adres", p.WebhookURL).WithKey("error.admin_alert_webhook_url", "Value", p.WebhookURL)
		}
		if len(p.WebhookSecret) < 16 {
			return Errorf(EINVALID, "het geheim van de webhook ontbreekt of is te kort").WithKey("error.admin_alert_webhook_secret")
		}
	}
	return nil
}

// MutedAll reports whether every category of cats is muted (an alert
// without categories is never muted).
func (p *AlertPrefs) MutedAll(cats []Category) bool {
	if len(cats) == 0 {
		return false
	}
	for _, c := range cats {
		if !slices.Contains(p.Muted, c) {
			return false
		}
	}
	return true
}

// Channel is the way a delivery reaches its recipient.
type Channel string

// The delivery channels (the Atom feed is read, not delivered).
const (
	ChannelEmail   Channel = "email"
	ChannelWebhook Channel = "webhook"
)

// DeliveryState is where a delivery stands.
type DeliveryState string

// The delivery states.
const (
	DeliveryPending DeliveryState = "pending" // waiting for its next attempt
	DeliverySent    DeliveryState = "sent"
	DeliveryFailed  DeliveryState = "failed"  // gave up after the last attempt
	DeliverySkipped DeliveryState = "skipped" // no address, or the recipient turned it off
)

// Alert is what one event means for one recipient, in words.
type Alert struct {
	EventKey string    `json:"event_key"`
	Kind     EventKind `json:"kind"`
	Subject  string    `json:"subject"`
	Title    string    `json:"title"`
	Lines    []string  `json:"lines,omitempty"`
	Link     string    `json:"link,omitempty"`
	At       time.Time `json:"at"`
}

// Delivery is one message to one recipient over one channel: an alert, or
// for a daily digest all alerts of the day.
type Delivery struct {
	ID        string    `json:"id"`
	Recipient Recipient `json:"recipient"`
	Channel   Channel   `json:"channel"`
	Digest    bool      `json:"digest,omitempty"`
	// Email is set for a message someone asked for (a sign-in link): it
	// goes to this address whatever the recipient's alert settings.
	Email     string        `json:"email,omitempty"`
	Alerts    []Alert       `json:"alerts"`
	State     DeliveryState `json:"state"`
	Attempts  int           `json:"attempts"`
	NextAt    time.Time     `json:"next_at"`
	LastError string        `json:"last_error,omitempty"`
	// LastErrorFR and LastErrorEN are LastError in French and English when
	// Koppel wrote it (a reason to skip, a refusal it knows); empty when it
	// is only in Dutch or is the receiver's own words.
	LastErrorFR string `json:"last_error_fr,omitempty"`
	LastErrorEN string `json:"last_error_en,omitempty"`
	// File is the .eml file the message was written to when no SMTP server
	// is configured.
	File      string    `json:"file,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	SentAt    time.Time `json:"sent_at,omitzero"`
	// Language is the language of a message someone asked for ("nl",
	// "fr", "en"): the language of their request. Empty: the recipient's
	// alert settings.
	Language string `json:"language,omitempty"`
}

// LastErrorIn is LastError in lang and true, or LastError as stored and
// false when it has none in lang.
func (d *Delivery) LastErrorIn(lang string) (string, bool) {
	return textIn(lang, d.LastError, d.LastErrorFR, d.LastErrorEN)
}

// TokenEmailService sets the e-mail address of a token, where a buyer's
// alerts go. It is optional beside TokenService.
type TokenEmailService interface {
	// SetTokenEmail sets the address of the token with the public ID (empty
	// removes it). Returns ENOTFOUND if no token has the ID, EINVALID for a
	// bad address.
	SetTokenEmail(ctx context.Context, id, email string) (*Token, error)
}
