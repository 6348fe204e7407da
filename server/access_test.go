package server_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"koppel"
	"koppel/server"
)

// The onboarding routes in the authorization matrix.
func init() {
	form := "application/x-www-form-urlencoded"
	for k, v := range map[string]matrixCase{
		"GET /toegang":              {path: "/toegang", want: all(200)},
		"POST /toegang":             {path: "/toegang", contentType: form, body: "rol=aankoper&organisatie=Stad+C&email=c%40stad-c.example", want: statuses(403, 200, 200, 200, 200, 200)},
		"GET /aanmelden/link":       {path: "/aanmelden/link?t=kl_x", want: all(200)},
		"POST /aanmelden/link":      {path: "/aanmelden/link", contentType: form, body: "t=kl_nothing", want: statuses(403, 404, 404, 404, 404, 404)},
		"GET /aanmelden/welkom":     {path: "/aanmelden/welkom", want: statuses(401, 200, 200, 200, 200, 200)},
		"POST /aanmelden/api-token": {path: "/aanmelden/api-token", contentType: form, want: statuses(401, 200, 200, 200, 200, 200)},
		"GET /beheer/toegang":       {path: "/beheer/toegang", want: statuses(401, 403, 403, 403, 403, 200)},
		"POST /beheer/toegang/:id":  {path: "/beheer/toegang/nothing", contentType: form, body: "besluit=weigeren", want: statuses(401, 403, 403, 403, 403, 404)},
	} {
		matrix[k] = v
	}
}

// browser is an anonymous web client with its own cookies.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, c: &http.Client{Jar: jar}}
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// submit posts the form values with the CSRF field of page.
func (b *browser) submit(page, path string, v url.Values) (int, string) {
	b.t.Helper()
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no CSRF field on the page before %s", path)
	}
	v.Set("csrf", m[1])
	resp, err := b.c.PostForm(b.base+path, v)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var linkInMail = regexp.MustCompile(`/aanmelden/link\?t=[A-Za-z0-9_%-]+`)

// queuedLinks returns the sign-in links queued for addr.
func queuedLinks(t *testing.T, f *fixture, addr string) []string {
	t.Helper()
	ds, err := f.st.RecentDeliveries(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range ds {
		if d.Email == addr {
			if m := linkInMail.FindString(d.Alerts[0].Link); m != "" {
				out = append(out, m)
			}
		}
	}
	return out
}

func TestSelfServiceOnboarding(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ctx := context.Background()
	e, err := f.st.FindEnterpriseByKBO(ctx, kboA)
	if err != nil {
		t.Fatal(err)
	}
	e.Contact.Email = "info@onderneming-a.example"
	if err := f.st.PutEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, f.srv.URL())
	ask := func(v url.Values) (int, string) {
		_, page := b.get("/toegang")
		return b.submit(page, "/toegang", v)
	}

	// Bad input is answered beside the fields.
	status, page := ask(url.Values{"rol": {"onderneming"}, "kbo": {"123"}, "email": {"geen adres"}})
	if status != 400 || !strings.Contains(page, `id="kbo_error"`) || !strings.Contains(page, `id="email_error"`) {
		t.Fatalf("bad input: got %d: %.400s", status, page)
	}

	// The same answer whether the number is known with this address,
	// known with another, or unknown.
	var answers []string
	for _, v := range []url.Values{
		{"rol": {"onderneming"}, "kbo": {string(kboA)}, "email": {"INFO@onderneming-a.example"}},
		{"rol": {"onderneming"}, "kbo": {string(kboB)}, "email": {"iemand@elders.example"}},
		{"rol": {"onderneming"}, "kbo": {"0123.456.749"}, "email": {"iemand@elders.example"}},
	} {
		status, page := ask(v)
		if status != 200 {
			t.Fatalf("got %d: %.300s", status, page)
		}
		i := strings.Index(page, "<main>")
		answers = append(answers, page[i:])
	}
	if answers[0] != answers[1] || answers[1] != answers[2] {
		t.Errorf("the answers differ:\n%s\n%s\n%s", answers[0], answers[1], answers[2])
	}
	links := queuedLinks(t, f, "INFO@onderneming-a.example")
	if len(links) != 1 || len(queuedLinks(t, f, "iemand@elders.example")) != 0 {
		t.Fatalf("got links %v for the stored address, want one and none for the others", links)
	}
	// A second request at once sends no second mail (the throttle).
	ask(url.Values{"rol": {"onderneming"}, "kbo": {string(kboA)}, "email": {"info@onderneming-a.example"}})
	if n := len(queuedLinks(t, f, "info@onderneming-a.example")); n != 0 {
		t.Errorf("a second link went out at once")
	}

	// The link signs in after one click, once.
	link := html.UnescapeString(links[0])
	_, page = b.get(link)
	secret, _ := url.ParseQuery(link[strings.Index(link, "?")+1:])
	if status, page := b.submit(page, "/aanmelden/link", url.Values{"t": {secret.Get("t")}}); status != 200 || !strings.Contains(page, "Maak een token voor de API") {
		t.Fatalf("sign-in with the link: got %d: %.400s", status, page)
	}
	status, page = b.get("/mijn-aanbod")
	if status != 200 || !strings.Contains(page, "Aangemeld als") {
		t.Errorf("after the link: /mijn-aanbod = %d", status)
	}
	status, page = b.submit(page, "/aanmelden/api-token", url.Values{})
	m := regexp.MustCompile(`<code id="api-token">(kp_[^<]+)</code>`).FindStringSubmatch(page)
	if status != 200 || m == nil {
		t.Fatalf("API token: got %d: %.400s", status, page)
	}
	req, _ := http.NewRequest("GET", f.srv.URL()+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+m[1])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	me, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(me), string(kboA)) {
		t.Errorf("the API token: got %d %s", resp.StatusCode, me)
	}
	b2 := newBrowser(t, f.srv.URL())
	_, page = b2.get(link)
	if status, _ := b2.submit(page, "/aanmelden/link", url.Values{"t": {secret.Get("t")}}); status != 404 {
		t.Errorf("the link used a second time: got %d, want 404", status)
	}

	// The requests that did not get a link wait for an admin, who approves
	// one: a link goes to its address.
	pending, err := f.st.PendingAccessRequests(ctx, 10)
	if err != nil || len(pending) != 2 {
		t.Fatalf("got %d pending requests (%v), want 2", len(pending), err)
	}
	_, body := f.do(t, "admin", "GET", "/beheer/toegang", "", "")
	if !strings.Contains(body, "iemand@elders.example") {
		t.Errorf("the admin page does not list the requests")
	}
	if resp, body := f.do(t, "admin", "POST", "/beheer/toegang/"+pending[0].ID, "application/x-www-form-urlencoded", "besluit=goedkeuren"); resp.StatusCode != 200 || !strings.Contains(body, "Goedgekeurd") {
		t.Errorf("approve: got %d: %.300s", resp.StatusCode, body)
	}
	if n := len(queuedLinks(t, f, "iemand@elders.example")); n != 1 {
		t.Errorf("got %d links after the approval, want 1", n)
	}
	if resp, _ := f.do(t, "admin", "POST", "/beheer/toegang/"+pending[0].ID, "application/x-www-form-urlencoded", "besluit=weigeren"); resp.StatusCode != 409 {
		t.Errorf("deciding twice: got %d, want 409", resp.StatusCode)
	}
	if r, _ := f.st.FindAccessRequest(ctx, pending[0].ID); r.State != koppel.AccessApproved {
		t.Errorf("got state %s, want approved", r.State)
	}
}
