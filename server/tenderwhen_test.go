package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/server"
)

// TestTenderWhen: a tender awarded, or closed, before its deadline says
// what is true on its page, its printed page, the tender list and Mijn
// opdrachten ("gegund op …", "gesloten"), never "indienen tot"; an open
// one says until when one may bid; one past its deadline since when it is
// closed; one with every lot not awarded "niet gegund".
func TestTenderWhen(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, server.RateLimits{})
	today := koppel.DateOf(time.Now())
	future := koppel.NewDate(today.Time().AddDate(0, 0, 20).Date())
	past := koppel.NewDate(today.Time().AddDate(0, 0, -5).Date())
	decided := koppel.NewDate(today.Time().AddDate(0, 0, -2).Date())
	for _, tc := range []struct {
		id       string
		status   koppel.TenderStatus
		deadline koppel.Date
		result   koppel.OutcomeResult // "": no outcome
	}{
		{"gegund", koppel.TenderClosed, future, koppel.OutcomeAwarded},
		{"gegund-open", koppel.TenderPublished, future, koppel.OutcomeAwarded},
		{"vroeg", koppel.TenderClosed, future, ""},
		{"verlopen", koppel.TenderClosed, past, ""},
		{"mislukt", koppel.TenderClosed, future, koppel.OutcomeNotAwarded},
		{"open", koppel.TenderPublished, future, ""},
	} {
		f.putTender(t, tc.id, "Stad A", tc.status)
		tn, err := f.st.FindTenderByID(ctx, tc.id)
		if err != nil {
			t.Fatal(err)
		}
		tn.Deadline = tc.deadline
		if err := f.st.PutTender(ctx, tn); err != nil {
			t.Fatal(err)
		}
		if tc.result == "" {
			continue
		}
		o := &koppel.Outcome{TenderID: tc.id, LotID: "1", Result: tc.result, Date: decided, Source: koppel.OutcomeSource{Kind: "form"}}
		if tc.result == koppel.OutcomeAwarded {
			o.Winners = []koppel.Winner{{KBO: kboB, Name: "B"}}
		} else {
			o.Reason = koppel.NoAwardNoTenders
		}
		if err := f.st.PutOutcome(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	f.sync(t)
	want := map[string]string{
		"gegund":      "gegund op " + decided.Dutch(),
		"gegund-open": "gegund op " + decided.Dutch(),
		"vroeg":       "gesloten",
		"verlopen":    "gesloten sinds " + past.Dutch(),
		"mislukt":     "niet gegund",
		"open":        "indienen tot " + future.Dutch(),
	}
	// What each page says of a tender, by ID.
	says := map[string]func(id string) string{
		"tender page": func(id string) string {
			_, body := f.do(t, "buyerA", "GET", "/opdrachten/"+id, "", "")
			return parse(t, body).Find("main > p.muted").First().Text()
		},
		"printed page": func(id string) string {
			_, body := f.do(t, "buyerA", "GET", "/opdrachten/"+id+"/afdrukken", "", "")
			return parse(t, body).Find("p.muted").Text()
		},
		"tender list": func(id string) string {
			_, body := f.do(t, "buyerA", "GET", "/opdrachten?status=closed", "", "")
			_, open := f.do(t, "buyerA", "GET", "/opdrachten", "", "")
			text := ""
			for _, b := range []string{body, open} {
				parse(t, b).Find("ul.tenders li").Each(func(_ int, li *goquery.Selection) {
					if href, _ := li.Find("h2 a").Attr("href"); href == "/opdrachten/"+id {
						text = li.Find("p.muted").Text()
					}
				})
			}
			return text
		},
		"mijn opdrachten": func(id string) string {
			_, body := f.do(t, "buyerA", "GET", "/mijn-opdrachten", "", "")
			text := ""
			parse(t, body).Find("section.my-tenders li").Each(func(_ int, li *goquery.Selection) {
				if href, _ := li.Find("h3 a").Attr("href"); href == "/opdrachten/"+id {
					text = li.Find("p.muted").Text()
				}
			})
			return text
		},
	}
	for page, say := range says {
		for id, w := range want {
			got := say(id)
			if !strings.Contains(got, w) {
				t.Errorf("%s of %s: %q, want %q", page, id, got, w)
			}
			if id != "open" && strings.Contains(got, "indienen tot") {
				t.Errorf("%s of %s: %q says indienen tot", page, id, got)
			}
			if w == "gesloten" && strings.Contains(got, "gesloten sinds") {
				t.Errorf("%s of %s: %q, closed before its deadline", page, id, got)
			}
		}
	}
}
