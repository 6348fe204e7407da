package server_test

import (
	"context"
	"encoding/csv"
	"net/url"
	"strings"
	"testing"

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
		{"fr", "Marché réservé", "ne peut pas répondre", "peut répondre"},
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
