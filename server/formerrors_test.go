package server_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/server"
)

// checkFieldErrors checks that each field id has aria-invalid and an
// aria-describedby naming an element with a message, and that the list at
// the top links to each of them. It returns the list's links.
func checkFieldErrors(t *testing.T, doc *goquery.Document, ids ...string) []string {
	t.Helper()
	var links []string
	doc.Find(".error-summary a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		links = append(links, href)
	})
	for _, id := range ids {
		in := doc.Find("#" + id)
		if in.Length() != 1 {
			t.Errorf("no field #%s", id)
			continue
		}
		if v, _ := in.Attr("aria-invalid"); v != "true" {
			t.Errorf("#%s: aria-invalid %q, want true", id, v)
		}
		desc, _ := in.Attr("aria-describedby")
		found := false
		for _, d := range strings.Fields(desc) {
			if msg := strings.TrimSpace(doc.Find("#" + d + ".field-error").Text()); msg != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("#%s: aria-describedby %q names no message", id, desc)
		}
		if !strings.Contains(" "+strings.Join(links, " ")+" ", " #"+id+" ") {
			t.Errorf("the list at the top does not link to #%s: %v", id, links)
		}
	}
	return links
}

// TestTenderFormErrorsBesideFields: every wrong field of the tender form,
// the tender's and each lot's, is marked and described beside it, all in
// one answer, with the list at the top linking to them; a lot in the
// second slot gets its errors there even when the first slot is empty.
func TestTenderFormErrorsBesideFields(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	form := url.Values{"title": {""}, "deadline": {"31/02/2027"},
		"lot2_title": {"Poetsen"}, "lot2_cpv": {"9091120; ramen wassen"}, "lot2_postcode": {"12"}, "lot2_volume": {"twee"},
		"lot3_title": {"Ramen"}, "lot3_start": {"01/09/2027"}, "lot3_end": {"01/08/2027"}, "lot3_volume": {"NaN"}}
	resp, body := f.do(t, "buyerA", "POST", "/opdrachten/nieuw", formType, form.Encode())
	if resp.StatusCode != 400 {
		t.Fatalf("status %d, want 400", resp.StatusCode)
	}
	doc := parse(t, body)
	links := checkFieldErrors(t, doc, "title", "deadline", "lot2_cpv", "lot2_postcode", "lot2_volume", "lot3_end", "lot3_volume")
	if len(links) != 8 { // the CPV field has two problems: words and a wrong code
		t.Errorf("the list at the top has %d links, want 8: %v", len(links), links)
	}
	if doc.Find("#lot1_title[aria-invalid]").Length() != 0 || doc.Find("#lot2_title[aria-invalid]").Length() != 0 {
		t.Errorf("a field without a problem is marked invalid")
	}
	if cpv := doc.Find("#lot2_cpv_error").Text(); !strings.Contains(cpv, "9091120") || !strings.Contains(cpv, "ramen wassen") || doc.Find("#lot2_cpv_error .cpv-suggestions li").Length() == 0 {
		t.Errorf("the CPV field's error lacks a problem or the suggestions: %q", cpv)
	}
	if v, _ := doc.Find("#lot2_postcode").Attr("value"); v != "12" {
		t.Errorf("the typed postcode was not kept: %q", v)
	}

	// The edit form does the same, for the lots it shows.
	resp, body = f.do(t, "buyerA", "POST", "/opdrachten/draft-A/bewerken", formType, url.Values{"title": {"Schoonmaak"}, "lots": {"3"}, "lot1_id": {"1"}, "lot1_title": {"Poetsen"}, "lot1_cpv": {"1234"}}.Encode())
	if resp.StatusCode != 400 {
		t.Fatalf("edit: status %d, want 400", resp.StatusCode)
	}
	checkFieldErrors(t, parse(t, body), "lot1_cpv")
}

// TestTenderAPIFieldErrors: the API's problem document keeps its detail
// and code, and adds every field's problem in errors.
func TestTenderAPIFieldErrors(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	resp, body := f.do(t, "buyerA", "POST", "/api/v1/tenders", "application/json",
		`{"title":"","lots":[{"title":"Poetsen","cpv":["9091120"],"postcode":"12"},{"title":""}]}`)
	if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("status %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var p server.Problem
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, e := range p.Errors {
		fields = append(fields, e.Field)
		if e.Message == "" {
			t.Errorf("field %s has no message", e.Field)
		}
	}
	if got, want := strings.Join(fields, ","), "title,lots[0].cpv,lots[0].postcode,lots[1].title"; got != want {
		t.Errorf("errors %s, want %s", got, want)
	}
	if p.Code != "invalid" || !strings.Contains(p.Detail, "Titel van de opdracht ontbreekt") || !strings.Contains(p.Detail, "Perceel 2: titel ontbreekt") {
		t.Errorf("code %q detail %q", p.Code, p.Detail)
	}
	// Other errors have no errors array.
	_, body = f.do(t, "buyerA", "GET", "/api/v1/tenders/bestaat-niet", "", "")
	if strings.Contains(body, `"errors"`) {
		t.Errorf("a 404 lists field errors: %s", body)
	}
}
