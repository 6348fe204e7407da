package main

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"koppel/notify/notifytest"
)

// mailText returns the decoded plain-text part of an .eml file.
func mailText(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatalf("no text/plain part in %s: %v", path, err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			var r io.Reader = p
			if p.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
				r = quotedprintable.NewReader(p)
			}
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
}

// TestOnboardingAndAlertsInBrowser: an enterprise asks for access in a
// real Chromium, signs in from the link in the e-mail (written to the
// mail folder: no SMTP server), makes an API token, chooses a daily digest
// and makes its feed link.
func TestOnboardingAndAlertsInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	var data string
	s := startSiteWith(t, func(_, dir string) {
		data = dir
		st, err := openStore(data, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := notifytest.SeedEnterprises(context.Background(), st, 1); err != nil {
			t.Fatal(err)
		}
	}, nil, "--alert-interval", "50ms")
	ctx, url := s.ctx, s.url

	browse(t, ctx, "ask for access",
		chromedp.Navigate(url+"/aanmelden"),
		clickedThrough(`a[href="/toegang"]`),
		chromedp.WaitVisible("#kbo"),
		chromedp.Click(`input[name=rol][value=onderneming]`),
		chromedp.SendKeys("#kbo", string(notifytest.KBO(0))),
		chromedp.SendKeys("#email", notifytest.Email(0)),
		submitted("#email"),
		chromedp.WaitVisible("p.notice"),
	)
	// The mail with the link lands in the mail folder, sent by the alerts
	// loop (every 50 ms) some time after the request: wait for it, up to a
	// minute for a busy machine.
	var files []string
	for deadline := time.Now().Add(time.Minute); len(files) == 0 && time.Now().Before(deadline); {
		files, _ = filepath.Glob(filepath.Join(data, "mail", "*.eml"))
		time.Sleep(25 * time.Millisecond)
	}
	if len(files) != 1 {
		t.Fatalf("got %d mails in the folder, want 1", len(files))
	}
	text := mailText(t, files[0])
	link := regexp.MustCompile(`http://\S+/aanmelden/link\?t=\S+`).FindString(text)
	if link == "" {
		t.Fatalf("no sign-in link in the mail:\n%s", text)
	}
	browse(t, ctx, "sign in with the link",
		chromedp.Navigate(link),
		clickedThrough(`form[action="/aanmelden/link"] button`),
		chromedp.WaitVisible(`form[action="/aanmelden/api-token"] button`),
		clickedThrough(`form[action="/aanmelden/api-token"] button`),
		chromedp.WaitVisible("#api-token"),
	)
	if tok := read(t, ctx, chromedp.Text("#api-token")); !strings.HasPrefix(tok, "kp_") {
		t.Errorf("got API token %q", tok)
	}

	browse(t, ctx, "alert settings",
		clickedThrough(`nav a[href="/meldingen"]`),
		chromedp.WaitVisible(`input[name=modus][value=digest]`),
		chromedp.Click(`input[name=modus][value=digest]`),
		chromedp.Click(`input[name=gedempt][value=kringloop]`),
		submitted(`input[name=modus][value=digest]`),
		chromedp.WaitVisible("p.notice"),
	)
	if v := read(t, ctx, chromedp.AttributeValue(`input[name=modus][value=digest]`, "checked")); !v.Exists {
		t.Error("the digest choice was not kept")
	}
	browse(t, ctx, "feed link",
		clickedThrough(`input[name=actie][value=feed] + button`),
		chromedp.WaitVisible("#feed-url"),
	)
	feed := read(t, ctx, chromedp.Text("#feed-url"))
	resp, err := http.Get(feed)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "atom") {
		t.Errorf("feed %s: got %d %s", feed, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
