package server_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"koppel"
	"koppel/server"
)

// signIn signs in on the web form with the token of identity and returns
// the session cookie and a CSRF token for it.
func (f *fixture) signIn(t *testing.T, identity string) (*http.Cookie, string) {
	t.Helper()
	base := f.srv.URL()
	resp, err := http.Get(base + "/aanmelden")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var seed *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "koppel_csrf" {
			seed = c
		}
	}
	m := csrfInput.FindSubmatch(page)
	if seed == nil || m == nil {
		t.Fatal("the sign-in page sets no CSRF cookie or field")
	}
	req, _ := http.NewRequest("POST", base+"/aanmelden", strings.NewReader(url.Values{"token": {f.tokens[identity]}, "csrf": {string(m[1])}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(seed)
	resp, err = noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "koppel_session" && c.Value != "" {
			return c, f.csrfFor(t, c)
		}
	}
	t.Fatalf("sign-in as %s = %d, no session cookie", identity, resp.StatusCode)
	return nil, ""
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// withCookie sends a request with only the given session cookie, as a
// saved copy of it would be sent.
func (f *fixture) withCookie(t *testing.T, cookie *http.Cookie, method, path, contentType, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL()+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.AddCookie(cookie)
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// csrfFor reads the CSRF token of a session from a page.
func (f *fixture) csrfFor(t *testing.T, cookie *http.Cookie) string {
	t.Helper()
	_, page := f.withCookie(t, cookie, "GET", "/aanmelden", "", "")
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF field")
	}
	return m[1]
}

func signedIn(t *testing.T, f *fixture, cookie *http.Cookie) bool {
	t.Helper()
	resp, _ := f.withCookie(t, cookie, "GET", "/api/v1/me", "", "")
	return resp.StatusCode == http.StatusOK
}

// TestSignOutEndsSession checks that a copy of the session cookie saved
// before signing out no longer signs in: the session ended on the server.
func TestSignOutEndsSession(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	cookie, csrf := f.signIn(t, "buyerA")
	other, _ := f.signIn(t, "buyerA") // a second device with the same token
	if !signedIn(t, f, cookie) {
		t.Fatal("not signed in after signing in")
	}
	resp, _ := f.withCookie(t, cookie, "POST", "/afmelden", "application/x-www-form-urlencoded", url.Values{"csrf": {csrf}}.Encode())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out = %d, want 303", resp.StatusCode)
	}
	if signedIn(t, f, cookie) {
		t.Error("the saved cookie still signs in after signing out")
	}
	if resp, _ := f.withCookie(t, cookie, "GET", "/opdrachten/draft-A", "", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the saved cookie after sign-out sees buyer A's draft: %d", resp.StatusCode)
	}
	if !signedIn(t, f, other) {
		t.Error("signing out on one device ended the session of another")
	}
}

// TestRevokeWhileRunning revokes tokens through the admin API and the
// admin page while the server runs: the token and its sessions stop at
// once, other tokens go on.
func TestRevokeWhileRunning(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	tokenID := func(identity string) string {
		_, body := f.do(t, identity, "GET", "/api/v1/me", "", "")
		var me server.Me
		if err := json.Unmarshal([]byte(body), &me); err != nil || me.TokenID == "" {
			t.Fatalf("me of %s: %s", identity, body)
		}
		return me.TokenID
	}
	supplier, buyer := tokenID("supplierA"), tokenID("buyerA")
	cookie, _ := f.signIn(t, "supplierA")

	// Through the API.
	resp, body := f.do(t, "admin", "POST", "/api/v1/admin/tokens/"+supplier+"/revoke", "", "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"state":"revoked"`) || strings.Contains(body, "hash") {
		t.Fatalf("revoke = %d %s, want 200, revoked, no hash", resp.StatusCode, body)
	}
	if signedIn(t, f, cookie) {
		t.Error("a session of the revoked token still signs in")
	}
	if resp, _ := f.do(t, "supplierA", "GET", "/api/v1/me", "", ""); resp.StatusCode != 401 {
		t.Errorf("the revoked token = %d, want 401", resp.StatusCode)
	}
	if resp, _ := f.do(t, "supplierB", "GET", "/api/v1/me", "", ""); resp.StatusCode != 200 {
		t.Errorf("another token after a revoke = %d, want 200", resp.StatusCode)
	}
	_, body = f.do(t, "admin", "GET", "/api/v1/admin/tokens", "", "")
	var list []server.TokenView
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list) != len(f.tokens) {
		t.Fatalf("token list: %s", body)
	}
	for _, v := range list {
		if want := map[bool]string{true: "revoked", false: "active"}[v.ID == supplier]; v.State != want {
			t.Errorf("token %s is %s, want %s", v.ID, v.State, want)
		}
	}

	// Through the page, signed in as admin.
	buyerCookie, _ := f.signIn(t, "buyerA")
	admin, csrf := f.signIn(t, "admin")
	_, page := f.withCookie(t, admin, "GET", "/beheer/tokens", "", "")
	if !strings.Contains(page, `action="/beheer/tokens/`+buyer+`/intrekken"`) || strings.Contains(page, `action="/beheer/tokens/`+supplier+`/intrekken"`) {
		t.Errorf("the token page offers to revoke the active tokens only:\n%s", page)
	}
	resp, _ = f.withCookie(t, admin, "POST", "/beheer/tokens/"+buyer+"/intrekken", "application/x-www-form-urlencoded", url.Values{"csrf": {csrf}}.Encode())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke by the page = %d, want 303", resp.StatusCode)
	}
	if signedIn(t, f, buyerCookie) {
		t.Error("a session of the token revoked on the page still signs in")
	}
	if _, err := f.st.FindSession(context.Background(), "x"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("find an unknown session: %v, want ENOTFOUND", err)
	}
	// Without the CSRF field the page refuses.
	if resp, _ := f.withCookie(t, admin, "POST", "/beheer/tokens/"+tokenID("supplierB")+"/intrekken", "application/x-www-form-urlencoded", ""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("revoke without CSRF = %d, want 403", resp.StatusCode)
	}
}

var backField = regexp.MustCompile(`name="terug" value="([^"]*)"`)

// TestReturnPath checks that the sign-in returns only to a path of this
// site.
func TestReturnPath(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tc := range []struct{ in, want string }{
		{"/opdrachten/nieuw", "/opdrachten/nieuw"},
		{"/mijn-aanbod?kbo=0123456749", "/mijn-aanbod?kbo=0123456749"},
		{"/", "/"},
		{"", "/"},
		{"//evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r/evil.example", "/"},
		{"/ /evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\/evil.example", "/"},
		{"/\\/evil.example", "/"},
		{"/%2F/evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/\u200b/evil.example", "/"},
		{"/\u00a0/evil.example", "/"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			_, page := f.do(t, "anonymous", "GET", "/aanmelden?terug="+url.QueryEscape(tc.in), "", "")
			m := backField.FindStringSubmatch(page)
			if m == nil {
				t.Fatal("no terug field")
			}
			if got := html.UnescapeString(m[1]); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	// And the redirect after signing in, from the form's field.
	seedResp, page := f.do(t, "anonymous", "GET", "/aanmelden", "", "")
	csrf := csrfInput.FindStringSubmatch(page)[1]
	for _, tc := range []struct{ in, want string }{{"/\t/evil.example", "/"}, {"/opdrachten", "/opdrachten"}} {
		req, _ := http.NewRequest("POST", f.srv.URL()+"/aanmelden", strings.NewReader(url.Values{"token": {f.tokens["buyerA"]}, "csrf": {csrf}, "terug": {tc.in}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, c := range seedResp.Cookies() {
			req.AddCookie(c)
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || got != tc.want {
			t.Errorf("sign-in back to %q: %d to %q, want 303 to %q", tc.in, resp.StatusCode, got, tc.want)
		}
	}
}

// TestSecureCookies checks that cookies are Secure when a trusted proxy
// says the client came over TLS, and only then.
func TestSecureCookies(t *testing.T) {
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
	elsewhere := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		proto   string
		want    bool
	}{
		{"no proxy trusted, header ignored", nil, "https", false},
		{"trusted proxy, https", loopback, "https", true},
		{"trusted proxy, several hops", loopback, "https, http", true},
		{"trusted proxy, http", loopback, "http", false},
		{"trusted proxy, no header", loopback, "", false},
		{"another proxy trusted", elsewhere, "https", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, server.RateLimits{}, func(s *server.Server) { s.TrustedProxies = tc.trusted })
			req, _ := http.NewRequest("GET", f.srv.URL()+"/aanmelden", nil)
			if tc.proto != "" {
				req.Header.Set("X-Forwarded-Proto", tc.proto)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			cookies := resp.Cookies()
			if len(cookies) == 0 {
				t.Fatal("no cookie set")
			}
			for _, c := range cookies {
				if c.Secure != tc.want {
					t.Errorf("cookie %s Secure = %v, want %v", c.Name, c.Secure, tc.want)
				}
			}
		})
	}
	if _, err := server.ParseTrustedProxies("127.0.0.1, 10.0.0.0/8, ::1"); err != nil {
		t.Errorf("parse a valid list: %v", err)
	}
	if _, err := server.ParseTrustedProxies("127.0.0.1, proxy.example"); koppel.ErrorCode(err) != koppel.EINVALID || !strings.Contains(koppel.ErrorMessage(err), "proxy.example") {
		t.Errorf("parse a host name: %v, want EINVALID naming it", err)
	}
}

// TestTrustedProxyClientAddress checks that the rate limits take the
// client's address from X-Forwarded-For only when a trusted proxy sends it.
func TestTrustedProxyClientAddress(t *testing.T) {
	limits := server.RateLimits{SearchPerSecond: 0.001, SearchBurst: 1, WritePerSecond: 1, WriteBurst: 1}
	search := func(f *fixture, client string) int {
		req, _ := http.NewRequest("GET", f.srv.URL()+"/api/v1/tenders", nil)
		req.Header.Set("X-Forwarded-For", client)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	trusting := newFixture(t, limits, func(s *server.Server) {
		s.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
	})
	if a, b := search(trusting, "198.51.100.1"), search(trusting, "198.51.100.2"); a != 200 || b != 200 {
		t.Errorf("two clients behind a trusted proxy: %d, %d; want each its own bucket (200, 200)", a, b)
	}
	plain := newFixture(t, limits)
	if a, b := search(plain, "198.51.100.1"), search(plain, "198.51.100.2"); a != 200 || b != 429 {
		t.Errorf("X-Forwarded-For from an untrusted peer: %d, %d; want it ignored (200, 429)", a, b)
	}
}
