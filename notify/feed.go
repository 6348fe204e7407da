package notify

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gorilla/feeds"

	"koppel"
	"koppel/i18n"
)

// feedSize is how many alerts a feed shows, newest first.
const feedSize = 50

// Prefs returns the alert settings of r (the defaults when it chose none).
func (s *Service) Prefs(ctx context.Context, r koppel.Recipient) (*koppel.AlertPrefs, error) {
	return s.Store.FindAlertPrefs(ctx, r)
}

// PutPrefs stores the alert settings p. Returns EINVALID for bad settings.
func (s *Service) PutPrefs(ctx context.Context, p *koppel.AlertPrefs) error {
	return s.Store.PutAlertPrefs(ctx, p)
}

// NewSecret returns a random secret of 256 bits with prefix.
func NewSecret(prefix string) string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return prefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// RotateFeed gives r a new secret feed URL, which it returns; the old one
// stops working.
func (s *Service) RotateFeed(ctx context.Context, r koppel.Recipient) (string, error) {
	p, err := s.Store.FindAlertPrefs(ctx, r)
	if err != nil {
		return "", err
	}
	secret := NewSecret("kf_")
	p.FeedHash = koppel.HashToken(secret)
	if err := s.Store.PutAlertPrefs(ctx, p); err != nil {
		return "", err
	}
	return s.FeedURL(secret), nil
}

// RevokeFeed ends r's feed URL.
func (s *Service) RevokeFeed(ctx context.Context, r koppel.Recipient) error {
	p, err := s.Store.FindAlertPrefs(ctx, r)
	if err != nil {
		return err
	}
	p.FeedHash = ""
	return s.Store.PutAlertPrefs(ctx, p)
}

// FeedURL is the address of the feed with secret.
func (s *Service) FeedURL(secret string) string {
	return s.link("/feeds/" + secret + ".atom")
}

// WriteFeed writes the Atom feed whose URL holds secret. Returns ENOTFOUND
// for a secret revoked or never made.
func (s *Service) WriteFeed(ctx context.Context, w io.Writer, secret string) error {
	if !strings.HasPrefix(secret, "kf_") {
		return koppel.Errorf(koppel.ENOTFOUND, "deze feed bestaat niet (meer)").WithKey("error.admin_feed_gone")
	}
	r, err := s.Store.FindFeedRecipient(ctx, koppel.HashToken(secret))
	if err != nil {
		return err
	}
	alerts, err := s.Store.FeedAlerts(ctx, r, feedSize)
	if err != nil {
		return err
	}
	p, err := s.Store.FindAlertPrefs(ctx, r)
	if err != nil {
		return err
	}
	l := langOf(p)
	f := &feeds.Feed{Title: i18n.T(l, "mail.feed_title"), Link: &feeds.Link{Href: s.link("/meldingen")},
		Description: i18n.T(l, "mail.feed_description"), Id: s.link("/feeds/" + koppel.HashToken(secret)[:16])}
	if len(alerts) > 0 {
		f.Updated = alerts[0].At
	}
	for _, a := range alerts {
		f.Items = append(f.Items, &feeds.Item{Title: a.Title, Link: &feeds.Link{Href: a.Link}, Id: "urn:koppel:" + a.EventKey,
			Description: strings.Join(a.Lines, "\n"), Created: a.At, Updated: a.At})
	}
	return f.WriteAtom(w)
}

// Deliveries returns the newest deliveries (at most limit), for the admin
// page.
func (s *Service) Deliveries(ctx context.Context, limit int) ([]*koppel.Delivery, error) {
	return s.Store.RecentDeliveries(ctx, limit)
}

// MailFile returns the .eml file of delivery id, when messages go to a
// folder. Returns ENOTFOUND when there is none.
func (s *Service) MailFile(ctx context.Context, id string) ([]byte, error) {
	dm, ok := s.Mailer.(DirMailer)
	if !ok {
		return nil, koppel.Errorf(koppel.ENOTFOUND, "berichten gaan naar een mailserver, niet naar een map").WithKey("error.admin_mail_no_folder")
	}
	d, err := s.Store.FindDelivery(ctx, id)
	if err != nil {
		return nil, err
	}
	if d.File == "" || d.File != filepath.Base(d.File) {
		return nil, koppel.Errorf(koppel.ENOTFOUND, "van dit bericht is geen bestand").WithKey("error.admin_mail_no_file")
	}
	b, err := os.ReadFile(filepath.Join(dm.Dir, d.File))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, koppel.Errorf(koppel.ENOTFOUND, "het bestand van dit bericht is weg").WithKey("error.admin_mail_file_gone")
	}
	return b, err
}

// Outbox reports whether messages go to a folder (no SMTP server), and
// which.
func (s *Service) Outbox() (dir string, ok bool) {
	dm, ok := s.Mailer.(DirMailer)
	return dm.Dir, ok
}
