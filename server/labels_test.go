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
