package server_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/i18n"
	"koppel/server"
)

// TestSearchPastLastPage: a search link past the last page (an old link,
// a typed URL) says plainly in the reader's language that the page does
// not exist and links to the last page, instead of an empty page with
// "125–125 getoond" and "Pagina 99 van 7".
func TestSearchPastLastPage(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	f.putCleaner(t, "0202239951", "Poetsploeg Doorstroom vzw", true)
	f.putCleaner(t, "0203201340", "Schoonmaak Schetsbeek vzw", false)
	f.putCleaner(t, "0200065765", "Poetsdienst Derde vzw", false)
	// n is the number of hits, one a page below.
	_, all := f.do(t, "anonymous", "GET", "/?q=poetsen&size=50", "", "")
	n := strings.Count(all, `<li>
    <h2>`)
	if n < 3 {
		t.Fatalf("%d hits for poetsen, want at least the 3 cleaners", n)
	}
	last := "page=" + strconv.Itoa(n)
	for _, page := range []string{"100000", "2147483647", "99999999999999999999", "-1", "x"} {
		if resp, body := f.do(t, "anonymous", "GET", "/?q=poetsen&page="+page, "", ""); resp.StatusCode >= 500 {
			t.Errorf("page=%s: %d %.200s", page, resp.StatusCode, body)
		}
	}
	for _, lang := range []i18n.Lang{i18n.NL, i18n.FR, i18n.EN} {
		resp, body := f.do(t, "anonymous", "GET", "/?q=poetsen&size=1&page=99&lang="+string(lang), "", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", lang, resp.StatusCode)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		pages := doc.Find(".hits li").Length()
		notice := doc.Find(".pager-beyond")
		want := i18n.N(lang, "units.pager_beyond", n, "Page", 99)
		if notice.Length() != 1 || !strings.Contains(notice.Text(), want) {
			t.Errorf("%s: notice %q, want %q", lang, notice.Text(), want)
		}
		if href, _ := notice.Find("a").Attr("href"); !strings.Contains(href, last) || !strings.Contains(href, "q=poetsen") {
			t.Errorf("%s: link %q, want the search's last page (%s)", lang, href, last)
		}
		if pages != 0 || doc.Find("nav.pager").Length() != 0 || strings.Contains(body, "–"+strconv.Itoa(n)+" ") || strings.Contains(body, "99 van") || strings.Contains(body, "99 sur") || strings.Contains(body, "99 of") {
			t.Errorf("%s: %d hits, pager %q, want only the notice", lang, pages, doc.Find("nav.pager").Text())
		}
		// The last page itself lists its hit.
		href, _ := notice.Find("a").Attr("href")
		if _, last := f.do(t, "anonymous", "GET", href, "", ""); strings.Contains(last, "pager-beyond") || !strings.Contains(last, `class="hits"`) {
			t.Errorf("%s: the last page %s shows no hit", lang, href)
		}
	}
}
