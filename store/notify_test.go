package store_test

import (
	"context"
	"testing"
	"time"

	"koppel"
)

func TestEventStoredOncePerKey(t *testing.T) {
	st := mustOpen(t)
	ctx := context.Background()
	e := koppel.Event{Key: "tender_published/T-1", Kind: koppel.EventTenderPublished, Subject: "T-1"}
	for i, want := range []bool{true, false} {
		added, err := st.PutEvent(ctx, e)
		if err != nil || added != want {
			t.Fatalf("put %d: got %v, %v, want %v", i, added, err, want)
		}
	}
	pending, err := st.PendingEvents(ctx, 10)
	if err != nil || len(pending) != 1 || pending[0].Subject != "T-1" {
		t.Fatalf("got %v (%v), want the one event", pending, err)
	}
	if err := st.EventFannedOut(ctx, e.Key); err != nil {
		t.Fatal(err)
	}
	if added, _ := st.PutEvent(ctx, e); added {
		t.Error("an event fanned out was taken again")
	}
	if pending, _ := st.PendingEvents(ctx, 10); len(pending) != 0 {
		t.Errorf("got %d pending after the fan-out, want 0", len(pending))
	}
	if _, err := st.PutEvent(ctx, koppel.Event{}); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("an event without key: got %v, want EINVALID", err)
	}
}

// TestDeliveriesAddedAgain: fanning an event out again (after a crash)
// keeps a sent delivery sent, and a pending digest takes the new alert.
func TestDeliveriesAddedAgain(t *testing.T) {
	st := mustOpen(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	r := koppel.EnterpriseRecipient("0123456749")
	d := &koppel.Delivery{ID: "d1", Recipient: r, Channel: koppel.ChannelEmail, Alerts: []koppel.Alert{{EventKey: "a", Title: "A"}}, State: koppel.DeliveryPending, NextAt: now, CreatedAt: now}
	digest := &koppel.Delivery{ID: "g1", Recipient: r, Channel: koppel.ChannelEmail, Digest: true, Alerts: []koppel.Alert{{EventKey: "a"}}, State: koppel.DeliveryPending, NextAt: now.Add(time.Hour), CreatedAt: now}
	if err := st.AddDeliveries(ctx, []*koppel.Delivery{d, digest}, map[koppel.Recipient][]koppel.Alert{r: {{EventKey: "a", Title: "A", At: now}}}); err != nil {
		t.Fatal(err)
	}
	due, err := st.DueDeliveries(ctx, now, 10)
	if err != nil || len(due) != 1 || due[0].ID != "d1" {
		t.Fatalf("got %v (%v), want d1 due", due, err)
	}
	sent := *due[0]
	sent.State, sent.Attempts = koppel.DeliverySent, 1
	if err := st.SaveDelivery(ctx, &sent, now); err != nil {
		t.Fatal(err)
	}
	again := *d
	digest2 := *digest
	digest2.Alerts = []koppel.Alert{{EventKey: "b"}}
	if err := st.AddDeliveries(ctx, []*koppel.Delivery{&again, &digest2}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := st.FindDelivery(ctx, "d1")
	if err != nil || got.State != koppel.DeliverySent {
		t.Errorf("d1 after adding again: got %v (%v), want sent", got, err)
	}
	if due, _ := st.DueDeliveries(ctx, now.Add(2*time.Hour), 10); len(due) != 1 || due[0].ID != "g1" || len(due[0].Alerts) != 2 {
		t.Errorf("got due %v, want the digest with 2 alerts", due)
	}
	if feed, _ := st.FeedAlerts(ctx, r, 10); len(feed) != 1 || feed[0].Title != "A" {
		t.Errorf("got feed %v", feed)
	}
	if err := st.SaveDelivery(ctx, &koppel.Delivery{ID: "nothing"}, now); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("saving an unknown delivery: got %v, want ENOTFOUND", err)
	}
}

func TestAlertPrefsAndFeedSecret(t *testing.T) {
	st := mustOpen(t)
	ctx := context.Background()
	r := koppel.BuyerRecipient("Stad Gent")
	p, err := st.FindAlertPrefs(ctx, r)
	if err != nil || p.Mode != koppel.AlertImmediate {
		t.Fatalf("got %v (%v), want the defaults", p, err)
	}
	p.FeedHash = "h1"
	if err := st.PutAlertPrefs(ctx, p); err != nil {
		t.Fatal(err)
	}
	if got, err := st.FindFeedRecipient(ctx, "h1"); err != nil || got != r {
		t.Errorf("got %q (%v), want %q", got, err, r)
	}
	p.FeedHash = "h2"
	if err := st.PutAlertPrefs(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FindFeedRecipient(ctx, "h1"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("old feed secret: got %v, want ENOTFOUND", err)
	}
	p.Mode = "loud"
	if err := st.PutAlertPrefs(ctx, p); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("bad mode: got %v, want EINVALID", err)
	}
	p.Mode, p.WebhookURL, p.WebhookSecret = koppel.AlertDigest, "https://x.example/h", "short"
	if err := st.PutAlertPrefs(ctx, p); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("short webhook secret: got %v, want EINVALID", err)
	}
}

func TestSetTokenEmail(t *testing.T) {
	st := mustOpen(t)
	ctx := context.Background()
	tok := &koppel.Token{ID: "abc", Hash: "hash-abc", Role: koppel.RoleBuyer, Buyer: "Stad Gent"}
	if err := st.PutToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetTokenEmail(ctx, "abc", "not an address"); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("bad address: got %v, want EINVALID", err)
	}
	if _, err := st.SetTokenEmail(ctx, "abc", "aankoop@gent.example"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.FindTokenByHash(ctx, "hash-abc"); got.Email != "aankoop@gent.example" {
		t.Errorf("got e-mail %q", got.Email)
	}
	if _, err := st.SetTokenEmail(ctx, "nothing", ""); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("unknown token: got %v, want ENOTFOUND", err)
	}
}
