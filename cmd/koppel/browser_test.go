package main

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium returns the path of a Chromium to drive, or skips the test when
// there is none (CI installs it and sets KOPPEL_REQUIRE_BROWSER=1, which
// turns the skip into a failure).
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("KOPPEL_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if os.Getenv("KOPPEL_REQUIRE_BROWSER") != "" {
		t.Fatal("no Chromium found, and KOPPEL_REQUIRE_BROWSER is set")
	}
	t.Skip("no Chromium found (apt-get install chromium)")
	return ""
}

// browser starts a headless Chromium with the flags this sandbox needs.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// A Flemish browser: the pages follow Accept-Language (headless
		// Chromium would ask for en-US).
		chromedp.Flag("accept-lang", "nl-BE,nl"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	// The whole test, set-up included, gets six minutes; each browse step
	// gets stepTimeout of them.
	ctx, cancel3 := context.WithTimeout(ctx, 6*time.Minute)
	t.Cleanup(cancel3)
	// Start the browser now, on this context: the first run of a chromedp
	// context starts it, and ending that run's context would close it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// stepTimeout bounds one browse step. A step that hangs (a navigation
// that never loads) then fails on its own, while the browser still answers
// for the screenshot and the address.
const stepTimeout = 2 * time.Minute

// A selector given to chromedp as a plain string is a DOM search
// (DOM.performSearch), not only CSS: it also finds every element whose
// attribute values or text contain the string, and a wait for it to be
// visible waits until all of them are. "h1" then also found the hidden
// sign-out form's CSRF token when the random token held "h1" (one run in
// 20 to 40), and the wait never ended. A selector that is a bare word
// ("h1", "main", "dl", "table") is therefore given as chromedp.CSS
// (TestBrowserSelectorsNotBareWords checks); one with punctuation
// ("#token", "ul.hits li") does not occur in tokens and IDs.

// browse runs steps in order and stops the test at the first that fails,
// saying which (the third of five: its place in the call) and keeping a
// screenshot of the page as it was.
func browse(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	start := time.Now()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	for i, step := range steps {
		if err := chromedp.Do(sctx, step); err != nil {
			shot := filepath.Join(t.TempDir(), "failure.png")
			if png, serr := chromedp.Run(ctx, chromedp.FullScreenshot(90)); serr == nil {
				_ = os.WriteFile(shot, png, 0o644)
			}
			at, _ := chromedp.Run(ctx, chromedp.Location())
			t.Fatalf("%s, action %d of %d: %v after %s, at %q (screenshot: %s)", what, i+1, len(steps), err, time.Since(start).Round(time.Millisecond), at, shot)
		}
	}
}

// submitted submits the form that holds sel and waits until the page the
// form leads to has loaded. Waiting for an element instead passes at once
// when the old page has that element too (the report above an upload
// form), and the next step then races the form's navigation.
func submitted(sel string) chromedp.Action[chromedp.Void] {
	return leavePage(chromedp.Submit(sel))
}

// clickedThrough clicks sel (a link or a submit button) and waits until
// the page it leads to has loaded, as submitted does.
func clickedThrough(sel string) chromedp.Action[chromedp.Void] {
	return leavePage(chromedp.Click(sel))
}

// leavePage marks the current page, runs act and waits until a page
// without the mark has loaded completely.
func leavePage(act chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := chromedp.Evaluate[bool](`window.koppelOldPage = true`)(ctx, t); err != nil {
			return err
		}
		if _, err := act(ctx, t); err != nil {
			return err
		}
		for {
			// While the page changes, the evaluation may fail: try again.
			loaded, err := chromedp.Evaluate[bool](`window.koppelOldPage === undefined && document.readyState === "complete"`)(ctx, t)
			if err == nil && loaded {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

// screenshotOnFailure saves the page when the test has failed by the end.
func screenshotOnFailure(t *testing.T, ctx context.Context) {
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90)); err == nil {
			shot := filepath.Join(os.TempDir(), "koppel-"+strings.ReplaceAll(t.Name(), "/", "-")+".png")
			if os.WriteFile(shot, png, 0o644) == nil {
				t.Logf("screenshot: %s", shot)
			}
		}
	})
}

// read runs one action and returns its value. It gets a step's deadline
// too: a read of an element waits until the page has it, and one that
// never comes fails on its own, saying where the browser was, instead of
// at the end of the whole test's time.
func read[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	start := time.Now()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		at, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("read: %v after %s, at %q", err, time.Since(start).Round(time.Millisecond), at)
	}
	return v
}

// site is a real koppel serve on a data directory of its own, with a
// headless Chromium to drive it and a token for each user a test signs in
// as: what every browser test starts from.
type site struct {
	t      *testing.T
	ctx    context.Context // the browser's
	url    string
	tokens map[string]string // the secret of each user, by name
}

// startSite starts koppel serve (with the demo data when demo is set) on
// a new data directory, after creating a token for each user, and
// Chromium (1100 × 900) to drive it: users maps a name the test chooses
// ("buyer", "school") to the arguments of koppel token create ("--role",
// "buyer", "--buyer", "Stad Voorbeeld"). The page is kept as a screenshot
// when the test fails.
func startSite(t *testing.T, demo bool, users map[string][]string) *site {
	t.Helper()
	var args []string
	if demo {
		args = append(args, "--demo")
	}
	return startSiteWith(t, nil, users, args...)
}

// startSiteWith is startSite for a test that fills the data directory
// before koppel serve opens it: prepare, when set, gets the built koppel
// and the directory first (to run koppel import or seed the store), and
// serveArgs are more arguments for koppel serve ("--alert-interval", "50ms").
func startSiteWith(t *testing.T, prepare func(bin, data string), users map[string][]string, serveArgs ...string) *site {
	t.Helper()
	return serveSite(t, prepare, users, serveArgs...).open(t, 1100, 900)
}

// serveSite is startSiteWith without a browser: for a test whose subtests
// each open their own (one per screen width or language) on the same
// koppel serve.
func serveSite(t *testing.T, prepare func(bin, data string), users map[string][]string, serveArgs ...string) *site {
	t.Helper()
	chromium(t) // skip before building when there is none
	bin := buildKoppel(t)
	data := filepath.Join(t.TempDir(), "data")
	if prepare != nil {
		prepare(bin, data)
	}
	s := &site{t: t, tokens: map[string]string{}}
	for name, args := range users {
		out, err := exec.Command(bin, append([]string{"token", "create", "--data", data}, args...)...).Output()
		if err != nil {
			t.Fatalf("token for %s: %v", name, err)
		}
		s.tokens[name] = strings.TrimSpace(string(out))
	}
	_, s.url = startServe(t, bin, append([]string{"--data", data}, serveArgs...)...)
	return s
}

// open returns the site driven by a new Chromium of width × height px for
// the test (or subtest) t; the page is kept as a screenshot when t fails.
func (s *site) open(t *testing.T, width, height int) *site {
	t.Helper()
	ctx := browser(t, width, height)
	screenshotOnFailure(t, ctx)
	return &site{t: t, ctx: ctx, url: s.url, tokens: s.tokens}
}

// token is the secret of the user name.
func (s *site) token(name string) string {
	s.t.Helper()
	tok, ok := s.tokens[name]
	if !ok {
		s.t.Fatalf("no token for %q", name)
	}
	return tok
}

// signIn signs in as the user name from the sign-in page and goes on to
// path ("/stages/nieuw").
func (s *site) signIn(name, path string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(s.url+"/aanmelden?terug="+url.QueryEscape(path)),
		s.typeToken(name),
	)
}

// typeToken signs in as the user name on the sign-in page the browser is
// on or is sent to (a page that asks to be signed in), and waits for the
// page it leads to.
func (s *site) typeToken(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible("#token"),
		chromedp.SendKeys("#token", s.token(name)),
		submitted("#token"),
	)
}

// signOut signs out with the header's button and waits until it has
// happened: until the page after it has loaded, without the sign-out form,
// and its header offers to sign in (navigating while the form is still
// submitting aborts the sign-out).
var signOut = chromedp.Steps(
	clickedThrough(`form[action="/afmelden"] button`),
	chromedp.WaitNotPresent(`form[action="/afmelden"]`),
	chromedp.WaitVisible(`a[href="/aanmelden"]`),
)

// TestPagesInBrowser uses the pages as the three kinds of users would, in
// a real headless Chromium against the real koppel serve with demo data.
func TestPagesInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	site := startSite(t, true, map[string][]string{
		"buyer":    {"--role", "buyer", "--buyer", "Stad Voorbeeld"},
		"supplier": {"--role", "supplier", "--enterprise", "0123.456.749"},
	})
	ctx, url, supplier := site.ctx, site.url, site.token("supplier")
	shots := t.TempDir()

	// A facility manager searches, with a typo, and filters by a facet.
	browse(t, ctx, "search",
		chromedp.Navigate(url+"/"),
		chromedp.SendKeys("#q", "poetsdienst scholen"),
		chromedp.SendKeys("#postcode", "9000"),
		chromedp.SendKeys("#radius_km", "30"),
		submitted("#q"),
		chromedp.WaitVisible("ul.hits li"),
	)
	hits := read(t, ctx, chromedp.Text("ul.hits"))
	if !strings.Contains(strings.ToLower(hits), "poets") || !strings.Contains(hits, "km") {
		t.Errorf("search hits %q, want cleaning services with distances", hits[:min(len(hits), 300)])
	}
	browse(t, ctx, "facet",
		clickedThrough(".facets ul li a"),
		chromedp.WaitVisible("ul.hits li"),
	)
	location := read(t, ctx, chromedp.Location())
	if !strings.Contains(location, "category=") || !strings.Contains(location, "q=poetsdienst") {
		t.Errorf("after a facet click the URL is %s, want the whole search with the category", location)
	}
	browse(t, ctx, "typo",
		chromedp.Navigate(url+"/?q=groenonderhoudd"),
		chromedp.WaitVisible("ul.hits li"),
	)
	suggest := read(t, ctx, chromedp.Text("ul.hits"))
	if !strings.Contains(strings.ToLower(suggest), "groen") {
		t.Errorf("a typo found %q, want green maintenance", suggest[:min(len(suggest), 200)])
	}

	// The enterprise profile opens from a hit.
	browse(t, ctx, "profile",
		clickedThrough("ul.hits li .who a"),
		chromedp.WaitVisible("ul.offerings"),
	)
	profile := read(t, ctx, chromedp.Text(chromedp.CSS("main")))
	for _, want := range []string{"Ondernemingsnummer", "Werkgebied", "Aanbod"} {
		if !strings.Contains(profile, want) {
			t.Errorf("profile page lacks %q", want)
		}
	}

	// A procurement officer signs in, creates a tender and sees matches.
	browse(t, ctx, "new tender",
		chromedp.Navigate(url+"/opdrachten/nieuw"),
		site.typeToken("buyer"),             // redirected to sign in
		chromedp.WaitVisible("#lot1_title"), // and back to the form
		chromedp.SendKeys("#title", "Schoonmaak basisschool De Linde"),
		chromedp.SendKeys("#lot1_title", "Dagelijkse schoonmaak van klaslokalen"),
		chromedp.SendKeys("#lot1_cpv", "90911200-8"),
		chromedp.SendKeys("#lot1_postcode", "9000"),
		chromedp.SendKeys("#lot1_volume", "2"),
		chromedp.SetValue("#lot1_clause", "res-ws"),
		chromedp.SetValue("#status", "published"),
		submitted("#title"),
		chromedp.WaitVisible("ol.matches"),
	)
	tender := read(t, ctx, chromedp.Text(chromedp.CSS("main")))
	tenderURL := read(t, ctx, chromedp.Location())
	if !strings.Contains(tender, "Passende ondernemingen") || !strings.Contains(tender, "mag inschrijven") {
		t.Errorf("tender page lacks ranked eligible enterprises: %.400s", tender)
	}

	// The clause assistant for that lot.
	browse(t, ctx, "clause",
		clickedThrough(`a[href^="/clausule?tender="]`),
		chromedp.WaitVisible("#title"),
		submitted("#title"),
		chromedp.WaitVisible("section.report"),
	)
	advice := read(t, ctx, chromedp.Text("section.report"))
	for _, want := range []string{"De markt", "Advies", "BT-71", "Rechtsgrond"} {
		if !strings.Contains(advice, want) {
			t.Errorf("clause page lacks %q: %.300s", want, advice)
		}
	}

	// On a phone the market scan's table reads as cards, and the tender
	// page with its lots and matches fits the screen.
	browse(t, ctx, "clause on a phone", chromedp.EmulateViewport(390, 844))
	phoneFits(t, ctx, "the clause assistant", 5)
	browse(t, ctx, "tender on a phone", chromedp.Navigate(tenderURL), chromedp.WaitVisible("ol.matches"))
	phoneFits(t, ctx, "the tender page", 0)
	browse(t, ctx, "wide again", chromedp.EmulateViewport(1100, 900))

	// An enterprise signs in and uploads its catalogue with one bad row.
	dir := t.TempDir()
	csv := filepath.Join(dir, "aanbod.csv")
	if err := os.WriteFile(csv, []byte("Code;Dienst;Categorie;CPV-codes\nP1;Poetsen van klaslokalen;Schoonmaak;90911200-8\nP2;Groenonderhoud;Groenonderhoud;9091120\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	putEnterprise(t, url, supplier)
	browse(t, ctx, "supplier upload",
		site.signIn("supplier", "/mijn-aanbod"),
		chromedp.WaitVisible("#file"),
		chromedp.SetUploadFiles("#file", []string{csv}),
		submitted("#file"),
		chromedp.WaitVisible("section.report"),
	)
	report := read(t, ctx, chromedp.Text("section.report"))
	for _, want := range []string{"1 nieuw", "1 geweigerd", "9091120", "CPV"} {
		if !strings.Contains(report, want) {
			t.Errorf("upload report lacks %q: %.400s", want, report)
		}
	}

	// At phone width nothing sticks out sideways.
	browse(t, ctx, "narrow",
		chromedp.EmulateViewport(360, 740),
		chromedp.Navigate(url+"/?q=groenonderhoud"),
		chromedp.WaitVisible("ul.hits li"),
	)
	overflow := read(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if overflow {
		t.Error("the search page is wider than a 360 px screen")
	}
	browse(t, ctx, "404", chromedp.Navigate(url+"/bestaat-niet"))
	notFound := read(t, ctx, chromedp.Text(chromedp.CSS("h1")))
	t.Logf("hits %d chars, location %s, tender %d chars, advice %d chars, 404 %q", len(hits), location, len(tender), len(advice), notFound)
	if notFound != "Pagina niet gevonden" {
		t.Errorf("404 page title %q, want Dutch", notFound)
	}
	png := read(t, ctx, chromedp.FullScreenshot(80))
	if err := os.WriteFile(filepath.Join(shots, "last.jpg"), png, 0o644); err != nil {
		t.Error(err)
	}
}

// putEnterprise creates the fictional enterprise of the supplier token
// through the API (a CSV catalogue has no Onderneming sheet to create it).
func putEnterprise(t *testing.T, url, token string) {
	t.Helper()
	req, _ := http.NewRequest("PUT", url+"/api/v1/enterprises/0123456749", strings.NewReader(`{"name":"De Fictieve Poetsploeg vzw","address":{"postcode":"9000"},"recognitions":[{"form":"maatwerkbedrijf"}]}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("PUT enterprise: %s", resp.Status)
	}
}
