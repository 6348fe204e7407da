package notify_test

import (
	"bytes"
	"context"
	"io"
	"mime/quotedprintable"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"koppel"
	"koppel/notify"
	"koppel/notify/notifytest"
	"koppel/store"
)

func mustOpenStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

const kbo = koppel.KBO("0123456749")

// setup stores an enterprise with an e-mail address and returns a Service
// over the store that mails to mailer.
func setup(t *testing.T, mailer notify.Mailer) (*notify.Service, *store.Store) {
	t.Helper()
	st := mustOpenStore(t)
	e := &koppel.Enterprise{KBO: kbo, Name: "De Fictieve Poetsploeg", Address: koppel.Address{Postcode: "9000"},
		Contact: koppel.Contact{Email: "info@poetsploeg.example"}}
	if err := e.Validate(nil); err != nil {
		t.Fatal(err)
	}
	if err := st.PutEnterprise(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	return &notify.Service{Store: st, Mailer: mailer, BaseURL: func() string { return "http://koppel.example" }, Key: []byte("0123456789abcdef0123456789abcdef"),
		From: "Koppel <koppel@koppel.example>", Backoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond}, st
}

func needSent(key string) koppel.Event {
	return koppel.Event{Key: key, Kind: koppel.EventNeedSent, Subject: "need-1", Enterprises: []koppel.KBO{kbo}}
}

// drain steps the service until it has nothing left to do now, and
// returns after at most n steps.
func drain(t testing.TB, s *notify.Service, n int) {
	t.Helper()
	for range n {
		got, err := s.Step(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got == 0 {
			return
		}
	}
}

// setupSMTP is setup with a real SMTP server in the test, which it returns.
func setupSMTP(t *testing.T) (*notify.Service, *store.Store, *notifytest.SMTPServer) {
	t.Helper()
	srv, err := notifytest.StartSMTP()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	m, err := notify.NewSMTPMailer(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	s, st := setup(t, m)
	return s, st, srv
}

// putNeed stores the need Stad Gent asks of the enterprises in these tests.
func putNeed(t *testing.T, st *store.Store, id string) {
	t.Helper()
	answerBy, err := koppel.ParseDate("31/12/2030")
	if err != nil {
		t.Fatal(err)
	}
	n := &koppel.Need{ID: id, Owner: "Stad Gent", Title: "Poetsdienst voor drie klaslokalen", Category: "schoonmaak",
		Postcode: "9000", City: "Gent", AnswerBy: answerBy, Status: koppel.NeedOpen}
	if err := st.CreateNeed(context.Background(), n); err != nil {
		t.Fatal(err)
	}
}

func TestMailOverSMTP(t *testing.T) {
	s, st, srv := setupSMTP(t)
	ctx := context.Background()
	for range 2 { // the same key twice: one event
		if err := s.Notify(ctx, needSent("need_sent/need-1")); err != nil {
			t.Fatal(err)
		}
	}
	drain(t, s, 10)
	mails := srv.Mails()
	if len(mails) != 1 {
		t.Fatalf("got %d mails, want 1", len(mails))
	}
	got := mails[0]
	if len(got.To) != 1 || got.To[0] != "info@poetsploeg.example" {
		t.Errorf("got recipients %v, want info@poetsploeg.example", got.To)
	}
	ds, err := s.Deliveries(ctx, 10)
	if err != nil || len(ds) != 1 {
		t.Fatalf("got %d deliveries (%v), want 1", len(ds), err)
	}
	if want := "<" + ds[0].ID + "@koppel.example>"; got.MessageID != want {
		t.Errorf("got Message-ID %q, want %q", got.MessageID, want)
	}
	if ds[0].State != koppel.DeliverySent || ds[0].Attempts != 1 {
		t.Errorf("got state %s after %d attempts, want sent after 1", ds[0].State, ds[0].Attempts)
	}
	body := string(got.Data)
	for _, want := range []string{"text/plain", "text/html", "Nieuwe aanvraag van een aankoper", "De Fictieve Poetsploeg", "/meldingen/afmelden?o=", "List-Unsubscribe:"} {
		if !strings.Contains(body, want) {
			t.Errorf("mail lacks %q:\n%s", want, body)
		}
	}

	// The unsubscribe link turns e-mail off: the next alert is not mailed.
	link, err := url.Parse(s.UnsubscribeURL(koppel.EnterpriseRecipient(kbo)))
	if err != nil {
		t.Fatal(err)
	}
	r := koppel.Recipient(link.Query().Get("o"))
	if err := s.Unsubscribe(ctx, r, link.Query().Get("s")+"x"); koppel.ErrorCode(err) != koppel.EFORBIDDEN {
		t.Errorf("a wrong signature: got %v, want EFORBIDDEN", err)
	}
	if err := s.Unsubscribe(ctx, r, link.Query().Get("s")); err != nil {
		t.Fatal(err)
	}
	if p, _ := st.FindAlertPrefs(ctx, r); p.Mode != koppel.AlertOff {
		t.Errorf("got mode %s after unsubscribing, want off", p.Mode)
	}
	if err := s.Notify(ctx, needSent("need_sent/need-2")); err != nil {
		t.Fatal(err)
	}
	drain(t, s, 10)
	if n := len(srv.Mails()); n != 1 {
		t.Errorf("got %d mails after unsubscribing, want still 1", n)
	}
}

// TestWebhookRetried: a receiver that answers 500 three times and then 200
// gets the event once, after four attempts.
func TestWebhookRetried(t *testing.T) {
	rec := notifytest.StartReceiver("webhook-secret-0123456789", 3, false)
	defer rec.Close()
	s, st := setup(t, nil)
	ctx := context.Background()
	r := koppel.EnterpriseRecipient(kbo)
	if err := st.PutAlertPrefs(ctx, &koppel.AlertPrefs{Recipient: r, Mode: koppel.AlertOff, WebhookURL: rec.URL(), WebhookSecret: "webhook-secret-0123456789"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Notify(ctx, needSent("need_sent/need-1")); err != nil {
		t.Fatal(err)
	}
	var d *koppel.Delivery
	for i := 0; i < 1000; i++ {
		drain(t, s, 10)
		ds, err := s.Deliveries(ctx, 10)
		if err != nil || len(ds) != 1 {
			t.Fatalf("got %d deliveries (%v), want 1", len(ds), err)
		}
		if d = ds[0]; d.State != koppel.DeliveryPending {
			break
		}
		time.Sleep(time.Millisecond) // the backoff
	}
	if d.State != koppel.DeliverySent || d.Attempts != 4 {
		t.Fatalf("got %s after %d attempts (%s), want sent after 4", d.State, d.Attempts, d.LastError)
	}
	hooks := rec.Hooks()
	if len(hooks) != 1 || rec.Requests() != 4 {
		t.Fatalf("got %d hooks in %d requests, want 1 in 4", len(hooks), rec.Requests())
	}
	if hooks[0].EventID != "need_sent/need-1" || !bytes.Contains(hooks[0].Body, []byte(`"kind":"need_sent"`)) {
		t.Errorf("got hook %s %s", hooks[0].EventID, hooks[0].Body)
	}
}

// TestWebhookFails: after MaxAttempts the delivery is failed and left.
func TestWebhookFails(t *testing.T) {
	rec := notifytest.StartReceiver("webhook-secret-0123456789", 1000, false)
	defer rec.Close()
	s, st := setup(t, nil)
	s.MaxAttempts = 3
	ctx := context.Background()
	r := koppel.EnterpriseRecipient(kbo)
	if err := st.PutAlertPrefs(ctx, &koppel.AlertPrefs{Recipient: r, Mode: koppel.AlertOff, WebhookURL: rec.URL(), WebhookSecret: "webhook-secret-0123456789"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Notify(ctx, needSent("need_sent/need-1")); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1000 && rec.Requests() < 3; i++ {
		drain(t, s, 10)
		time.Sleep(time.Millisecond)
	}
	drain(t, s, 10)
	ds, _ := s.Deliveries(ctx, 10)
	if len(ds) != 1 || ds[0].State != koppel.DeliveryFailed || ds[0].Attempts != 3 {
		t.Fatalf("got %+v, want one failed delivery after 3 attempts", ds)
	}
	if !strings.Contains(ds[0].LastError, "500") {
		t.Errorf("got last error %q, want the 500", ds[0].LastError)
	}
	time.Sleep(10 * time.Millisecond)
	drain(t, s, 10)
	if n := rec.Requests(); n != 3 {
		t.Errorf("got %d requests, want no more than 3", n)
	}
}

// TestDigest: the alerts of a day go out as one mail at the digest time.
func TestDigest(t *testing.T) {
	dir := t.TempDir()
	s, st := setup(t, notify.DirMailer{Dir: dir})
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	s.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s.DigestAt = func(t time.Time) time.Time { return t.Truncate(24 * time.Hour).Add(31 * time.Hour) } // 07:00 next day
	if err := st.PutAlertPrefs(ctx, &koppel.AlertPrefs{Recipient: koppel.EnterpriseRecipient(kbo), Mode: koppel.AlertDigest}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "b", "c"} {
		if err := s.Notify(ctx, needSent("need_sent/"+k)); err != nil {
			t.Fatal(err)
		}
	}
	drain(t, s, 10)
	ds, _ := s.Deliveries(ctx, 10)
	if len(ds) != 1 || len(ds[0].Alerts) != 3 || ds[0].State != koppel.DeliveryPending {
		t.Fatalf("got %d deliveries, want one pending digest of 3 alerts", len(ds))
	}
	mu.Lock()
	now = now.Add(21 * time.Hour)
	mu.Unlock()
	drain(t, s, 10)
	ds, _ = s.Deliveries(ctx, 10)
	if ds[0].State != koppel.DeliverySent || ds[0].File != ds[0].ID+".eml" {
		t.Fatalf("got %s in %q, want sent to %s.eml", ds[0].State, ds[0].File, ds[0].ID)
	}
}

func TestFeed(t *testing.T) {
	s, _ := setup(t, nil)
	ctx := context.Background()
	r := koppel.EnterpriseRecipient(kbo)
	u1, err := s.RotateFeed(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Notify(ctx, needSent("need_sent/need-1")); err != nil {
		t.Fatal(err)
	}
	drain(t, s, 10)
	secret := func(u string) string {
		return strings.TrimSuffix(u[strings.LastIndex(u, "/")+1:], ".atom")
	}
	var buf bytes.Buffer
	if err := s.WriteFeed(ctx, &buf, secret(u1)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<feed") || !strings.Contains(buf.String(), "Nieuwe aanvraag van een aankoper") {
		t.Errorf("feed lacks the alert:\n%s", buf.String())
	}
	u2, err := s.RotateFeed(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFeed(ctx, &buf, secret(u1)); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("old feed URL after rotating: got %v, want ENOTFOUND", err)
	}
	if err := s.RevokeFeed(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFeed(ctx, &buf, secret(u2)); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("feed URL after revoking: got %v, want ENOTFOUND", err)
	}
}

// TestNotifyDoesNotWaitForReceivers: with a webhook receiver that never
// answers holding the worker, events are still taken: every Notify returns
// while the receiver has answered nothing.
func TestNotifyDoesNotWaitForReceivers(t *testing.T) {
	rec := notifytest.StartReceiver("webhook-secret-0123456789", 0, true)
	defer rec.Close()
	s, st := setup(t, nil)
	s.Interval = time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := st.PutAlertPrefs(ctx, &koppel.AlertPrefs{Recipient: koppel.EnterpriseRecipient(kbo), Mode: koppel.AlertOff,
		WebhookURL: rec.URL(), WebhookSecret: "webhook-secret-0123456789"}); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	if err := s.Notify(ctx, needSent("need_sent/first")); err != nil {
		t.Fatal(err)
	}
	for i := 0; rec.Requests() == 0 && i < 5000; i++ {
		time.Sleep(time.Millisecond)
	}
	if rec.Requests() == 0 {
		t.Fatal("the worker never posted the webhook")
	}
	// The worker now waits for the receiver; events still go in.
	for i := range 50 {
		if err := s.Notify(ctx, needSent("need_sent/more-"+string(rune('a'+i%26))+string(rune('a'+i/26)))); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(rec.Hooks()); n != 0 {
		t.Fatalf("the hanging receiver accepted %d hooks", n)
	}
	pending, err := st.PendingEvents(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 50 {
		t.Errorf("got %d events queued behind the hanging receiver, want 50", len(pending))
	}
	cancel()
	<-done
}

// TestNeedAlertSaysWhoAsksWhat: the alert of a sent need names its buyer,
// what it asks, where and the answer-by date, so that it does not read as
// an anonymous message.
func TestNeedAlertSaysWhoAsksWhat(t *testing.T) {
	dir := t.TempDir()
	s, st := setup(t, notify.DirMailer{Dir: dir})
	ctx := context.Background()
	putNeed(t, st, "need-2")
	if err := s.Notify(ctx, koppel.Event{Key: "need_sent/need-2", Kind: koppel.EventNeedSent, Subject: "need-2", Enterprises: []koppel.KBO{kbo}}); err != nil {
		t.Fatal(err)
	}
	drain(t, s, 10)
	dec := onlyMail(t, dir)
	body := dec
	for _, want := range []string{"Stad Gent vraagt of u interesse hebt in: Poetsdienst voor drie klaslokalen", "Waar: 9000 Gent", "Antwoord gewenst tegen 31/12/2030", "/aanvragen/need-2"} {
		if !strings.Contains(body, want) {
			t.Errorf("mail lacks %q:\n%s", want, body)
		}
	}
}

// TestInternshipAlert: the enterprises an internship offer is announced to
// get an alert that names the host, the work and the place.
func TestInternshipAlert(t *testing.T) {
	dir := t.TempDir()
	s, st := setup(t, notify.DirMailer{Dir: dir})
	publishInternship(t, s, st)
	dec := onlyMail(t, dir)
	for _, want := range []string{"Basisschool De Linde biedt 2 stageplaatsen aan (Poetsen en schoonmaak)", "Waar: 9000 Gent", "/stages/stg-1"} {
		if !strings.Contains(dec, want) {
			t.Errorf("mail lacks %q:\n%s", want, dec)
		}
	}
}

// onlyMail returns the one .eml message in dir, its quoted-printable body
// decoded, and fails unless there is exactly one.
func onlyMail(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil || len(files) != 1 {
		t.Fatalf("got %d mails (%v), want 1", len(files), err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	dec, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatal(err)
	}
	return string(dec)
}
