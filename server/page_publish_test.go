package server_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"koppel"
	"koppel/ingest"
	"koppel/server"
)

// TestBuyerPublishesImportedNotice: Stad A's notice, imported by Stad A,
// is its draft, under the notice's buyer; the button "Publiceren" on the
// tender page publishes it. Another buyer can neither see nor publish it.
func TestBuyerPublishesImportedNotice(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	resp, body := f.do(t, "buyerA", "POST", "/api/v1/tenders/import", "application/xml", noticeXML)
	var res ingest.TenderResult
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &res) != nil || len(res.Tenders) != 1 {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}
	id := res.Tenders[0].ID
	stored, err := f.st.FindTenderByID(t.Context(), id)
	if err != nil || stored.Status != koppel.TenderDraft || stored.Owner != "Stad A" || stored.Buyer.Name == "" {
		t.Fatalf("stored %+v, %v; want a draft of Stad A with the notice's buyer", stored, err)
	}
	if resp, _ := f.do(t, "anonymous", "GET", "/opdrachten/"+id, "", ""); resp.StatusCode != 404 {
		t.Errorf("anonymous sees the draft: %d", resp.StatusCode)
	}
	publish := func(identity string) int {
		t.Helper()
		cookie, csrf := f.signIn(t, identity)
		resp, _ := f.withCookie(t, cookie, "POST", "/opdrachten/"+id+"/publiceren", "application/x-www-form-urlencoded", url.Values{"csrf": {csrf}}.Encode())
		return resp.StatusCode
	}
	if code := publish("buyerB"); code != 404 {
		t.Errorf("another buyer publishes: %d, want 404", code)
	}
	cookie, _ := f.signIn(t, "buyerA")
	if _, page := f.withCookie(t, cookie, "GET", "/opdrachten/"+id, "", ""); !strings.Contains(page, ">Publiceren</button>") {
		t.Errorf("the owner's draft page has no Publiceren button")
	}
	if code := publish("buyerA"); code != 303 {
		t.Fatalf("publish: %d, want 303", code)
	}
	if resp, page := f.do(t, "anonymous", "GET", "/opdrachten/"+id, "", ""); resp.StatusCode != 200 || strings.Contains(page, "Publiceren") {
		t.Errorf("after publishing: %d, button shown %v", resp.StatusCode, strings.Contains(page, "Publiceren"))
	}
}

// TestStatusButtonsConfirm: after Publiceren, Sluiten or Intrekken the
// buyer lands on the tender with a sentence saying what changed, in the
// page's language; a kept link whose status the tender no longer has, and
// a visitor who is not the buyer, see no such sentence.
func TestStatusButtonsConfirm(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	f.putTender(t, "confirm-me", "Stad A", koppel.TenderDraft)
	cookie, csrf := f.signIn(t, "buyerA")
	step := func(path, wantStatus, wantNL, wantFR string) {
		t.Helper()
		resp, _ := f.withCookie(t, cookie, "POST", "/opdrachten/confirm-me/"+path, "application/x-www-form-urlencoded", url.Values{"csrf": {csrf}}.Encode())
		loc := resp.Header.Get("Location")
		if resp.StatusCode != 303 || loc != "/opdrachten/confirm-me?status="+wantStatus {
			t.Fatalf("%s: %d to %q", path, resp.StatusCode, loc)
		}
		if _, page := f.withCookie(t, cookie, "GET", loc, "", ""); !strings.Contains(parse(t, page).Find(`p.notice[role=status]`).Text(), wantNL) {
			t.Errorf("%s: the page does not confirm %q", path, wantNL)
		}
		if _, page := f.withCookie(t, cookie, "GET", loc+"&lang=fr", "", ""); !strings.Contains(parse(t, page).Find(`p.notice[role=status]`).Text(), wantFR) {
			t.Errorf("%s: the French page does not confirm %q", path, wantFR)
		}
		if _, page := f.do(t, "anonymous", "GET", loc, "", ""); strings.Contains(page, `class="notice"`) {
			t.Errorf("%s: a visitor sees the buyer's confirmation", path)
		}
	}
	step("publiceren", "published", "De opdracht is gepubliceerd", "Le marché est publié")
	step("sluiten", "closed", "De opdracht is gesloten", "Le marché est clôturé")
	if _, page := f.withCookie(t, cookie, "GET", "/opdrachten/confirm-me?status=published", "", ""); strings.Contains(page, `class="notice"`) {
		t.Errorf("a kept link confirms a status the tender no longer has")
	}
}
