package server_test

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"koppel"
	"koppel/search"
	"koppel/server"
)

// viewers are the identities of the fixture as koppel.Viewer.
var viewers = map[string]koppel.Viewer{
	"anonymous": {}, "supplierA": {}, "supplierB": {},
	"buyerA": {Buyer: "Stad A"}, "buyerB": {Buyer: "Gemeente B"}, "admin": {Admin: true},
}

func (f *fixture) sync(t *testing.T) {
	t.Helper()
	if _, err := f.ix.Apply(context.Background(), f.st); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) tenderSearch(t *testing.T, identity, query string) search.TenderResult {
	t.Helper()
	resp, body := f.do(t, identity, "GET", "/api/v1/tenders?"+query, "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("%s GET /api/v1/tenders?%s = %d %s", identity, query, resp.StatusCode, body)
	}
	var r search.TenderResult
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestVisibilityInSearch checks hits, counts, facets and suggestions of the
// tender search per identity against the one rule, koppel.Viewer.SeesTender.
func TestVisibilityInSearch(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	// Buyer B's draft holds a word no visible tender has.
	tender := &koppel.Tender{ID: "draft-B", Owner: "Gemeente B", Status: koppel.TenderDraft, Title: "Onderhoud begraafplaatsen",
		Buyer: koppel.Buyer{Name: "Gemeente B"}, Lots: []koppel.Lot{{ID: "1", Title: "Maaien", CPV: []koppel.CPV{"77310000"}, Postcode: "9090"}}}
	if err := f.st.PutTender(context.Background(), tender); err != nil {
		t.Fatal(err)
	}
	f.putTender(t, "closed-A", "Stad A", koppel.TenderClosed)
	f.sync(t)
	stored, _, err := f.st.FindTenders(context.Background(), koppel.TenderFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range identities {
		v := viewers[id]
		for _, status := range []string{"", "draft", "published", "closed"} {
			t.Run(id+"/status="+status, func(t *testing.T) {
				want := map[string]bool{}
				for _, st := range stored {
					asked := status == "" && st.Status != koppel.TenderClosed || string(st.Status) == status
					if asked && v.SeesTender(st) {
						want[st.ID] = true
					}
				}
				r := f.tenderSearch(t, id, "size=100&status="+status)
				got := map[string]bool{}
				for _, h := range r.Hits {
					got[h.Tender.ID] = true
				}
				if r.Total != len(want) || len(got) != len(want) {
					t.Errorf("total %d, hits %v; want %v", r.Total, got, want)
				}
				for id := range got {
					if !want[id] {
						t.Errorf("hit %s, which the caller may not see", id)
					}
				}
				facet := 0
				for _, fv := range r.Facets.Status {
					facet += fv.Count
				}
				if facet != len(want) {
					t.Errorf("status facet counts %d tenders, want %d: %+v", facet, len(want), r.Facets.Status)
				}
			})
		}
		t.Run(id+"/suggestion", func(t *testing.T) {
			r := f.tenderSearch(t, id, "q=begraafplaatsn")
			leaked := r.Total > 0 || strings.Contains(r.Suggestion, "begraafplaats")
			if sees := v.SeesTender(tender); leaked != sees {
				t.Errorf("misspelt word of buyer B's draft: total %d, suggestion %q; want it found only by who sees the draft (%v)", r.Total, r.Suggestion, sees)
			}
		})
	}
}

// TestTenderCreateIsNoOracle checks that creating a tender tells nothing
// about another buyer's draft, that IDs are Koppel's or strict, and that a
// buyer's organisation and notice IDs come from its token, not the body.
func TestTenderCreateIsNoOracle(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	reqID := regexp.MustCompile(`"request_id":"[^"]*"|"instance":"[^"]*"`)
	answer := func(identity, id string) (int, string) {
		resp, body := f.do(t, identity, "POST", "/api/v1/tenders", "application/json", `{"id":"`+id+`","title":"Groen","buyer":{"name":"X"},"lots":[{"title":"Maaien","cpv":["77310000"],"postcode":"9000"}]}`)
		return resp.StatusCode, reqID.ReplaceAllString(body, "")
	}
	taken, takenBody := answer("buyerB", "draft-A")
	fresh, freshBody := answer("buyerB", "nothing-here")
	if taken != fresh || takenBody != freshBody || taken < 400 || strings.Contains(takenBody, "draft-A") {
		t.Errorf("another buyer's draft id: %d %s; a fresh id: %d %s; want the same refusal", taken, takenBody, fresh, freshBody)
	}
	if _, err := f.st.FindTenderByID(context.Background(), "nothing-here"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("a buyer chose a tender id: %v", err)
	}
	for _, bad := range []string{"../aanmelden?terug=/\t/host#", "a/b", "-x", "a b", "x.y", strings.Repeat("x", 101), "é"} {
		if status, body := answer("admin", bad); status != 400 {
			t.Errorf("admin creates id %q: %d %s, want 400", bad, status, body)
		}
	}
	if status, body := answer("admin", "draft-A"); status != 409 {
		t.Errorf("admin creates an existing id: %d %s, want 409 (admins see every tender)", status, body)
	}

	// Buyer B writes Stad A's name and notice ID in the body: it gets its
	// own name and no notice.
	notice := "7d1c1e2a-3b4c-4d5e-8f90-123456789abc"
	resp, body := f.do(t, "buyerB", "POST", "/api/v1/tenders", "application/json",
		`{"title":"Schoonmaak","status":"published","buyer":{"name":"Stad A"},"source":{"kind":"eforms","notice_id":"`+notice+`"},"lots":[{"title":"Poetsen","cpv":["90911200"],"postcode":"9000"}]}`)
	var created koppel.Tender
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &created) != nil {
		t.Fatalf("create = %d %s", resp.StatusCode, body)
	}
	if created.Buyer.Name != "Gemeente B" || created.Owner != "Gemeente B" || created.Source.NoticeID != "" || !koppel.ValidTenderID(created.ID) {
		t.Errorf("created %+v; want buyer and owner Gemeente B, no notice ID, a generated ID", created)
	}
	// Buyer B may not edit it into Stad A's name either.
	resp, body = f.do(t, "buyerB", "PUT", "/api/v1/tenders/"+created.ID, "application/json",
		`{"title":"Schoonmaak","buyer":{"name":"Stad A"},"source":{"kind":"eforms","notice_id":"`+notice+`"},"lots":[{"title":"Poetsen","cpv":["90911200"],"postcode":"9000"}]}`)
	if resp.StatusCode != 200 || strings.Contains(body, "Stad A") || strings.Contains(body, notice) {
		t.Errorf("edit = %d %s; want 200 keeping Gemeente B and no notice", resp.StatusCode, body)
	}
	// Nor through the form.
	resp, _ = f.do(t, "buyerB", "POST", "/opdrachten/nieuw", "application/x-www-form-urlencoded", "title=Schoonmaak&buyer=Stad+A&lot1_title=Poetsen&lot1_cpv=90911200&lot1_postcode=9000")
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || !strings.HasPrefix(loc, "/opdrachten/") {
		t.Errorf("form = %d to %q, want 303 to the tender", resp.StatusCode, loc)
	} else if _, body := f.do(t, "buyerB", "GET", "/api/v1/tenders/"+strings.TrimPrefix(loc, "/opdrachten/"), "", ""); !strings.Contains(body, `"buyer":{"name":"Gemeente B"`) {
		t.Errorf("tender of the form: %.300s; want buyer Gemeente B", body)
	}
	// Nor import Stad A's notice; the refusal names no tender.
	resp, body = f.do(t, "buyerB", "POST", "/api/v1/tenders/import", "application/xml", noticeXML)
	if resp.StatusCode != 403 || strings.Contains(body, created.ID) || strings.Contains(body, "draft-A") {
		t.Errorf("buyer B imports Stad A's notice: %d %s; want 403 naming no tender", resp.StatusCode, body)
	}
	// A buyer token without the notice's organisation ID cannot either.
	f.tokens["buyerA2"] = f.addToken(t, koppel.Token{Role: koppel.RoleBuyer, Buyer: "Stad A"})
	if resp, body := f.do(t, "buyerA2", "POST", "/api/v1/tenders/import", "application/xml", noticeXML); resp.StatusCode != 403 || !strings.Contains(body, "--buyer-id") {
		t.Errorf("a buyer without an organisation ID imports a notice: %d %s, want 403 saying how to get one", resp.StatusCode, body)
	}
	// Stad A, whose notice it is, imports it.
	resp, body = f.do(t, "buyerA", "POST", "/api/v1/tenders/import", "application/xml", noticeXML)
	if resp.StatusCode != 201 || !strings.Contains(body, `"status":"created"`) {
		t.Errorf("Stad A imports its notice: %d %s, want 201 created", resp.StatusCode, body)
	}
	got, err := f.st.FindTenderByNotice(context.Background(), notice)
	if err != nil || got.Owner != "Stad A" {
		t.Fatalf("the notice's tender: %+v, %v; want owned by Stad A", got, err)
	}
	// An admin may give it to another buyer account.
	b, _ := json.Marshal(map[string]any{"title": got.Title, "buyer": got.Buyer, "owner": "Gemeente B", "lots": got.Lots})
	if resp, body := f.do(t, "admin", "PUT", "/api/v1/tenders/"+got.ID, "application/json", string(b)); resp.StatusCode != 200 || !strings.Contains(body, `"owner":"Gemeente B"`) || !strings.Contains(body, notice) {
		t.Errorf("admin gives the notice's tender to Gemeente B: %d %.300s", resp.StatusCode, body)
	}
}

// TestBuyerSheetTendersAreTheirOwn checks that a buyer's spreadsheet
// reference cannot reach another buyer's tender of the same reference.
func TestBuyerSheetTendersAreTheirOwn(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	csv := "Opdracht;Aankoper;Titel opdracht;Perceel;Titel perceel;CPV-codes;Postcode\n" +
		"draft-A;Stad A;Onderhoud scholen;1;Schoonmaak;90911200-8;9000\n"
	for _, id := range []string{"buyerA", "buyerB", "buyerB"} {
		resp, body := f.do(t, id, "POST", "/api/v1/tenders/import", "text/csv", csv)
		if resp.StatusCode != 201 || strings.Contains(body, `"id":"draft-A"`) {
			t.Errorf("%s imports reference draft-A: %d %s; want 201 with a tender of its own", id, resp.StatusCode, body)
		}
	}
	a, err := f.st.FindTenderByID(context.Background(), "draft-A")
	if err != nil || a.Title != "Schoonmaak draft-A" {
		t.Errorf("Stad A's draft after the imports: %+v, %v; want it untouched", a, err)
	}
	r := f.tenderSearch(t, "buyerB", "status=draft&q="+url.QueryEscape("onderhoud scholen"))
	if r.Total != 1 || r.Hits[0].Tender.Buyer != "Gemeente B" {
		t.Errorf("buyer B's drafts: %+v; want one, in its own name", r)
	}
}
