package server_test

import (
	"context"
	"strings"
	"testing"

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
