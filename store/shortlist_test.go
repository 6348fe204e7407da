package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"koppel"
)

func TestShortlistLifecycle(t *testing.T) {
	st := mustOpen(t)
	ctx := context.Background()
	now := time.Now().UTC()
	l := &koppel.Shortlist{ID: "l1", Owner: "Stad A", Name: "Schoonmaak campus Noord 2027", CreatedAt: now, UpdatedAt: now, Share: "geheim-1"}
	if err := st.PutShortlist(ctx, l); err != nil {
		t.Fatal(err)
	}
	other := &koppel.Shortlist{ID: "l2", Owner: "Gemeente B", Name: "Groen", CreatedAt: now, UpdatedAt: now}
	if err := st.PutShortlist(ctx, other); err != nil {
		t.Fatal(err)
	}
	lists, err := st.FindShortlists(ctx, "Stad A")
	if err != nil || len(lists) != 1 || lists[0].ID != "l1" {
		t.Fatalf("lists of Stad A = %v, %v; want l1 only", lists, err)
	}
	if got, err := st.FindShortlistByShare(ctx, "geheim-1"); err != nil || got.ID != "l1" {
		t.Fatalf("shared = %v, %v", got, err)
	}
	if _, err := st.FindShortlistByShare(ctx, "geheim-2"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Fatalf("a wrong secret = %v, want ENOTFOUND", err)
	}

	// Two changes at once both land.
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 15 {
				_, err := st.UpdateShortlist(ctx, "l1", func(l *koppel.Shortlist) error {
					l.Items = append(l.Items, koppel.ShortlistItem{KBO: koppel.KBO(fmt.Sprintf("%d-%d", w, i))})
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	got, err := st.FindShortlistByID(ctx, "l1")
	if err != nil || len(got.Items) != 30 {
		t.Fatalf("after 30 concurrent adds: %d items, %v", len(got.Items), err)
	}

	// Revoking the link: the old secret finds nothing; a new one does.
	if _, err := st.UpdateShortlist(ctx, "l1", func(l *koppel.Shortlist) error { l.Share = "geheim-3"; l.Owner = "iemand anders"; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FindShortlistByShare(ctx, "geheim-1"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("the revoked secret still opens the list: %v", err)
	}
	if got, err := st.FindShortlistByShare(ctx, "geheim-3"); err != nil || got.Owner != "Stad A" {
		t.Errorf("new secret = %v, %v (the owner must not change)", got, err)
	}

	if err := st.DeleteShortlist(ctx, "l1"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FindShortlistByID(ctx, "l1"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("deleted list found: %v", err)
	}
	if _, err := st.FindShortlistByShare(ctx, "geheim-3"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("deleted list's link still works: %v", err)
	}
	if lists, _ := st.FindShortlists(ctx, "Stad A"); len(lists) != 0 {
		t.Errorf("deleted list still listed: %v", lists)
	}
	if err := st.DeleteShortlist(ctx, "l1"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("second delete = %v, want ENOTFOUND", err)
	}
}

func TestShortlistLimit(t *testing.T) {
	st := mustOpen(t)
	ctx := context.Background()
	for i := range koppel.MaxShortlists {
		if err := st.PutShortlist(ctx, &koppel.Shortlist{ID: fmt.Sprint("l", i), Owner: "Stad A", Name: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.PutShortlist(ctx, &koppel.Shortlist{ID: "one-more", Owner: "Stad A", Name: "x"}); koppel.ErrorCode(err) != koppel.ECONFLICT {
		t.Errorf("list %d = %v, want ECONFLICT", koppel.MaxShortlists+1, err)
	}
	if err := st.PutShortlist(ctx, &koppel.Shortlist{ID: "l0", Owner: "Stad A", Name: "renamed"}); err != nil {
		t.Errorf("replacing a list at the limit = %v", err)
	}
}
