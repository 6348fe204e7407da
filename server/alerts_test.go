package server_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/notify"
	"koppel/notify/notifytest"
	"koppel/server"
)

// The alert routes in the authorization matrix.
func init() {
	form := "application/x-www-form-urlencoded"
	for k, v := range map[string]matrixCase{
		"GET /meldingen":                {path: "/meldingen", want: statuses(401, 200, 200, 200, 200, 403)},
		"POST /meldingen":               {path: "/meldingen", contentType: form, body: "actie=opslaan&modus=digest", want: statuses(401, 200, 200, 200, 200, 403)},
		"GET /meldingen/afmelden":       {path: "/meldingen/afmelden?o=x&s=y", want: all(200)},
		"POST /meldingen/afmelden":      {path: "/meldingen/afmelden", contentType: form, body: "o=x&s=y", want: all(403)},
		"GET /feeds/:file":              {path: "/feeds/kf_nothing.atom", want: all(404)},
		"GET /beheer/meldingen":         {path: "/beheer/meldingen", want: statuses(401, 403, 403, 403, 403, 200)},
		"GET /beheer/meldingen/:id":     {path: "/beheer/meldingen/nothing", want: statuses(401, 403, 403, 403, 403, 404)},
		"POST /beheer/tokens/:id/email": {path: "/beheer/tokens/nothing/email", contentType: form, body: "email=a%40example.be", want: statuses(401, 403, 403, 403, 403, 404)},
	} {
		matrix[k] = v
	}
}

func TestAlertSettingsPage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ctx := context.Background()
	form := "application/x-www-form-urlencoded"
	r := koppel.EnterpriseRecipient(kboA)

	resp, body := f.do(t, "supplierA", "GET", "/meldingen", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("got %d: %.300s", resp.StatusCode, body)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	for _, sel := range []string{"input[name=modus][value=immediate][checked]", "input[name=gedempt][value=schoonmaak]", "label[for=webhook]"} {
		if doc.Find(sel).Length() == 0 {
			t.Errorf("no element matches %q", sel)
		}
	}

	// Save: daily digest, cleaning muted, a webhook (its secret is made).
	v := url.Values{"actie": {"opslaan"}, "modus": {"digest"}, "gedempt": {"schoonmaak"}, "webhook": {"https://hooks.example/koppel"}}
	if resp, body := f.do(t, "supplierA", "POST", "/meldingen", form, v.Encode()); resp.StatusCode != 200 || !strings.Contains(body, "bewaard") {
		t.Fatalf("save: got %d: %.300s", resp.StatusCode, body)
	}
	p, err := f.st.FindAlertPrefs(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if p.Mode != koppel.AlertDigest || len(p.Muted) != 1 || p.Muted[0] != "schoonmaak" || p.WebhookURL != "https://hooks.example/koppel" || !strings.HasPrefix(p.WebhookSecret, "kw_") {
		t.Errorf("got settings %+v", p)
	}
	// A bad webhook address is refused beside the field, nothing stored.
	v.Set("webhook", "ftp://nowhere")
	resp, body = f.do(t, "supplierA", "POST", "/meldingen", form, v.Encode())
	if resp.StatusCode != 400 || !strings.Contains(body, `aria-invalid="true"`) {
		t.Errorf("bad webhook: got %d: %.300s", resp.StatusCode, body)
	}
	if p2, _ := f.st.FindAlertPrefs(ctx, r); p2.WebhookURL != p.WebhookURL {
		t.Errorf("a refused form changed the webhook to %q", p2.WebhookURL)
	}
	// Another supplier's settings are its own.
	if p, _ := f.st.FindAlertPrefs(ctx, koppel.EnterpriseRecipient(kboB)); p.Mode != koppel.AlertImmediate {
		t.Errorf("supplier B got mode %s, want the default", p.Mode)
	}

	// The feed link: made, readable without sign-in, rotated.
	_, body = f.do(t, "supplierA", "POST", "/meldingen", form, "actie=feed")
	m := regexp.MustCompile(`<code id="feed-url">([^<]+)</code>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no feed URL on the page: %.500s", body)
	}
	feed := html.UnescapeString(m[1])
	resp, err = http.Get(feed)
	if err != nil {
		t.Fatal(err)
	}
	atom, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "atom") || !strings.Contains(string(atom), "<feed") {
		t.Errorf("feed: got %d %s: %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), atom)
	}
	f.do(t, "supplierA", "POST", "/meldingen", form, "actie=feed-intrekken")
	if resp, err := http.Get(feed); err != nil || resp.StatusCode != 404 {
		t.Errorf("revoked feed: got %v %v, want 404", resp.StatusCode, err)
	}

	// The unsubscribe link works without sign-in, after a confirmation.
	link := f.srv.Alerts.UnsubscribeURL(r)
	resp, err = http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if p, _ := f.st.FindAlertPrefs(ctx, r); p.Mode == koppel.AlertOff {
		t.Fatal("opening the link turned e-mail off before the confirmation")
	}
	var seed *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "koppel_csrf" {
			seed = c
		}
	}
	csrf := csrfInput.FindSubmatch(page)
	if seed == nil || csrf == nil {
		t.Fatalf("the unsubscribe page has no form: %.500s", page)
	}
	q, _ := url.Parse(link)
	req, _ := http.NewRequest("POST", f.srv.URL()+"/meldingen/afmelden", strings.NewReader(url.Values{"o": {q.Query().Get("o")}, "s": {q.Query().Get("s")}, "csrf": {string(csrf[1])}}.Encode()))
	req.Header.Set("Content-Type", form)
	req.AddCookie(seed)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if p, _ := f.st.FindAlertPrefs(ctx, r); resp.StatusCode != 200 || p.Mode != koppel.AlertOff {
		t.Errorf("unsubscribe: got %d and mode %s, want 200 and off", resp.StatusCode, p.Mode)
	}
}

func TestTokenEmail(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	toks, _ := f.st.FindTokens(context.Background())
	var id string
	for _, tok := range toks {
		if tok.Buyer == "Stad A" {
			id = tok.ID
		}
	}
	form := "application/x-www-form-urlencoded"
	if resp, body := f.do(t, "admin", "POST", "/beheer/tokens/"+id+"/email", form, "email=nope"); resp.StatusCode != 400 {
		t.Errorf("bad address: got %d: %.200s", resp.StatusCode, body)
	}
	if resp, _ := f.do(t, "admin", "POST", "/beheer/tokens/"+id+"/email", form, "email=aankoop%40stad-a.example"); resp.StatusCode != 303 {
		t.Errorf("got %d, want 303", resp.StatusCode)
	}
	_, body := f.do(t, "admin", "GET", "/beheer/tokens", "", "")
	if !strings.Contains(body, `value="aankoop@stad-a.example"`) {
		t.Errorf("the tokens page does not show the address")
	}
	_, body = f.do(t, "buyerA", "GET", "/meldingen", "", "")
	if !strings.Contains(body, "aankoop@stad-a.example") {
		t.Errorf("the buyer's Meldingen page does not say where the e-mails go")
	}
}

// TestCatalogueUploadRaisesEvent: an upload that changed the catalogue
// queues the event from which buyers are told; a dry run does not.
func TestCatalogueUploadRaisesEvent(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	csv := "Code;Dienst;Categorie\nP1;Poetsen;Schoonmaak\n"
	path := "/api/v1/enterprises/" + string(kboA) + "/catalogue"
	if resp, body := f.do(t, "supplierA", "POST", path+"?dry_run=true", "text/csv", csv); resp.StatusCode != 200 {
		t.Fatalf("dry run: got %d: %.300s", resp.StatusCode, body)
	}
	if evs, _ := f.st.PendingEvents(context.Background(), 10); len(evs) != 0 {
		t.Fatalf("a dry run queued %d events", len(evs))
	}
	if resp, body := f.do(t, "supplierA", "POST", path, "text/csv", csv); resp.StatusCode != 200 {
		t.Fatalf("upload: got %d: %.300s", resp.StatusCode, body)
	}
	evs, err := f.st.PendingEvents(context.Background(), 10)
	if err != nil || len(evs) != 1 || evs[0].Kind != koppel.EventCatalogueChanged || len(evs[0].Enterprises) != 1 || evs[0].Enterprises[0] != kboA {
		t.Fatalf("got events %+v (%v), want one catalogue_changed for %s", evs, err, kboA)
	}
}

// TestHangingWebhookDoesNotSlowRequests publishes tenders while the alert
// worker waits on a webhook receiver that never answers, and once more
// with a receiver that answers: with the hanging one, every request is
// answered while the receiver still holds the worker's only post, and the
// slowest request stays far below the webhook timeout the worker waits
// out (a bound, not a timing: the receiver sends no byte before it).
func TestHangingWebhookDoesNotSlowRequests(t *testing.T) {
	slowest := func(hang bool) (time.Duration, bool) {
		f := newFixture(t, server.RateLimits{})
		rec := notifytest.StartReceiver("webhook-secret-0123456789", 0, hang)
		defer rec.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if err := f.st.PutAlertPrefs(ctx, &koppel.AlertPrefs{Recipient: koppel.EnterpriseRecipient(kboB), Mode: koppel.AlertOff,
			WebhookURL: rec.URL(), WebhookSecret: "webhook-secret-0123456789"}); err != nil {
			t.Fatal(err)
		}
		svc := f.srv.Alerts
		svc.Matcher, svc.Interval = f.srv.Matcher, 5*time.Millisecond
		done := make(chan struct{})
		go func() { svc.Run(ctx); close(done) }()
		defer func() { cancel(); <-done }()
		publish := func(title string) time.Duration {
			body := `{"title":"` + title + `","buyer":{"name":"Stad A"},"status":"published","lots":[{"title":"Poetsen van klaslokalen","cpv":["90911200"],"postcode":"9000"}]}`
			start := time.Now()
			resp, b := f.do(t, "buyerA", "POST", "/api/v1/tenders", "application/json", body)
			if resp.StatusCode != 201 {
				t.Fatalf("publish: got %d: %.200s", resp.StatusCode, b)
			}
			return time.Since(start)
		}
		publish("Eerste")
		for i := 0; rec.Requests() == 0 && i < 4000; i++ {
			time.Sleep(5 * time.Millisecond)
		}
		if rec.Requests() == 0 {
			t.Fatal("the worker never posted the webhook")
		}
		var worst time.Duration
		for i := range 10 {
			worst = max(worst, publish(fmt.Sprintf("Volgende %d", i)))
		}
		return worst, len(rec.Hooks()) == 0 && rec.Requests() == 1
	}
	withHang, blocked := slowest(true)
	without, _ := slowest(false)
	t.Logf("slowest of 10 publications: %v with a receiver that never answers, %v with one that does", withHang, without)
	if !blocked {
		t.Error("the worker was not waiting on the hanging receiver while the requests ran")
	}
	if withHang >= notify.WebhookTimeout/2 {
		t.Errorf("a request waited %v, near the webhook timeout", withHang)
	}
}
