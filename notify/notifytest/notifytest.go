// Package notifytest has real receivers for tests of alerts: an SMTP
// server (github.com/emersion/go-smtp) and a webhook receiver, both on
// the loopback address, that keep what arrived.
package notifytest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Mail is a message the SMTP server received.
type Mail struct {
	From      string
	To        []string
	MessageID string
	Subject   string
	Data      []byte
}

// SMTPServer is an SMTP server on 127.0.0.1 without TLS or auth.
type SMTPServer struct {
	srv  *smtp.Server
	addr string

	mu    sync.Mutex
	mails []Mail
}

// StartSMTP starts an SMTP server on a free loopback port; Close stops it.
func StartSMTP() (*SMTPServer, error) {
	s := &SMTPServer{}
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout, s.srv.WriteTimeout = 30*time.Second, 30*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.addr = ln.Addr().String()
	go s.srv.Serve(ln)
	return s, nil
}

// URL is the --smtp-url of the server.
func (s *SMTPServer) URL() string { return "smtp://" + s.addr + "?tls=none" }

// Close stops the server.
func (s *SMTPServer) Close() error { return s.srv.Close() }

// Mails returns what arrived, in order.
func (s *SMTPServer) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

type backend struct{ s *SMTPServer }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *SMTPServer
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}
func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := Mail{From: x.from, To: x.to, Data: b}
	if msg, err := mail.ReadMessage(bytes.NewReader(b)); err == nil {
		m.MessageID = msg.Header.Get("Message-Id")
		m.Subject, _ = new(mimeDecoder).DecodeHeader(msg.Header.Get("Subject"))
	}
	x.s.mu.Lock()
	x.s.mails = append(x.s.mails, m)
	x.s.mu.Unlock()
	return nil
}

// Hook is a webhook request the receiver accepted.
type Hook struct {
	EventID string
	Body    []byte
}

// Receiver is a webhook endpoint on 127.0.0.1. It answers 500 to the
// first Fail requests, and checks each signature with Secret (a request
// with a wrong one gets 401 and is not kept). With Hang set it never
// answers (until Close).
type Receiver struct {
	Secret string
	Fail   int
	Hang   bool

	srv *httptest.Server

	mu       sync.Mutex
	requests int
	hooks    []Hook
	stop     chan struct{}
}

// StartReceiver starts the receiver.
func StartReceiver(secret string, fail int, hang bool) *Receiver {
	r := &Receiver{Secret: secret, Fail: fail, Hang: hang, stop: make(chan struct{})}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	return r
}

// URL is the webhook address.
func (r *Receiver) URL() string { return r.srv.URL }

// Close stops the receiver (a hanging one lets go first).
func (r *Receiver) Close() {
	close(r.stop)
	r.srv.Close()
}

// Requests is the number of requests that came in.
func (r *Receiver) Requests() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requests
}

// Hooks returns the accepted requests, in order.
func (r *Receiver) Hooks() []Hook {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Hook(nil), r.hooks...)
}

func (r *Receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.requests++
	n := r.requests
	r.mu.Unlock()
	if r.Hang {
		<-r.stop
		return
	}
	if err := Verify(r.Secret, req.Header.Get("Koppel-Signature"), body, time.Now(), 5*time.Minute); err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	if n <= r.Fail {
		http.Error(w, "not now", http.StatusInternalServerError)
		return
	}
	r.mu.Lock()
	r.hooks = append(r.hooks, Hook{EventID: req.Header.Get("Koppel-Event-Id"), Body: body})
	r.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// Verify checks a Koppel-Signature header as a receiver should (it is the
// README's example): the HMAC-SHA256 of "<t>.<body>" with the secret, and
// a timestamp within tolerance of now.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	t, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return errors.New("bad Koppel-Signature header")
	}
	if d := now.Sub(time.Unix(t, 0)); d > tolerance || d < -tolerance {
		return errors.New("timestamp too old")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	want := hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return errors.New("signature mismatch")
	}
	return nil
}

type mimeDecoder = mime.WordDecoder
