package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/i18n"
	"koppel/server"
)

// TestTenderPastLastPage: a tender page opened past the last page of its
// lots (percelen=99) or of a lot's matches (perceel=1&page=99) says plainly
// in the reader's language that the page does not exist and links to the
// last page, as the search page does, instead of "12–12 getoond".
func TestTenderPastLastPage(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	f.putCleaner(t, "0202239951", "Poetsploeg Doorstroom vzw", true)
	resp, body := f.do(t, "admin", "POST", "/api/v1/tenders", "application/json", strings.Replace(manyLotsJSON(12, "Poetsen van klaslokalen"), `"title":"Groot"`, `"title":"Groot","status":"published"`, 1))
	var created koppel.Tender
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &created) != nil {
		t.Fatalf("create = %d %.200s", resp.StatusCode, body)
	}
	for _, lang := range []i18n.Lang{i18n.NL, i18n.FR, i18n.EN} {
		resp, body := f.do(t, "anonymous", "GET", "/opdrachten/"+created.ID+"?percelen=99&lang="+string(lang), "", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %.200s", lang, resp.StatusCode, body)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		notice := doc.Find(".pager-beyond")
		if want := i18n.N(lang, "units.pager_beyond", 2, "Page", 99); notice.Length() != 1 || !strings.Contains(notice.Text(), want) {
			t.Errorf("%s: notice %q, want %q", lang, notice.Text(), want)
		}
		if href, _ := notice.Find("a").Attr("href"); !strings.Contains(href, "percelen=2") {
			t.Errorf("%s: link %q, want the last page of lots (percelen=2)", lang, href)
		}
		if strings.Contains(body, "12–12") || doc.Find("section.lot").Length() != 0 {
			t.Errorf("%s: past the last page shows a range or lots:\n%s", lang, doc.Find("main").Text())
		}
		// The first lot's matches, one page of them, opened at page 99.
		_, body = f.do(t, "anonymous", "GET", "/opdrachten/"+created.ID+"?perceel=1&page=99&lang="+string(lang), "", "")
		if doc, err = goquery.NewDocumentFromReader(strings.NewReader(body)); err != nil {
			t.Fatal(err)
		}
		lot := doc.Find("#perceel-1")
		notice = lot.Find(".pager-beyond")
		if want := i18n.N(lang, "units.pager_beyond", 1, "Page", 99); notice.Length() != 1 || !strings.Contains(notice.Text(), want) {
			t.Errorf("%s: matches notice %q, want %q in\n%s", lang, notice.Text(), want, lot.Text())
		}
		if href, _ := notice.Find("a").Attr("href"); !strings.Contains(href, "#perceel-1") || strings.Contains(href, "page=") {
			t.Errorf("%s: matches link %q, want the lot's first and last page", lang, href)
		}
		if lot.Find("ol.matches li").Length() != 0 {
			t.Errorf("%s: matches listed past the last page", lang)
		}
	}
}
