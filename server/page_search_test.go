package server_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/server"
)

// TestSearchPagePlace checks how the search page reads its place fields:
// names, postcodes and distances as people type them, "komt naar deze
// plaats" on by default, and a place it cannot read shown beside the field
// with the results still there.
func TestSearchPagePlace(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	page := func(query string) *goquery.Document {
		t.Helper()
		resp, body := f.do(t, "anonymous", "GET", "/?"+query, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d: %.300s", query, resp.StatusCode, body)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	for _, place := range []string{"Gent", "9000", "9000 Gent", "B-9000"} {
		for _, km := range []string{"", "20", "20 km"} {
			q := url.Values{"q": {"poetsen"}, "postcode": {place}, "radius_km": {km}}.Encode()
			doc := page(q)
			if got := doc.Find(".place-read").Text(); !strings.Contains(got, "9000") {
				t.Errorf("%s: place read as %q, want Gent (9000)", q, got)
			}
			if doc.Find(".error").Length() > 0 {
				t.Errorf("%s: error %q", q, doc.Find(".error").Text())
			}
			if _, on := doc.Find("input#komt").Attr("checked"); !on {
				t.Errorf("%s: komt naar deze plaats is off, want on by default", q)
			}
			if got := doc.Find("ul.hits li").Length(); got != 1 {
				t.Errorf("%s: %d hits, want the cleaning service in Gent", q, got)
			}
			if !strings.Contains(doc.Find("ul.hits li .who").Text(), "km") {
				t.Errorf("%s: hit without distance: %q", q, doc.Find("ul.hits li .who").Text())
			}
		}
	}
	// Ledeberg is a deelgemeente of Gent.
	if got := page("q=poetsen&postcode=Ledeberg").Find(".place-read").Text(); !strings.Contains(got, "Ledeberg") {
		t.Errorf("Ledeberg read as %q", got)
	}
	// Unticked, the form sends komt=0 only.
	if _, on := page("q=poetsen&postcode=Gent&komt=0").Find("input#komt").Attr("checked"); on {
		t.Errorf("komt=0: the box is ticked")
	}
	if _, on := page("q=poetsen&postcode=Gent&komt=0&komt=1").Find("input#komt").Attr("checked"); !on {
		t.Errorf("komt=0&komt=1: the box is not ticked")
	}
	// A place it cannot read: the message beside the field, the results
	// without the place.
	doc := page("q=poetsen&postcode=Nergensdorp&radius_km=20")
	if msg := doc.Find("#postcode-error").Text(); !strings.Contains(msg, "Nergensdorp") {
		t.Errorf("unknown place: message %q beside the field", msg)
	}
	if _, ok := doc.Find("input#postcode").Attr("aria-describedby"); !ok {
		t.Errorf("unknown place: the field does not point to its message")
	}
	if doc.Find("ul.hits li").Length() != 1 {
		t.Errorf("unknown place: %d hits, want the results without the place", doc.Find("ul.hits li").Length())
	}
	if msg := page("q=poetsen&postcode=Gent&radius_km=twintig").Find("#radius-error").Text(); !strings.Contains(msg, "twintig") {
		t.Errorf("bad distance: message %q", msg)
	}
}
