package server_test

import (
	"context"
	"encoding/csv"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/export"
	"koppel/i18n"
	"koppel/refdata"
	"koppel/server"
)

// TestClauseBestVerdict: the clause assistant's best candidates say, each,
// whether they may bid on a reserved contract (res-ws), with the same
// verdict as the market scan's download, in the page's language. Before,
// an LDE project with 10 % target-group staff stood among the best of a
// lot the page advised to reserve, without a word that it may not bid,
// while the download said "mag niet inschrijven".
func TestClauseBestVerdict(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	f.putCleaner(t, "0202239951", "Poetsploeg Doorstroom vzw", false)
	f.putCleaner(t, "0203201340", "Schoonmaak Schetsbeek vzw", false)
	f.putCleaner(t, "0200065765", "Net Verzinselgem vzw", false)
	// An LDE project whose own figures give 10 % target-group staff: it
	// fits the lot but may not bid on a reserved contract.
	ten, one := 10.0, 1.0
	e := &koppel.Enterprise{KBO: "0207451227", Name: "Netjesdienst Luchtspiegelhout bv", Address: koppel.Address{Postcode: "9000"}, ServiceArea: koppel.ServiceArea{RadiusKm: 30},
		Recognitions: []koppel.Recognition{{Form: koppel.LokaleDiensteneconomie, Number: "LDE-1", ValidFrom: koppel.NewDate(2020, 1, 1), ValidTo: koppel.NewDate(2032, 12, 31)}},
		FTETotal:     &ten, FTETarget: &one}
	if err := e.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	o := &koppel.Offering{ID: "P1", Enterprise: e.KBO, Title: "Poetsen van scholen en kantoren", Category: "schoonmaak", CPV: []koppel.CPV{"90911200"}, Capacity: 3, Unit: "VTE"}
	if _, err := f.st.ReplaceCatalogue(context.Background(), e, func(yield func(*koppel.Offering, error) bool) { yield(o, nil) }, "replace"); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}

	form := url.Values{"buyer": {"Stad A"}, "title": {"Schoonmaak basisschool"}, "cpv": {"90911200-8"}, "postcode": {"9000"}, "volume_fte": {"2"}}
	for _, tc := range []struct{ lang, advice, notEligible, eligible string }{
		{"nl", "Voorbehouden opdracht", "mag niet inschrijven", "mag inschrijven"},
		{"fr", "Marché réservé", "ne peut pas soumissionner", "peut soumissionner"},
		{"en", "Reserved contract", "may not bid", "may bid"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			resp, body := f.do(t, "buyerA", "POST", "/clausule?lang="+tc.lang, formType, form.Encode())
			if resp.StatusCode != 200 {
				t.Fatalf("page: %d", resp.StatusCode)
			}
			page := parse(t, body)
			if h := page.Find("#markt h2").Eq(1).Text(); !strings.Contains(h, tc.advice) {
				t.Fatalf("advice %q, want the reserved contract", h)
			}
			items := page.Find("#markt ul.best li")
			if items.Length() < 4 {
				t.Fatalf("%d best candidates, want the 4 cleaners at least", items.Length())
			}

			csvForm := url.Values{}
			for k, v := range form {
				csvForm[k] = v
			}
			csvForm.Set("format", "csv")
			resp, file := f.do(t, "buyerA", "POST", "/clausule?lang="+tc.lang, formType, csvForm.Encode())
			if resp.StatusCode != 200 {
				t.Fatalf("download: %d", resp.StatusCode)
			}
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(file, "\uFEFF")))
			r.Comma, _ = export.CSVSeparators(i18n.Lang(tc.lang))
			recs, err := r.ReadAll()
			if err != nil || len(recs) != items.Length()+1 {
				t.Fatalf("download: %d records (%v), want a header and the %d candidates of the page", len(recs), err, items.Length())
			}
			// The export's verdict column, found by its place in the
			// header (column 11, "Voorbehouden opdracht (sociale werkplaatsen)").
			const name, verdict = 4, 10
			seen := map[string]bool{}
			for i, rec := range recs[1:] {
				li := items.Eq(i)
				if got := li.Find("a").First().Text(); got != rec[name] {
					t.Errorf("candidate %d on the page is %q, in the download %q", i+1, got, rec[name])
				}
				if got := strings.TrimSpace(li.Find(".verdict").Text()); !strings.Contains(got, rec[verdict]) {
					t.Errorf("%s: page says %q, the download %q", rec[name], got, rec[verdict])
				}
				seen[rec[verdict]] = true
				if rec[name] == "Netjesdienst Luchtspiegelhout bv" {
					if rec[verdict] != tc.notEligible {
						t.Errorf("download says %q for the LDE project, want %q", rec[verdict], tc.notEligible)
					}
					if !li.Find(".verdict").HasClass("not-eligible") {
						t.Errorf("the LDE project is not marked as not eligible: %q", li.Text())
					}
				}
			}
			if !seen[tc.eligible] || !seen[tc.notEligible] {
				t.Errorf("verdicts %v, want both %q and %q", seen, tc.eligible, tc.notEligible)
			}
		})
	}
}

// TestClauseMarketOneTerm: the clause assistant's market section names
// each thing with one term in each language, in the chart and in the
// table under it: those who may bid, those to be checked, the kind of
// reservation and its column (the walk-through found "To verify" and
// "Reserved execution" in the chart, "To be checked" and "Reserved
// performance" in the table, and in French "Peuvent soumissionner" above
// "Peuvent répondre"). A reservation that is not allowed reads, on a phone
// card, as an answer to its column: "May bid: no — only for …", not "May
// bid: not allowed: only for …".
func TestClauseMarketOneTerm(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	f.putCleaner(t, "0202239951", "Poetsploeg Doorstroom vzw", false)
	// 90911200 is no social service: res-pub-ser is not allowed.
	form := url.Values{"buyer": {"Stad A"}, "title": {"Schoonmaak basisschool"}, "cpv": {"90911200-8"}, "postcode": {"9000"}, "volume_fte": {"2"}}
	for _, tc := range []struct{ lang, card string }{
		{"nl", "Mogen inschrijven: nee — alleen voor "},
		{"fr", "Peuvent soumissionner\u00a0: non — uniquement pour "},
		{"en", "May bid: no — only for "},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			resp, body := f.do(t, "buyerA", "POST", "/clausule?lang="+tc.lang, formType, form.Encode())
			if resp.StatusCode != 200 {
				t.Fatalf("page: %d", resp.StatusCode)
			}
			page := parse(t, body)
			texts := func(sel string) []string {
				var out []string
				page.Find(sel).Each(func(_ int, s *goquery.Selection) { out = append(out, strings.TrimSpace(s.Text())) })
				return out
			}
			// The chart's own table: kind, may bid, to be checked, may not
			// bid, total; its rows the kinds.
			chartCols, chartRows := texts("#markt-vormen table th[scope=col]"), texts("#markt-vormen table th[scope=row]")
			cols, rows := texts("#markt table.cards thead th"), texts("#markt table.cards tbody td:first-child")
			if len(chartCols) < 3 || len(cols) < 3 || len(chartRows) < 2 || len(rows) < 2 {
				t.Fatalf("chart columns %q rows %q, table columns %q rows %q", chartCols, chartRows, cols, rows)
			}
			for i := range 3 {
				if chartCols[i] != cols[i] {
					t.Errorf("column %d: the chart says %q, the table %q", i+1, chartCols[i], cols[i])
				}
			}
			for i := range 2 {
				if chartRows[i] != rows[i] {
					t.Errorf("row %d: the chart says %q, the table %q", i+1, chartRows[i], rows[i])
				}
			}
			// The card of a reservation that is not allowed: its label (the
			// phone's "::before", a French no-break space before the colon)
			// and its text.
			cell := page.Find("#markt table.cards td[colspan]")
			if cell.Length() != 1 {
				t.Fatalf("%d cells of a reservation not allowed, want 1", cell.Length())
			}
			label, _ := cell.Attr("data-label")
			sep := ": "
			if tc.lang == "fr" {
				sep = "\u00a0: "
			}
			if got := label + sep + strings.TrimSpace(cell.Text()); !strings.HasPrefix(got, tc.card) {
				t.Errorf("card %q, want it to start %q", got, tc.card)
			}
		})
	}
}
