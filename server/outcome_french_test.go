package server_test

import (
	"net/url"
	"strings"
	"testing"

	"koppel/server"
)

// TestOutcomeFormFrenchSummary: the outcome form's list of problems in
// French puts no colon after its question, does not quote a raw value
// that is none of the form's choices ("gegund"), and asks for a date in
// the dd/mm/yyyy form the other forms ask for.
func TestOutcomeFormFrenchSummary(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	form := url.Values{"result": {"gegund"}, "date": {"morgen"}}.Encode()
	resp, body := f.doWith(t, "buyerA", "POST", "/opdrachten/published-A/percelen/1/uitslag?lang=fr", form, map[string]string{"Content-Type": formType})
	list := parse(t, body).Find("#problemen li")
	if resp.StatusCode != 400 || list.Length() == 0 {
		t.Fatalf("got %d with %d problems, want 400 with a list", resp.StatusCode, list.Length())
	}
	if got, want := list.First().Text(), "Le lot est-il attribué\u00a0? Choisissez attribué ou non attribué"; got != want {
		t.Errorf("first problem %q, want %q", got, want)
	}
	main := parse(t, body).Find("main").Text()
	for _, bad := range []string{"?\u00a0:", "? :", "gegund", "2026-07-01"} {
		if strings.Contains(main, bad) {
			t.Errorf("page holds %q: %s", bad, strings.Join(strings.Fields(main), " "))
		}
	}
	if !strings.Contains(main, "date «\u00a0morgen\u00a0» non reconnue\u00a0: écrivez jj/mm/aaaa, p. ex. 01/07/2026") {
		t.Errorf("no dd/mm/yyyy hint for the date: %s", strings.Join(strings.Fields(main), " "))
	}
}
