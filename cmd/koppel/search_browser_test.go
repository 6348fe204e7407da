package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"koppel"
	"koppel/refdata"
)

// TestSearchNearPlaceInBrowser is the facility manager's first question on
// the demo data, in a real Chromium: "poetsdienst school", place "Gent",
// 20 km. Every one of the first 10 results must be a cleaning service of
// an enterprise that comes to Gent, judged from the enterprise's own data
// (its service area, read through the API), not from what the search says.
func TestSearchNearPlaceInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSite(t, true, nil)
	ctx, url := s.ctx, s.url
	browse(t, ctx, "search near Gent",
		chromedp.Navigate(url+"/"),
		chromedp.SendKeys("#q", "poetsdienst school"),
		chromedp.SendKeys("#postcode", "Gent"),
		chromedp.SendKeys("#radius_km", "20"),
		submitted("#q"),
		chromedp.WaitVisible("ul.hits li"),
	)
	if on := read(t, ctx, chromedp.Evaluate[bool](`document.querySelector('#komt').checked`)); !on {
		t.Errorf("komt naar deze plaats is not ticked after a search with a place")
	}
	type hit struct {
		Link     string `json:"link"`
		Category string `json:"category"`
		Who      string `json:"who"`
	}
	hits := read(t, ctx, chromedp.Evaluate[[]hit](`[...document.querySelectorAll('ul.hits > li')].slice(0, 10).map(li => ({
		link: li.querySelector('h2 a').getAttribute('href'),
		category: li.querySelector('p.badges .muted').textContent.trim(),
		who: li.querySelector('p.who').textContent}))`))
	if len(hits) < 10 {
		t.Fatalf("%d results, want at least 10 cleaning services that come to Gent", len(hits))
	}
	places := refdata.Load()
	gent, _ := places.Postcode("9000")
	for i, h := range hits {
		if h.Category != koppel.Category("schoonmaak").Label() {
			t.Errorf("result %d %s is %q, not a cleaning service", i+1, h.Link, h.Category)
		}
		if !strings.Contains(h.Who, "km") {
			t.Errorf("result %d %s shows no distance from Gent: %q", i+1, h.Link, h.Who)
		}
		kbo, code, _ := strings.Cut(strings.TrimPrefix(h.Link, "/ondernemingen/"), "#aanbod-")
		if !comesTo(t, url, kbo, code, gent, places) {
			t.Errorf("result %d %s: the enterprise does not come to Gent", i+1, h.Link)
		}
	}
}

// comesTo reads an enterprise through the API and reports whether the
// service area of its offering code covers place p: the offering's own
// area, else the enterprise's, else its own municipality.
func comesTo(t *testing.T, url, kbo, code string, p koppel.Place, places *refdata.Data) bool {
	t.Helper()
	resp, err := http.Get(url + "/api/v1/enterprises/" + kbo)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var view struct {
		koppel.Enterprise
		Offerings []*koppel.Offering `json:"offerings"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&view); err != nil {
		t.Fatalf("enterprise %s: %v", kbo, err)
	}
	area := view.ServiceArea
	for _, o := range view.Offerings {
		if o.ID == code && !o.ServiceArea.IsZero() {
			area = o.ServiceArea
		}
	}
	base, ok := places.Postcode(view.Address.Postcode)
	if area.IsZero() {
		return ok && base.Municipality == p.Municipality
	}
	for _, m := range area.Municipalities {
		if mp, found := places.ResolvePlace(m); found && mp.Municipality == p.Municipality {
			return true
		}
	}
	for _, pr := range area.Provinces {
		if pp, found := places.ParseProvince(pr); found && pp == p.Province {
			return true
		}
	}
	return ok && area.RadiusKm > 0 && koppel.DistanceKm(base.Lat, base.Lon, p.Lat, p.Lon) <= area.RadiusKm
}
