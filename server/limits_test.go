package server_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"koppel"
	"koppel/server"
)

// manyLotsJSON is a tender of n lots as JSON.
func manyLotsJSON(n int, description string) string {
	lots := make([]string, n)
	for i := range lots {
		lots[i] = fmt.Sprintf(`{"title":"Perceel %d","cpv":["77310000"],"postcode":"9000","description":%q}`, i+1, description)
	}
	return `{"title":"Groot","buyer":{"name":"X"},"lots":[` + strings.Join(lots, ",") + `]}`
}

// manyLotsNotice is noticeXML with n small lots instead of its own.
func manyLotsNotice(n int) string {
	start := strings.Index(noticeXML, "<cac:ProcurementProjectLot>")
	end := strings.LastIndex(noticeXML, "</cac:ProcurementProjectLot>") + len("</cac:ProcurementProjectLot>")
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<cac:ProcurementProjectLot><cbc:ID schemeName="Lot">LOT-%04d</cbc:ID><cac:ProcurementProject><cbc:Name languageID="NLD">Perceel %d</cbc:Name>`+
			`<cac:MainCommodityClassification><cbc:ItemClassificationCode listName="cpv">90911200</cbc:ItemClassificationCode></cac:MainCommodityClassification></cac:ProcurementProject></cac:ProcurementProjectLot>`, i+1, i+1)
	}
	return noticeXML[:start] + b.String() + noticeXML[end:]
}

// manyLotsCSV is a tender spreadsheet (CSV) of one tender with n lots.
func manyLotsCSV(n int) string {
	var b strings.Builder
	b.WriteString("Opdracht;Aankoper;Titel opdracht;Perceel;Titel perceel;CPV-codes;Postcode\n")
	for i := range n {
		fmt.Fprintf(&b, "GROOT-1;Stad A;Groot;%d;Perceel %d;77310000;9000\n", i+1, i+1)
	}
	return b.String()
}

// TestTenderSizeLimits checks that a tender beyond koppel.MaxLots lots, or
// with a lot description beyond koppel.MaxLotDescriptionLines lines, is
// refused with 413 and a Dutch message naming the limit, however it comes
// in; and that one at the limits is taken.
func TestTenderSizeLimits(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	limit := fmt.Sprintf("hoogstens %d", koppel.MaxLots)
	lines := strings.Repeat("regel\n", koppel.MaxLotDescriptionLines)
	for _, tc := range []struct {
		name, path, contentType, body, want string
	}{
		{"JSON, 12,000 lots", "/api/v1/tenders", "application/json", manyLotsJSON(12000, ""), limit},
		{"JSON, MaxLots+1 lots", "/api/v1/tenders", "application/json", manyLotsJSON(koppel.MaxLots+1, ""), limit},
		{"JSON, a long description", "/api/v1/tenders", "application/json", manyLotsJSON(1, lines+"één te veel"), fmt.Sprintf("hoogstens %d regels", koppel.MaxLotDescriptionLines)},
		{"spreadsheet", "/api/v1/tenders/import", "text/csv", manyLotsCSV(koppel.MaxLots + 1), limit},
		{"eForms notice", "/api/v1/tenders/import", "application/xml", manyLotsNotice(koppel.MaxLots + 1), limit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.do(t, "buyerA", "POST", tc.path, tc.contentType, tc.body)
			if resp.StatusCode != 413 || !strings.Contains(body, tc.want) {
				t.Errorf("got %d %.300s; want 413 saying %q", resp.StatusCode, body, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		name, path, contentType, body string
	}{
		{"JSON at the limits", "/api/v1/tenders", "application/json", manyLotsJSON(koppel.MaxLots, strings.TrimSuffix(lines, "\n"))},
		{"spreadsheet at the limit", "/api/v1/tenders/import", "text/csv", manyLotsCSV(koppel.MaxLots)},
		{"eForms notice at the limit", "/api/v1/tenders/import", "application/xml", manyLotsNotice(koppel.MaxLots)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if resp, body := f.do(t, "buyerA", "POST", tc.path, tc.contentType, tc.body); resp.StatusCode != 201 {
				t.Errorf("got %d %.300s; want 201", resp.StatusCode, body)
			}
		})
	}
}

// TestTenderWorkIsBounded checks that the tender page and the matches API
// of a tender of koppel.MaxLots lots match one page of lots at a time: they
// allocate about what they do for a tender of one page of lots.
func TestTenderWorkIsBounded(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ids := map[int]string{}
	for _, n := range []int{10, koppel.MaxLots} {
		resp, body := f.do(t, "admin", "POST", "/api/v1/tenders", "application/json", strings.Replace(manyLotsJSON(n, "Poetsen van klaslokalen"), `"title":"Groot"`, `"title":"Groot","status":"published"`, 1))
		var created koppel.Tender
		if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &created) != nil {
			t.Fatalf("create %d lots = %d %.200s", n, resp.StatusCode, body)
		}
		ids[n] = created.ID
	}
	allocated := func(path string) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if resp, body := f.do(t, "anonymous", "GET", path, "", ""); resp.StatusCode != 200 {
			t.Fatalf("GET %s = %d %.200s", path, resp.StatusCode, body)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	for _, path := range []string{"/opdrachten/%s", "/api/v1/tenders/%s/matches"} {
		small, big := allocated(fmt.Sprintf(path, ids[10])), allocated(fmt.Sprintf(path, ids[koppel.MaxLots]))
		t.Logf("%s: %d bytes allocated for 10 lots, %d for %d lots", path, small, big, koppel.MaxLots)
		// The big tender's JSON is read and sent whole: allow for that.
		if big > 2*small+4<<20 {
			t.Errorf("%s: %d bytes allocated for %d lots, %d for 10: the work grows with the lots", path, big, koppel.MaxLots, small)
		}
	}
	var page server.TenderMatchesPage
	_, body := f.do(t, "anonymous", "GET", "/api/v1/tenders/"+ids[koppel.MaxLots]+"/matches?lots_page=20", "", "")
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	first := ""
	if len(page.Lots) > 0 {
		first = page.Lots[0].LotID
	}
	if page.LotsTotal != koppel.MaxLots || len(page.Lots) != 10 || first != "191" {
		t.Errorf("lots page 20: total %d, %d lots from lot %q; want %d, 10 from lot 191", page.LotsTotal, len(page.Lots), first, koppel.MaxLots)
	}
	for _, q := range []string{"lots_size=21", "lots_page=0", "lots_page=x"} {
		if resp, body := f.do(t, "anonymous", "GET", "/api/v1/tenders/"+ids[10]+"/matches?"+q, "", ""); resp.StatusCode != 400 {
			t.Errorf("%s: %d %.200s, want 400", q, resp.StatusCode, body)
		}
	}
	_, html := f.do(t, "anonymous", "GET", "/opdrachten/"+ids[koppel.MaxLots]+"?percelen=2", "", "")
	if n := strings.Count(html, `class="lot"`); n != 10 || !strings.Contains(html, "Pagina 2 van 20") || !strings.Contains(html, `id="perceel-11"`) || !strings.Contains(html, "?percelen=3") {
		t.Errorf("tender page 2 shows %d lots; want lots 11 to 20 and a pager saying Pagina 2 van 20, linking to percelen=3", n)
	}
}

// TestPageRateLimitIsDutchHTML checks that a page that runs matching is
// rate limited, and that its 429 is a Dutch page whatever the client
// accepts.
func TestPageRateLimitIsDutchHTML(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 0.001, SearchBurst: 1, WritePerSecond: 1, WriteBurst: 1})
	for _, path := range []string{"/opdrachten/published-A", "/opdrachten"} {
		f.do(t, "buyerB", "GET", path, "", "")
		resp, body := f.do(t, "buyerB", "GET", path, "", "")
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, "Even geduld") || !strings.Contains(body, "probeer het over") {
			t.Errorf("%s twice: %d (Retry-After %q, %s) %.300s; want a Dutch 429 page", path, resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("Content-Type"), body)
		}
	}
	f.do(t, "anonymous", "GET", "/api/v1/tenders/published-A/matches", "", "")
	if resp, _ := f.do(t, "anonymous", "GET", "/api/v1/tenders/published-A/matches", "", ""); resp.StatusCode != 429 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("API twice: %d %s, want 429 problem+json", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
