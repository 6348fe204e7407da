package server_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/server"
)

// putShortlistA stores buyer A's list sl-A with one entry saved from a lot
// (it-A) and the share secret secret-A.
func putShortlistA(t *testing.T, f *fixture) {
	t.Helper()
	now := time.Now().UTC()
	l := &koppel.Shortlist{ID: "sl-A", Owner: "Stad A", Name: "Schoonmaak campus Noord 2027", Share: "secret-A", CreatedAt: now, UpdatedAt: now,
		Items: []koppel.ShortlistItem{{ID: "it-A", KBO: kboB, Name: "Fictieve onderneming", AddedAt: now,
			Lot: &koppel.ShortlistLot{TenderID: "published-A", LotID: "1", LotTitle: "Poetsen", Verdict: koppel.NotApplicable}}}}
	if err := f.st.PutShortlist(context.Background(), l); err != nil {
		t.Fatal(err)
	}
}

func init() {
	own := statuses(401, 403, 403, 200, 404, 200)
	ownPage, changePage := own, statuses(401, 403, 403, 303, 404, 303)
	const form = "application/x-www-form-urlencoded"
	for k, v := range map[string]matrixCase{
		"GET /api/v1/shortlists":                    {path: "/api/v1/shortlists", want: statuses(401, 403, 403, 200, 200, 200)},
		"POST /api/v1/shortlists":                   {path: "/api/v1/shortlists", contentType: "application/json", body: `{"name":"Nieuwe lijst"}`, want: statuses(401, 403, 403, 201, 201, 201)},
		"GET /api/v1/shortlists/:id":                {path: "/api/v1/shortlists/sl-A", setup: putShortlistA, want: own},
		"PUT /api/v1/shortlists/:id":                {path: "/api/v1/shortlists/sl-A", setup: putShortlistA, contentType: "application/json", body: `{"name":"Hernoemd"}`, want: own},
		"DELETE /api/v1/shortlists/:id":             {path: "/api/v1/shortlists/sl-A", setup: putShortlistA, want: statuses(401, 403, 403, 204, 404, 204)},
		"POST /api/v1/shortlists/:id/items":         {path: "/api/v1/shortlists/sl-A/items", setup: putShortlistA, contentType: "application/json", body: `{"kbo":"` + string(kboA) + `"}`, want: statuses(401, 403, 403, 201, 404, 201)},
		"PUT /api/v1/shortlists/:id/items/:item":    {path: "/api/v1/shortlists/sl-A/items/it-A", setup: putShortlistA, contentType: "application/json", body: `{"invited":true}`, want: own},
		"DELETE /api/v1/shortlists/:id/items/:item": {path: "/api/v1/shortlists/sl-A/items/it-A", setup: putShortlistA, want: statuses(401, 403, 403, 204, 404, 204)},
		"POST /api/v1/shortlists/:id/share":         {path: "/api/v1/shortlists/sl-A/share", setup: putShortlistA, want: statuses(401, 403, 403, 201, 404, 201)},
		"DELETE /api/v1/shortlists/:id/share":       {path: "/api/v1/shortlists/sl-A/share", setup: putShortlistA, want: statuses(401, 403, 403, 204, 404, 204)},
		"GET /api/v1/shared/shortlists/:secret":     {path: "/api/v1/shared/shortlists/secret-A", setup: putShortlistA, want: all(200)},
		"GET /lijsten":                              {path: "/lijsten", want: statuses(401, 403, 403, 200, 200, 200)},
		"POST /lijsten":                             {path: "/lijsten", contentType: form, body: "name=Groen", want: statuses(401, 403, 403, 303, 303, 303)},
		"POST /lijsten/bewaren":                     {path: "/lijsten/bewaren", contentType: form, body: "item=" + string(kboB) + "&nieuwe_naam=Poetsen", want: statuses(401, 403, 403, 303, 303, 303)},
		"GET /lijsten/:id":                          {path: "/lijsten/sl-A", setup: putShortlistA, want: ownPage},
		"POST /lijsten/:id/naam":                    {path: "/lijsten/sl-A/naam", setup: putShortlistA, contentType: form, body: "name=Hernoemd", want: changePage},
		"POST /lijsten/:id/verwijderen":             {path: "/lijsten/sl-A/verwijderen", setup: putShortlistA, contentType: form, want: changePage},
		"POST /lijsten/:id/delen":                   {path: "/lijsten/sl-A/delen", setup: putShortlistA, contentType: form, want: changePage},
		"POST /lijsten/:id/niet-delen":              {path: "/lijsten/sl-A/niet-delen", setup: putShortlistA, contentType: form, want: changePage},
		"POST /lijsten/:id/items/:item/uitgenodigd": {path: "/lijsten/sl-A/items/it-A/uitgenodigd", setup: putShortlistA, contentType: form, body: "uitgenodigd=1", want: changePage},
		"POST /lijsten/:id/items/:item/verwijderen": {path: "/lijsten/sl-A/items/it-A/verwijderen", setup: putShortlistA, contentType: form, want: changePage},
		"GET /opdrachten/:id/afdrukken":             {path: "/opdrachten/draft-A/afdrukken", want: statuses(404, 404, 404, 200, 404, 200)},
		"GET /gedeeld/:secret":                      {path: "/gedeeld/secret-A", setup: putShortlistA, want: all(200)},
	} {
		matrix[k] = v
	}
}

// TestShortlistAPI walks a list through its life over the API: create,
// save an enterprise, an offering and a match of a lot (kept as it was),
// mark it invited, rename, share, download, revoke, delete.
func TestShortlistAPI(t *testing.T) {
	f, d := demoFixture(t)
	call := func(who, method, path, body string, want int) string {
		t.Helper()
		resp, b := f.do(t, who, method, path, "application/json", body)
		if resp.StatusCode != want {
			t.Fatalf("%s %s = %d, want %d: %s", method, path, resp.StatusCode, want, b)
		}
		return b
	}
	var l koppel.Shortlist
	json.Unmarshal([]byte(call("buyerA", "POST", "/api/v1/shortlists", `{"name":"  Schoonmaak   campus Noord 2027 "}`, 201)), &l)
	if l.Name != "Schoonmaak campus Noord 2027" || l.ID == "" {
		t.Fatalf("created %+v", l)
	}
	call("buyerA", "POST", "/api/v1/shortlists", `{"name":""}`, 400)
	base := "/api/v1/shortlists/" + l.ID

	// A match of a lot of a published demo tender.
	var tn *koppel.Tender
	var m struct {
		KBO    koppel.KBO
		Reason string
		Score  float64
	}
	for _, x := range d.Tenders {
		if x.Status != koppel.TenderPublished {
			continue
		}
		var res server.TenderMatchesPage
		json.Unmarshal([]byte(call("anonymous", "GET", "/api/v1/tenders/"+x.ID+"/matches?lots_size=1", "", 200)), &res)
		if len(res.Lots) > 0 && len(res.Lots[0].Matches) > 0 {
			tn = x
			mm := res.Lots[0].Matches[0]
			m.KBO, m.Reason, m.Score = mm.Enterprise.KBO, mm.Eligibility.Reason, mm.Score
			break
		}
	}
	if tn == nil {
		t.Fatal("no demo tender with matches")
	}
	lotID := tn.Lots[0].ID
	call("buyerA", "POST", base+"/items", `{"kbo":"`+string(m.KBO)+`","tender_id":"`+tn.ID+`","lot_id":"`+lotID+`"}`, 201)
	call("buyerA", "POST", base+"/items", `{"kbo":"`+string(m.KBO)+`","tender_id":"`+tn.ID+`","lot_id":"`+lotID+`"}`, 201) // again: kept once
	call("buyerA", "POST", base+"/items", `{"kbo":"`+string(m.KBO)+`","tender_id":"draft-A","lot_id":"1"}`, 400)           // not among its matches
	call("buyerB", "POST", "/api/v1/shortlists", `{"name":"B"}`, 201)
	off := d.Offerings[0]
	call("buyerA", "POST", base+"/items", `{"kbo":"`+string(off.Enterprise)+`","offering":"`+off.ID+`"}`, 201)
	call("buyerA", "POST", base+"/items", `{"kbo":"`+string(off.Enterprise)+`","offering":"nope"}`, 400)
	json.Unmarshal([]byte(call("buyerA", "GET", base, "", 200)), &l)
	if len(l.Items) != 2 {
		t.Fatalf("items %+v, want the match and the offering", l.Items)
	}
	lot, offItem := l.Items[0], l.Items[1]
	if lot.Lot == nil || lot.Lot.Reason != m.Reason || lot.Lot.Score != m.Score || lot.Lot.TenderID != tn.ID || lot.AddedAt.IsZero() {
		t.Errorf("saved match %+v, want the lot's verdict and score as given", lot.Lot)
	}
	if offItem.OfferingTitle != off.Title {
		t.Errorf("saved offering %+v", offItem)
	}
	call("buyerA", "PUT", base+"/items/"+lot.ID, `{"invited":true}`, 200)
	call("buyerA", "PUT", base+"/items/"+offItem.ID, `{"invited":true}`, 400) // not from a lot
	call("buyerA", "PUT", base, `{"name":"Schoonmaak 2027"}`, 200)

	var sh server.ShortlistShare
	json.Unmarshal([]byte(call("buyerA", "POST", base+"/share", "", 201)), &sh)
	shared := call("anonymous", "GET", sh.API, "", 200)
	if strings.Contains(shared, "Stad A") || strings.Contains(shared, sh.Secret) || !strings.Contains(shared, "Schoonmaak 2027") {
		t.Errorf("shared JSON shows the owner or secret, or not the list: %s", shared)
	}
	resp, body := f.do(t, "anonymous", "GET", sh.API+"?format=xlsx", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("shared xlsx = %d", resp.StatusCode)
	}
	x, sheet, rows := openXLSX(t, body)
	if len(rows) != 3 || rows[0][0] != "Onderneming" || rows[1][1] != string(m.KBO) || rows[1][21] != "ja" {
		t.Fatalf("rows %q", rows)
	}
	checkNumber(t, x, sheet, 9, 2, m.Score)
	if v, _ := x.GetCellValue(sheet, "W2"); v != koppel.DateOf(time.Now()).Dutch() {
		t.Errorf("Uitgenodigd op = %q, want today as a date", v)
	}
	for lang, yes := range map[string]string{"fr": "oui", "en": "yes"} {
		resp, body := f.doWith(t, "anonymous", "GET", sh.API+"?format=xlsx", "", map[string]string{"Accept-Language": lang})
		if resp.StatusCode != 200 {
			t.Fatalf("shared xlsx in %s = %d", lang, resp.StatusCode)
		}
		if _, rows := xlsxIn(t, body); len(rows) != 3 || rows[1][21] != yes {
			t.Errorf("shared xlsx in %s: rows %q, want invited %q", lang, rows, yes)
		}
	}
	// Another buyer: the list does not exist for it.
	call("buyerB", "GET", base, "", 404)
	call("buyerB", "DELETE", base, "", 404)
	// A new link revokes the old one; revoking ends sharing.
	var sh2 server.ShortlistShare
	json.Unmarshal([]byte(call("buyerA", "POST", base+"/share", "", 201)), &sh2)
	call("anonymous", "GET", sh.API, "", 404)
	call("buyerA", "DELETE", base+"/share", "", 204)
	call("anonymous", "GET", sh2.API, "", 404)
	call("buyerA", "DELETE", base+"/items/"+offItem.ID, "", 204)
	call("buyerA", "DELETE", base, "", 204)
	call("buyerA", "GET", base, "", 404)
}

// TestShortlistPages checks the save forms (for buyers only), the list's
// page and its read-only shared page, and saving from a lot's matches
// through the form.
func TestShortlistPages(t *testing.T) {
	f, d := demoFixture(t)
	putShortlistA(t, f)
	page := func(who, path string) *goquery.Document {
		t.Helper()
		resp, body := f.do(t, who, "GET", path, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s as %s: %d", path, who, resp.StatusCode)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	var tn *koppel.Tender
	for _, x := range d.Tenders {
		if x.Status == koppel.TenderPublished {
			tn = x
			break
		}
	}
	for _, tc := range []struct{ path, sel string }{
		{"/?q=poetsen", "form#bewaar select[name=lijst] option[value=sl-A]"},
		{"/?q=poetsen", "ul.hits input[type=checkbox][name=item][form=bewaar]"},
		{"/ondernemingen/" + string(d.Enterprises[0].KBO), "form#bewaar input[name=item][value='" + string(d.Enterprises[0].KBO) + "']"},
		{"/opdrachten/" + tn.ID, "form#bewaar-perceel-" + tn.Lots[0].ID + " input[name=tender][value='" + tn.ID + "']"},
	} {
		if page("buyerA", tc.path).Find(tc.sel).Length() == 0 {
			t.Errorf("%s for a buyer: no %s", tc.path, tc.sel)
		}
		if page("anonymous", tc.path).Find("form.save-list, input[name=item]").Length() != 0 {
			t.Errorf("%s offers saving to an anonymous visitor", tc.path)
		}
	}
	doc := page("buyerA", "/lijsten/sl-A")
	for _, sel := range []string{"table.cards td[data-label=Onderneming] a", "form[action='/lijsten/sl-A/items/it-A/uitgenodigd']", "input#share", "p.download a[href*='format=xlsx']", "form[action='/lijsten/sl-A/verwijderen']"} {
		if doc.Find(sel).Length() == 0 {
			t.Errorf("list page: no %s", sel)
		}
	}
	doc = page("anonymous", "/gedeeld/secret-A")
	if doc.Find("main form, table form").Length() != 0 || strings.Contains(doc.Text(), "Stad A") || doc.Find("p.download a[href^='/api/v1/shared/shortlists/secret-A']").Length() == 0 {
		t.Errorf("shared page has forms, shows the owner, or no download")
	}
	if resp, _ := f.do(t, "anonymous", "GET", "/gedeeld/wrong", "", ""); resp.StatusCode != 404 {
		t.Errorf("a wrong secret = %d, want 404", resp.StatusCode)
	}

	// Save two matches of a lot into a new list with the form.
	var res server.TenderMatchesPage
	_, body := f.do(t, "anonymous", "GET", "/api/v1/tenders/"+tn.ID+"/matches?lots_size=1", "", "")
	json.Unmarshal([]byte(body), &res)
	ms := res.Lots[0].Matches
	if len(ms) < 2 {
		t.Fatalf("lot %s has %d matches; the test needs 2", res.Lots[0].LotID, len(ms))
	}
	form := url.Values{"item": {string(ms[0].Enterprise.KBO), string(ms[1].Enterprise.KBO)}, "tender": {tn.ID}, "perceel": {res.Lots[0].LotID}, "lijst": {""}, "nieuwe_naam": {"Perceel 1"}, "terug": {"/opdrachten/" + tn.ID}}
	resp, _ := f.do(t, "buyerA", "POST", "/lijsten/bewaren", "application/x-www-form-urlencoded", form.Encode())
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 303 || !strings.HasPrefix(loc, "/lijsten/") {
		t.Fatalf("save = %d to %q", resp.StatusCode, loc)
	}
	id := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/lijsten/")
	var l koppel.Shortlist
	_, body = f.do(t, "buyerA", "GET", "/api/v1/shortlists/"+id, "", "")
	json.Unmarshal([]byte(body), &l)
	if l.Name != "Perceel 1" || len(l.Items) != 2 || l.Items[1].Lot == nil || l.Items[1].Lot.Explanation != ms[1].Explanation.Text {
		t.Errorf("saved list %+v", l)
	}
	doc = page("buyerA", loc)
	if doc.Find("p.crumbs a[href='/opdrachten/"+tn.ID+"']").Length() == 0 || !strings.Contains(doc.Find("p.ok").Text(), "2 bewaard") {
		t.Error("the list page does not confirm the save or link back")
	}
	// Nothing ticked: refused with a message, nothing made.
	resp, body = f.do(t, "buyerA", "POST", "/lijsten/bewaren", "application/x-www-form-urlencoded", "nieuwe_naam=Leeg")
	if resp.StatusCode != 400 || !strings.Contains(body, "vink eerst aan") {
		t.Errorf("empty save = %d", resp.StatusCode)
	}
}
