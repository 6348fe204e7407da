package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"koppel/match"
	"koppel/search"
)

// TestMatchPagesInBrowser pages through the matches of a reserved demo lot
// in Chromium and asks for those that may not bid too: the heading counts
// what the pages show, and the not-eligible come last with their reason.
func TestMatchPagesInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSite(t, true, nil)
	ctx, url := s.ctx, s.url

	// A demo lot with more matches than a page and some that may not bid.
	getJSON := func(path string, v any) {
		t.Helper()
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %s", path, resp.Status)
		}
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	var tenders search.TenderResult
	getJSON("/api/v1/tenders?size=50", &tenders)
	var tenderID string
	var lot match.LotMatches
	for _, h := range tenders.Hits {
		var tm match.TenderMatches
		getJSON("/api/v1/tenders/"+h.Tender.ID+"/matches?size=1", &tm)
		for _, l := range tm.Lots {
			if l.Reserved && l.Total > match.DefaultSize && l.Excluded > 0 {
				tenderID, lot = h.Tender.ID, l
				break
			}
		}
		if tenderID != "" {
			break
		}
	}
	if tenderID == "" {
		t.Fatal("no demo tender has a reserved lot with more than a page of matches and some not eligible")
	}
	sec := "#perceel-" + lot.LotID
	countItems := func() int {
		return read(t, ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sec+" ol.matches > li")))
	}

	browse(t, ctx, "tender page",
		chromedp.Navigate(url+"/opdrachten/"+tenderID),
		chromedp.WaitVisible(sec+" ol.matches"),
	)
	heading := read(t, ctx, chromedp.Text(sec+" h3:nth-of-type(2)"))
	if want := fmt.Sprintf("Passende ondernemingen (%d)", lot.Total); heading != want {
		t.Errorf("heading %q, want %q", heading, want)
	}
	shown := countItems()
	for page := 2; shown < lot.Total && page < 30; page++ {
		browse(t, ctx, "next page",
			clickedThrough(sec+` nav.pager a[rel=next]`),
			chromedp.WaitVisible(sec+fmt.Sprintf(` ol.matches[start="%d"]`, shown+1)),
		)
		shown += countItems()
	}
	if shown != lot.Total {
		t.Errorf("the pages show %d enterprises, the heading %d", shown, lot.Total)
	}

	browse(t, ctx, "show the not-eligible",
		clickedThrough(sec+" a.show-ineligible"),
		chromedp.WaitVisible(sec+" .ineligible-note a.hide-ineligible"),
	)
	heading = read(t, ctx, chromedp.Text(sec+" h3:nth-of-type(2)"))
	if want := fmt.Sprintf("Passende ondernemingen (%d)", lot.Total+lot.Excluded); heading != want {
		t.Errorf("with the not-eligible: heading %q, want %q", heading, want)
	}
	// The not-eligible are last: on the last page.
	pages := (lot.Total + lot.Excluded + match.DefaultSize - 1) / match.DefaultSize
	browse(t, ctx, "last page",
		chromedp.Navigate(url+"/opdrachten/"+tenderID+"?alle=1&perceel="+lot.LotID+"&page="+strconv.Itoa(pages)),
		chromedp.WaitVisible(sec+" ol.matches > li.not-eligible"),
	)
	last := read(t, ctx, chromedp.Text(sec+" ol.matches > li.not-eligible"))
	// The legal basis is that of the lot's reservation (res-ws: art. 20,
	// res-pub-ser: art. 77), as the API gives it.
	var all match.TenderMatches
	getJSON("/api/v1/tenders/"+tenderID+"/matches?include_ineligible=true&size="+strconv.Itoa(match.MaxSize), &all)
	basis := ""
	for _, l := range all.Lots {
		if l.LotID == lot.LotID && len(l.Matches) > 0 {
			basis = l.Matches[len(l.Matches)-1].Eligibility.LegalBasis
		}
	}
	if basis == "" {
		t.Fatalf("lot %s: no legal basis for its last, not-eligible match", lot.LotID)
	}
	if !strings.Contains(last, "mag niet inschrijven") || !strings.Contains(last, basis) {
		t.Errorf("not-eligible enterprise %q, want the badge and the reason with its legal basis %q", last, basis)
	}
}
