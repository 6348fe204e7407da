package server_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/server"
)

const formType = "application/x-www-form-urlencoded"

func init() {
	published := func(id string) func(t *testing.T, f *fixture) {
		return func(t *testing.T, f *fixture) { f.putTender(t, id, "Stad A", koppel.TenderPublished) }
	}
	matrix["PATCH /api/v1/tenders/:id"] = matrixCase{path: "/api/v1/tenders/patch-me", contentType: "application/json", body: `{"status":"closed"}`, setup: published("patch-me"), want: statuses(401, 403, 403, 200, 403, 200)}
	matrix["GET /opdrachten/:id/bewerken"] = matrixCase{path: "/opdrachten/draft-A/bewerken", want: statuses(401, 403, 403, 200, 404, 200)}
	matrix["POST /opdrachten/:id/bewerken"] = matrixCase{path: "/opdrachten/edit-me/bewerken", contentType: formType, body: "title=Schoonmaak&lots=3&lot1_id=1&lot1_title=Poetsen&lot1_cpv=90911200&lot1_postcode=9000", setup: published("edit-me"), want: statuses(401, 403, 403, 303, 403, 303)}
	matrix["POST /opdrachten/:id/sluiten"] = matrixCase{path: "/opdrachten/close-me/sluiten", contentType: formType, setup: published("close-me"), want: statuses(401, 403, 403, 303, 403, 303)}
	matrix["POST /opdrachten/:id/intrekken"] = matrixCase{path: "/opdrachten/withdraw-me/intrekken", contentType: formType, setup: published("withdraw-me"), want: statuses(401, 403, 403, 303, 403, 303)}
	matrix["GET /opdrachten/:id/verwijderen"] = matrixCase{path: "/opdrachten/draft-A/verwijderen", want: statuses(401, 403, 403, 200, 404, 200)}
	matrix["POST /opdrachten/:id/verwijderen"] = matrixCase{path: "/opdrachten/delete-draft/verwijderen", contentType: formType,
		setup: func(t *testing.T, f *fixture) { f.putTender(t, "delete-draft", "Stad A", koppel.TenderDraft) }, want: statuses(401, 403, 403, 303, 404, 303)}
}

// formOf reads the fields of the form with action on a page as a browser
// would send them: inputs with their value, textareas, the selected
// option of each select.
func formOf(t *testing.T, page, action string) url.Values {
	t.Helper()
	form := parse(t, page).Find("form[action='" + action + "']")
	if form.Length() == 0 {
		t.Fatalf("no form %s on the page", action)
	}
	v := url.Values{}
	form.Find("input[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		val, _ := s.Attr("value")
		v.Add(name, val)
	})
	form.Find("textarea[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		v.Add(name, s.Text())
	})
	form.Find("select[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		val, _ := s.Find("option[selected]").Attr("value")
		v.Add(name, val)
	})
	return v
}

// TestTenderEditKeepsWhatTheFormDoesNotShow: the edit form comes filled
// in; saving it changes what was typed and keeps the lot IDs, the clause
// texts, the values and the organisation; a lot is added in an empty slot
// and one is removed by emptying its title.
func TestTenderEditKeepsWhatTheFormDoesNotShow(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ctx := t.Context()
	tender := &koppel.Tender{ID: "notice-A", Owner: "Stad A", Status: koppel.TenderPublished, Title: "Schoonmaak scholen",
		Buyer: koppel.Buyer{Name: "Stad A (uit het bericht)", LegalType: "la"}, Source: koppel.TenderSource{Kind: "eforms", NoticeID: "n-1"},
		Lots: []koppel.Lot{
			{ID: "LOT-0001", Title: "Poetsen", CPV: []koppel.CPV{"90911200"}, Postcode: "9000", Value: 120000, VolumeFTE: 2.25,
				Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS, Text: "Voorbehouden aan maatwerkbedrijven."}}},
			{ID: "LOT-0002", Title: "Ramen", CPV: []koppel.CPV{"90911300"}, Postcode: "9000"},
		}}
	if err := tender.Validate(f.srv.Reference); err != nil {
		t.Fatal(err)
	}
	if err := f.st.PutTender(ctx, tender); err != nil {
		t.Fatal(err)
	}
	resp, page := f.do(t, "buyerA", "GET", "/opdrachten/notice-A/bewerken", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("edit page: %d", resp.StatusCode)
	}
	if got := parse(t, page).Find("#buyer").Text(); got != "Stad A (uit het bericht)" {
		t.Errorf("organisation shown %q, want the stored one", got)
	}
	form := formOf(t, page, "/opdrachten/notice-A/bewerken")
	if form.Get("lot1_volume") != "2,25" || form.Get("lot1_clause") != "res-ws" || form.Get("lot2_id") != "LOT-0002" || form.Get("lot1_cpv") != "90911200-8" {
		t.Fatalf("form not filled in: %v", form)
	}
	form.Set("title", "Schoonmaak van de scholen")
	form.Set("buyer", "Iemand anders") // not a field of a buyer's form: ignored
	form.Set("lot1_title", "Poetsen klaslokalen")
	form.Set("lot2_title", "") // removes lot LOT-0002
	form.Set("lot3_title", "Sanitair")
	form.Set("lot3_cpv", "90911200-8")
	resp, body := f.do(t, "buyerA", "POST", "/opdrachten/notice-A/bewerken", formType, form.Encode())
	if resp.StatusCode != 303 {
		t.Fatalf("save: %d %.500s", resp.StatusCode, body)
	}
	got, err := f.st.FindTenderByID(ctx, "notice-A")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Schoonmaak van de scholen" || got.Buyer.Name != "Stad A (uit het bericht)" || got.Buyer.LegalType != "la" || got.Owner != "Stad A" ||
		got.Status != koppel.TenderPublished || got.Source.NoticeID != "n-1" || !got.CreatedAt.Equal(tender.CreatedAt) {
		t.Errorf("tender after edit: %+v", got)
	}
	if len(got.Lots) != 2 {
		t.Fatalf("lots after edit: %+v, want LOT-0001 and a new one", got.Lots)
	}
	l := got.Lots[0]
	if l.ID != "LOT-0001" || l.Title != "Poetsen klaslokalen" || l.Value != 120000 || l.VolumeFTE != 2.25 || len(l.Clauses) != 1 || l.Clauses[0].Text != "Voorbehouden aan maatwerkbedrijven." || l.City == "" {
		t.Errorf("edited lot: %+v", l)
	}
	if n := got.Lots[1]; n.ID != "1" || n.Title != "Sanitair" {
		t.Errorf("added lot: %+v, want ID 1", n)
	}

	// Choosing another clause replaces the first; Geen removes them.
	form = formOf(t, pageOf(t, f, "buyerA", "/opdrachten/notice-A/bewerken"), "/opdrachten/notice-A/bewerken")
	form.Set("lot1_clause", "award-criterion")
	form.Set("lot2_clause", "")
	if resp, body := f.do(t, "buyerA", "POST", "/opdrachten/notice-A/bewerken", formType, form.Encode()); resp.StatusCode != 303 {
		t.Fatalf("save: %d %.300s", resp.StatusCode, body)
	}
	got, _ = f.st.FindTenderByID(ctx, "notice-A")
	if cs := got.Lots[0].Clauses; len(cs) != 1 || cs[0].Kind != koppel.ClauseAwardCriterion || cs[0].Text != "" {
		t.Errorf("clauses after choosing another: %+v", cs)
	}

	// Another buyer can neither open nor save it.
	if resp, _ := f.do(t, "buyerB", "GET", "/opdrachten/notice-A/bewerken", "", ""); resp.StatusCode != 403 {
		t.Errorf("buyer B opens the edit form: %d, want 403", resp.StatusCode)
	}
	if resp, _ := f.do(t, "buyerB", "POST", "/opdrachten/notice-A/bewerken", formType, form.Encode()); resp.StatusCode != 403 {
		t.Errorf("buyer B saves: %d, want 403", resp.StatusCode)
	}
	if resp, _ := f.do(t, "buyerB", "GET", "/opdrachten/draft-A/bewerken", "", ""); resp.StatusCode != 404 {
		t.Errorf("buyer B opens A's draft: %d, want 404", resp.StatusCode)
	}
}

func pageOf(t *testing.T, f *fixture, identity, path string) string {
	t.Helper()
	resp, body := f.do(t, identity, "GET", path, "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	return body
}

// TestTenderLifecycle: publish, close, withdraw and delete from the tender
// page's buttons and with PATCH, each only from the states it follows
// from; a withdrawn tender leaves the open list and says "ingetrokken".
func TestTenderLifecycle(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ctx := t.Context()
	status := func(id string) koppel.TenderStatus {
		t.Helper()
		got, err := f.st.FindTenderByID(ctx, id)
		if err != nil {
			return ""
		}
		return got.Status
	}
	post := func(who, path string) int {
		t.Helper()
		resp, _ := f.do(t, who, "POST", path, formType, "")
		return resp.StatusCode
	}
	// The owner's draft page offers edit, publish and delete.
	page := parse(t, pageOf(t, f, "buyerA", "/opdrachten/draft-A"))
	for _, sel := range []string{"a[href='/opdrachten/draft-A/bewerken']", "form[action='/opdrachten/draft-A/publiceren'] button", "a[href='/opdrachten/draft-A/verwijderen']"} {
		if page.Find(sel).Length() == 0 {
			t.Errorf("the owner's draft page lacks %s", sel)
		}
	}
	if code := post("buyerA", "/opdrachten/draft-A/intrekken"); code != 409 || status("draft-A") != koppel.TenderDraft {
		t.Errorf("withdraw a draft: %d, status %s; want 409 and still a draft", code, status("draft-A"))
	}
	if code := post("buyerA", "/opdrachten/published-A/verwijderen"); code != 409 || status("published-A") != koppel.TenderPublished {
		t.Errorf("delete a published tender from the page: %d; want 409", code)
	}
	if code := post("buyerA", "/opdrachten/draft-A/publiceren"); code != 303 || status("draft-A") != koppel.TenderPublished {
		t.Errorf("publish: %d, status %s", code, status("draft-A"))
	}
	page = parse(t, pageOf(t, f, "buyerA", "/opdrachten/draft-A"))
	if page.Find("form[action='/opdrachten/draft-A/sluiten']").Length() == 0 || page.Find("form[action='/opdrachten/draft-A/intrekken']").Length() == 0 {
		t.Errorf("a published tender's page offers no Afsluiten and Intrekken")
	}
	if code := post("buyerB", "/opdrachten/draft-A/intrekken"); code != 403 {
		t.Errorf("buyer B withdraws: %d, want 403", code)
	}
	if code := post("buyerA", "/opdrachten/draft-A/intrekken"); code != 303 || status("draft-A") != koppel.TenderWithdrawn {
		t.Errorf("withdraw: %d, status %s", code, status("draft-A"))
	}
	resp, body := f.do(t, "anonymous", "GET", "/opdrachten/draft-A", "", "")
	if resp.StatusCode != 200 || !strings.Contains(parse(t, body).Find("main p.muted").First().Text(), "ingetrokken") {
		t.Errorf("withdrawn tender's page: %d, says ingetrokken %v", resp.StatusCode, strings.Contains(body, "ingetrokken"))
	}
	for _, h := range f.tenderSearch(t, "anonymous", "").Hits {
		if h.Tender.ID == "draft-A" {
			t.Errorf("the withdrawn tender is in the open list")
		}
	}
	if r := f.tenderSearch(t, "anonymous", "status=withdrawn"); len(r.Hits) != 1 || r.Hits[0].Tender.ID != "draft-A" {
		t.Errorf("status=withdrawn lists %d hits, want draft-A", len(r.Hits))
	}
	if code := post("buyerA", "/opdrachten/published-A/sluiten"); code != 303 || status("published-A") != koppel.TenderClosed {
		t.Errorf("close: %d, status %s", code, status("published-A"))
	}

	// PATCH: the same changes through the API.
	f.putTender(t, "api-A", "Stad A", koppel.TenderDraft)
	patch := func(who, to string) (int, string) {
		t.Helper()
		resp, body := f.do(t, who, "PATCH", "/api/v1/tenders/api-A", "application/json", `{"status":"`+to+`"}`)
		return resp.StatusCode, body
	}
	if code, body := patch("buyerA", "closed"); code != 409 || !strings.Contains(body, "ontwerp") {
		t.Errorf("PATCH close a draft: %d %s", code, body)
	}
	if code, _ := patch("buyerB", "published"); code != 404 {
		t.Errorf("PATCH by buyer B on A's draft: %d, want 404", code)
	}
	code, body := patch("buyerA", "published")
	var got koppel.Tender
	if code != 200 || json.Unmarshal([]byte(body), &got) != nil || got.Status != koppel.TenderPublished {
		t.Errorf("PATCH publish: %d %s", code, body)
	}
	if code, _ := patch("buyerA", "draft"); code != 400 || status("api-A") != koppel.TenderPublished {
		t.Errorf("PATCH back to draft: %d, want 400", code)
	}
	if code, _ := patch("buyerA", "withdrawn"); code != 200 || status("api-A") != koppel.TenderWithdrawn {
		t.Errorf("PATCH withdraw: %d, status %s", code, status("api-A"))
	}

	// Deleting a draft asks first, then deletes and goes to Mijn opdrachten.
	f.putTender(t, "weg", "Stad A", koppel.TenderDraft)
	confirm := parse(t, pageOf(t, f, "buyerA", "/opdrachten/weg/verwijderen"))
	if confirm.Find("form[action='/opdrachten/weg/verwijderen'] button").Length() != 1 || status("weg") != koppel.TenderDraft {
		t.Errorf("the confirm page has no button, or deleted already")
	}
	if code := post("buyerB", "/opdrachten/weg/verwijderen"); code != 404 || status("weg") == "" {
		t.Errorf("buyer B deletes A's draft: %d", code)
	}
	resp, _ = f.do(t, "buyerA", "POST", "/opdrachten/weg/verwijderen", formType, "")
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/mijn-opdrachten" || status("weg") != "" {
		t.Errorf("delete: %d to %q, still there %v", resp.StatusCode, resp.Header.Get("Location"), status("weg") != "")
	}
}
