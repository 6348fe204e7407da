package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/feed"
	"koppel/i18n"
	"koppel/ingest"
	"koppel/notify"
	"koppel/notify/notifytest"
	"koppel/server"
	"koppel/store"
)

// TestAccessFormErrorsInLanguage: the access form says what is wrong
// beside each field in the page's language, none of it marked Dutch, and
// in Dutch for Dutch readers.
func TestAccessFormErrorsInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tt := range []struct {
		lang      string
		kbo, mail string
		role      string
	}{
		{"fr", "Saisissez un numéro d’entreprise valable, par exemple 0123.456.749", "Saisissez une adresse e-mail valable, par exemple nom@organisation.be", "Indiquez si vous êtes une entreprise ou un acheteur"},
		{"en", "Enter a valid company number, such as 0123.456.749", "Enter a valid e-mail address, such as name@organisation.be", "Choose whether you are an enterprise or a buyer"},
		{"nl", "Vul een geldig ondernemingsnummer in, zoals 0123.456.749", "Vul een geldig e-mailadres in, zoals naam@organisatie.be", "Kies of u een onderneming of een aankoper bent"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			b := newBrowser(t, f.srv.URL())
			_, page := b.get("/toegang?lang=" + tt.lang)
			status, page := b.submit(page, "/toegang", url.Values{"rol": {"onderneming"}, "kbo": {"123"}, "email": {"geen adres"}})
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			if status != 400 {
				t.Fatalf("got %d, want 400", status)
			}
			for id, want := range map[string]string{"kbo": tt.kbo, "email": tt.mail} {
				if got := strings.TrimSpace(doc.Find("#" + id + "_error").Text()); got != want {
					t.Errorf("beside %s: got %q, want %q", id, got, want)
				}
				if v, _ := doc.Find("#" + id).Attr("aria-describedby"); v != id+"_error" {
					t.Errorf("%s: aria-describedby %q", id, v)
				}
			}
			if n := doc.Find("#problemen li").Length(); n != 2 {
				t.Errorf("got %d problems in the list, want 2", n)
			}
			// The list joins label and message with the page's colon:
			// French with a no-break space before it.
			if got, want := doc.Find("#problemen li").First().Text(), i18n.T(i18n.Lang(tt.lang), "access.kbo")+i18n.T(i18n.Lang(tt.lang), "display.colon")+strings.ToLower(tt.kbo[:1]); !strings.HasPrefix(got, want) {
				t.Errorf("first problem %q, want %q", got, want)
			}
			if n := doc.Find(`main [lang="nl"]`).Length(); n != 0 {
				t.Errorf("%d parts marked Dutch: %s", n, doc.Find(`main [lang="nl"]`).Text())
			}
			// No role chosen: the role's own message.
			_, page = b.get("/toegang")
			_, page = b.submit(page, "/toegang", url.Values{"email": {"a@b.example"}})
			doc, _ = goquery.NewDocumentFromReader(strings.NewReader(page))
			if got := strings.TrimSpace(doc.Find("#rol_error").Text()); got != tt.role {
				t.Errorf("no role: got %q, want %q", got, tt.role)
			}
		})
	}
}

// TestTokenAndAccessErrorsInLanguage: the problem document's detail of
// token, access-request and ownership errors is in the request's
// language.
func TestTokenAndAccessErrorsInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	en := map[string]string{"Accept-Language": "en-GB,en;q=0.9"}
	fr := map[string]string{"Accept-Language": "fr-BE"}
	for _, tt := range []struct {
		name, who, method, path, body string
		header                        map[string]string
		status                        int
		detail                        string
	}{
		{"revoke unknown token, en", "admin", "POST", "/api/v1/admin/tokens/nope/revoke", "", en, 404, `No token with ID "nope"`},
		{"revoke unknown token, fr", "admin", "POST", "/api/v1/admin/tokens/nope/revoke", "", fr, 404, "Aucun jeton avec l’identifiant «\u00a0nope\u00a0»"},
		{"revoke unknown token, nl", "admin", "POST", "/api/v1/admin/tokens/nope/revoke", "", nil, 404, "Geen token met id \"nope\""},
		{"other's enterprise, en", "supplierB", "PUT", "/api/v1/enterprises/" + string(kboA), `{}`, en, 403, "You may not change enterprise " + kboA.String()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string]string{}
			for k, v := range tt.header {
				h[k] = v
			}
			if tt.body != "" {
				h["Content-Type"] = "application/json"
			}
			resp, body := f.doWith(t, tt.who, tt.method, tt.path, tt.body, h)
			var p server.Problem
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				t.Fatalf("%d %.300s: %v", resp.StatusCode, body, err)
			}
			if resp.StatusCode != tt.status || p.Detail != tt.detail {
				t.Errorf("got %d %q, want %d %q", resp.StatusCode, p.Detail, tt.status, tt.detail)
			}
		})
	}
}

// TestTokenPageErrorsInLanguage: the admins' token page refuses a bad
// e-mail address, and an unknown token, in the page's language.
func TestTokenPageErrorsInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	toks, err := f.st.FindTokens(context.Background())
	if err != nil || len(toks) == 0 {
		t.Fatal(err)
	}
	h := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html", "Accept-Language": "fr"}
	for _, tt := range []struct {
		path, body, want string
		status           int
	}{
		{"/beheer/tokens/" + toks[0].ID + "/email", "email=pas+une+adresse", "L’adresse e-mail «\u00a0pas une adresse\u00a0» n’est pas valable", 400},
		{"/beheer/tokens/nope/email", "email=a%40b.example", "Aucun jeton avec l’identifiant «\u00a0nope\u00a0»", 404},
		{"/beheer/tokens/nope/intrekken", "", "Aucun jeton avec l’identifiant «\u00a0nope\u00a0»", 404},
	} {
		resp, body := f.doWith(t, "admin", "POST", tt.path, tt.body, h)
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if main := doc.Find("main").Text(); resp.StatusCode != tt.status || !strings.Contains(main, tt.want) {
			t.Errorf("%s: got %d %q, want %d %q", tt.path, resp.StatusCode, strings.TrimSpace(main), tt.status, tt.want)
		}
	}
}

// TestAccessAdminErrorsInLanguage: the admins' access page says an
// unknown or decided request in the page's language.
func TestAccessAdminErrorsInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}
	for _, tt := range []struct {
		lang, body, want string
		status           int
	}{
		{"en", "besluit=weigeren", `No request "nope"`, 404},
		{"fr", "besluit=weigeren", "Aucune demande «\u00a0nope\u00a0»", 404},
	} {
		h := map[string]string{"Accept-Language": tt.lang}
		for k, v := range form {
			h[k] = v
		}
		resp, body := f.doWith(t, "admin", "POST", "/beheer/toegang/nope", tt.body, h)
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != tt.status || !strings.Contains(doc.Find("main").Text(), tt.want) {
			t.Errorf("%s: got %d %q, want %d %q", tt.lang, resp.StatusCode, strings.Join(strings.Fields(doc.Find("main").Text()), " "), tt.status, tt.want)
		}
	}
	// A request decided already, and a decision that is neither.
	req := &koppel.AccessRequest{ID: "r1", Role: koppel.RoleBuyer, Buyer: "Stad X", Email: "x@stad.example", State: koppel.AccessRejected}
	if err := f.st.PutAccessRequest(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	h := map[string]string{"Accept-Language": "en", "Content-Type": "application/x-www-form-urlencoded"}
	if resp, body := f.doWith(t, "admin", "POST", "/beheer/toegang/r1", "besluit=weigeren", h); resp.StatusCode != 409 || !strings.Contains(body, "This request has already been decided") {
		t.Errorf("decided twice: got %d %.300s", resp.StatusCode, body)
	}
	req.ID, req.State = "r2", koppel.AccessPending
	if err := f.st.PutAccessRequest(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if resp, body := f.doWith(t, "admin", "POST", "/beheer/toegang/r2", "besluit=misschien", h); resp.StatusCode != 400 || !strings.Contains(body, "Choose approve or refuse") {
		t.Errorf("no decision: got %d %.300s", resp.StatusCode, body)
	}
}

// TestSignInMailInLanguage: a French or English access request that an
// admin approves gets its sign-in link e-mail in the request's language,
// over a real SMTP server, whatever the admin's language.
func TestSignInMailInLanguage(t *testing.T) {
	srv, err := notifytest.StartSMTP()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	mailer, err := notify.NewSMTPMailer(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, server.RateLimits{}, func(s *server.Server) { s.Alerts.Mailer = mailer })
	ctx := context.Background()
	for i, tt := range []struct {
		lang, subject string
		want, notWant []string
	}{
		{"fr", "Votre lien de connexion à Koppel", []string{`lang="fr"`, "Bonjour", "Cliquez sur le lien ci-dessous pour vous connecter à Koppel.", "Le lien fonctionne une seule fois, pendant 24 heures.", "/aanmelden/link?t=kl_"},
			[]string{"Beste", "Klik op", "De link werkt", "aanmeldlink"}},
		{"en", "Your sign-in link for Koppel", []string{`lang="en"`, "Click the link below to sign in to Koppel.", "The link works once, for 24 hours.", "/aanmelden/link?t=kl_"},
			[]string{"Beste", "Klik op", "De link werkt", "aanmeldlink"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			addr := "aankoop-" + tt.lang + "@stad.example"
			b := newBrowser(t, f.srv.URL())
			_, page := b.get("/toegang?lang=" + tt.lang)
			if status, page := b.submit(page, "/toegang", url.Values{"rol": {"aankoper"}, "organisatie": {"Stad " + tt.lang}, "email": {addr}}); status != 200 {
				t.Fatalf("ask: got %d: %.300s", status, page)
			}
			pending, err := f.st.PendingAccessRequests(ctx, 10)
			if err != nil || len(pending) != 1 {
				t.Fatalf("got %d pending (%v), want 1", len(pending), err)
			}
			if resp, body := f.doWith(t, "admin", "POST", "/beheer/toegang/"+pending[0].ID, "besluit=goedkeuren",
				map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "nl"}); resp.StatusCode != 200 {
				t.Fatalf("approve: got %d: %.300s", resp.StatusCode, body)
			}
			for n := 0; n < 10; n++ {
				if k, err := f.srv.Alerts.Step(ctx); err != nil {
					t.Fatal(err)
				} else if k == 0 {
					break
				}
			}
			mails := srv.Mails()
			if len(mails) != i+1 {
				t.Fatalf("got %d mails, want %d", len(mails), i+1)
			}
			msg, err := mail.ReadMessage(bytes.NewReader(mails[i].Data))
			if err != nil {
				t.Fatal(err)
			}
			subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if err != nil || subject != tt.subject || !strings.Contains(msg.Header.Get("To"), addr) {
				t.Errorf("got subject %q to %q (%v), want %q to %s", subject, msg.Header.Get("To"), err, tt.subject, addr)
			}
			raw, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(mails[i].Data)))
			if err != nil {
				t.Fatal(err)
			}
			body := string(raw)
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("mail lacks %q:\n%s", w, body)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("mail has the Dutch %q", w)
				}
			}
			if r, _ := f.st.FindAccessRequest(ctx, pending[0].ID); r.Language != tt.lang || r.State != koppel.AccessApproved {
				t.Errorf("stored request: language %q state %s", r.Language, r.State)
			}
		})
	}
}

// TestAlertErrorsInLanguage: the alert settings refuse a bad webhook
// address in the page's language, and a feed that does not exist is said
// in the reader's language.
func TestAlertErrorsInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tt := range []struct{ lang, want string }{
		{"fr", "L’adresse du webhook «\u00a0ftp://hook.example\u00a0» n’est pas une adresse http ou https valable"},
		{"en", `Webhook address "ftp://hook.example" is not a valid http or https address`},
		{"nl", `Webhook-adres "ftp://hook.example" is geen geldig http- of https-adres`},
	} {
		resp, body := f.doWith(t, "supplierA", "POST", "/meldingen", "modus=immediate&webhook=ftp://hook.example",
			map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Accept-Language": tt.lang})
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(doc.Find("#fout").Text()); resp.StatusCode != 400 || got != tt.want {
			t.Errorf("%s: got %d %q, want 400 %q", tt.lang, resp.StatusCode, got, tt.want)
		}
		if tt.lang != "nl" && doc.Find(`main [lang="nl"]`).Length() != 0 {
			t.Errorf("%s: parts marked Dutch: %s", tt.lang, doc.Find(`main [lang="nl"]`).Text())
		}
	}
	for _, path := range []string{"/feeds/nope.atom", "/feeds/kf_nope.atom"} {
		resp, body := f.doWith(t, "anonymous", "GET", path, "", map[string]string{"Accept-Language": "en"})
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if main := doc.Find("main").Text(); resp.StatusCode != 404 || !strings.Contains(main, "This feed does not exist (any more)") {
			t.Errorf("%s: got %d %q", path, resp.StatusCode, strings.Join(strings.Fields(main), " "))
		}
	}
}

// TestNoticesPageInLanguage: the refusals of a package that Koppel writes
// itself are shown in the page's language, not marked Dutch; a report
// stored with a Dutch-only text shows it as stored, marked lang="nl".
func TestNoticesPageInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ctx := context.Background()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("dag/lees-mij.txt")
	w.Write([]byte("geen aankondiging"))
	zw.Close()
	pkg := filepath.Join(t.TempDir(), "dag.zip")
	if err := os.WriteFile(pkg, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := f.srv.Importer.Notices(ctx, f.st, ingest.NoticesRequest{Path: pkg, File: "dag.zip", Origin: "upload"})
	if err != nil || rep.Refused != 1 {
		t.Fatalf("import: %v, %+v", err, rep)
	}
	old := &koppel.NoticeReport{ID: "20250101-0000000000000001", File: "oud.zip", Origin: "cli", Status: "failed", Error: "iets ging mis",
		StartedAt: time.Now().Add(-time.Hour).UTC()}
	old.Refuse("not-xml", "Geen XML-bestand (oude tekst).", "a.txt")
	if err := f.st.PutNoticeReport(ctx, old); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ lang, want string }{
		{"fr", "Pas un fichier XML\u00a0: un paquet contient des avis eForms en XML."},
		{"en", "Not an XML file: a package holds eForms notices in XML."},
		{"nl", "Geen XML-bestand: een pakket bevat eForms-aankondigingen in XML."},
	} {
		_, body := f.doWith(t, "admin", "GET", "/beheer/aankondigingen", "", map[string]string{"Accept-Language": tt.lang})
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		rows := doc.Find("main tbody tr")
		if rows.Length() != 2 {
			t.Fatalf("%s: got %d rows, want 2", tt.lang, rows.Length())
		}
		newest, older := rows.Eq(0), rows.Eq(1)
		if !strings.Contains(newest.Text(), tt.want) || strings.Contains(newest.Text(), "Geen XML") && tt.lang != "nl" {
			t.Errorf("%s: newest report %q, want %q", tt.lang, strings.Join(strings.Fields(newest.Text()), " "), tt.want)
		}
		if n := newest.Find(`[lang="nl"]`).Length(); n != 0 {
			t.Errorf("%s: %d parts of the new report marked Dutch", tt.lang, n)
		}
		wantMarked := 2 // the stored error and refusal
		if tt.lang == "nl" {
			wantMarked = 0
		}
		if n := older.Find(`[lang="nl"]`).Length(); n != wantMarked || !strings.Contains(older.Text(), "Geen XML-bestand (oude tekst).") || !strings.Contains(older.Text(), "iets ging mis") {
			t.Errorf("%s: old report %q with %d parts marked Dutch, want its stored texts and %d", tt.lang, strings.Join(strings.Fields(older.Text()), " "), n, wantMarked)
		}
	}
	if stored, err := f.st.FindNoticeReport(ctx, rep.ID); err != nil || len(stored.Reasons) != 1 || stored.Reasons[0].MessageFR == "" || stored.Reasons[0].MessageEN == "" {
		t.Errorf("stored report %+v (%v), want its refusal in three languages", stored, err)
	}
}

// TestNotReadyInLanguage: the 503 of a server not ready yet is said in the
// request's language.
func TestNotReadyInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{}, func(s *server.Server) { s.Ready = nil })
	for lang, want := range map[string]string{"en": "Not ready yet", "fr": "Pas encore prêt", "nl": "Nog niet klaar"} {
		resp, body := f.doWith(t, "anonymous", "GET", "/readyz", "", map[string]string{"Accept-Language": lang})
		var p server.Problem
		if err := json.Unmarshal([]byte(body), &p); err != nil || resp.StatusCode != 503 || p.Detail != want {
			t.Errorf("%s: got %d %q (%v), want 503 %q", lang, resp.StatusCode, p.Detail, err, want)
		}
	}
}

// TestSentAlertsPageInLanguage: the admins' page of sent alerts gives
// the reason Koppel skipped a message in the page's language; an error
// stored in Dutch only stays as stored, marked lang="nl".
func TestSentAlertsPageInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ctx := context.Background()
	now := time.Now().UTC()
	ds := []*koppel.Delivery{
		{ID: "d-new", Recipient: koppel.EnterpriseRecipient(kboA), Channel: koppel.ChannelEmail, Alerts: []koppel.Alert{{Title: "Nieuw", At: now}},
			State: koppel.DeliveryPending, NextAt: now, CreatedAt: now},
		{ID: "d-old", Recipient: koppel.EnterpriseRecipient(kboB), Channel: koppel.ChannelEmail, Alerts: []koppel.Alert{{Title: "Oud", At: now}},
			State: koppel.DeliveryFailed, LastError: "oude fout", NextAt: now, CreatedAt: now.Add(-time.Hour)},
	}
	if err := f.st.AddDeliveries(ctx, ds, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := f.srv.Alerts.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"fr": "pas d’adresse e-mail", "en": "no e-mail address", "nl": "geen e-mailadres"} {
		_, body := f.doWith(t, "admin", "GET", "/beheer/meldingen", "", map[string]string{"Accept-Language": lang})
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var newRow, oldRow *goquery.Selection
		doc.Find("main tbody tr").Each(func(_ int, r *goquery.Selection) {
			switch {
			case strings.Contains(r.Text(), "Nieuw"):
				newRow = r
			case strings.Contains(r.Text(), "Oud"):
				oldRow = r
			}
		})
		if newRow == nil || oldRow == nil {
			t.Fatalf("%s: rows missing: %.500s", lang, body)
		}
		if got := strings.TrimSpace(newRow.Find("td").Last().Text()); got != want || newRow.Find(`[lang="nl"]`).Length() != 0 {
			t.Errorf("%s: got last error %q, want %q unmarked", lang, got, want)
		}
		marked := oldRow.Find(`[lang="nl"]`).Length() == 1
		if strings.TrimSpace(oldRow.Find("td").Last().Text()) != "oude fout" || marked != (lang != "nl") {
			t.Errorf("%s: old error %q, marked Dutch %v", lang, oldRow.Find("td").Last().Text(), marked)
		}
	}
}

// TestFeedErrorInLanguage: the notice feed's last error is shown on the
// admin page in the page's language.
func TestFeedErrorInLanguage(t *testing.T) {
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	t.Cleanup(src.Close)
	var fd *feed.Feed
	f := newFixture(t, server.RateLimits{}, func(s *server.Server) {
		fd = &feed.Feed{Importer: s.Importer, Store: s.Enterprises.(*store.Store), URL: src.URL + "/lijst.html"}
		s.NoticeFeed = fd
	})
	if err := fd.Fetch(context.Background()); err == nil {
		t.Fatal("fetch from a failing source: no error")
	}
	for lang, want := range map[string]string{
		"fr": "la source " + src.URL + "/lijst.html répond 503 Service Unavailable",
		"en": "source " + src.URL + "/lijst.html answers 503 Service Unavailable",
		"nl": "bron " + src.URL + "/lijst.html antwoordt 503 Service Unavailable",
	} {
		_, body := f.doWith(t, "admin", "GET", "/beheer/aankondigingen", "", map[string]string{"Accept-Language": lang})
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		dd := doc.Find("dd.error")
		if !strings.Contains(dd.Text(), want) || dd.Find(`[lang="nl"]`).Length() != 0 {
			t.Errorf("%s: got %q, want %q, not marked Dutch", lang, strings.TrimSpace(dd.Text()), want)
		}
	}
}
