package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestInternshipInBrowser: a school offers 2 internship places for its
// poetsploeg; an LDE with transition paths in Gentbrugge finds them within
// 25 km of its own place and registers interest; the school sees it. In a
// real headless Chromium against the real koppel serve.
func TestInternshipInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSite(t, false, map[string][]string{
		"school": {"--role", "buyer", "--buyer", "Basisschool De Linde"},
		"lde":    {"--role", "supplier", "--enterprise", "0123.456.749"},
	})
	ctx, url := s.ctx, s.url

	// The LDE declares its transition paths in its profile.
	req, _ := http.NewRequest("PUT", url+"/api/v1/enterprises/0123456749", strings.NewReader(
		`{"name":"Buurtwerk Schetsbeek LDE","address":{"postcode":"9050"},"recognitions":[{"form":"lde"}],"target_groups":["langdurig-werkzoekend","art60"],"transition_paths":true}`))
	req.Header.Set("Authorization", "Bearer "+s.token("lde"))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		t.Fatalf("put enterprise: %d", resp.StatusCode)
	}

	browse(t, ctx, "school offers places",
		s.signIn("school", "/stages/nieuw"),
		chromedp.WaitVisible("form.internship #title"),
		chromedp.SendKeys("#title", "Stage in de poetsploeg"),
		chromedp.SetValue("#work", "poetsen"),
		chromedp.SendKeys("#description", "Mee poetsen met onze poetsploeg na de schooluren."),
		chromedp.SendKeys("#street", "Lindestraat 1"),
		chromedp.SendKeys("#postcode", "9000"),
		chromedp.SendKeys("#start", "01/02/2027"),
		chromedp.SendKeys("#end", "30/04/2027"),
		chromedp.SetValue("#places", "2"),
		chromedp.SendKeys("#email", "facilitair@delinde.example"),
		submitted("#title"),
		chromedp.WaitVisible("p.notice"),
	)
	offerURL := read(t, ctx, chromedp.Location())
	offer := read(t, ctx, chromedp.Text(chromedp.CSS("main")))
	for _, want := range []string{"gepubliceerd", "Poetsen en schoonmaak", "2, waarvan 0 ingevuld", "Reacties (0)"} {
		if !strings.Contains(offer, want) {
			t.Errorf("offer page lacks %q: %.500s", want, offer)
		}
	}

	browse(t, ctx, "the LDE finds the places near it",
		signOut,
		s.signIn("lde", "/stages"),
		chromedp.WaitVisible("ul.stages li"),
	)
	summary := read(t, ctx, chromedp.Text("#stages-summary"))
	hits := read(t, ctx, chromedp.Text("ul.stages"))
	if !strings.Contains(summary, "binnen 25 km") || !strings.Contains(summary, "Buurtwerk Schetsbeek LDE") || !strings.Contains(hits, "Stage in de poetsploeg") || !strings.Contains(hits, " km") {
		t.Errorf("the LDE's list: %q / %q, want the school's place within 25 km of its own place, with the distance", summary, hits)
	}

	browse(t, ctx, "the LDE registers interest",
		clickedThrough("ul.stages li h2 a"),
		chromedp.WaitVisible("#message"),
		chromedp.SendKeys("#message", "Een medewerker begint in februari aan de derde fase."),
		submitted("#message"),
		chromedp.WaitVisible("p.notice"),
	)
	if got := read(t, ctx, chromedp.Text("p.notice")); !strings.Contains(got, "interesse is doorgegeven") {
		t.Errorf("after registering: %q", got)
	}
	if got := read(t, ctx, chromedp.Text(chromedp.CSS("main"))); strings.Contains(got, "Reacties") {
		t.Errorf("the LDE sees the school's list of interests")
	}
	// The list reads well on a phone.
	browse(t, ctx, "phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(url+"/stages"), chromedp.WaitVisible("ul.stages li"))
	if read(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
		t.Error("the internship list is wider than a 390 px screen")
	}
	browse(t, ctx, "wide again", chromedp.EmulateViewport(1100, 900))

	browse(t, ctx, "the school sees the interest",
		signOut,
		s.signIn("school", strings.TrimPrefix(offerURL[:strings.Index(offerURL, "?")], url)),
		chromedp.WaitVisible("#reacties"),
	)
	reactions := read(t, ctx, chromedp.Text("#reacties"))
	for _, want := range []string{"Reacties (1)", "Buurtwerk Schetsbeek LDE", "derde fase"} {
		if !strings.Contains(reactions, want) {
			t.Errorf("the school's reactions lack %q: %q", want, reactions)
		}
	}
}
