package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/server"
)

// TestOutcomeAPI: the tender's buyer records the outcome of a lot through
// the API; a winner named by company number becomes the directory
// enterprise, the tender closes when its only lot is decided, and the
// enterprise's won lots and the buyer's report show it. Bad outcomes are
// refused with the reason.
func TestOutcomeAPI(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	path := "/api/v1/tenders/published-A/lots/1/outcome"
	if resp, _ := f.do(t, "anonymous", "GET", path, "", ""); resp.StatusCode != 404 {
		t.Errorf("outcome before one is recorded: %d, want 404", resp.StatusCode)
	}
	for name, tc := range map[string]struct{ body, want string }{
		"unknown enterprise": {`{"result":"awarded","winners":[{"kbo":"0202.239.951"}],"date":"2026-07-01"}`, "geen onderneming in Koppel"},
		"no reason":          {`{"result":"not_awarded","date":"2026-07-01"}`, "waarom"},
		"other without text": {`{"result":"not_awarded","reason":"other","date":"2026-07-01"}`, "paar woorden"},
		"no date":            {`{"result":"awarded","winners":[{"name":"Bedrijf X"}]}`, "datum"},
		"negative value":     {`{"result":"awarded","winners":[{"name":"Bedrijf X"}],"date":"2026-07-01","value":-5}`, "negatief"},
	} {
		resp, body := f.do(t, "buyerA", "PUT", path, "application/json", tc.body)
		if resp.StatusCode != 400 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: got %d %s, want 400 saying %q", name, resp.StatusCode, body, tc.want)
		}
	}
	if resp, body := f.do(t, "buyerA", "PUT", "/api/v1/tenders/draft-A/lots/1/outcome", "application/json",
		`{"result":"not_awarded","reason":"stopped","date":"2026-07-01"}`); resp.StatusCode != 400 || !strings.Contains(body, "ontwerp") {
		t.Errorf("outcome of a draft: %d %s, want 400", resp.StatusCode, body)
	}
	if resp, _ := f.do(t, "buyerA", "PUT", "/api/v1/tenders/published-A/lots/9/outcome", "application/json",
		`{"result":"not_awarded","reason":"stopped","date":"2026-07-01"}`); resp.StatusCode != 404 {
		t.Errorf("outcome of a lot that does not exist: %d, want 404", resp.StatusCode)
	}

	resp, body := f.do(t, "buyerA", "PUT", path, "application/json",
		`{"result":"awarded","winners":[{"kbo":"BE 0400.040.767"},{"name":"Groendienst Verzinselgem","company_id":"0999.999.999"}],"date":"2026-07-01","value":48000,"source":{"kind":"eforms"}}`)
	if resp.StatusCode != 200 {
		t.Fatalf("record: %d %s", resp.StatusCode, body)
	}
	var o koppel.Outcome
	if err := json.Unmarshal([]byte(body), &o); err != nil {
		t.Fatal(err)
	}
	if o.Winners[0].KBO != kboB || o.Winners[0].Name != "Fictieve onderneming "+string(kboB) || o.Source.Kind != "form" || o.RecordedBy != "aankoper Stad A" {
		t.Errorf("recorded %+v: want enterprise B by name, source form, recorded by Stad A", o)
	}
	if resp, body := f.do(t, "anonymous", "GET", path, "", ""); resp.StatusCode != 200 || !strings.Contains(body, `"value":48000`) {
		t.Errorf("read back: %d %s", resp.StatusCode, body)
	}
	if tn, _ := f.st.FindTenderByID(t.Context(), "published-A"); tn.Status != koppel.TenderClosed {
		t.Errorf("tender status %s after its only lot was decided, want closed", tn.Status)
	}
	resp, body = f.do(t, "anonymous", "GET", "/api/v1/enterprises/"+string(kboB)+"/outcomes", "", "")
	var won []koppel.Outcome
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &won) != nil || len(won) != 1 || won[0].TenderID != "published-A" {
		t.Errorf("won lots of B: %d %s", resp.StatusCode, body)
	}

	// A need of Stad A sent to A and B: A is not interested, B is and is
	// chosen; a draft need does not count.
	need := &koppel.Need{ID: "N-report", Owner: "Stad A", Title: "Poetsdienst", Category: "schoonmaak", Reserved: true, Status: koppel.NeedOpen,
		SentAt: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC), Recipients: []koppel.NeedRecipient{{Enterprise: kboA}, {Enterprise: kboB}},
		Answers: []koppel.NeedAnswer{
			{ID: "1", Enterprise: kboA, Kind: koppel.AnswerNotInterested, Reason: koppel.DeclineNoCapacity},
			{ID: "2", Enterprise: kboB, Kind: koppel.AnswerInterested, Message: "Graag"},
		}, Chosen: "2"}
	draft := &koppel.Need{ID: "N-draft", Owner: "Stad A", Title: "Nog niet verstuurd", Category: "schoonmaak", Status: koppel.NeedOpen}
	for _, n := range []*koppel.Need{need, draft} {
		if err := f.st.CreateNeed(t.Context(), n); err != nil {
			t.Fatal(err)
		}
	}

	resp, body = f.do(t, "buyerA", "GET", "/api/v1/outcomes/report", "", "")
	var rep koppel.OutcomeReport
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &rep) != nil {
		t.Fatalf("report: %d %s", resp.StatusCode, body)
	}
	wantNeeds := koppel.NeedCounts{Needs: 1, Reserved: 1, Recipients: 2, Interested: 1, NotInterested: 1, Chosen: 1, Share: 1}
	if rep.Needs != wantNeeds || len(rep.Years) != 1 || rep.Years[0].Needs != wantNeeds {
		t.Errorf("needs in the report of Stad A: %+v, want %+v", rep.Needs, wantNeeds)
	}
	if len(rep.Years) == 1 {
		if wf := rep.Years[0].NeedsByWorkForm; len(wf) != 1 || wf[0].Key != "maatwerkbedrijf" || wf[0].Chosen != 1 {
			t.Errorf("needs by work form: %+v, want one answer of a maatwerkbedrijf chosen", wf)
		}
		if c := rep.Years[0].NeedsByCategory; len(c) != 1 || c[0].Key != "schoonmaak" || c[0].Chosen != 1 {
			t.Errorf("needs by category: %+v", c)
		}
	}
	for who, path := range map[string]string{"admin": "/api/v1/outcomes/report", "admin ?buyer=Stad A": "/api/v1/outcomes/report?buyer=Stad+A"} {
		var all koppel.OutcomeReport
		if resp, body := f.do(t, "admin", "GET", path, "", ""); resp.StatusCode != 200 || json.Unmarshal([]byte(body), &all) != nil || all.Needs != wantNeeds {
			t.Errorf("%s: needs %+v (%d), want %+v", who, all.Needs, resp.StatusCode, wantNeeds)
		}
	}
	if resp, page := f.do(t, "buyerA", "GET", "/resultaten", "", ""); resp.StatusCode != 200 || !strings.Contains(page, "Met gekozen antwoord") || !strings.Contains(page, "Gekozen antwoorden per werkvorm") {
		t.Errorf("Resultaten of Stad A: %d, want the needs", resp.StatusCode)
	}
	// Stad A: published-A decided; draft-A is left out.
	if rep.Buyer != "Stad A" || rep.Lots != 1 || rep.Outcomes != 1 || rep.SocialEconomy != 1 || rep.Share != 1 || len(rep.Years) != 1 || rep.Years[0].Year != 2026 {
		t.Errorf("report of Stad A: %+v", rep)
	}
	if wf := rep.Years[0].ByWorkForm; len(wf) != 1 || wf[0].Key != "maatwerkbedrijf" || wf[0].Awarded != 1 || wf[0].Value != 48000 {
		t.Errorf("by work form: %+v, want one lot won by a maatwerkbedrijf", wf)
	}
	resp, body = f.do(t, "buyerB", "GET", "/api/v1/outcomes/report", "", "")
	if json.Unmarshal([]byte(body), &rep) != nil || resp.StatusCode != 200 || rep.Lots != 0 || rep.Needs.Needs != 0 {
		t.Errorf("report of Gemeente B: %d %s, want no lots and no needs", resp.StatusCode, body)
	}
}

// TestOutcomeForm: the form shows every problem beside its field, with
// aria-invalid and aria-describedby, and keeps what was typed; a good form
// records the outcome, which the tender page and the winner's Mijn aanbod
// then show.
func TestOutcomeForm(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	cookie, csrf := f.signIn(t, "buyerA")
	form := "/opdrachten/published-A/percelen/1/uitslag"
	if _, page := f.withCookie(t, cookie, "GET", "/opdrachten/published-A", "", ""); !strings.Contains(page, `href="`+form+`"`) {
		t.Errorf("the buyer's tender page has no link to the outcome form")
	}
	if _, page := f.do(t, "buyerB", "GET", "/opdrachten/published-A", "", ""); strings.Contains(page, form) {
		t.Errorf("another buyer's tender page links to the outcome form")
	}
	resp, page := f.withCookie(t, cookie, "POST", form, "application/x-www-form-urlencoded",
		url.Values{"csrf": {csrf}, "result": {"awarded"}, "winner_kbo": {"0202.239.951"}, "date": {"1 juli"}, "value": {"veel"}}.Encode())
	if resp.StatusCode != 400 {
		t.Fatalf("bad form: %d, want 400", resp.StatusCode)
	}
	for _, want := range []string{
		`id="winner_kbo" name="winner_kbo" value="0202.239.951"`, `aria-describedby="winner_kbo_error"`, `id="winner_kbo_error"`,
		`aria-describedby="date_error"`, `aria-describedby="value_error"`, `id="problemen"`, "geen onderneming in Koppel",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("bad form page lacks %q", want)
		}
	}
	if _, err := f.st.FindOutcome(t.Context(), "published-A", "1"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("a refused form stored an outcome: %v", err)
	}
	resp, _ = f.withCookie(t, cookie, "POST", form, "application/x-www-form-urlencoded",
		url.Values{"csrf": {csrf}, "result": {"awarded"}, "winner_kbo": {string(kboB)}, "date": {"2026-07-01"}, "value": {"48.000,50"}}.Encode())
	if resp.StatusCode != 303 {
		t.Fatalf("good form: %d, want 303", resp.StatusCode)
	}
	o, err := f.st.FindOutcome(t.Context(), "published-A", "1")
	if err != nil || o.Value != 48000.5 || o.Winners[0].KBO != kboB {
		t.Fatalf("stored %+v, %v", o, err)
	}
	if _, page := f.do(t, "anonymous", "GET", "/opdrachten/published-A", "", ""); !strings.Contains(page, "Gegund</strong> aan") || !strings.Contains(page, "/ondernemingen/"+kboB.String()) {
		t.Errorf("tender page does not show the outcome")
	}
	supplier, _ := f.signIn(t, "supplierB")
	if _, page := f.withCookie(t, supplier, "GET", "/mijn-aanbod", "", ""); !strings.Contains(page, "Gewonnen opdrachten (1)") || !strings.Contains(page, "/opdrachten/published-A#perceel-1") {
		t.Errorf("the winner's Mijn aanbod does not list the won lot")
	}
	admin, _ := f.signIn(t, "admin")
	if resp, page := f.withCookie(t, admin, "GET", "/resultaten", "", ""); resp.StatusCode != 200 || !strings.Contains(page, "100 %") {
		t.Errorf("Resultaten for the admin: %d, want a share of 100 %%", resp.StatusCode)
	}
}

// TestOutcomeEvent: recording an outcome tells the winners from the
// directory; the same outcome again has the same key (told once), a
// changed winner a new one.
func TestOutcomeEvent(t *testing.T) {
	ev := &eventRecorder{}
	f := newFixture(t, server.RateLimits{}, func(s *server.Server) { s.Notifier = ev })
	path := "/api/v1/tenders/published-A/lots/1/outcome"
	for _, body := range []string{
		`{"result":"awarded","winners":[{"kbo":"` + string(kboB) + `"},{"name":"Bedrijf X"}],"date":"2026-07-01"}`,
		`{"result":"awarded","winners":[{"kbo":"` + string(kboB) + `"},{"name":"Bedrijf X"}],"date":"2026-07-02"}`,
		`{"result":"awarded","winners":[{"kbo":"` + string(kboA) + `"}],"date":"2026-07-02"}`,
	} {
		if resp, b := f.do(t, "buyerA", "PUT", path, "application/json", body); resp.StatusCode != 200 {
			t.Fatalf("record: %d %s", resp.StatusCode, b)
		}
	}
	var got []koppel.Event
	for _, e := range ev.list() {
		if e.Kind == koppel.EventOutcomeRecorded {
			got = append(got, e)
		}
	}
	if len(got) != 3 || got[0].Key != got[1].Key || got[1].Key == got[2].Key {
		t.Fatalf("events %+v: want three, the first two with one key", got)
	}
	if e := got[0]; e.Subject != "published-A" || e.Buyer != "Stad A" || len(e.Enterprises) != 1 || e.Enterprises[0] != kboB {
		t.Errorf("event %+v: want tender published-A of Stad A, for enterprise B", e)
	}
}

// TestAwardNoticeUpload: an award notice uploaded on the new-tender page
// says "Uitslag geregistreerd" and waits for its tender; the contract
// notice imported through the API then arrives closed, with the outcomes
// on its page.
func TestAwardNoticeUpload(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	can, err := os.ReadFile("../importers/eforms/testdata/can_flemish_synthetic.xml")
	if err != nil {
		t.Fatal(err)
	}
	resp, page := f.do(t, "admin", "POST", "/opdrachten/opladen", "application/xml", string(can))
	if resp.StatusCode != 200 || !strings.Contains(page, "Uitslag geregistreerd: 3 percelen (2 gegund, waarvan 2 aan de sociale economie; 1 niet gegund)") || !strings.Contains(page, "3 wachten") {
		t.Fatalf("upload of the award notice: %d\n%s", resp.StatusCode, page)
	}
	cn, err := os.ReadFile("../importers/eforms/testdata/cn_flemish_synthetic.xml")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := f.do(t, "admin", "POST", "/api/v1/tenders/import", "application/xml", string(cn))
	if resp.StatusCode != 201 {
		t.Fatalf("import of the contract notice: %d %s", resp.StatusCode, body)
	}
	id := "eforms-7d1c1e2a-3b4c-4d5e-8f90-123456789abc"
	resp, body = f.do(t, "anonymous", "GET", "/api/v1/tenders/"+id, "", "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"status":"closed"`) {
		t.Errorf("tender after its award notice: %d %s, want closed", resp.StatusCode, body)
	}
	_, page = f.do(t, "anonymous", "GET", "/opdrachten/"+id, "", "")
	for _, want := range []string{"Fictieve Maatwerk Schetsbeek vzw", "Niet gegund</strong>: geen offertes", "uit de eForms-aankondiging van gegunde opdracht 9e2f4a61-5c7d-4e8f-a012-3456789abcde"} {
		if !strings.Contains(page, want) {
			t.Errorf("tender page lacks %q", want)
		}
	}
}

// manyNeeds is a need store whose buyer has 2,500 sent needs: it makes
// them up page by page and records the page sizes asked for.
type manyNeeds struct {
	koppel.NeedService
	limits []int
}

func (m *manyNeeds) FindNeedsByOwner(_ context.Context, owner string, f koppel.NeedFilter) ([]*koppel.Need, int, error) {
	const total = 2500
	m.limits = append(m.limits, f.Limit)
	var list []*koppel.Need
	for i := f.Offset; i < min(f.Offset+min(f.Limit, 100), total); i++ {
		list = append(list, &koppel.Need{ID: fmt.Sprint("N", i), Owner: owner, Category: "schoonmaak", SentAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	}
	return list, total, nil
}

// TestOutcomeReportNeedLimit: the report reads the newest
// koppel.MaxReportNeeds needs, in pages the store allows, and says how
// many it left out.
func TestOutcomeReportNeedLimit(t *testing.T) {
	m := &manyNeeds{}
	f := newFixture(t, server.RateLimits{}, func(s *server.Server) { m.NeedService = s.Needs; s.Needs = m })
	resp, body := f.do(t, "buyerA", "GET", "/api/v1/outcomes/report", "", "")
	var rep koppel.OutcomeReport
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &rep) != nil {
		t.Fatalf("report: %d %.300s", resp.StatusCode, body)
	}
	if rep.Needs.Needs != koppel.MaxReportNeeds || rep.NeedsLeftOut != 2500-koppel.MaxReportNeeds {
		t.Errorf("read %d needs, left out %d; want %d and %d", rep.Needs.Needs, rep.NeedsLeftOut, koppel.MaxReportNeeds, 2500-koppel.MaxReportNeeds)
	}
	if len(m.limits) != koppel.MaxReportNeeds/100 || slices.Max(m.limits) > 100 {
		t.Errorf("pages asked for: %v, want %d of at most 100", m.limits, koppel.MaxReportNeeds/100)
	}
	if _, page := f.do(t, "buyerA", "GET", "/resultaten", "", ""); !strings.Contains(page, "Alleen de 1000 nieuwste aanvragen tellen mee; 1500 oudere niet.") {
		t.Errorf("Resultaten does not say that older needs were left out")
	}
}
