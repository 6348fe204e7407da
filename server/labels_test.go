package server_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/server"
)

// TestEnterprisePageWordsNotCodes checks that the enterprise page names
// languages in Dutch and shows prices with two digits of cents.
func TestEnterprisePageWordsNotCodes(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ctx := context.Background()
	e, err := f.st.FindEnterpriseByKBO(ctx, kboA)
	if err != nil {
		t.Fatal(err)
	}
	e.Languages = []string{"nl", "fr", "xx"}
	price := 32.7
	offer := &koppel.Offering{ID: "P1", Enterprise: kboA, Title: "Ramen wassen", Category: "schoonmaak", CPV: []koppel.CPV{"90911300"}, Capacity: 10, Unit: "uur", Price: &price}
	if _, err := f.st.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) { yield(offer, nil) }, "replace"); err != nil {
		t.Fatal(err)
	}
	_, body := f.do(t, "anonymous", "GET", "/ondernemingen/"+string(kboA), "", "")
	doc := parse(t, body)
	if got := doc.Find(`dt:contains("Talen") + dd`).Text(); got != "Nederlands, Frans, xx" {
		t.Errorf("languages = %q, want Nederlands, Frans, xx", got)
	}
	text := doc.Find("main").Text()
	if !strings.Contains(text, "€ 32,70 per uur") {
		t.Errorf("price not shown as € 32,70 per uur: %q", text)
	}
}

// TestTenderPageOneIneligible checks the note about the one enterprise
// that fits a reserved lot but may not bid speaks of it in the singular.
func TestTenderPageOneIneligible(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	if _, ineligible := addCleaners(t, f, 4); ineligible != 1 {
		t.Fatalf("%d not eligible, want 1", ineligible)
	}
	for path, want := range map[string]string{
		"/opdrachten/reserved-A":        "1 onderneming past wel maar mag niet inschrijven op dit voorbehouden perceel; ze staat niet in de lijst.",
		"/opdrachten/reserved-A?alle=1": "Waarvan 1 die wel past maar niet mag inschrijven op dit voorbehouden perceel: ze staat onderaan, met de reden.",
	} {
		_, body := f.do(t, "anonymous", "GET", path, "", "")
		if got := parse(t, body).Find("#perceel-1 .ineligible-note").Text(); !strings.Contains(got, want) {
			t.Errorf("%s: note %q, want %q", path, got, want)
		}
	}
}

// TestClausePageTakesLotClause checks that the clause assistant opened
// from a lot starts from the lot's clause and shows its CPV codes as the
// tender page does, with the check digit.
func TestClausePageTakesLotClause(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	addCleaners(t, f, 1)
	_, body := f.do(t, "buyerA", "GET", "/clausule?tender=reserved-A&lot=1", "", "")
	doc := parse(t, body)
	if got := doc.Find("#clause option[selected]").AttrOr("value", ""); got != string(koppel.ClauseReservedWS) {
		t.Errorf("clause chosen %q, want %q", got, koppel.ClauseReservedWS)
	}
	if got := doc.Find("#cpv").AttrOr("value", ""); got != "90919200-4" {
		t.Errorf("CPV %q, want 90919200-4", got)
	}
}

// TestClauseResultDutchNumbers checks that the market table of the clause
// assistant writes decimals with a comma.
func TestClauseResultDutchNumbers(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	addCleaners(t, f, 4)
	ctx := context.Background()
	for i := range 3 { // three enterprises of 1,5 VTE each
		e, err := f.st.FindEnterpriseByKBO(ctx, koppel.KBO(fmt.Sprintf("%08d%02d", 10000000+i, koppel.KBOCheckDigits(10000000+i))))
		if err != nil {
			t.Fatal(err)
		}
		offer := &koppel.Offering{ID: "S1", Enterprise: e.KBO, Title: "Schoonmaak van kantoren", Category: "schoonmaak", CPV: []koppel.CPV{"90919200"}, Capacity: 1.5, Unit: "VTE"}
		if _, err := f.st.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) { yield(offer, nil) }, "replace"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.ix.Apply(ctx, f.st); err != nil {
		t.Fatal(err)
	}
	_, body := f.do(t, "buyerA", "POST", "/clausule", "application/x-www-form-urlencoded", "buyer=Stad+A&title=Schoonmaak+van+kantoren&cpv=90919200&postcode=9000&volume_fte=2,5")
	doc := parse(t, body)
	text := doc.Find("main").Text()
	if !strings.Contains(text, "(gevraagd: 2,5 VTE)") {
		t.Errorf("asked volume not written 2,5: %.2000s", text)
	}
	cells := doc.Find(`td[data-label="Capaciteit samen"]`)
	if cells.Length() == 0 {
		t.Fatalf("no capacity column: %.2000s", text)
	}
	cells.Each(func(_ int, s *goquery.Selection) {
		if strings.Contains(s.Text(), ".") {
			t.Errorf("capacity %q has a decimal point", s.Text())
		}
	})
	if !strings.Contains(cells.Text(), "4,5 VTE") {
		t.Errorf("capacities %q, want 4,5 VTE among them", cells.Text())
	}
	// "19.493 VTE" (thousands grouped) is Dutch; "2.5 VTE" is not.
	if m := regexp.MustCompile(`\d\.\d{1,2} ?VTE`).FindString(doc.Find("main").Text()); m != "" {
		t.Errorf("page writes %q with a decimal point", m)
	}
}

// TestClauseResultAnchor checks that after "Opstellen" the browser lands
// on the result, without JavaScript: the form posts to an anchor that the
// result section carries.
func TestClauseResultAnchor(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	addCleaners(t, f, 2)
	_, body := f.do(t, "buyerA", "GET", "/clausule", "", "")
	action := parse(t, body).Find("form.clause").AttrOr("action", "")
	anchor, ok := strings.CutPrefix(action, "/clausule#")
	if !ok || anchor == "" {
		t.Fatalf("form action %q, want /clausule#<anchor>", action)
	}
	_, body = f.do(t, "buyerA", "POST", "/clausule", "application/x-www-form-urlencoded", "buyer=Stad+A&title=Schoonmaak+van+kantoren&cpv=90919200&postcode=9000")
	doc := parse(t, body)
	if doc.Find("section#"+anchor).Length() != 1 {
		t.Errorf("no result section with id %q", anchor)
	}
	if got := doc.Find("form.clause").AttrOr("action", ""); got != action {
		t.Errorf("form action on the result page %q, want %q", got, action)
	}
}

// TestOfferingFactsWithoutCategory checks that an offering without a
// category shows its other facts without a stray "·" in front, on the
// public enterprise page and on the supplier's own page.
func TestOfferingFactsWithoutCategory(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ctx := context.Background()
	e, err := f.st.FindEnterpriseByKBO(ctx, kboA)
	if err != nil {
		t.Fatal(err)
	}
	price := 30.0
	offer := &koppel.Offering{ID: "N1", Enterprise: kboA, Title: "Iets anders", CPV: []koppel.CPV{"90911300"}, Capacity: 11.2, Unit: "VTE", Price: &price, LeadTime: "1 week"}
	if _, err := f.st.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) { yield(offer, nil) }, "replace"); err != nil {
		t.Fatal(err)
	}
	for who, path := range map[string]string{"anonymous": "/ondernemingen/" + string(kboA), "supplierA": "/mijn-aanbod"} {
		_, body := f.do(t, who, "GET", path, "", "")
		doc := parse(t, body)
		line := strings.TrimSpace(doc.Find(`h3:contains("Iets anders") + p.muted`).Text())
		if line == "" || strings.HasPrefix(line, "·") || strings.Contains(line, "· ·") {
			t.Errorf("%s: facts %q", path, line)
		}
		if !strings.Contains(line, "11,2 VTE") || !strings.Contains(line, "€ 30") {
			t.Errorf("%s: facts %q lack capacity or price", path, line)
		}
	}
}

// TestAdminReachesCatalogueFromEnterprisePage checks that an admin, who has
// no catalogue of its own, gets no "Mijn aanbod" menu item leading to an
// error, but a link on each enterprise page to manage that one.
func TestAdminReachesCatalogueFromEnterprisePage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	// The menu follows the signed-in session, as in a browser.
	get := func(who, path string) (*http.Response, string) {
		t.Helper()
		if who == "anonymous" {
			return f.do(t, who, "GET", path, "", "")
		}
		cookie, _ := f.signIn(t, who)
		return f.withCookie(t, cookie, "GET", path, "", "")
	}
	_, body := get("admin", "/ondernemingen/"+string(kboA))
	doc := parse(t, body)
	if n := doc.Find(`header a[href="/mijn-aanbod"], nav a[href="/mijn-aanbod"]`).Length(); n != 0 {
		t.Errorf("admin menu has %d 'Mijn aanbod' links", n)
	}
	href, ok := doc.Find("p.manage a").Attr("href")
	if !ok {
		t.Fatal("no link to manage the enterprise's catalogue")
	}
	resp, body := get("admin", href)
	if resp.StatusCode != 200 || parse(t, body).Find("h1").Text() != "Aanbod en gegevens: Fictieve onderneming "+string(kboA) {
		t.Errorf("GET %s: %d %q", href, resp.StatusCode, parse(t, body).Find("h1").Text())
	}
	// Others see neither.
	for _, who := range []string{"anonymous", "supplierA", "buyerA"} {
		_, body := get(who, "/ondernemingen/"+string(kboA))
		if parse(t, body).Find("p.manage").Length() != 0 {
			t.Errorf("%s sees the manage link", who)
		}
	}
	_, body = get("supplierA", "/ondernemingen/"+string(kboA))
	if parse(t, body).Find(`a[href="/mijn-aanbod"]`).Length() == 0 {
		t.Error("the supplier lost its 'Mijn aanbod' menu item")
	}
}

// TestNewTenderFormAllProblemsAtOnce checks that a wrong date and a wrong
// CPV code are reported in the same answer, not one per attempt.
func TestNewTenderFormAllProblemsAtOnce(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	form := "title=Test&deadline=31%2F02%2F2027&lot1_title=Poetsen&lot1_cpv=9091120&lot1_postcode=9000&lot1_volume=twee"
	resp, body := f.do(t, "buyerA", "POST", "/opdrachten/nieuw", "application/x-www-form-urlencoded", form)
	if resp.StatusCode != 400 {
		t.Fatalf("status %d, want 400", resp.StatusCode)
	}
	msg := parse(t, body).Find("main .error").Text()
	for _, want := range []string{"31/02/2027", "volume", "9091120"} {
		if !strings.Contains(msg, want) {
			t.Errorf("problems %q lack %q", msg, want)
		}
	}
}

// TestHeaderNamesSupplier checks that a signed-in enterprise sees its
// name in the header, with its number.
func TestHeaderNamesSupplier(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	cookie, _ := f.signIn(t, "supplierA")
	_, body := f.withCookie(t, cookie, "GET", "/", "", "")
	want := "Aangemeld als Fictieve onderneming " + string(kboA) + " (" + kboA.String() + ")"
	if got := parse(t, body).Find("span.who").Text(); got != want {
		t.Errorf("header %q, want %q", got, want)
	}
}

// TestUnchangedUploadOffersNoUndo checks that uploading the downloaded
// catalogue unchanged says so and offers nothing to put back, while a
// changing upload does.
func TestUnchangedUploadOffersNoUndo(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	data := exportCatalogue(t, f, "supplierA", kboA)
	_, body := upload(t, f, "supplierA", "/mijn-aanbod", "aanbod.xlsx", data)
	doc := parse(t, body)
	if counts := doc.Find("section.report p.counts").Text(); !strings.Contains(counts, "0 nieuw, 0 gewijzigd") {
		t.Fatalf("an unchanged upload reports %q", counts)
	}
	if doc.Find("form.undo").Length() != 0 {
		t.Error("an upload that changed nothing offers to put the previous version back")
	}
	_, body = upload(t, f, "supplierA", "/mijn-aanbod", "kort.csv", []byte("Code;Dienst\nX1;Nieuw\n"))
	if parse(t, body).Find("form.undo").Length() != 1 {
		t.Error("an upload that added a service offers no undo")
	}
}

// TestClauseCopyButtons checks that each text of the drafted clause, in
// Dutch and in French, has a copy button that names it, loaded from a
// script the CSP allows (no inline script), and hidden until the script
// finds a clipboard: without JavaScript the text stays selectable text.
func TestClauseCopyButtons(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	addCleaners(t, f, 2)
	_, body := f.do(t, "buyerA", "POST", "/clausule", "application/x-www-form-urlencoded", "buyer=Stad+A&title=Schoonmaak+van+kantoren&cpv=90919200&postcode=9000")
	doc := parse(t, body)
	texts := doc.Find("blockquote.clause-text")
	if texts.Length() < 2 {
		t.Fatalf("%d clause texts, want Dutch and French", texts.Length())
	}
	langs := map[string]bool{}
	texts.Each(func(_ int, q *goquery.Selection) {
		id := q.AttrOr("id", "")
		langs[q.AttrOr("lang", "")] = true
		b := doc.Find(`button[data-copy="` + id + `"]`)
		if id == "" || b.Length() != 1 {
			t.Errorf("clause text %q (%s) has no copy button", id, q.AttrOr("lang", ""))
			return
		}
		if _, hidden := b.Attr("hidden"); !hidden || b.AttrOr("type", "") != "button" {
			t.Errorf("copy button of %q: hidden %v, type %q", id, hidden, b.AttrOr("type", ""))
		}
	})
	if !langs["nl"] || !langs["fr"] {
		t.Errorf("languages of the texts %v, want nl and fr", langs)
	}
	if doc.Find(`script[src="/static/clause-copy.js"]`).Length() != 1 {
		t.Errorf("copy script not loaded")
	}
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if _, ok := s.Attr("src"); !ok {
			t.Errorf("inline script, which the CSP forbids: %.80s", s.Text())
		}
	})
	resp, js := f.do(t, "anonymous", "GET", "/static/clause-copy.js", "", "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(js, "navigator.clipboard") {
		t.Errorf("GET /static/clause-copy.js: %d %.80s", resp.StatusCode, js)
	}
}

// TestClauseMarketTableCards checks that the market table of the clause
// assistant reads as cards on a phone: the 'cards' class, and each cell
// names its column.
func TestClauseMarketTableCards(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	addCleaners(t, f, 2)
	_, body := f.do(t, "buyerA", "POST", "/clausule", "application/x-www-form-urlencoded", "buyer=Stad+A&title=Schoonmaak+van+kantoren&cpv=90919200&postcode=9000&volume_fte=2")
	doc := parse(t, body)
	table := doc.Find("section#markt > table") // not the charts' tables
	if table.Length() != 1 || !table.HasClass("cards") {
		t.Fatalf("market table: %d, class %q, want one with class cards", table.Length(), table.AttrOr("class", ""))
	}
	cells := table.Find("tbody td")
	if cells.Length() < 5 {
		t.Errorf("%d cells in the market table, want a row of 5 at least", cells.Length())
	}
	cells.Each(func(_ int, td *goquery.Selection) {
		if td.AttrOr("data-label", "") == "" {
			t.Errorf("cell %q names no column (data-label)", td.Text())
		}
	})
}
