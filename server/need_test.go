package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/refdata"
	"koppel/server"
)

// eventRecorder is a koppel.Notifier that keeps the events it is given.
type eventRecorder struct {
	mu     sync.Mutex
	events []koppel.Event
}

func (r *eventRecorder) Notify(_ context.Context, e koppel.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	return nil
}

func (r *eventRecorder) list() []koppel.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

const kboC = koppel.KBO("0207451227")

// newNeedFixture is the fixture with the need store, an event recorder,
// a catalogue for enterprise A too (a cleaning service without any
// recognition, so that it may not bid on a reserved need) and a third
// enterprise C, with a supplier token, that offers nothing that fits.
func newNeedFixture(t *testing.T) (*fixture, *eventRecorder) {
	t.Helper()
	rec := &eventRecorder{}
	f := newFixture(t, server.RateLimits{}, func(s *server.Server) { s.Notifier = rec })
	ctx := context.Background()
	a, err := f.st.FindEnterpriseByKBO(ctx, kboA)
	if err != nil {
		t.Fatal(err)
	}
	offer := &koppel.Offering{ID: "S1", Enterprise: kboA, Title: "Schoonmaak van klaslokalen en kantoren", Category: "schoonmaak", CPV: []koppel.CPV{"90911200"}}
	if _, err := f.st.ReplaceCatalogue(ctx, a, func(yield func(*koppel.Offering, error) bool) { yield(offer, nil) }, "replace"); err != nil {
		t.Fatal(err)
	}
	c := &koppel.Enterprise{KBO: kboC, Name: "Fictieve drukkerij", Address: koppel.Address{Postcode: "9000"}}
	if err := c.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	print := &koppel.Offering{ID: "D1", Enterprise: kboC, Title: "Drukwerk van folders", Category: "drukwerk-digitalisering", CPV: []koppel.CPV{"79810000"}}
	if _, err := f.st.ReplaceCatalogue(ctx, c, func(yield func(*koppel.Offering, error) bool) { yield(print, nil) }, "replace"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ix.Apply(ctx, f.st); err != nil {
		t.Fatal(err)
	}
	f.tokens["supplierC"] = f.addToken(t, koppel.Token{Role: koppel.RoleSupplier, Enterprise: kboC})
	return f, rec
}

// needJSON is a need in the future of the test clock.
func needJSON(reserved bool) string {
	answerBy := koppel.DateOf(time.Now().AddDate(0, 0, 14)).String()
	return fmt.Sprintf(`{"title":"Poetsdienst voor drie klaslokalen","description":"Dagelijks poetsen van klaslokalen na de lessen.","category":"schoonmaak","postcode":"9000","frequency":"wekelijks","volume":"3 klaslokalen","budget_eur":2500,"answer_by":%q,"reserved":%v}`, answerBy, reserved)
}

func decodeBody[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %.300s: %v", body, err)
	}
	return v
}

func kbosOf(rs []koppel.NeedRecipient) []koppel.KBO {
	var out []koppel.KBO
	for _, r := range rs {
		out = append(out, r.Enterprise)
	}
	slices.Sort(out)
	return out
}

// TestNeedAPI posts a need, previews and sends it, answers it from the
// enterprises it was sent to, and chooses an answer; the events, and who
// sees the need, are checked at every step.
func TestNeedAPI(t *testing.T) {
	f, rec := newNeedFixture(t)
	const jsonType = "application/json"
	expect := func(who, method, path, body string, status int) string {
		t.Helper()
		ct := ""
		if body != "" {
			ct = jsonType
		}
		resp, b := f.do(t, who, method, path, ct, body)
		if resp.StatusCode != status {
			t.Fatalf("%s %s as %s = %d, want %d: %.400s", method, path, who, resp.StatusCode, status, b)
		}
		return b
	}

	bad := expect("buyerA", "POST", "/api/v1/needs", `{"title":"Poetsen","category":"raketten","postcode":"9000"}`, 400)
	for _, want := range []string{`"field":"category"`, `"field":"answer_by"`, "geen soort dienst", "geef de datum waarop u de antwoorden wilt hebben"} {
		if !strings.Contains(bad, want) {
			t.Errorf("invalid need: %s lacks %q", bad, want)
		}
	}
	expect("supplierB", "POST", "/api/v1/needs", needJSON(false), 403)
	expect("buyerA", "POST", "/api/v1/needs", `{"title":"x","recipients":[{"enterprise":"0400040767"}]}`, 400)

	n := decodeBody[koppel.Need](t, expect("buyerA", "POST", "/api/v1/needs", needJSON(false), 201))
	if n.Owner != "Stad A" || n.Status != koppel.NeedOpen || n.Sent() || n.City == "" {
		t.Fatalf("created need %+v", n)
	}
	path := "/api/v1/needs/" + n.ID
	// Before it is sent, only its buyer and admins see it.
	expect("supplierB", "GET", path, "", 404)
	expect("admin", "GET", path, "", 200)

	preview := decodeBody[[]koppel.NeedRecipient](t, expect("buyerA", "GET", path+"/recipients", "", 200))
	if got := kbosOf(preview); !slices.Equal(got, []koppel.KBO{kboA, kboB}) {
		t.Fatalf("preview %v, want A and B (not C, the printer)", got)
	}
	for _, r := range preview {
		if r.Explanation == "" || r.Name == "" || r.Eligibility != koppel.NotApplicable {
			t.Errorf("preview entry %+v: want a name, an explanation and not_applicable", r)
		}
	}
	if len(rec.list()) != 0 {
		t.Fatalf("events before sending: %+v", rec.list())
	}
	expect("buyerB", "POST", path+"/send", "", 404)
	sent := decodeBody[koppel.Need](t, expect("buyerA", "POST", path+"/send", "", 200))
	if !sent.Sent() || !slices.Equal(kbosOf(sent.Recipients), []koppel.KBO{kboA, kboB}) {
		t.Fatalf("sent need %+v", sent)
	}
	events := rec.list()
	if len(events) != 1 || events[0].Key != "need_sent/"+n.ID || events[0].Kind != koppel.EventNeedSent || events[0].Subject != n.ID ||
		events[0].Buyer != "Stad A" || !slices.Equal(slices.Sorted(slices.Values(events[0].Enterprises)), []koppel.KBO{kboA, kboB}) {
		t.Fatalf("events after sending: %+v", events)
	}
	expect("buyerA", "POST", path+"/send", "", 409)

	// Visibility: a third enterprise and another buyer get 404 everywhere.
	for _, tt := range []struct{ who, method, path, body string }{
		{"supplierC", "GET", path, ""},
		{"supplierC", "POST", path + "/answers", `{"kind":"interested"}`},
		{"buyerB", "GET", path, ""},
		{"buyerB", "GET", path + "/recipients", ""},
		{"buyerB", "POST", path + "/choose", `{"answer":"1"}`},
		{"buyerB", "POST", path + "/close", ""},
		{"buyerB", "POST", path + "/duplicate", ""},
	} {
		expect(tt.who, tt.method, tt.path, tt.body, 404)
	}
	// An enterprise it was sent to is no owner.
	expect("supplierB", "POST", path+"/close", "", 403)

	asB := decodeBody[koppel.Need](t, expect("supplierB", "GET", path, "", 200))
	if len(asB.Recipients) != 1 || asB.Recipients[0].Enterprise != kboB {
		t.Errorf("B sees recipients %+v, want only itself", asB.Recipients)
	}
	expect("supplierB", "POST", path+"/answers", `{"kind":"interested","message":"Wij komen graag langs.","price":"€ 32 per uur"}`, 201)
	noReason := expect("supplierA", "POST", path+"/answers", `{"kind":"not_interested"}`, 400)
	if !strings.Contains(noReason, `"field":"reason"`) || !strings.Contains(noReason, `"detail":"Kies waarom u niet geïnteresseerd bent"`) {
		t.Errorf("decline without reason: %s", noReason)
	}
	expect("supplierA", "POST", path+"/answers", `{"kind":"not_interested","reason":"geen capaciteit"}`, 201)
	q := decodeBody[koppel.NeedAnswer](t, expect("supplierA", "POST", path+"/answers", `{"kind":"question","message":"Mag het ook 's morgens?"}`, 201))

	var keys []string
	for _, e := range rec.list()[1:] {
		if e.Kind != koppel.EventNeedAnswered || e.Subject != n.ID || e.Buyer != "Stad A" || len(e.Enterprises) != 1 {
			t.Errorf("answer event %+v", e)
		}
		keys = append(keys, e.Key)
	}
	if want := []string{"need_answered/" + n.ID + "/1", "need_answered/" + n.ID + "/2", "need_answered/" + n.ID + "/3"}; !slices.Equal(keys, want) {
		t.Errorf("answer event keys %v, want %v", keys, want)
	}

	asA := decodeBody[koppel.Need](t, expect("supplierA", "GET", path, "", 200))
	for _, a := range asA.Answers {
		if a.Enterprise != kboA {
			t.Errorf("A sees B's answer %+v", a)
		}
	}
	if len(asA.Answers) != 2 {
		t.Errorf("A sees %d answers, want its 2", len(asA.Answers))
	}

	expect("buyerA", "POST", path+"/answers/"+q.ID+"/reply", `{"reply":"Ja, tussen 7 en 8 uur."}`, 200)
	expect("buyerA", "POST", path+"/choose", `{"answer":"2"}`, 400) // a decline
	chosen := decodeBody[koppel.Need](t, expect("buyerA", "POST", path+"/choose", `{"answer":"1"}`, 200))
	if chosen.Chosen != "1" {
		t.Errorf("chosen %q, want 1", chosen.Chosen)
	}
	if got := decodeBody[koppel.Need](t, expect("supplierB", "GET", path, "", 200)); got.Chosen != "1" {
		t.Errorf("B does not see its answer chosen: %q", got.Chosen)
	}
	if got := decodeBody[koppel.Need](t, expect("supplierA", "GET", path, "", 200)); got.Chosen != "" || got.Answers[1].Reply == "" {
		t.Errorf("A sees chosen %q and reply %q; want no choice and the reply", got.Chosen, got.Answers[1].Reply)
	}

	recv := decodeBody[server.ReceivedNeeds](t, expect("supplierB", "GET", "/api/v1/needs/received", "", 200))
	if recv.Total != 1 || recv.Unanswered != 0 || recv.Needs[0].ID != n.ID || !recv.Needs[0].Answered {
		t.Errorf("B's received needs %+v", recv)
	}
	if recv := decodeBody[server.ReceivedNeeds](t, expect("supplierC", "GET", "/api/v1/needs/received", "", 200)); recv.Total != 0 {
		t.Errorf("C received %+v", recv)
	}
	if mine := decodeBody[server.NeedList](t, expect("buyerA", "GET", "/api/v1/needs", "", 200)); mine.Total != 1 || mine.Needs[0].ID != n.ID {
		t.Errorf("buyer A's needs %+v", mine)
	}
	if theirs := decodeBody[server.NeedList](t, expect("buyerB", "GET", "/api/v1/needs", "", 200)); theirs.Total != 0 {
		t.Errorf("buyer B lists %+v", theirs)
	}

	cp := decodeBody[koppel.Need](t, expect("buyerA", "POST", path+"/duplicate", "", 201))
	if cp.ID == n.ID || cp.CopyOf != n.ID || cp.Sent() || len(cp.Answers) != 0 || cp.Title != n.Title {
		t.Errorf("duplicate %+v", cp)
	}
	expect("buyerA", "POST", "/api/v1/needs/"+cp.ID+"/duplicate", `{"answer_by":"2001-01-01"}`, 400)

	closed := decodeBody[koppel.Need](t, expect("buyerA", "POST", path+"/close", "", 200))
	if closed.Status != koppel.NeedClosed {
		t.Errorf("closed need has status %s", closed.Status)
	}
	expect("supplierB", "POST", path+"/answers", `{"kind":"interested"}`, 409)
	if n := len(rec.list()); n != 4 {
		t.Errorf("%d events, want 4 (sent and three answers)", n)
	}
}

// TestReservedNeed sends a reserved need: only the enterprise that may bid
// on a reserved contract is told, with its eligibility verdict.
func TestReservedNeed(t *testing.T) {
	f, rec := newNeedFixture(t)
	resp, body := f.do(t, "buyerA", "POST", "/api/v1/needs", "application/json", needJSON(true))
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	n := decodeBody[koppel.Need](t, body)
	resp, body = f.do(t, "buyerA", "POST", "/api/v1/needs/"+n.ID+"/send", "application/json", fmt.Sprintf(`{"enterprises":[%q,%q]}`, kboA, kboB))
	if resp.StatusCode != 200 {
		t.Fatalf("send: %d %s", resp.StatusCode, body)
	}
	sent := decodeBody[koppel.Need](t, body)
	if len(sent.Recipients) != 1 || sent.Recipients[0].Enterprise != kboB || sent.Recipients[0].Eligibility == koppel.NotEligible || sent.Recipients[0].EligibilityReason == "" {
		t.Fatalf("reserved need went to %+v, want only B, eligible or to verify, with the reason", sent.Recipients)
	}
	if ev := rec.list(); len(ev) != 1 || !slices.Equal(ev[0].Enterprises, []koppel.KBO{kboB}) {
		t.Errorf("events %+v", ev)
	}
	if resp, _ := f.do(t, "supplierA", "GET", "/api/v1/needs/"+n.ID, "", ""); resp.StatusCode != 404 {
		t.Errorf("A (not eligible, not told) sees the reserved need: %d", resp.StatusCode)
	}
}

// TestNeedPages uses the forms: errors beside their fields, the preview,
// sending to the ticked enterprises, the unanswered count in an
// enterprise's header, the answer form and choosing.
func TestNeedPages(t *testing.T) {
	f, rec := newNeedFixture(t)
	const form = "application/x-www-form-urlencoded"
	parse := func(body string) *goquery.Document {
		t.Helper()
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	buyer, buyerCSRF := f.signIn(t, "buyerA")
	resp, body := f.withCookie(t, buyer, "POST", "/aanvragen/nieuw", form, url.Values{"csrf": {buyerCSRF}, "title": {"Poetsdienst"}, "category": {"schoonmaak"},
		"postcode": {"Nergensdorp"}, "answer_by": {"31/02/2020"}, "budget_eur": {"veel"}}.Encode())
	if resp.StatusCode != 400 {
		t.Fatalf("bad form = %d", resp.StatusCode)
	}
	doc := parse(body)
	for _, id := range []string{"postcode", "answer_by", "budget_eur"} {
		field := doc.Find("#" + id)
		if v, _ := field.Attr("aria-invalid"); v != "true" {
			t.Errorf("field %s is not marked invalid", id)
		}
		desc, _ := field.Attr("aria-describedby")
		if desc == "" || strings.TrimSpace(doc.Find("#"+desc).Text()) == "" {
			t.Errorf("field %s: no error described beside it (%q)", id, desc)
		}
		if doc.Find(`#problemen a[href="#`+id+`"]`).Length() != 1 {
			t.Errorf("the list at the top does not link to %s", id)
		}
	}
	if v, _ := doc.Find("#title").Attr("value"); v != "Poetsdienst" {
		t.Errorf("the form lost what was typed: title %q", v)
	}
	if _, ok := doc.Find("#title").Attr("aria-invalid"); ok {
		t.Error("a good field is marked invalid")
	}

	answerBy := koppel.DateOf(time.Now().AddDate(0, 0, 10)).Dutch()
	resp, _ = f.withCookie(t, buyer, "POST", "/aanvragen/nieuw", form, url.Values{"csrf": {buyerCSRF}, "title": {"Poetsdienst voor klaslokalen"}, "category": {"schoonmaak"},
		"postcode": {"Gent"}, "answer_by": {answerBy}, "frequency": {"wekelijks"}, "budget_eur": {"1.500"}}.Encode())
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/aanvragen/A-") {
		t.Fatalf("good form = %d to %q", resp.StatusCode, loc)
	}
	id := strings.TrimPrefix(loc, "/aanvragen/")
	_, body = f.withCookie(t, buyer, "GET", loc, "", "")
	doc = parse(body)
	var offered []koppel.KBO
	doc.Find("input[name=kbo][checked]").Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr("value")
		k, err := koppel.ParseKBO(v)
		if err != nil {
			t.Errorf("preview value %q: %v", v, err)
		}
		offered = append(offered, k)
	})
	if slices.Sort(offered); !slices.Equal(offered, []koppel.KBO{kboA, kboB}) {
		t.Fatalf("the preview offers %v, want A and B ticked", offered)
	}
	// The buyer unticks A: only B is told.
	resp, _ = f.withCookie(t, buyer, "POST", loc+"/versturen", form, url.Values{"csrf": {buyerCSRF}, "kbo": {string(kboB)}}.Encode())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("send = %d", resp.StatusCode)
	}
	if ev := rec.list(); len(ev) != 1 || !slices.Equal(ev[0].Enterprises, []koppel.KBO{kboB}) {
		t.Fatalf("events %+v, want one to B", ev)
	}
	if resp, _ := f.do(t, "supplierA", "GET", loc, "", ""); resp.StatusCode != 404 {
		t.Errorf("A, unticked, sees the need page: %d", resp.StatusCode)
	}

	supplier, supplierCSRF := f.signIn(t, "supplierB")
	_, body = f.withCookie(t, supplier, "GET", "/aanvragen", "", "")
	doc = parse(body)
	if got := doc.Find("header .needs-link .count").Text(); got != "1" {
		t.Errorf("header count %q, want 1", got)
	}
	if doc.Find(`ul.needs a[href="/aanvragen/`+id+`"]`).Length() != 1 {
		t.Error("the need is not in B's list")
	}
	resp, body = f.withCookie(t, supplier, "POST", loc+"/antwoorden", form, url.Values{"csrf": {supplierCSRF}, "kind": {"not_interested"}, "reason": {"andere"}}.Encode())
	doc = parse(body)
	if resp.StatusCode != 400 || doc.Find("#message[aria-invalid=true]").Length() != 1 || doc.Find("#message_error").Length() != 1 {
		t.Errorf("'andere' without a text = %d, want 400 with the error beside the message", resp.StatusCode)
	}
	resp, _ = f.withCookie(t, supplier, "POST", loc+"/antwoorden", form, url.Values{"csrf": {supplierCSRF}, "kind": {"interested"}, "message": {"Graag!"}, "price": {"€ 30 per uur"}}.Encode())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer = %d", resp.StatusCode)
	}
	_, body = f.withCookie(t, supplier, "GET", "/aanvragen", "", "")
	if parse(body).Find("header .needs-link .count").Length() != 0 {
		t.Error("the header still counts an answered need")
	}

	_, body = f.withCookie(t, buyer, "GET", loc, "", "")
	doc = parse(body)
	card := doc.Find("section.answers article.answer").First()
	if !strings.Contains(card.Text(), "€ 30 per uur") || card.Find("button.choose").Length() != 1 {
		t.Fatalf("the answer card: %q", card.Text())
	}
	answer, _ := card.Find("input[name=answer]").Attr("value")
	resp, _ = f.withCookie(t, buyer, "POST", loc+"/kiezen", form, url.Values{"csrf": {buyerCSRF}, "answer": {answer}}.Encode())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("choose = %d", resp.StatusCode)
	}
	_, body = f.withCookie(t, buyer, "GET", loc, "", "")
	if parse(body).Find("article.answer.chosen").Length() != 1 {
		t.Error("no chosen card after choosing")
	}
	// Dupliceer opens the form filled in with the need.
	_, body = f.withCookie(t, buyer, "GET", "/aanvragen/nieuw?van="+id, "", "")
	doc = parse(body)
	if v, _ := doc.Find("#title").Attr("value"); v != "Poetsdienst voor klaslokalen" {
		t.Errorf("the copy's title %q", v)
	}
	if v, _ := doc.Find("input[name=copy_of]").Attr("value"); v != id {
		t.Errorf("the copy names %q, want %q", v, id)
	}
	if resp, _ := f.do(t, "buyerB", "GET", "/aanvragen/nieuw?van="+id, "", ""); resp.StatusCode != 404 {
		t.Errorf("another buyer copies the need: %d", resp.StatusCode)
	}
}

// matrixNeed returns a matrix setup that stores need id of buyer Stad A,
// sent to enterprise B, with a question (answer 1) and an interest
// (answer 2) of B, unless it exists.
func matrixNeed(id string) func(t *testing.T, f *fixture) {
	return func(t *testing.T, f *fixture) {
		t.Helper()
		ctx := context.Background()
		if _, err := f.st.FindNeedByID(ctx, id); err == nil {
			return
		}
		n := &koppel.Need{ID: id, Owner: "Stad A", Title: "Poetsdienst", Category: "schoonmaak", Postcode: "9000",
			AnswerBy: koppel.DateOf(time.Now().AddDate(0, 0, 7)), Status: koppel.NeedOpen, SentAt: time.Now().UTC(),
			Recipients: []koppel.NeedRecipient{{Enterprise: kboB, Name: "B"}}}
		for _, a := range []koppel.NeedAnswer{{Enterprise: kboB, Kind: koppel.AnswerQuestion, Message: "Wanneer?"}, {Enterprise: kboB, Kind: koppel.AnswerInterested}} {
			if _, err := n.AddAnswer(a, koppel.DateOf(time.Now())); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.st.CreateNeed(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
}

// The need routes in the authorization matrix (TestAuthorizationMatrix).
func init() {
	const js, form = "application/json", "application/x-www-form-urlencoded"
	answerBy := koppel.DateOf(time.Now().AddDate(0, 0, 14)).Dutch()
	newNeedForm := url.Values{"title": {"Poetsdienst"}, "category": {"schoonmaak"}, "postcode": {"9000"}, "answer_by": {answerBy}}.Encode()
	for k, v := range map[string]matrixCase{
		"POST /api/v1/needs":                           {path: "/api/v1/needs", contentType: js, body: needJSON(false), want: statuses(401, 403, 403, 201, 201, 403)},
		"GET /api/v1/needs":                            {path: "/api/v1/needs", want: statuses(401, 403, 403, 200, 200, 200)},
		"GET /api/v1/needs/received":                   {path: "/api/v1/needs/received", want: statuses(401, 200, 200, 403, 403, 403)},
		"GET /api/v1/needs/:id":                        {path: "/api/v1/needs/A-M1", setup: matrixNeed("A-M1"), want: statuses(401, 404, 200, 200, 404, 200)},
		"GET /api/v1/needs/:id/recipients":             {path: "/api/v1/needs/A-M1/recipients", setup: matrixNeed("A-M1"), want: statuses(401, 403, 403, 200, 404, 200)},
		"POST /api/v1/needs/:id/send":                  {path: "/api/v1/needs/A-M1/send", setup: matrixNeed("A-M1"), want: statuses(401, 403, 403, 409, 404, 409)},
		"POST /api/v1/needs/:id/answers":               {path: "/api/v1/needs/A-M2/answers", contentType: js, body: `{"kind":"question","message":"Ook op zaterdag?"}`, setup: matrixNeed("A-M2"), want: statuses(401, 404, 201, 403, 403, 403)},
		"POST /api/v1/needs/:id/answers/:answer/reply": {path: "/api/v1/needs/A-M2/answers/1/reply", contentType: js, body: `{"reply":"Morgen."}`, setup: matrixNeed("A-M2"), want: statuses(401, 403, 403, 200, 404, 200)},
		"POST /api/v1/needs/:id/choose":                {path: "/api/v1/needs/A-M2/choose", contentType: js, body: `{"answer":"2"}`, setup: matrixNeed("A-M2"), want: statuses(401, 403, 403, 200, 404, 200)},
		"POST /api/v1/needs/:id/close":                 {path: "/api/v1/needs/A-M3/close", setup: matrixNeed("A-M3"), want: statuses(401, 403, 403, 200, 404, 200)},
		"POST /api/v1/needs/:id/duplicate":             {path: "/api/v1/needs/A-M1/duplicate", setup: matrixNeed("A-M1"), want: statuses(401, 403, 403, 201, 404, 403)},
		"GET /aanvragen":                               {path: "/aanvragen", want: statuses(401, 200, 200, 200, 200, 200)},
		"GET /aanvragen/nieuw":                         {path: "/aanvragen/nieuw", want: statuses(401, 403, 403, 200, 200, 403)},
		"POST /aanvragen/nieuw":                        {path: "/aanvragen/nieuw", contentType: form, body: newNeedForm, want: statuses(401, 403, 403, 303, 303, 403)},
		"GET /aanvragen/:id":                           {path: "/aanvragen/A-M1", setup: matrixNeed("A-M1"), want: statuses(401, 404, 200, 200, 404, 200)},
		"POST /aanvragen/:id/versturen":                {path: "/aanvragen/A-M1/versturen", contentType: form, setup: matrixNeed("A-M1"), want: statuses(401, 403, 403, 409, 404, 409)},
		"POST /aanvragen/:id/antwoorden":               {path: "/aanvragen/A-M4/antwoorden", contentType: form, body: "kind=question&message=Hoe+laat%3F", setup: matrixNeed("A-M4"), want: statuses(401, 404, 303, 403, 403, 403)},
		"POST /aanvragen/:id/kiezen":                   {path: "/aanvragen/A-M4/kiezen", contentType: form, body: "answer=2", setup: matrixNeed("A-M4"), want: statuses(401, 403, 403, 303, 404, 303)},
		"POST /aanvragen/:id/vragen/:answer":           {path: "/aanvragen/A-M4/vragen/1", contentType: form, body: "reply=Om+acht+uur.", setup: matrixNeed("A-M4"), want: statuses(401, 403, 403, 303, 404, 303)},
		"POST /aanvragen/:id/sluiten":                  {path: "/aanvragen/A-M5/sluiten", contentType: form, setup: matrixNeed("A-M5"), want: statuses(401, 403, 403, 303, 404, 303)},
	} {
		matrix[k] = v
	}
}

// TestNeedKeepsToItsKind: a cleaning need whose text shares a word with a
// printer's catalogue ("folders") is not sent to the printer, which offers
// neither the category nor a CPV class of it.
func TestNeedKeepsToItsKind(t *testing.T) {
	f, _ := newNeedFixture(t)
	answerBy := koppel.DateOf(time.Now().AddDate(0, 0, 14)).String()
	body := fmt.Sprintf(`{"title":"Poetsdienst voor het archief","description":"Poetsen van de lokalen waar de folders en het drukwerk liggen.","category":"schoonmaak","postcode":"9000","answer_by":%q}`, answerBy)
	resp, b := f.do(t, "buyerA", "POST", "/api/v1/needs", "application/json", body)
	if resp.StatusCode != 201 {
		t.Fatalf("create = %d: %s", resp.StatusCode, b)
	}
	n := decodeBody[koppel.Need](t, b)
	resp, b = f.do(t, "buyerA", "GET", "/api/v1/needs/"+n.ID+"/recipients", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("recipients = %d: %s", resp.StatusCode, b)
	}
	got := decodeBody[[]koppel.NeedRecipient](t, b)
	kbos := kbosOf(got)
	if !slices.Contains(kbos, kboA) || slices.Contains(kbos, kboC) {
		t.Errorf("recipients %v, want the cleaner %v and not the printer %v: %s", kbos, kboA, kboC, b)
	}
}
