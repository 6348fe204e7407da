package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/server"
)

// TestTenderPastDeadlineLeavesOpenList: a published tender whose deadline
// has passed says "gesloten sinds" on its page at once, and once the
// server's periodic closing has run it leaves the tender search's default
// and is found among the closed ones.
func TestTenderPastDeadlineLeavesOpenList(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, server.RateLimits{})
	today := koppel.DateOf(time.Now())
	f.putTender(t, "verlopen", "Stad A", koppel.TenderPublished)
	f.putTender(t, "lopend", "Stad A", koppel.TenderPublished)
	past, err := f.st.FindTenderByID(ctx, "verlopen")
	if err != nil {
		t.Fatal(err)
	}
	past.Deadline = koppel.NewDate(today.Time().AddDate(0, 0, -3).Date())
	if err := f.st.PutTender(ctx, past); err != nil {
		t.Fatal(err)
	}
	f.sync(t)
	_, body := f.do(t, "anonymous", "GET", "/opdrachten/verlopen", "", "")
	if want := "gesloten sinds " + past.Deadline.Dutch(); !strings.Contains(body, want) {
		t.Errorf("tender page lacks %q", want)
	}
	if _, body := f.do(t, "anonymous", "GET", "/opdrachten/lopend", "", ""); strings.Contains(body, "gesloten") {
		t.Errorf("an open tender's page says gesloten")
	}

	if n, err := f.st.CloseExpiredTenders(ctx, today); err != nil || n != 1 {
		t.Fatalf("closed %d (%v), want 1", n, err)
	}
	f.sync(t)
	ids := func(r []string) string { return strings.Join(r, ",") }
	var open, closed []string
	for _, h := range f.tenderSearch(t, "anonymous", "").Hits {
		open = append(open, h.Tender.ID)
	}
	for _, h := range f.tenderSearch(t, "anonymous", "status=closed").Hits {
		closed = append(closed, h.Tender.ID)
	}
	if o := "," + ids(open) + ","; strings.Contains(o, ",verlopen,") || !strings.Contains(o, ",lopend,") || ids(closed) != "verlopen" {
		t.Errorf("open list %v, closed %v; want lopend and not verlopen, and [verlopen]", open, closed)
	}
	_, body = f.do(t, "anonymous", "GET", "/opdrachten", "", "")
	if strings.Contains(body, "Schoonmaak verlopen") || !strings.Contains(body, "Schoonmaak lopend") {
		t.Errorf("the tender list page still shows the closed tender or lacks the open one")
	}
}
