package server_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/server"
)

func init() {
	matrix["GET /mijn-opdrachten"] = matrixCase{path: "/mijn-opdrachten", want: statuses(401, 403, 403, 200, 200, 200)}
}

// groupIDs returns, per group section of Mijn opdrachten, the IDs of the
// tenders it links to.
func groupIDs(doc *goquery.Document) map[string][]string {
	out := map[string][]string{}
	doc.Find("section.my-tenders").Each(func(_ int, s *goquery.Selection) {
		group, _ := s.Attr("id")
		out[group] = []string{}
		s.Find("li h3 a").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			out[group] = append(out[group], strings.TrimPrefix(href, "/opdrachten/"))
		})
	})
	return out
}

// TestMyTendersPage: a buyer's Mijn opdrachten lists its own tenders, and
// only those, under drafts, published, closed and withdrawn; a published
// tender past its deadline is listed as closed. The header links to it for
// buyers only.
func TestMyTendersPage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	f.putTender(t, "closed-A", "Stad A", koppel.TenderClosed)
	f.putTender(t, "withdrawn-A", "Stad A", koppel.TenderWithdrawn)
	f.putTender(t, "expired-A", "Stad A", koppel.TenderPublished)
	f.putTender(t, "draft-B", "Gemeente B", koppel.TenderDraft)
	expired, err := f.st.FindTenderByID(t.Context(), "expired-A")
	if err != nil {
		t.Fatal(err)
	}
	expired.Deadline = koppel.NewDate(2020, 1, 31)
	if err := f.st.PutTender(t.Context(), expired); err != nil {
		t.Fatal(err)
	}

	resp, body := f.do(t, "buyerA", "GET", "/mijn-opdrachten", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	doc := parse(t, body)
	got := groupIDs(doc)
	want := map[string][]string{"draft": {"draft-A"}, "published": {"published-A"}, "closed": {"expired-A", "closed-A"}, "withdrawn": {"withdrawn-A"}}
	for group, ids := range want {
		if !sameSet(got[group], ids) {
			t.Errorf("group %s: got %v, want %v", group, got[group], ids)
		}
	}
	if strings.Contains(body, "draft-B") {
		t.Errorf("buyer A sees buyer B's draft")
	}
	if !strings.Contains(doc.Find("#closed").Text(), "gesloten sinds 31/01/2020") {
		t.Errorf("the expired tender does not say since when it is closed: %q", doc.Find("#closed").Text())
	}
	cookie, _ := f.signIn(t, "buyerA")
	if _, page := f.withCookie(t, cookie, "GET", "/opdrachten", "", ""); parse(t, page).Find("nav a[href='/mijn-opdrachten']").Length() != 1 {
		t.Errorf("no link to Mijn opdrachten in the header of a signed-in buyer")
	}

	_, body = f.do(t, "buyerB", "GET", "/mijn-opdrachten", "", "")
	if got := groupIDs(parse(t, body)); len(got["draft"]) != 1 || got["draft"][0] != "draft-B" || len(got["published"]) != 0 {
		t.Errorf("buyer B's page: %v, want only draft-B", got)
	}
	cookie, _ = f.signIn(t, "supplierA")
	if _, body := f.withCookie(t, cookie, "GET", "/opdrachten", "", ""); parse(t, body).Find("nav a[href='/mijn-opdrachten']").Length() != 0 {
		t.Errorf("a supplier's header links to Mijn opdrachten")
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
