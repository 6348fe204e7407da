package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/match"
	"koppel/refdata"
	"koppel/server"
)

// addCleaners adds n cleaning enterprises in Gent: eligible maatwerkbedrijven
// and, every fourth, one without a recognition (not eligible for a reserved
// lot), and a reserved tender "reserved-A" for them.
func addCleaners(t *testing.T, f *fixture, n int) (eligible, ineligible int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		k := 10000000 + i
		e := &koppel.Enterprise{KBO: koppel.KBO(fmt.Sprintf("%08d%02d", k, koppel.KBOCheckDigits(k))), Name: fmt.Sprintf("Poetsploeg %02d", i), Address: koppel.Address{Postcode: "9000"}}
		if i%4 == 3 {
			ineligible++
		} else {
			eligible++
			e.Recognitions = []koppel.Recognition{{Form: koppel.Maatwerkbedrijf, Number: "MWB-" + strconv.Itoa(i), ValidFrom: koppel.NewDate(2020, 1, 1), ValidTo: koppel.NewDate(2035, 1, 1)}}
		}
		if err := e.Validate(refdata.Load()); err != nil {
			t.Fatal(err)
		}
		offer := &koppel.Offering{ID: "S1", Enterprise: e.KBO, Title: "Schoonmaak van kantoren", Category: "schoonmaak", CPV: []koppel.CPV{"90919200"}}
		if _, err := f.st.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) { yield(offer, nil) }, "replace"); err != nil {
			t.Fatal(err)
		}
	}
	tender := &koppel.Tender{ID: "reserved-A", Owner: "Stad A", Status: koppel.TenderPublished, Title: "Schoonmaak stadhuis", Buyer: koppel.Buyer{Name: "Stad A"},
		Lots: []koppel.Lot{
			{ID: "1", Title: "Schoonmaak van kantoren", CPV: []koppel.CPV{"90919200"}, Postcode: "9000", Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS}}},
			{ID: "2", Title: "Schoonmaak van de bibliotheek", CPV: []koppel.CPV{"90919200"}, Postcode: "9000"},
		}}
	if err := f.st.PutTender(ctx, tender); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ix.Apply(ctx, f.st); err != nil {
		t.Fatal(err)
	}
	return eligible, ineligible
}

// TestTenderPageAllMatches pages through every match of a lot on the
// tender page: the count in the heading is what the pages show, one lot
// pages without moving the other, and "toon ook wie niet mag inschrijven"
// adds the not-eligible enterprises with their reason.
func TestTenderPageAllMatches(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	eligible, ineligible := addCleaners(t, f, 26)
	// The fixture's enterprise B cleans in Gent too, a maatwerkbedrijf
	// without recognition dates: to verify, so it is listed.
	eligible++

	get := func(path string) *goquery.Document {
		t.Helper()
		resp, body := f.do(t, "anonymous", "GET", path, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: status %d: %.300s", path, resp.StatusCode, body)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	heading := func(doc *goquery.Document, lot string) int {
		t.Helper()
		h := doc.Find("#perceel-" + lot + " h3").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.HasPrefix(s.Text(), "Passende ondernemingen")
		}).Text()
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(h, "Passende ondernemingen ("), ")"))
		if err != nil {
			t.Fatalf("lot %s: heading %q has no count", lot, h)
		}
		return n
	}
	// walk follows the pager of lot from path and returns the enterprises
	// shown, in order, with their eligibility badges.
	walk := func(path, lot string) (names, badges []string, count int) {
		t.Helper()
		for range 20 {
			doc := get(path)
			count = heading(doc, lot)
			items := doc.Find("#perceel-" + lot + " ol.matches > li")
			start, _ := doc.Find("#perceel-" + lot + " ol.matches").Attr("start")
			if start != strconv.Itoa(len(names)+1) {
				t.Errorf("%s: list starts at %q, want %d", path, start, len(names)+1)
			}
			if items.Length() > match.DefaultSize {
				t.Errorf("%s: %d matches on a page, want at most %d", path, items.Length(), match.DefaultSize)
			}
			items.Each(func(_ int, s *goquery.Selection) {
				names = append(names, s.Find("strong a").Text())
				badges = append(badges, s.Find(".badges .badge.ok, .badges .badge.expired, .badges .badge.warn").Text()+" | "+s.Find("p.reason").Text())
			})
			next, ok := doc.Find("#perceel-" + lot + " nav.pager a[rel=next]").Attr("href")
			if !ok {
				return names, badges, count
			}
			if !strings.Contains(next, "perceel="+lot) || !strings.HasSuffix(next, "#perceel-"+lot) {
				t.Errorf("next link %q does not page lot %s", next, lot)
			}
			path = next
		}
		t.Fatal("more than 20 pages")
		return
	}

	names, badges, count := walk("/opdrachten/reserved-A", "1")
	if count != eligible || len(names) != eligible {
		t.Errorf("reserved lot: heading %d, pages show %d, want %d who may bid", count, len(names), eligible)
	}
	for i, b := range badges {
		if !strings.HasPrefix(b, "mag inschrijven") && !strings.HasPrefix(b, "te verifiëren") {
			t.Errorf("reserved lot, match %d (%s): badge %q, want mag inschrijven or te verifiëren", i+1, names[i], b)
		}
	}
	doc := get("/opdrachten/reserved-A")
	note := doc.Find("#perceel-1 .ineligible-note").Text()
	if !strings.Contains(note, strconv.Itoa(ineligible)+" ondernemingen passen wel maar mogen niet inschrijven") {
		t.Errorf("note %q, want %d not eligible", note, ineligible)
	}
	show, ok := doc.Find("#perceel-1 a.show-ineligible").Attr("href")
	if !ok || !strings.Contains(show, "alle=1") {
		t.Fatalf("no link to show the not-eligible enterprises (%q)", show)
	}
	if doc.Find("#perceel-2 .ineligible-note").Length() != 0 {
		t.Error("the open lot says some may not bid")
	}

	names, badges, count = walk(show, "1")
	if count != eligible+ineligible || len(names) != count {
		t.Errorf("with the not-eligible: heading %d, pages show %d, want %d", count, len(names), eligible+ineligible)
	}
	for i, b := range badges {
		wantNot := i >= eligible
		if gotNot := strings.HasPrefix(b, "mag niet inschrijven"); gotNot != wantNot || wantNot && !strings.Contains(b, "geen erkenning") {
			t.Errorf("with the not-eligible, match %d (%s): %q", i+1, names[i], b)
		}
	}

	// Paging lot 1 leaves lot 2 at its first page.
	doc = get("/opdrachten/reserved-A?perceel=1&page=2")
	if got := doc.Find("#perceel-2 ol.matches").AttrOr("start", ""); got != "1" {
		t.Errorf("lot 2 starts at %q on page 2 of lot 1", got)
	}
	if got := doc.Find("#perceel-1 ol.matches").AttrOr("start", ""); got != strconv.Itoa(match.DefaultSize+1) {
		t.Errorf("lot 1 starts at %q on its page 2", got)
	}
	for _, bad := range []string{"0", "x", "99999999"} {
		if resp, _ := f.do(t, "anonymous", "GET", "/opdrachten/reserved-A?perceel=1&page="+bad, "", ""); resp.StatusCode != 400 {
			t.Errorf("page %q: status %d, want 400", bad, resp.StatusCode)
		}
	}

	// The API pages the same list.
	var seen []string
	for page := 1; ; page++ {
		_, body := f.do(t, "anonymous", "GET", fmt.Sprintf("/api/v1/tenders/reserved-A/matches?size=7&page=%d&include_ineligible=true", page), "", "")
		var res match.TenderMatches
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatalf("%v: %.200s", err, body)
		}
		lm := res.Lots[0]
		if lm.Total != eligible+ineligible || lm.Excluded != ineligible || !lm.IncludeIneligible {
			t.Errorf("API page %d: total %d excluded %d", page, lm.Total, lm.Excluded)
		}
		if len(lm.Matches) == 0 {
			break
		}
		for _, mt := range lm.Matches {
			seen = append(seen, mt.Enterprise.Name)
		}
	}
	if len(seen) != eligible+ineligible {
		t.Errorf("API pages hold %d, want %d", len(seen), eligible+ineligible)
	}
}
