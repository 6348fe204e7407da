package server_test

import (
	"net/url"
	"strings"
	"testing"

	"koppel"
	"koppel/server"
)

func init() {
	matrix["POST /api/v1/tenders/:id/lots/:lot/clauses"] = matrixCase{path: "/api/v1/tenders/published-A/lots/1/clauses", contentType: "application/json", body: `{"kind":"res-ws","text":"Voorbehouden."}`, want: statuses(401, 403, 403, 201, 403, 201)}
	matrix["POST /opdrachten/:id/clausule"] = matrixCase{path: "/opdrachten/draft-A/clausule", contentType: formType, body: "lot=1&kind=res-ws&text=Voorbehouden.", want: statuses(401, 403, 403, 303, 404, 303)}
}

// TestAttachDraftedClause: the clause assistant opened from a lot of the
// buyer's own tender offers "Voeg deze clausule toe aan perceel N" for
// each lot; the lot then carries the clause with its text and eForms
// codes, shown on the tender page and kept through an edit. Another buyer
// gets no offer and cannot attach.
func TestAttachDraftedClause(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	page := parse(t, pageOf(t, f, "buyerA", "/clausule?tender=draft-A&lot=1"))
	if v, _ := page.Find("form.clause input[name=tender]").Attr("value"); v != "draft-A" {
		t.Fatalf("the assistant does not carry the tender: %q", v)
	}
	draft := url.Values{"tender": {"draft-A"}, "title": {"Poetsen"}, "cpv": {"90911200-8"}, "postcode": {"9000"}, "clause": {"award-criterion"}}
	resp, body := f.do(t, "buyerA", "POST", "/clausule", formType, draft.Encode())
	if resp.StatusCode != 200 {
		t.Fatalf("draft: %d", resp.StatusCode)
	}
	page = parse(t, body)
	button := page.Find("form[action='/opdrachten/draft-A/clausule'] button[name=lot][value='1']")
	if !strings.Contains(button.Text(), "Voeg deze clausule toe aan perceel 1") {
		t.Fatalf("no button for lot 1: %q", button.Text())
	}
	form := formOf(t, body, "/opdrachten/draft-A/clausule")
	if form.Get("kind") != "award-criterion" || form.Get("weight") != "15" || !strings.Contains(form.Get("text"), "Poetsen") {
		t.Fatalf("attach form %v", form)
	}
	if _, other := f.do(t, "buyerB", "POST", "/clausule", formType, draft.Encode()); strings.Contains(other, "/opdrachten/draft-A/clausule") {
		t.Errorf("buyer B is offered to attach to A's tender")
	}

	form.Set("text", form.Get("text")+" Aangepast door de aankoper.")
	form.Set("lot", "1")
	resp, _ = f.do(t, "buyerA", "POST", "/opdrachten/draft-A/clausule", formType, form.Encode())
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/opdrachten/draft-A#perceel-1" {
		t.Fatalf("attach: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	stored, err := f.st.FindTenderByID(t.Context(), "draft-A")
	if err != nil {
		t.Fatal(err)
	}
	cs := stored.Lots[0].Clauses
	if len(cs) != 1 || cs[0].Kind != koppel.ClauseAwardCriterion || cs[0].Weight != 15 || !strings.HasSuffix(cs[0].Text, "Aangepast door de aankoper.") || strings.Join(cs[0].SocialObjectives, ",") != "opp" {
		t.Fatalf("lot clauses %+v", cs)
	}
	shown := parse(t, pageOf(t, f, "buyerA", "/opdrachten/draft-A")).Find("#perceel-1 ul.clauses li").Text()
	for _, want := range []string{"Sociaal gunningscriterium (15 %)", "Aangepast door de aankoper.", "BT-539 quality", "BT-541 15", "BT-775 opp"} {
		if !strings.Contains(shown, want) {
			t.Errorf("tender page's clause lacks %q: %q", want, shown)
		}
	}

	// An edit that leaves the clause select alone keeps the clause.
	edit := formOf(t, pageOf(t, f, "buyerA", "/opdrachten/draft-A/bewerken"), "/opdrachten/draft-A/bewerken")
	edit.Set("title", "Schoonmaak, bewerkt")
	if resp, body := f.do(t, "buyerA", "POST", "/opdrachten/draft-A/bewerken", formType, edit.Encode()); resp.StatusCode != 303 {
		t.Fatalf("edit: %d %.300s", resp.StatusCode, body)
	}
	stored, _ = f.st.FindTenderByID(t.Context(), "draft-A")
	if cs := stored.Lots[0].Clauses; len(cs) != 1 || cs[0].Weight != 15 || !strings.HasSuffix(cs[0].Text, "Aangepast door de aankoper.") {
		t.Errorf("after an edit the clause is %+v", cs)
	}

	for _, tt := range []struct {
		who, path, body string
		want            int
	}{
		{"buyerB", "/opdrachten/draft-A/clausule", "lot=1&kind=res-ws", 404},
		{"buyerB", "/opdrachten/published-A/clausule", "lot=1&kind=res-ws", 403},
		{"buyerA", "/opdrachten/draft-A/clausule", "lot=9&kind=res-ws", 404},
		{"buyerA", "/opdrachten/draft-A/clausule", "lot=1&kind=vrijwilligers", 400},
		{"buyerA", "/opdrachten/draft-A/clausule", "lot=1&kind=award-criterion&weight=veel", 400},
		{"buyerA", "/opdrachten/draft-A/clausule", "lot=1&kind=award-criterion&weight=NaN", 400},
	} {
		if resp, _ := f.do(t, tt.who, "POST", tt.path, formType, tt.body); resp.StatusCode != tt.want {
			t.Errorf("%s %s %s: %d, want %d", tt.who, tt.path, tt.body, resp.StatusCode, tt.want)
		}
	}
	// The API does the same.
	resp, body = f.do(t, "buyerA", "POST", "/api/v1/tenders/published-A/lots/1/clauses", "application/json", `{"kind":"res-ws","text":"Voorbehouden aan maatwerkbedrijven."}`)
	if resp.StatusCode != 201 || !strings.Contains(body, `"kind":"res-ws"`) {
		t.Errorf("API attach: %d %s", resp.StatusCode, body)
	}
}

// TestAttachClauseInFrench: on a French page the clause offered to put on
// the tender is the French text (the box says so with lang="fr"); a tender
// that says it is written in Dutch gets the Dutch text on any page.
func TestAttachClauseInFrench(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	draft := url.Values{"tender": {"draft-A"}, "title": {"Poetsen"}, "cpv": {"90911200-8"}, "postcode": {"9000"}, "clause": {"res-ws"}}
	for _, tt := range []struct {
		page, tenderLang, want, notWant string
	}{
		{"fr", "", "fr", "nl"},
		{"nl", "", "nl", "fr"},
		{"en", "", "nl", "fr"},
		{"fr", "nl", "nl", "fr"},
		{"nl", "fr", "fr", "nl"},
	} {
		stored, err := f.st.FindTenderByID(t.Context(), "draft-A")
		if err != nil {
			t.Fatal(err)
		}
		stored.Language = tt.tenderLang
		if err := f.st.PutTender(t.Context(), stored); err != nil {
			t.Fatal(err)
		}
		resp, body := f.do(t, "buyerA", "POST", "/clausule?lang="+tt.page, formType, draft.Encode())
		if resp.StatusCode != 200 {
			t.Fatalf("draft: %d", resp.StatusCode)
		}
		page := parse(t, body)
		box := page.Find("#clause-text")
		if l, _ := box.Attr("lang"); l != tt.want {
			t.Errorf("page %s, tender in %q: the box is lang=%q, want %q", tt.page, tt.tenderLang, l, tt.want)
		}
		text := strings.TrimSpace(box.Text())
		if want := strings.TrimSpace(page.Find("#tekst-" + tt.want).Text()); text != want {
			t.Errorf("page %s, tender in %q: the box holds %.80q, want the %s text %.80q", tt.page, tt.tenderLang, text, tt.want, want)
		}
		if other := strings.TrimSpace(page.Find("#tekst-" + tt.notWant).Text()); other == "" || other == text {
			t.Errorf("page %s: the %s text %.80q is missing or the same", tt.page, tt.notWant, other)
		}
	}
}
