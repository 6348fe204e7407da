package server_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/server"
)

// TestPlaceFrenchEnglishNamesAPI: the API and the search page read a place
// typed by its French or English name as the Dutch one, in a French
// request: the same hits for municipality=Ghent and municipality=Gent, for
// "poetsen ghent" and "poetsen gent", and on the page for postcode=Ghent,
// which the page reads as "Gand (9000)".
func TestPlaceFrenchEnglishNamesAPI(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	hits := func(query string) string {
		t.Helper()
		resp, body := f.do(t, "anonymous", "GET", "/api/v1/offerings?lang=fr&"+query, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", query, resp.StatusCode, body)
		}
		var r struct {
			Total int             `json:"total"`
			Hits  json.RawMessage `json:"hits"`
			Read  []struct {
				Kind, Value string
			} `json:"read"`
		}
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		for _, rd := range r.Read {
			if rd.Kind == "place" && rd.Value != "9000" {
				t.Errorf("%s: read the place %q, want 9000", query, rd.Value)
			}
		}
		return string(r.Hits)
	}
	for _, tc := range []struct{ alias, dutch string }{
		{"Ghent", "Gent"}, {"Gand", "Gent"}, {"GAND", "Gent"}, {"ghent", "Gent"},
	} {
		for _, param := range []string{"municipality=", "q=poetsen+"} {
			want, got := hits(param+url.QueryEscape(tc.dutch)), hits(param+url.QueryEscape(tc.alias))
			if !strings.Contains(want, `"code":"F1"`) || got != want {
				t.Errorf("%s%s: hits %s\nwant those of %s: %s", param, tc.alias, got, tc.dutch, want)
			}
		}
	}
	for _, tc := range []struct{ alias, dutch string }{{"Antwerp", "Antwerpen"}, {"Anvers", "Antwerpen"}, {"Louvain", "Leuven"}} {
		if got, want := hits("municipality="+tc.alias), hits("municipality="+tc.dutch); got != want {
			t.Errorf("municipality=%s: hits %s, want those of %s: %s", tc.alias, got, tc.dutch, want)
		}
	}

	page := func(place string) (read, results string) {
		t.Helper()
		resp, body := f.do(t, "anonymous", "GET", "/?q=poetsen&lang=fr&postcode="+url.QueryEscape(place), "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("postcode=%s: %d", place, resp.StatusCode)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(doc.Find(".place-read").Text()), doc.Find("ul.hits").Text()
	}
	wantRead, wantHits := page("Gent")
	for _, alias := range []string{"Ghent", "Gand", "gand"} {
		read, results := page(alias)
		if read != "Gand (9000)" || read != wantRead {
			t.Errorf("postcode=%s: place read as %q, want %q", alias, read, wantRead)
		}
		if !strings.Contains(results, "Poetsen van klaslokalen") || results != wantHits {
			t.Errorf("postcode=%s: results %q, want those of Gent: %q", alias, results, wantHits)
		}
	}
}

// TestOfferingReadLabelLanguage: the API's read[].label is in the
// request's language, the place named as the page names it ("se déplace à
// Gand" for ?lang=fr, "comes to Gent" for Accept-Language: en), and stays
// "komt naar Gent" in Dutch.
func TestOfferingReadLabelLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tc := range []struct {
		path, acceptLang, want string
	}{
		{"/api/v1/offerings?q=poetsen+gent&lang=fr", "", "se déplace à Gand"},
		{"/api/v1/offerings?q=poetsen+gent", "fr-BE", "se déplace à Gand"},
		{"/api/v1/offerings?q=poetsen+gent", "en-GB,en;q=0.9", "comes to Gent"},
		{"/api/v1/offerings?q=poetsen+gent", "", "komt naar Gent"},
		{"/api/v1/offerings?q=poetsen+gent&lang=nl", "fr", "komt naar Gent"},
	} {
		var h map[string]string
		if tc.acceptLang != "" {
			h = map[string]string{"Accept-Language": tc.acceptLang}
		}
		resp, body := f.doWith(t, "anonymous", "GET", tc.path, "", h)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", tc.path, resp.StatusCode, body)
		}
		var r struct {
			Read []struct{ Kind, Label string } `json:"read"`
		}
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, rd := range r.Read {
			if rd.Kind == "place" {
				got = append(got, rd.Label)
			}
		}
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s (Accept-Language %q): place readings %q, want [%q]", tc.path, tc.acceptLang, got, tc.want)
		}
	}
}
