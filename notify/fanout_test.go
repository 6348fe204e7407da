package notify_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/indexer"
	"koppel/match"
	"koppel/notify"
	"koppel/notify/notifytest"
	"koppel/refdata"
	"koppel/search"
	"koppel/store"
)

// fanOutSetup seeds n enterprises that fit notifytest.CleaningLot, indexes
// them and returns a Service whose mail goes to the folder dir.
func fanOutSetup(tb testing.TB, n int, dir string) (*notify.Service, *store.Store) {
	s, st, _ := fanOutSetupIndex(tb, n, dir)
	return s, st
}

// fanOutSetupIndex is fanOutSetup that also returns the index, for tests
// that change enterprises after the seeding.
func fanOutSetupIndex(tb testing.TB, n int, dir string) (*notify.Service, *store.Store, *indexer.Indexer) {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(filepath.Join(dir, "store"), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if _, err := notifytest.SeedEnterprises(ctx, st, n); err != nil {
		tb.Fatal(err)
	}
	ix, err := indexer.Open(filepath.Join(dir, "index"), refdata.Load())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	if _, err := ix.Apply(ctx, st); err != nil {
		tb.Fatal(err)
	}
	m := match.New(search.New(ix, st), st, refdata.Load())
	m.Candidates = 20000
	return &notify.Service{Store: st, Matcher: m, Mailer: notify.DirMailer{Dir: filepath.Join(dir, "mail")},
		BaseURL: func() string { return "http://koppel.example" }, Key: []byte("0123456789abcdef0123456789abcdef"), Batch: 500}, st, ix
}

func publish(tb testing.TB, st *store.Store, id string, lot koppel.Lot) koppel.Event {
	tb.Helper()
	t := &koppel.Tender{ID: id, Title: "Schoonmaak " + id, Buyer: koppel.Buyer{Name: "Stad Gent"}, Owner: "Stad Gent",
		Status: koppel.TenderPublished, Lots: []koppel.Lot{lot}}
	if err := t.Validate(nil); err != nil {
		tb.Fatal(err)
	}
	if err := st.PutTender(context.Background(), t); err != nil {
		tb.Fatal(err)
	}
	return koppel.Event{Key: "tender_published/" + id, Kind: koppel.EventTenderPublished, Subject: id, Buyer: "Stad Gent"}
}

// TestTenderFanOut: a published tender alerts the enterprises that fit and
// may bid: a reserved lot only those with a recognition, and not those
// that muted the category.
func TestTenderFanOut(t *testing.T) {
	s, st, ix := fanOutSetupIndex(t, 4, t.TempDir())
	ctx := context.Background()
	// Enterprise 0 is a maatwerkbedrijf; enterprise 1 muted cleaning.
	e0, err := st.FindEnterpriseByKBO(ctx, notifytest.KBO(0))
	if err != nil {
		t.Fatal(err)
	}
	e0.Recognitions = []koppel.Recognition{{Form: koppel.Maatwerkbedrijf, Number: "MWB-1"}}
	if err := st.PutEnterprise(ctx, e0); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Apply(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := st.PutAlertPrefs(ctx, &koppel.AlertPrefs{Recipient: koppel.EnterpriseRecipient(notifytest.KBO(1)), Mode: koppel.AlertImmediate, Muted: []koppel.Category{"schoonmaak"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Notify(ctx, publish(t, st, "open", notifytest.CleaningLot())); err != nil {
		t.Fatal(err)
	}
	reserved := notifytest.CleaningLot()
	reserved.Clauses = []koppel.Clause{{Kind: koppel.ClauseReservedWS}}
	if err := s.Notify(ctx, publish(t, st, "reserved", reserved)); err != nil {
		t.Fatal(err)
	}
	drain(t, s, 20)
	ds, err := s.Deliveries(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, d := range ds {
		if d.State != koppel.DeliverySent || d.Channel != koppel.ChannelEmail {
			t.Errorf("delivery %s to %s: %s %s (%s)", d.ID, d.Recipient, d.Channel, d.State, d.LastError)
		}
		kbo, _ := d.Recipient.Enterprise()
		got[fmt.Sprintf("%s %s", d.Alerts[0].Subject, kbo)] = true
		if d.Alerts[0].Subject == "reserved" && !strings.Contains(strings.Join(d.Alerts[0].Lines, " "), "voorbehouden opdracht") {
			t.Errorf("the alert of the reserved lot does not say so: %v", d.Alerts[0].Lines)
		}
	}
	want := map[string]bool{}
	for _, i := range []int{0, 2, 3} { // 1 muted cleaning
		want[fmt.Sprintf("open %s", notifytest.KBO(i))] = true
	}
	want[fmt.Sprintf("reserved %s", notifytest.KBO(0))] = true // the only one that may bid
	if len(got) != len(want) || len(ds) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing alert %s; got %v", k, got)
		}
	}
}

// BenchmarkFanOut1000 fans one new tender out to 1,000 enterprises that
// fit it: the event written, matched, and 1,000 e-mails queued (target ≤ 5
// s). The e-mails themselves are not sent here.
func BenchmarkFanOut1000(b *testing.B) {
	dir := b.TempDir()
	s, st := fanOutSetup(b, 1000, dir)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		e := publish(b, st, fmt.Sprintf("bench-%d", i), notifytest.CleaningLot())
		start := time.Now()
		if err := s.Notify(ctx, e); err != nil {
			b.Fatal(err)
		}
		if _, err := s.FanOut(ctx); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/tender")
	}
	b.StopTimer()
	ds, err := st.RecentDeliveries(ctx, 2000)
	if err != nil {
		b.Fatal(err)
	}
	if len(ds) < 1000 {
		b.Fatalf("got %d deliveries, want 1,000 per tender", len(ds))
	}
}

// BenchmarkDigest1000 sends one day's digest to 1,000 enterprises, five
// alerts each, to a real SMTP server on loopback (target ≤ 30 s).
func BenchmarkDigest1000(b *testing.B) {
	srv, err := notifytest.StartSMTP()
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	mailer, err := notify.NewSMTPMailer(srv.URL())
	if err != nil {
		b.Fatal(err)
	}
	for i := range b.N {
		s, st := fanOutSetup(b, 0, b.TempDir())
		s.Mailer, s.Workers = mailer, 8
		ctx := context.Background()
		day := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		now := day
		s.Now = func() time.Time { return now }
		s.DigestAt = func(t time.Time) time.Time { return day.Add(21 * time.Hour) }
		var kbos []koppel.KBO
		for j := range 1000 {
			k := notifytest.KBO(j)
			kbos = append(kbos, k)
			e := &koppel.Enterprise{KBO: k, Name: fmt.Sprintf("Onderneming %d", j), Address: koppel.Address{Postcode: "9000"}, Contact: koppel.Contact{Email: notifytest.Email(j)}}
			if err := st.PutEnterprise(ctx, e); err != nil {
				b.Fatal(err)
			}
			if err := st.PutAlertPrefs(ctx, &koppel.AlertPrefs{Recipient: koppel.EnterpriseRecipient(k), Mode: koppel.AlertDigest}); err != nil {
				b.Fatal(err)
			}
		}
		for n := range 5 {
			if err := s.Notify(ctx, koppel.Event{Key: fmt.Sprintf("need_sent/%d-%d", i, n), Kind: koppel.EventNeedSent, Subject: fmt.Sprint(n), Enterprises: kbos}); err != nil {
				b.Fatal(err)
			}
		}
		drain(b, s, 100)
		before := len(srv.Mails())
		now = day.Add(22 * time.Hour)
		start := time.Now()
		drain(b, s, 1000)
		b.ReportMetric(time.Since(start).Seconds(), "s/digest")
		if got := len(srv.Mails()) - before; got != 1000 {
			b.Fatalf("got %d digests, want 1,000", got)
		}
	}
}

// TestEnterpriseFitsRaised: a catalogue that changed tells the buyer of an
// open tender it now fits, once however often it changes.
func TestEnterpriseFitsRaised(t *testing.T) {
	s, st, ix := fanOutSetupIndex(t, 1, t.TempDir())
	ctx := context.Background()
	publish(t, st, "open", notifytest.CleaningLot())
	if _, err := ix.Apply(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := st.PutToken(ctx, &koppel.Token{ID: "b1", Hash: "hash-b1", Role: koppel.RoleBuyer, Buyer: "Stad Gent", Email: "aankoop@gent.example"}); err != nil {
		t.Fatal(err)
	}
	for _, rep := range []string{"imp-1", "imp-2"} {
		if err := s.Notify(ctx, koppel.Event{Key: "catalogue_changed/" + rep, Kind: koppel.EventCatalogueChanged, Subject: rep, Enterprises: []koppel.KBO{notifytest.KBO(0)}}); err != nil {
			t.Fatal(err)
		}
	}
	drain(t, s, 20)
	ds, err := s.Deliveries(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Recipient != koppel.BuyerRecipient("Stad Gent") || ds[0].State != koppel.DeliverySent {
		t.Fatalf("got %+v, want one mail sent to the buyer", ds)
	}
	if a := ds[0].Alerts[0]; a.Kind != koppel.EventEnterpriseFits || !strings.Contains(a.Title, "Fictieve Poetsploeg 0") || !strings.HasSuffix(a.Link, "/opdrachten/open") {
		t.Errorf("got alert %+v", a)
	}
}
