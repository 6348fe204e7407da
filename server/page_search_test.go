package server_test

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/refdata"
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

// TestSearchPageWiden checks that a thin search near a place offers a
// wider one that finds more.
func TestSearchPageWiden(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ctx := context.Background()
	// A cleaner in Aalst, 26 km from Gent, that does not come to Gent.
	e := &koppel.Enterprise{KBO: "0200000043", Name: "Fictieve poetsploeg Aalst", Address: koppel.Address{Postcode: "9300"}, ServiceArea: koppel.ServiceArea{RadiusKm: 5}}
	if err := e.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	offer := &koppel.Offering{ID: "P1", Enterprise: e.KBO, Title: "Poetsen van kantoren", Category: "schoonmaak"}
	if _, err := f.st.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) { yield(offer, nil) }, "replace"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ix.Apply(ctx, f.st); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ query, want, link string }{
		{"q=poetsen&postcode=Gent", "Ook wie niet naar Gent komt, binnen 30 km: 2 diensten", "radius_km=30"},
		{"q=poetsen&postcode=Gent&radius_km=10&komt=0", "Binnen 30 km: 2 diensten", "radius_km=30"},
	} {
		resp, body := f.do(t, "anonymous", "GET", "/?"+tc.query, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", tc.query, resp.StatusCode)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		a := doc.Find("p.widen a")
		href, _ := a.Attr("href")
		if a.Text() != tc.want || !strings.Contains(href, tc.link) || !strings.Contains(href, "komt=0") {
			t.Errorf("%s: offer %q → %q, want %q with %s", tc.query, a.Text(), href, tc.want, tc.link)
		}
		if hits := doc.Find("ul.hits li").Length(); hits != 1 {
			t.Errorf("%s: %d hits, want 1", tc.query, hits)
		}
	}
	// Wide enough already: no offer.
	_, body := f.do(t, "anonymous", "GET", "/?q=poetsen&postcode=Gent&radius_km=100&komt=0", "", "")
	if strings.Contains(body, `class="widen"`) {
		t.Errorf("100 km: a wider search is offered")
	}
}

// TestSearchPageReading checks that the page says how the words were read
// and that each reading can be undone.
func TestSearchPageReading(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	_, body := f.do(t, "anonymous", "GET", "/?q=poetsen+gent+maatwerkbedrijf", "", "")
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	read := doc.Find("p.read")
	if got := strings.Join(strings.Fields(read.Text()), " "); got != "gezocht: poetsen · komt naar Gent ✕ · Maatwerkbedrijf ✕" {
		t.Errorf("reading %q", got)
	}
	undo, _ := read.Find("a").First().Attr("href")
	if !strings.Contains(undo, "keep=gent") {
		t.Fatalf("undo link %q, want keep=gent", undo)
	}
	_, body = f.do(t, "anonymous", "GET", undo, "", "")
	doc, err = goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(strings.Fields(doc.Find("p.read").Text()), " "); got != "gezocht: poetsen gent · Maatwerkbedrijf ✕" {
		t.Errorf("after undoing the place: reading %q", got)
	}
	if v, _ := doc.Find("input[name=keep]").Attr("value"); v != "gent" {
		t.Errorf("the form does not keep keep=gent: %q", v)
	}
}

// TestEnterpriseListSearch checks that the directory API searches names
// and offerings with q, and still lists everyone without it.
func TestEnterpriseListSearch(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tc := range []struct {
		query string
		want  []koppel.KBO
	}{
		{"q=poetsen", []koppel.KBO{kboB}},                    // its offering
		{"q=fictieve+onderneming", []koppel.KBO{kboA, kboB}}, // their names
		{"q=poetsen&form=lde", nil},
		{"", []koppel.KBO{kboA, kboB}},
	} {
		resp, body := f.do(t, "anonymous", "GET", "/api/v1/enterprises?"+tc.query, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d: %s", tc.query, resp.StatusCode, body)
		}
		var list server.EnterpriseList
		if err := json.Unmarshal([]byte(body), &list); err != nil {
			t.Fatal(err)
		}
		var got []koppel.KBO
		for _, e := range list.Enterprises {
			got = append(got, e.KBO)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) || list.Total != len(tc.want) {
			t.Errorf("%s: %v (total %d), want %v", tc.query, got, list.Total, tc.want)
		}
	}
}
