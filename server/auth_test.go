package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/indexer"
	"koppel/ingest"
	"koppel/match"
	"koppel/notify"
	"koppel/refdata"
	"koppel/search"
	"koppel/server"
	"koppel/store"
)

const (
	kboA = koppel.KBO("0123456749")
	kboB = koppel.KBO("0400040767")
)

// fixture is a running server with one token per identity of the
// authorization matrix, two enterprises and some tenders.
type fixture struct {
	srv    *server.Server
	st     *store.Store
	ix     *indexer.Indexer
	tokens map[string]string // identity → secret
}

var identities = []string{"anonymous", "supplierA", "supplierB", "buyerA", "buyerB", "admin"}

func newFixture(t *testing.T, limits server.RateLimits, opts ...func(*server.Server)) *fixture {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	f := &fixture{st: st, tokens: map[string]string{}}
	for name, tok := range map[string]koppel.Token{
		"supplierA": {Role: koppel.RoleSupplier, Enterprise: kboA},
		"supplierB": {Role: koppel.RoleSupplier, Enterprise: kboB},
		"buyerA":    {Role: koppel.RoleBuyer, Buyer: "Stad A", BuyerID: "BE0207451227"}, // the buyer of noticeXML
		"buyerB":    {Role: koppel.RoleBuyer, Buyer: "Gemeente B"},
		"admin":     {Role: koppel.RoleAdmin},
	} {
		f.tokens[name] = f.addToken(t, tok)
	}
	for _, kbo := range []koppel.KBO{kboA, kboB} {
		e := &koppel.Enterprise{KBO: kbo, Name: "Fictieve onderneming " + string(kbo), Address: koppel.Address{Postcode: "9000"}}
		if err := e.Validate(refdata.Load()); err != nil {
			t.Fatal(err)
		}
		if err := st.PutEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	f.putTender(t, "published-A", "Stad A", koppel.TenderPublished)
	f.putTender(t, "draft-A", "Stad A", koppel.TenderDraft)
	b, err := st.FindEnterpriseByKBO(ctx, kboB)
	if err != nil {
		t.Fatal(err)
	}
	b.Recognitions = []koppel.Recognition{{Form: koppel.Maatwerkbedrijf}}
	offer := &koppel.Offering{ID: "F1", Enterprise: kboB, Title: "Poetsen van klaslokalen", Category: "schoonmaak", CPV: []koppel.CPV{"90911200"}, Capacity: 2, Unit: "VTE"}
	if _, err := st.ReplaceCatalogue(ctx, b, func(yield func(*koppel.Offering, error) bool) { yield(offer, nil) }, "replace"); err != nil {
		t.Fatal(err)
	}
	ix, err := indexer.OpenMem(refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	f.ix = ix
	sync := func(ctx context.Context) error {
		_, err := ix.Apply(ctx, st)
		return err
	}
	if err := sync(ctx); err != nil {
		t.Fatal(err)
	}
	f.srv = &server.Server{
		Addr: "127.0.0.1:0", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Limits: limits, SessionKey: bytes.Repeat([]byte("k"), 32), Sessions: st, MaxUploadBytes: 1 << 20,
		Reference: refdata.Load(), Enterprises: st, Offerings: st, Tenders: st, Tokens: st, Imports: st,
		Importer: &ingest.Importer{Ref: refdata.Load(), Store: st, Sync: sync},
		Search:   search.New(ix, st), Sync: sync, CodeLists: refdata.Load(), CPVs: refdata.Load(),
		Matcher: match.New(search.New(ix, st), st, refdata.Load()), Candidates: match.New(search.New(ix, st), st, refdata.Load()), Backup: st, Recognitions: st,
		Needs: st, Internships: st, Outcomes: st, NoticeReports: st, Shortlists: st, Spend: st,
		Ready:    func(context.Context) error { return nil },
		IndexLag: st.OutboxLen,
	}
	alerts := &notify.Service{Store: st, Key: f.srv.SessionKey, BaseURL: f.srv.URL}
	f.srv.Notifier, f.srv.Alerts, f.srv.Access = alerts, alerts, st
	for _, o := range opts {
		o(f.srv)
	}
	if err := f.srv.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		f.srv.Close(ctx)
	})
	return f
}

func (f *fixture) addToken(t *testing.T, tok koppel.Token) string {
	t.Helper()
	secret, id, err := koppel.NewTokenSecret()
	if err != nil {
		t.Fatal(err)
	}
	tok.ID, tok.Hash, tok.CreatedAt = id, koppel.HashToken(secret), time.Now()
	if err := f.st.PutToken(context.Background(), &tok); err != nil {
		t.Fatal(err)
	}
	return secret
}

func (f *fixture) putTender(t *testing.T, id, owner string, status koppel.TenderStatus) {
	t.Helper()
	tender := &koppel.Tender{ID: id, Owner: owner, Status: status, Title: "Schoonmaak " + id,
		Buyer: koppel.Buyer{Name: owner}, Lots: []koppel.Lot{{ID: "1", Title: "Poetsen", CPV: []koppel.CPV{"90911200"}, Postcode: "9000"}}}
	if err := f.st.PutTender(context.Background(), tender); err != nil {
		t.Fatal(err)
	}
}

// do sends a request as identity and returns the response with its body.
func (f *fixture) do(t *testing.T, identity, method, path, contentType, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if secret, ok := f.tokens[identity]; ok {
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

const registerCSV = "Ondernemingsnummer;Werkvorm;Erkenningsnummer;Bron\n0400040767;Maatwerkbedrijf;MWB-1;Departement WSE\n"

const tenderJSON = `{"title":"Groenonderhoud","buyer":{"name":"X"},"lots":[{"title":"Maaien","cpv":["77310000"],"postcode":"9000"}]}`

// matrixCase is the request a route gets in the authorization matrix and
// the status each identity must get.
type matrixCase struct {
	path, contentType, body string
	setup                   func(t *testing.T, f *fixture)
	want                    map[string]int
}

func all(status int) map[string]int {
	m := map[string]int{}
	for _, id := range identities {
		m[id] = status
	}
	return m
}

func statuses(anon, supA, supB, buyA, buyB, admin int) map[string]int {
	return map[string]int{"anonymous": anon, "supplierA": supA, "supplierB": supB, "buyerA": buyA, "buyerB": buyB, "admin": admin}
}

// matrix lists every route of the table. TestAuthorizationMatrix fails for
// a route missing here, so a new route cannot skip the access review.
var matrix = map[string]matrixCase{
	"GET /healthz":                        {path: "/healthz", want: all(200)},
	"GET /readyz":                         {path: "/readyz", want: all(200)},
	"GET /metrics":                        {path: "/metrics", want: all(200)},
	"GET /api/v1/enterprises":             {path: "/api/v1/enterprises", want: all(200)},
	"GET /api/v1/enterprises/:kbo":        {path: "/api/v1/enterprises/" + string(kboA), want: all(200)},
	"PUT /api/v1/enterprises/:kbo":        {path: "/api/v1/enterprises/" + string(kboA), contentType: "application/json", body: `{"name":"Nieuwe naam","address":{"postcode":"2000"}}`, want: statuses(401, 200, 403, 403, 403, 200)},
	"GET /api/v1/tenders":                 {path: "/api/v1/tenders", want: all(200)},
	"POST /api/v1/tenders":                {path: "/api/v1/tenders", contentType: "application/json", body: tenderJSON, want: statuses(401, 403, 403, 201, 201, 201)},
	"POST /api/v1/tenders/import":         {path: "/api/v1/tenders/import", contentType: "application/xml", body: noticeXML, want: statuses(401, 403, 403, 201, 403, 201)},
	"GET /api/v1/tenders/:id":             {path: "/api/v1/tenders/draft-A", want: statuses(404, 404, 404, 200, 404, 200)},
	"PUT /api/v1/tenders/:id":             {path: "/api/v1/tenders/published-A", contentType: "application/json", body: tenderJSON, want: statuses(401, 403, 403, 200, 403, 200)},
	"DELETE /api/v1/tenders/:id":          {path: "/api/v1/tenders/delete-me", setup: func(t *testing.T, f *fixture) { f.putTender(t, "delete-me", "Stad A", koppel.TenderPublished) }, want: statuses(401, 403, 403, 204, 403, 204)},
	"GET /api/v1/me":                      {path: "/api/v1/me", want: statuses(401, 200, 200, 200, 200, 200)},
	"GET /aanmelden":                      {path: "/aanmelden", want: all(200)},
	"POST /aanmelden":                     {path: "/aanmelden", contentType: "application/x-www-form-urlencoded", body: "token=wrong", want: statuses(403, 401, 401, 401, 401, 401)},
	"POST /afmelden":                      {path: "/afmelden", contentType: "application/x-www-form-urlencoded", want: statuses(403, 303, 303, 303, 303, 303)},
	"GET /api/openapi.json":               {path: "/api/openapi.json", want: all(200)},
	"GET /api/docs":                       {path: "/api/docs", want: all(200)},
	"GET /api/v1/catalogue/template.xlsx": {path: "/api/v1/catalogue/template.xlsx", want: all(200)},
	"POST /api/v1/enterprises/:kbo/catalogue": {path: "/api/v1/enterprises/" + string(kboA) + "/catalogue?dry_run=true", contentType: "text/csv",
		body: "Code;Dienst;Categorie\nP1;Poetsen;Schoonmaak\n", want: statuses(401, 200, 403, 403, 403, 200)},
	"GET /api/v1/imports/:id":                   {path: "/api/v1/imports/imp-A", setup: putImport, want: statuses(401, 200, 404, 404, 404, 200)},
	"GET /api/v1/imports/:id/annotated.xlsx":    {path: "/api/v1/imports/imp-A/annotated.xlsx", setup: putImport, want: statuses(401, 200, 404, 404, 404, 200)},
	"GET /":                                     {path: "/?q=poetsen", want: all(200)},
	"GET /api/v1/offerings":                     {path: "/api/v1/offerings?q=poetsen&postcode=9000", want: all(200)},
	"GET /api/v1/tenders/template.xlsx":         {path: "/api/v1/tenders/template.xlsx", want: all(200)},
	"GET /api/v1/tenders/:id/matches":           {path: "/api/v1/tenders/draft-A/matches", want: statuses(404, 404, 404, 200, 404, 200)},
	"GET /api/v1/enterprises/:kbo/tenders":      {path: "/api/v1/enterprises/" + string(kboA) + "/tenders", want: statuses(401, 200, 403, 403, 403, 200)},
	"GET /api/v1/admin/backup":                  {path: "/api/v1/admin/backup", want: statuses(401, 403, 403, 403, 403, 200)},
	"GET /api/v1/admin/recognitions":            {path: "/api/v1/admin/recognitions", want: statuses(401, 403, 403, 403, 403, 200)},
	"POST /api/v1/admin/recognitions":           {path: "/api/v1/admin/recognitions", contentType: "text/csv", body: registerCSV, want: statuses(401, 403, 403, 403, 403, 200)},
	"GET /beheer/erkenningen":                   {path: "/beheer/erkenningen", want: statuses(401, 403, 403, 403, 403, 200)},
	"POST /beheer/erkenningen":                  {path: "/beheer/erkenningen", contentType: "text/csv", body: registerCSV, want: statuses(401, 403, 403, 403, 403, 200)},
	"GET /api/v1/clauses":                       {path: "/api/v1/clauses", want: all(200)},
	"POST /api/v1/clauses/draft":                {path: "/api/v1/clauses/draft", contentType: "application/json", body: `{"lot":{"title":"Schoonmaak basisschool","cpv":["90911200-8"],"postcode":"9000","volume_fte":2}}`, want: statuses(401, 403, 403, 200, 200, 200)},
	"GET /api/v1/tenders/:id/clauses":           {path: "/api/v1/tenders/draft-A/clauses", want: statuses(401, 403, 403, 200, 404, 200)},
	"GET /api/v1/cpv":                           {path: "/api/v1/cpv?q=reiniging", want: all(200)},
	"GET /mijn-aanbod":                          {path: "/mijn-aanbod?kbo=" + string(kboA), want: statuses(401, 200, 200, 403, 403, 200)},
	"POST /mijn-aanbod":                         {path: "/mijn-aanbod?kbo=" + string(kboA), contentType: "text/csv", body: "Code;Dienst\nX1;Poetsen\n", want: statuses(401, 200, 200, 403, 403, 200)},
	"POST /mijn-aanbod/bevestigen":              {path: "/mijn-aanbod/bevestigen?kbo=" + string(kboA), contentType: "application/x-www-form-urlencoded", body: "upload=p-A", setup: putPending, want: statuses(401, 200, 410, 403, 403, 200)},
	"POST /mijn-aanbod/annuleren":               {path: "/mijn-aanbod/annuleren?kbo=" + string(kboA), contentType: "application/x-www-form-urlencoded", body: "upload=p-A", setup: putPending, want: statuses(401, 200, 410, 403, 403, 200)},
	"GET /opdrachten/nieuw":                     {path: "/opdrachten/nieuw", want: statuses(401, 403, 403, 200, 200, 200)},
	"POST /opdrachten/nieuw":                    {path: "/opdrachten/nieuw", contentType: "application/x-www-form-urlencoded", body: "title=Schoonmaak&buyer=Stad+A&lot1_title=Poetsen&lot1_cpv=90911200&lot1_postcode=9000", want: statuses(401, 403, 403, 303, 303, 303)},
	"POST /opdrachten/opladen":                  {path: "/opdrachten/opladen", contentType: "application/xml", body: noticeXML, want: statuses(401, 403, 403, 200, 400, 200)},
	"GET /clausule":                             {path: "/clausule", want: statuses(401, 403, 403, 200, 200, 200)},
	"POST /clausule":                            {path: "/clausule", contentType: "application/x-www-form-urlencoded", body: "title=Schoonmaak&cpv=90911200&postcode=9000", want: statuses(401, 403, 403, 200, 200, 200)},
	"GET /ondernemingen":                        {path: "/ondernemingen?q=poetsen", want: all(200)},
	"GET /ondernemingen/:kbo":                   {path: "/ondernemingen/" + string(kboA), want: all(200)},
	"GET /opdrachten":                           {path: "/opdrachten", want: all(200)},
	"GET /opdrachten/:id":                       {path: "/opdrachten/draft-A", want: statuses(404, 404, 404, 200, 404, 200)},
	"POST /opdrachten/:id/publiceren":           {path: "/opdrachten/publish-me/publiceren", contentType: "application/x-www-form-urlencoded", setup: func(t *testing.T, f *fixture) { f.putTender(t, "publish-me", "Stad A", koppel.TenderDraft) }, want: statuses(401, 403, 403, 303, 404, 303)},
	"GET /api/v1/tenders/:id/lots/:lot/outcome": {path: "/api/v1/tenders/outcome-A/lots/1/outcome", setup: putOutcome, want: all(200)},
	"PUT /api/v1/tenders/:id/lots/:lot/outcome": {path: "/api/v1/tenders/outcome-A/lots/1/outcome", contentType: "application/json", body: `{"result":"not_awarded","reason":"no_tenders","date":"2026-07-01"}`,
		setup: putOutcome, want: statuses(401, 403, 403, 200, 403, 200)},
	"GET /api/v1/enterprises/:kbo/outcomes":     {path: "/api/v1/enterprises/" + string(kboB) + "/outcomes", setup: putOutcome, want: all(200)},
	"GET /api/v1/outcomes/report":               {path: "/api/v1/outcomes/report", want: statuses(401, 403, 403, 200, 200, 200)},
	"GET /opdrachten/:id/percelen/:lot/uitslag": {path: "/opdrachten/outcome-A/percelen/1/uitslag", setup: putOutcome, want: statuses(401, 403, 403, 200, 403, 200)},
	"POST /opdrachten/:id/percelen/:lot/uitslag": {path: "/opdrachten/outcome-A/percelen/1/uitslag", contentType: "application/x-www-form-urlencoded", body: "result=not_awarded&reason=no_suitable&date=2026-07-02",
		setup: putOutcome, want: statuses(401, 403, 403, 303, 403, 303)},
	"GET /resultaten":                      {path: "/resultaten", want: statuses(401, 403, 403, 200, 200, 200)},
	"GET /api/v1/admin/tokens":             {path: "/api/v1/admin/tokens", want: statuses(401, 403, 403, 403, 403, 200)},
	"POST /api/v1/admin/tokens/:id/revoke": {path: "/api/v1/admin/tokens/nothing/revoke", want: statuses(401, 403, 403, 403, 403, 404)},
	"GET /beheer/tokens":                   {path: "/beheer/tokens", want: statuses(401, 403, 403, 403, 403, 200)},
	"POST /beheer/tokens/:id/intrekken":    {path: "/beheer/tokens/nothing/intrekken", contentType: "application/x-www-form-urlencoded", want: statuses(401, 403, 403, 403, 403, 404)},
	"POST /api/v1/admin/notices":           {path: "/api/v1/admin/notices", contentType: "application/zip", want: statuses(401, 403, 403, 403, 403, 400)},
	"GET /api/v1/admin/notices":            {path: "/api/v1/admin/notices", want: statuses(401, 403, 403, 403, 403, 200)},
	"GET /api/v1/admin/notices/:id":        {path: "/api/v1/admin/notices/nothing", want: statuses(401, 403, 403, 403, 403, 404)},
	"GET /beheer/aankondigingen":           {path: "/beheer/aankondigingen", want: statuses(401, 403, 403, 403, 403, 200)},
}

func TestAuthorizationMatrix(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	for _, r := range f.srv.Routes() {
		key := r.Method + " " + r.Path
		mc, ok := matrix[key]
		if !ok {
			t.Errorf("route %s has no entry in the authorization matrix", key)
			continue
		}
		for _, id := range identities {
			t.Run(key+"/"+id, func(t *testing.T) {
				if mc.setup != nil {
					mc.setup(t, f)
				}
				resp, body := f.do(t, id, r.Method, mc.path, mc.contentType, mc.body)
				if resp.StatusCode != mc.want[id] {
					t.Errorf("got %d, want %d: %s", resp.StatusCode, mc.want[id], body)
				}
				if resp.StatusCode >= 400 && strings.HasPrefix(r.Path, "/api/") && !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
					t.Errorf("error answered with Content-Type %q, want application/problem+json", resp.Header.Get("Content-Type"))
				}
			})
		}
	}
}

func TestTokenStates(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	expired := f.addToken(t, koppel.Token{Role: koppel.RoleAdmin, ExpiresAt: time.Now().Add(-time.Minute)})
	revoked := f.addToken(t, koppel.Token{Role: koppel.RoleAdmin, Revoked: true})
	for name, secret := range map[string]string{"expired": expired, "revoked": revoked, "unknown": "kp_nothing", "empty": ""} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", f.srv.URL()+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+secret)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("got %d (WWW-Authenticate %q), want 401 with a challenge", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
			}
		})
	}
	if got := koppel.HashToken("kp_x"); len(got) != 64 || got == "kp_x" {
		t.Errorf("HashToken = %q, want a hex SHA-256", got)
	}
	tokens, _ := f.st.FindTokens(context.Background())
	for _, tok := range tokens {
		for _, secret := range f.tokens {
			if strings.Contains(tok.Hash, secret) || tok.ID == secret {
				t.Errorf("token %s stores its secret", tok.ID)
			}
		}
	}
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func TestWebSessionAndCSRF(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	base := f.srv.URL()

	// The sign-in form carries a CSRF token bound to a cookie.
	resp, err := client.Get(base + "/aanmelden")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfInput.FindSubmatch(page)
	if m == nil {
		t.Fatalf("sign-in page has no CSRF field:\n%s", page)
	}
	// Without the CSRF field the sign-in is refused.
	resp, err = client.PostForm(base+"/aanmelden", url.Values{"token": {f.tokens["supplierA"]}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without CSRF = %d, want 403", resp.StatusCode)
	}
	resp, err = client.PostForm(base+"/aanmelden", url.Values{"token": {f.tokens["supplierA"]}, "csrf": {string(m[1])}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in = %d, want 303", resp.StatusCode)
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "koppel_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure {
		t.Fatalf("session cookie = %+v, want HttpOnly, SameSite=Lax, not Secure over plain HTTP", cookie)
	}

	// Signed in by cookie: reads work, writes need the CSRF token.
	resp, err = client.Get(base + "/api/v1/me")
	if err != nil {
		t.Fatal(err)
	}
	var me server.Me
	json.NewDecoder(resp.Body).Decode(&me)
	resp.Body.Close()
	if me.Enterprise != kboA {
		t.Errorf("/api/v1/me by session = %+v, want supplier of %s", me, kboA)
	}
	put := func(csrf string) int {
		req, _ := http.NewRequest("PUT", base+"/api/v1/enterprises/"+string(kboA), strings.NewReader(`{"name":"Via sessie","address":{"postcode":"9000"}}`))
		req.Header.Set("Content-Type", "application/json")
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := put(""); got != http.StatusForbidden {
		t.Errorf("PUT by session without CSRF = %d, want 403", got)
	}
	resp, _ = client.Get(base + "/aanmelden")
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	sessionCSRF := string(csrfInput.FindSubmatch(page)[1])
	if got := put(sessionCSRF); got != http.StatusOK {
		t.Errorf("PUT by session with CSRF = %d, want 200", got)
	}
	if got := put("forged"); got != http.StatusForbidden {
		t.Errorf("PUT by session with a forged CSRF = %d, want 403", got)
	}

	// Sign out ends the session.
	resp, err = client.PostForm(base+"/afmelden", url.Values{"csrf": {sessionCSRF}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, _ = client.Get(base + "/api/v1/me")
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("/api/v1/me after sign-out = %d, want 401", resp.StatusCode)
	}
}

func TestRateLimit(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 0.5, SearchBurst: 2, WritePerSecond: 0.5, WriteBurst: 1})
	var last *http.Response
	for range 3 {
		last, _ = f.do(t, "anonymous", "GET", "/api/v1/tenders", "", "")
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Errorf("third search = %d (Retry-After %q), want 429 with Retry-After", last.StatusCode, last.Header.Get("Retry-After"))
	}
	// Another client (a token) has its own bucket.
	if resp, _ := f.do(t, "buyerA", "GET", "/api/v1/tenders", "", ""); resp.StatusCode != 200 {
		t.Errorf("search by another client = %d, want 200", resp.StatusCode)
	}
}

func TestBodyLimits(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	big := `{"title":"` + strings.Repeat("x", 2<<20) + `"}`
	resp, body := f.do(t, "buyerA", "POST", "/api/v1/tenders", "application/json", big)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, `"code":"too_large"`) {
		t.Errorf("2 MB JSON = %d %.200s, want 413 too_large", resp.StatusCode, body)
	}
	resp, body = f.do(t, "buyerA", "POST", "/api/v1/tenders", "application/json", `{"title":`)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "JSON") {
		t.Errorf("broken JSON = %d %s, want 400 naming JSON", resp.StatusCode, body)
	}
	resp, body = f.do(t, "buyerA", "POST", "/api/v1/tenders", "application/json", `{"title":"x","colour":"blue"}`)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "colour") {
		t.Errorf("unknown field = %d %s, want 400 naming the field", resp.StatusCode, body)
	}
}

func TestSecurityHeadersAndMetrics(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	resp, _ := f.do(t, "anonymous", "GET", "/healthz", "", "")
	for h, want := range map[string]string{
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
		"Content-Security-Policy": "frame-ancestors 'none'",
	} {
		if got := resp.Header.Get(h); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to contain %q", h, got, want)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %s", csp)
	}
	_, body := f.do(t, "anonymous", "GET", "/metrics", "", "")
	for _, want := range []string{`koppel_http_requests_total{method="GET",route="/healthz",status="200"} 1`, "koppel_index_lag", "koppel_http_request_duration_seconds_bucket"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	doc, err := f.srv.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("OpenAPI document is invalid: %v", err)
	}
	_, body := f.do(t, "anonymous", "GET", "/api/openapi.json", "", "")
	var served struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &served); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:([a-z_]+)`)
	for _, r := range f.srv.Routes() {
		if r.Page {
			continue
		}
		p := param.ReplaceAllString(r.Path, "{$1}")
		if _, ok := served.Paths[p][strings.ToLower(r.Method)]; !ok {
			t.Errorf("route %s %s is missing from /api/openapi.json", r.Method, p)
		}
	}
}

// putImport stores an import report of enterprise A with an annotated file.
func putImport(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	if err := f.st.PutImportReport(ctx, &koppel.ImportReport{ID: "imp-A", Enterprise: kboA, Status: "imported"}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.PutImportFile(ctx, "imp-A", []byte("xlsx")); err != nil {
		t.Fatal(err)
	}
}

// putPending keeps an upload for enterprise A waiting for confirmation, by
// supplier A and by the admin. Its preview allowed any number of removals:
// the catalogue is whatever the cases before left (the limit has its own
// test).
func putPending(t *testing.T, f *fixture) {
	t.Helper()
	for _, id := range []string{"supplierA", "admin"} {
		p := &koppel.PendingUpload{ID: "p-A", Enterprise: kboA, Owner: f.tokenID(id), File: "aanbod.csv", Removed: 1 << 30, Data: []byte("Code;Dienst;Categorie\nP1;Poetsen;Schoonmaak\n")}
		if err := f.st.PutPendingUpload(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
}

// tokenID is the public ID of an identity's token.
func (f *fixture) tokenID(identity string) string {
	return koppel.HashToken(f.tokens[identity])[:12]
}

// noticeXML is a real eForms contract notice (a synthetic Flemish one from
// the eForms importer's test data), its buyer given buyerA's company number.
var noticeXML = func() string {
	b, err := os.ReadFile("../importers/eforms/testdata/cn_flemish_synthetic.xml")
	if err != nil {
		panic(err)
	}
	return strings.Replace(string(b), "</cac:PartyName>", "</cac:PartyName><cac:PartyLegalEntity><cbc:CompanyID>0207.451.227</cbc:CompanyID></cac:PartyLegalEntity>", 1)
}()

// putOutcome stores the published tender outcome-A of Stad A with its lot
// awarded to enterprise B.
func putOutcome(t *testing.T, f *fixture) {
	t.Helper()
	f.putTender(t, "outcome-A", "Stad A", koppel.TenderPublished)
	o := &koppel.Outcome{TenderID: "outcome-A", LotID: "1", Result: koppel.OutcomeAwarded, Winners: []koppel.Winner{{KBO: kboB, Name: "B"}},
		Date: koppel.NewDate(2026, 7, 1), Source: koppel.OutcomeSource{Kind: "form"}}
	if err := f.st.PutOutcome(context.Background(), o); err != nil {
		t.Fatal(err)
	}
}
