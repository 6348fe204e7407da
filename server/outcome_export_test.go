package server_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/server"
)

// TestOutcomeReportExport: the outcome report as CSV and xlsx (one row per
// year, the reserved lots with tenders and to the social economy among
// them) and the Resultaten page with its chart and download links.
func TestOutcomeReportExport(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	tender := &koppel.Tender{ID: "reserved-A", Owner: "Stad A", Status: koppel.TenderPublished, Title: "Schoonmaak voorbehouden", Buyer: koppel.Buyer{Name: "Stad A"},
		Lots: []koppel.Lot{
			{ID: "1", Title: "Poetsen", CPV: []koppel.CPV{"90911200"}, Postcode: "9000", Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS}}},
			{ID: "2", Title: "Ramen", CPV: []koppel.CPV{"90911300"}, Postcode: "9000", Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS}}},
		}}
	if err := f.st.PutTender(t.Context(), tender); err != nil {
		t.Fatal(err)
	}
	for lot, body := range map[string]string{
		"1": `{"result":"awarded","winners":[{"kbo":"` + string(kboB) + `"}],"date":"2026-07-01","value":48000}`,
		"2": `{"result":"not_awarded","reason":"no_suitable","date":"2026-07-02"}`,
	} {
		if resp, out := f.do(t, "buyerA", "PUT", "/api/v1/tenders/reserved-A/lots/"+lot+"/outcome", "application/json", body); resp.StatusCode != 200 {
			t.Fatalf("outcome of lot %s: %d %s", lot, resp.StatusCode, out)
		}
	}

	resp, body := f.do(t, "buyerA", "GET", "/api/v1/outcomes/report?format=csv", "", "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(body, "\ufeff")), "\n")
	// published-A (no clause, no outcome) counts in 2026 by its creation.
	want := []string{
		"Jaar;Percelen;Voorbehouden;Voorbehouden met offertes;Voorbehouden gegund aan de sociale economie;Met sociale clausule;Uitslag geregistreerd;Gegund;Niet gegund;Gegund aan de sociale economie;Aandeel sociale economie (%);Waarde gegund (EUR);Waarde sociale economie (EUR);Aanvragen verstuurd;Aanvragen met gekozen antwoord",
		"2026;3;2;2;1;2;2;1;1;1;100;48000;48000;0;0",
	}
	if got := strings.Join(lines, "\n"); strings.ReplaceAll(got, "\r", "") != strings.Join(want, "\n") {
		t.Errorf("csv:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}

	resp, body = f.do(t, "buyerA", "GET", "/api/v1/outcomes/report?format=xlsx", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("xlsx: %d", resp.StatusCode)
	}
	x, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("Resultaten")
	if err != nil || len(rows) != 2 || rows[1][0] != "2026" || rows[1][3] != "2" {
		t.Errorf("xlsx rows %v (%v), want the header and 2026 with 2 reserved lots that received tenders", rows, err)
	}
	if resp, _ := f.do(t, "buyerA", "GET", "/api/v1/outcomes/report?format=pdf", "", ""); resp.StatusCode != 400 {
		t.Errorf("format=pdf: %d, want 400", resp.StatusCode)
	}
	if resp, _ := f.do(t, "supplierA", "GET", "/api/v1/outcomes/report?format=csv", "", ""); resp.StatusCode != 403 {
		t.Errorf("a supplier's export: %d, want 403", resp.StatusCode)
	}

	_, page := f.do(t, "buyerA", "GET", "/resultaten", "", "")
	doc := parse(t, page)
	fig := doc.Find("figure#resultaten-jaren")
	if svg := fig.Find(`svg[role="img"]`); svg.Length() != 1 || svg.AttrOr("aria-labelledby", "") == "" {
		t.Fatalf("Resultaten: chart %d, drawing %d", fig.Length(), svg.Length())
	}
	var cells []string
	fig.Find("tbody tr").Children().Each(func(_ int, s *goquery.Selection) { cells = append(cells, s.Text()) })
	if got := strings.Join(cells, " "); got != "2026 2 2 1" {
		t.Errorf("chart table row %q, want 2026: 2 reserved, 2 with tenders, 1 to the social economy", got)
	}
	for _, href := range []string{"/api/v1/outcomes/report?format=xlsx", "/api/v1/outcomes/report?format=csv"} {
		if doc.Find(`a[href="`+href+`"]`).Length() != 1 {
			t.Errorf("Resultaten lacks the link %s", href)
		}
	}
	if _, page := f.do(t, "admin", "GET", "/resultaten?buyer=Stad+A", "", ""); !strings.Contains(page, `href="/api/v1/outcomes/report?buyer=Stad&#43;A&amp;format=csv"`) {
		t.Error("an admin's Resultaten of Stad A does not download Stad A's figures")
	}
	if strings.Contains(page, "Dezelfde cijfers als JSON") || !strings.Contains(page, "Download de cijfers (JSON)") {
		t.Error("the JSON link is not in plain Dutch")
	}
}
