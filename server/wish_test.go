package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/match"
	"koppel/server"
)

// wishFixture has three cleaners in Gent, equal but for their target
// groups: the one with the highest company number works with people with
// an arbeidshandicap, the others with long-term jobseekers only.
func wishFixture(t *testing.T) *fixture {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	f.putCleaner(t, "0200065765", "Net Verzinselgem vzw", false)
	f.putCleaner(t, "0202239951", "Schoonmaak Schetsbeek vzw", false)
	f.putCleaner(t, "0203201340", "Poetsploeg Doorstroom vzw", true) // + arbeidshandicap
	return f
}

// cleanerOrder returns the fixture's three cleaners in the order given.
func cleanerOrder(names []string) []string {
	return slices.DeleteFunc(slices.Clone(names), func(n string) bool {
		return n != "Net Verzinselgem vzw" && n != "Schoonmaak Schetsbeek vzw" && n != "Poetsploeg Doorstroom vzw"
	})
}

// TestLotTargetGroupWish: a lot that wishes arbeidshandicap, posted in
// the API and in the form, puts the cleaner that works with that group
// above the equal others, says so in the explanation and keeps the others
// with "werkt niet met … (gevraagd)"; without the wish they stay in the
// order of their company numbers; in English and French (API and page)
// the same is said in that language. An unknown group is refused.
func TestLotTargetGroupWish(t *testing.T) {
	f := wishFixture(t)
	post := func(groups string) string {
		t.Helper()
		lot := `{"title":"Poetsen van scholen en kantoren","cpv":["90911200"],"postcode":"9000"` + groups + `}`
		resp, body := f.do(t, "buyerA", "POST", "/api/v1/tenders", "application/json", `{"title":"Schoonmaak","buyer":{"name":"Stad A"},"status":"published","lots":[`+lot+`]}`)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("post tender: %d %s", resp.StatusCode, body)
		}
		var tender koppel.Tender
		if err := json.Unmarshal([]byte(body), &tender); err != nil {
			t.Fatal(err)
		}
		return tender.ID
	}
	matches := func(id string) []match.Match {
		t.Helper()
		resp, body := f.do(t, "buyerA", "GET", "/api/v1/tenders/"+id+"/matches", "", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("matches: %d %s", resp.StatusCode, body)
		}
		var tm match.TenderMatches
		if err := json.Unmarshal([]byte(body), &tm); err != nil {
			t.Fatal(err)
		}
		if got := tm.Lots[0].TargetGroups; len(got) > 1 || len(got) == 1 && got[0] != koppel.TargetDisability {
			t.Errorf("matches of the lot name its wish as %v", got)
		}
		return tm.Lots[0].Matches
	}
	names := func(ms []match.Match) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Enterprise.Name)
		}
		return cleanerOrder(out)
	}
	plain := matches(post(""))
	if got, want := strings.Join(names(plain), ", "), "Net Verzinselgem vzw, Schoonmaak Schetsbeek vzw, Poetsploeg Doorstroom vzw"; got != want {
		t.Errorf("without a wish: %s, want %s", got, want)
	}
	for _, m := range plain {
		if strings.Contains(m.Explanation.Text, "gevraagd") || strings.Contains(m.Explanation.Text, "doelgroep") {
			t.Errorf("without a wish %s: %q speaks of target groups", m.Enterprise.Name, m.Explanation.Text)
		}
	}
	id := post(`,"target_groups":["Mensen met een arbeidshandicap"]`)
	_, body := f.do(t, "buyerA", "GET", "/api/v1/tenders/"+id, "", "")
	if !strings.Contains(body, `"target_groups":["arbeidshandicap"]`) {
		t.Errorf("stored lot lacks its wish as a code: %.400s", body)
	}
	wished := matches(id)
	_, body = f.do(t, "buyerA", "GET", "/api/v1/tenders/"+id+"/matches", "", "")
	if !strings.Contains(body, `"reserved":false,"target_groups":["arbeidshandicap"]`) {
		t.Errorf("matches of the lot do not name its wish: %.300s", body)
	}
	if got, want := strings.Join(names(wished), ", "), "Poetsploeg Doorstroom vzw, Net Verzinselgem vzw, Schoonmaak Schetsbeek vzw"; got != want {
		t.Errorf("with the wish: %s, want %s", got, want)
	}
	for _, m := range wished {
		want := "werkt niet met mensen met een arbeidshandicap (gevraagd)"
		if m.Enterprise.Name == "Poetsploeg Doorstroom vzw" {
			want = "werkt met mensen met een arbeidshandicap, zoals gevraagd"
		}
		if !slices.Contains(names([]match.Match{m}), m.Enterprise.Name) {
			continue
		}
		if !strings.Contains(m.Explanation.Text, want) {
			t.Errorf("%s: %q lacks %q", m.Enterprise.Name, m.Explanation.Text, want)
		}
	}
	// In English and French the API says the same in the reader's
	// language, with the group's name in it.
	for lang, want := range map[string][2]string{
		"en": {"works with people with a work disability, as requested", "does not work with people with a work disability (requested)"},
		"fr": {"travaille avec personnes avec un handicap au travail, comme souhaité", "ne travaille pas avec personnes avec un handicap au travail (souhaité)"},
	} {
		resp, body := f.doWith(t, "buyerA", "GET", "/api/v1/tenders/"+id+"/matches", "", map[string]string{"Accept-Language": lang})
		var tm match.TenderMatches
		if err := json.Unmarshal([]byte(body), &tm); resp.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("matches in %s: %d %v %.300s", lang, resp.StatusCode, err, body)
		}
		n := 0
		for _, m := range tm.Lots[0].Matches {
			if !slices.Contains(names([]match.Match{m}), m.Enterprise.Name) {
				continue
			}
			n++
			w := want[1]
			if m.Enterprise.Name == "Poetsploeg Doorstroom vzw" {
				w = want[0]
			}
			if !strings.Contains(m.Explanation.Text, w) || strings.Contains(m.Explanation.Text, "gevraagd") || strings.Contains(m.Explanation.Text, "arbeidshandicap") {
				t.Errorf("%s %s: %q, want %q and no Dutch", lang, m.Enterprise.Name, m.Explanation.Text, w)
			}
		}
		if n != 3 {
			t.Errorf("matches in %s: %d of the three cleaners", lang, n)
		}
	}
	resp, body := f.do(t, "buyerA", "POST", "/api/v1/tenders", "application/json", `{"title":"Schoonmaak","buyer":{"name":"Stad A"},"lots":[{"title":"Poetsen","cpv":["90911200"],"postcode":"9000","target_groups":["astronauten"]}]}`)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "doelgroep") {
		t.Errorf("unknown target group: %d %.300s, want 400 naming the doelgroep", resp.StatusCode, body)
	}

	// The form: the checkbox of lot 1 sets the wish; the tender page names
	// it and explains the matches; the edit form has it ticked.
	buyer, csrf := f.signIn(t, "buyerA")
	resp, _ = f.withCookie(t, buyer, "POST", "/opdrachten/nieuw", "application/x-www-form-urlencoded", url.Values{"csrf": {csrf}, "title": {"Schoonmaak scholen"}, "status": {"published"},
		"lot1_title": {"Poetsen van scholen en kantoren"}, "lot1_cpv": {"90911200-8"}, "lot1_postcode": {"9000"}, "lot1_target_group": {"arbeidshandicap"}}.Encode())
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/opdrachten/") {
		t.Fatalf("tender form = %d to %q", resp.StatusCode, loc)
	}
	_, page := f.withCookie(t, buyer, "GET", loc, "", "")
	for _, want := range []string{"<dt>Gewenste doelgroep</dt><dd>Mensen met een arbeidshandicap", "werkt met mensen met een arbeidshandicap, zoals gevraagd", "werkt niet met mensen met een arbeidshandicap (gevraagd)"} {
		if !strings.Contains(page, want) {
			t.Errorf("tender page lacks %q", want)
		}
	}
	_, page = f.doWith(t, "", "GET", loc, "", map[string]string{"Cookie": buyer.String(), "Accept-Language": "fr"})
	for _, want := range []string{"travaille avec personnes avec un handicap au travail, comme souhaité", "ne travaille pas avec personnes avec un handicap au travail (souhaité)"} {
		if !strings.Contains(page, want) {
			t.Errorf("French tender page lacks %q", want)
		}
	}
	_, page = f.withCookie(t, buyer, "GET", loc+"/bewerken", "", "")
	if !strings.Contains(page, `name="lot1_target_group" value="arbeidshandicap" checked`) || !strings.Contains(page, `name="lot1_target_group" value="art60">`) {
		t.Errorf("edit form does not show the wish ticked and the other groups unticked")
	}
}

// TestNeedTargetGroupWish: a need that wishes arbeidshandicap, posted in
// the API and in the form, lists the cleaner that works with that group
// first among its recipients, the others still there.
func TestNeedTargetGroupWish(t *testing.T) {
	f := wishFixture(t)
	answerBy := koppel.DateOf(time.Now().AddDate(0, 0, 14))
	recipients := func(id string) []string {
		t.Helper()
		resp, body := f.do(t, "buyerA", "GET", "/api/v1/needs/"+id+"/recipients", "", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("recipients: %d %s", resp.StatusCode, body)
		}
		var rs []koppel.NeedRecipient
		if err := json.Unmarshal([]byte(body), &rs); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rs {
			out = append(out, r.Name)
		}
		return cleanerOrder(out)
	}
	for groups, want := range map[string]string{
		"":                                 "Net Verzinselgem vzw, Schoonmaak Schetsbeek vzw, Poetsploeg Doorstroom vzw",
		`,"target_groups":["handicap"]`:    "Poetsploeg Doorstroom vzw, Net Verzinselgem vzw, Schoonmaak Schetsbeek vzw",
		`,"target_groups":["astronauten"]`: "",
	} {
		resp, body := f.do(t, "buyerA", "POST", "/api/v1/needs", "application/json",
			`{"title":"Poetsen van scholen","category":"schoonmaak","cpv":["90911200"],"postcode":"9000","answer_by":"`+answerBy.String()+`"`+groups+`}`)
		if want == "" {
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(strings.ToLower(body), "doelgroep") {
				t.Errorf("unknown target group: %d %.300s, want 400 naming the doelgroep", resp.StatusCode, body)
			}
			continue
		}
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("post need: %d %s", resp.StatusCode, body)
		}
		var n koppel.Need
		if err := json.Unmarshal([]byte(body), &n); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(recipients(n.ID), ", "); got != want {
			t.Errorf("need with %q: recipients %s, want %s", groups, got, want)
		}
	}

	buyer, csrf := f.signIn(t, "buyerA")
	resp, _ := f.withCookie(t, buyer, "POST", "/aanvragen/nieuw", "application/x-www-form-urlencoded", url.Values{"csrf": {csrf}, "title": {"Poetsen van scholen"}, "category": {"schoonmaak"},
		"postcode": {"Gent"}, "answer_by": {answerBy.Dutch()}, "frequency": {"wekelijks"}, "target_group": {"arbeidshandicap"}}.Encode())
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/aanvragen/A-") {
		t.Fatalf("need form = %d to %q", resp.StatusCode, loc)
	}
	_, page := f.withCookie(t, buyer, "GET", loc, "", "")
	first := strings.Index(page, "Poetsploeg Doorstroom vzw")
	other := strings.Index(page, "Net Verzinselgem vzw")
	if !strings.Contains(page, "<dt>Gewenste doelgroep</dt><dd>Mensen met een arbeidshandicap</dd>") || first < 0 || other < 0 || first > other {
		t.Errorf("need page does not name the wish or list the cleaner with the group first (%d, %d)", first, other)
	}
	if !strings.Contains(page, "werkt met mensen met een arbeidshandicap, zoals gevraagd") {
		t.Errorf("need page does not explain the wish")
	}
}
