package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/wneessen/go-mail"

	"koppel"
	"koppel/i18n"
)

// Mailer sends one e-mail. id is the delivery's ID: a Mailer that writes
// files names the file after it, so that sending again replaces it. It
// returns the file written, if any.
type Mailer interface {
	Send(ctx context.Context, id string, m *mail.Msg) (file string, err error)
}

// SMTPMailer sends through an SMTP server.
type SMTPMailer struct {
	client *mail.Client
}

// NewSMTPMailer reads an SMTP URL: smtp://user:pass@host:587 sends with
// STARTTLS (required), smtps://… over TLS from the start (port 465).
// ?tls=none sends without encryption, and is accepted only for a server on
// the loopback address (a relay on the same machine, tests). Returns
// EINVALID for a URL it cannot use.
func NewSMTPMailer(raw string) (*SMTPMailer, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" || u.Scheme != "smtp" && u.Scheme != "smtps" {
		return nil, koppel.Errorf(koppel.EINVALID, "--smtp-url %q: gebruik smtp://gebruiker:wachtwoord@host:587 of smtps://…@host:465", redact(raw))
	}
	port := 587
	if u.Scheme == "smtps" {
		port = 465
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, koppel.Errorf(koppel.EINVALID, "--smtp-url: poort %q is geen getal", p)
		}
	}
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(30 * time.Second), mail.WithTLSPolicy(mail.TLSMandatory)}
	switch tlsMode := u.Query().Get("tls"); {
	case u.Scheme == "smtps":
		opts = append(opts, mail.WithSSL())
	case tlsMode == "none":
		if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, koppel.Errorf(koppel.EINVALID, "--smtp-url: tls=none mag alleen voor een mailserver op deze machine (127.0.0.1 of localhost)")
		}
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case tlsMode != "":
		return nil, koppel.Errorf(koppel.EINVALID, "--smtp-url: tls=%q is onbekend (alleen tls=none)", tlsMode)
	}
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(u.User.Username()), mail.WithPassword(pass))
	}
	c, err := mail.NewClient(u.Hostname(), opts...)
	if err != nil {
		return nil, koppel.Errorf(koppel.EINVALID, "--smtp-url: %v", err)
	}
	return &SMTPMailer{client: c}, nil
}

// redact hides the password of an SMTP URL in messages.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return "(ongeldig adres)"
}

// Send dials the server, sends m and hangs up.
func (m *SMTPMailer) Send(ctx context.Context, _ string, msg *mail.Msg) (string, error) {
	return "", m.client.DialAndSendWithContext(ctx, msg)
}

// DirMailer writes each message as an .eml file into Dir, for a Koppel
// without mail server (the demo): the admin page lists them.
type DirMailer struct {
	Dir string
}

// Send writes m to Dir/<id>.eml, through a temporary file renamed into
// place.
func (m DirMailer) Send(_ context.Context, id string, msg *mail.Msg) (string, error) {
	if err := os.MkdirAll(m.Dir, 0o750); err != nil {
		return "", fmt.Errorf("mail folder: %w", err)
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("write message: %w", err)
	}
	name := id + ".eml"
	tmp := filepath.Join(m.Dir, "."+name+".tmp")
	if err := os.WriteFile(tmp, buf.Bytes(), 0o640); err != nil {
		return "", fmt.Errorf("write message: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(m.Dir, name)); err != nil {
		return "", fmt.Errorf("write message: %w", err)
	}
	return name, nil
}

// sign returns the signature of value for purpose, URL-safe.
func (s *Service) sign(purpose, value string) string {
	h := hmac.New(sha256.New, s.Key)
	h.Write([]byte(purpose + "\x00" + value))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18])
}

// UnsubscribeURL is the link in every e-mail that turns e-mail off for r
// without signing in.
func (s *Service) UnsubscribeURL(r koppel.Recipient) string {
	return s.link("/meldingen/afmelden?o=" + url.QueryEscape(string(r)) + "&s=" + s.sign("unsubscribe", string(r)))
}

// Unsubscribe turns e-mail off for r when sig is the signature of its
// unsubscribe link. Returns EFORBIDDEN for a wrong signature.
func (s *Service) Unsubscribe(ctx context.Context, r koppel.Recipient, sig string) error {
	if !s.UnsubscribeValid(r, sig) {
		return koppel.Errorf(koppel.EFORBIDDEN, "deze afmeldlink klopt niet: kopieer de hele link uit de e-mail").WithKey("error.admin_unsubscribe_link")
	}
	p, err := s.Store.FindAlertPrefs(ctx, r)
	if err != nil {
		return err
	}
	p.Mode = koppel.AlertOff
	return s.Store.PutAlertPrefs(ctx, p)
}

// UnsubscribeValid reports whether sig signs r's unsubscribe link.
func (s *Service) UnsubscribeValid(r koppel.Recipient, sig string) bool {
	return len(s.Key) > 0 && hmac.Equal([]byte(sig), []byte(s.sign("unsubscribe", string(r))))
}

// address returns the e-mail address and the name of recipient r; "" when
// it has none.
func (s *Service) address(ctx context.Context, r koppel.Recipient) (addr, name string, err error) {
	if kbo, ok := r.Enterprise(); ok {
		e, err := s.Store.FindEnterpriseByKBO(ctx, kbo)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			return "", "", nil
		} else if err != nil {
			return "", "", err
		}
		return e.Contact.Email, e.Name, nil
	}
	buyer, _ := r.Buyer()
	toks, err := s.Store.FindTokens(ctx)
	if err != nil {
		return "", "", err
	}
	now := time.Now()
	for _, t := range toks {
		if t.Role == koppel.RoleBuyer && t.Buyer == buyer && t.Email != "" && t.Active(now) {
			return t.Email, buyer, nil
		}
	}
	return "", buyer, nil
}

// message builds the e-mail of delivery d to addr, in l (the alerts
// themselves were written in the recipient's language when they were
// raised), with a plain-text and an HTML body.
func (s *Service) message(d *koppel.Delivery, addr, name string, l i18n.Lang) (*mail.Msg, error) {
	m := mail.NewMsg()
	if err := m.From(orDefault(s.From, "Koppel <noreply@localhost>")); err != nil {
		return nil, koppel.Errorf(koppel.EINVALID, "afzender %q is ongeldig", s.From).WithKey("error.admin_mail_sender", "Value", s.From)
	}
	if err := m.To(addr); err != nil {
		return nil, koppel.Errorf(koppel.EINVALID, "e-mailadres %q is ongeldig", addr).WithKey("error.admin_email_invalid", "Value", addr)
	}
	subject := d.Alerts[0].Title
	if d.Digest {
		subject = i18n.N(l, "mail.digest_subject", len(d.Alerts))
	}
	m.Subject(subject)
	host := "koppel.local"
	if u, err := url.Parse(s.link("/")); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	// The Message-ID is the delivery's key: a receiver that sees it twice
	// (a crash between sending and marking) can tell.
	m.SetMessageIDWithValue(d.ID + "@" + host)
	m.SetDateWithValue(s.now())
	unsub := ""
	if d.Email == "" {
		unsub = s.UnsubscribeURL(d.Recipient)
		m.SetGenHeader("List-Unsubscribe", "<"+unsub+">")
	}
	greeting := i18n.T(l, "mail.greeting")
	if name != "" {
		greeting = i18n.T(l, "mail.greeting_name", "Name", name)
	}
	view := mailView{Lang: string(l), Greeting: greeting, Digest: d.Digest, Alerts: d.Alerts, Unsubscribe: unsub, Settings: s.link("/meldingen"),
		T: func(key string) string { return i18n.T(l, key) }}
	var text, html bytes.Buffer
	if err := textTmpl.Execute(&text, view); err != nil {
		return nil, err
	}
	if err := htmlTmpl.Execute(&html, view); err != nil {
		return nil, err
	}
	m.SetBodyString(mail.TypeTextPlain, text.String())
	m.AddAlternativeString(mail.TypeTextHTML, html.String())
	return m, nil
}

type mailView struct {
	Lang, Greeting string
	// T says a key of the catalogue in the e-mail's language.
	T           func(key string) string
	Digest      bool
	Alerts      []koppel.Alert
	Unsubscribe string
	Settings    string
}

var textTmpl = texttemplate.Must(texttemplate.New("text").Parse(strings.TrimSpace(`
{{.Greeting}}
{{if .Digest}}
{{call .T "mail.digest_intro"}}
{{end}}{{range .Alerts}}
{{.Title}}
{{range .Lines}}- {{.}}
{{end}}{{if .Link}}{{call $.T "mail.view"}}{{call $.T "display.colon"}}{{.Link}}
{{end}}{{end}}
--
{{if .Unsubscribe}}{{call .T "mail.why_alert"}}
{{call .T "mail.settings"}}{{call .T "display.colon"}}{{.Settings}}
{{call .T "mail.unsubscribe"}}{{call .T "display.colon"}}{{.Unsubscribe}}{{else}}{{call .T "mail.why_asked"}}
{{call .T "mail.not_you"}}{{end}}
`)))

var htmlTmpl = template.Must(template.New("html").Parse(strings.TrimSpace(`
<!doctype html>
<html lang="{{.Lang}}"><body style="font-family: sans-serif">
<p>{{.Greeting}}</p>
{{if .Digest}}<p>{{call .T "mail.digest_intro"}}</p>{{end}}
{{range .Alerts}}<h2 style="font-size: 1.1em">{{.Title}}</h2>
{{if .Lines}}<ul>{{range .Lines}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Link}}<p><a href="{{.Link}}">{{call $.T "mail.view_in_koppel"}}</a></p>{{end}}
{{end}}
<hr>
{{if .Unsubscribe}}<p style="color: #555">{{call .T "mail.why_alert"}}
<a href="{{.Settings}}">{{call .T "mail.settings"}}</a> · <a href="{{.Unsubscribe}}">{{call .T "mail.unsubscribe"}}</a></p>
{{else}}<p style="color: #555">{{call .T "mail.why_asked"}} {{call .T "mail.not_you"}}</p>{{end}}
</body></html>
`)))
