package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"koppel"
)

func testNeed(id, owner string) *koppel.Need {
	return &koppel.Need{ID: id, Owner: owner, Title: "Poetsdienst " + id, Category: "schoonmaak", Postcode: "9000",
		Frequency: koppel.FrequencyWeekly, AnswerBy: koppel.NewDate(2030, 1, 31), Status: koppel.NeedOpen}
}

func needIDs(list []*koppel.Need) []string {
	var ids []string
	for _, n := range list {
		ids = append(ids, n.ID)
	}
	return ids
}

// TestNeedsByOwner stores needs of two buyers and lists each buyer's own,
// newest first, page by page.
func TestNeedsByOwner(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	base := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	var want []string
	for i := range 5 {
		id := koppel.NewNeedID(base.Add(time.Duration(i) * time.Second))
		owner := "Stad A"
		if i == 2 {
			owner = "Stad A2" // an owner whose name starts with the other's
		}
		if err := s.CreateNeed(ctx, testNeed(id, owner)); err != nil {
			t.Fatal(err)
		}
		if owner == "Stad A" {
			want = append([]string{id}, want...)
		}
	}
	got, total, err := s.FindNeedsByOwner(ctx, "Stad A", koppel.NeedFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 4 || fmt.Sprint(needIDs(got)) != fmt.Sprint(want) {
		t.Fatalf("got %v (total %d), want %v (total 4)", needIDs(got), total, want)
	}
	page2, total, err := s.FindNeedsByOwner(ctx, "Stad A", koppel.NeedFilter{Offset: 2, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if total != 4 || fmt.Sprint(needIDs(page2)) != fmt.Sprint(want[2:3]) {
		t.Errorf("page 2 of size 1: got %v (total %d), want %v", needIDs(page2), total, want[2:3])
	}
	all, total, err := s.FindNeeds(ctx, koppel.NeedFilter{})
	if err != nil || total != 5 || len(all) != 5 {
		t.Errorf("all needs: %d of %d, %v; want 5", len(all), total, err)
	}
	if err := s.CreateNeed(ctx, testNeed(want[0], "Stad A")); koppel.ErrorCode(err) != koppel.ECONFLICT {
		t.Errorf("creating an existing ID: %v, want conflict", err)
	}
	if _, err := s.FindNeedByID(ctx, "A-NOPE"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("unknown need: %v, want not_found", err)
	}
}

// TestNeedsForEnterprise sends a need, answers it and drops a recipient:
// the enterprises' lists and unanswered counts follow.
func TestNeedsForEnterprise(t *testing.T) {
	dir := t.TempDir()
	s := mustOpenDir(t, dir)
	ctx := context.Background()
	const a, b koppel.KBO = "0123456749", "0400040767"
	n := testNeed(koppel.NewNeedID(time.Now()), "Stad A")
	if err := s.CreateNeed(ctx, n); err != nil {
		t.Fatal(err)
	}
	if list, total, err := s.FindNeedsForEnterprise(ctx, a, koppel.NeedFilter{}); err != nil || total != 0 || len(list) != 0 {
		t.Fatalf("before sending: %v %d %v, want none", list, total, err)
	}
	if _, err := s.UpdateNeed(ctx, n.ID, func(n *koppel.Need) error {
		n.SentAt = time.Now().UTC()
		n.Recipients = []koppel.NeedRecipient{{Enterprise: a}, {Enterprise: b}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	count := func(kbo koppel.KBO) int {
		t.Helper()
		c, err := s.CountUnansweredNeeds(ctx, kbo, 100)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if count(a) != 1 || count(b) != 1 {
		t.Fatalf("unanswered after sending: %d, %d, want 1, 1", count(a), count(b))
	}
	if _, err := s.UpdateNeed(ctx, n.ID, func(n *koppel.Need) error {
		_, err := n.AddAnswer(koppel.NeedAnswer{Enterprise: a, Kind: koppel.AnswerInterested, Message: "graag"}, koppel.NewDate(2029, 1, 1))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if count(a) != 0 || count(b) != 1 {
		t.Errorf("unanswered after a's answer: %d, %d, want 0, 1", count(a), count(b))
	}
	list, total, err := s.FindNeedsForEnterprise(ctx, a, koppel.NeedFilter{})
	if err != nil || total != 1 || list[0].ID != n.ID || !list[0].Answered || list[0].Title != n.Title {
		t.Errorf("a's list: %+v %d %v, want the need, answered", list, total, err)
	}
	// A failing change stores nothing.
	if _, err := s.UpdateNeed(ctx, n.ID, func(n *koppel.Need) error {
		n.Status = koppel.NeedClosed
		return koppel.Errorf(koppel.EINVALID, "nee")
	}); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Fatalf("failing update: %v", err)
	}
	if count(b) != 1 {
		t.Errorf("a failed update changed the index")
	}
	// Dropping b and closing: b's list is empty, a's summary says closed.
	if _, err := s.UpdateNeed(ctx, n.ID, func(n *koppel.Need) error {
		n.Recipients = n.Recipients[:1]
		n.Status = koppel.NeedClosed
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, total, _ := s.FindNeedsForEnterprise(ctx, b, koppel.NeedFilter{}); total != 0 {
		t.Errorf("b still lists the need after it was dropped")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = mustOpenDir(t, dir)
	list, _, err = s.FindNeedsForEnterprise(ctx, a, koppel.NeedFilter{})
	if err != nil || len(list) != 1 || list[0].Status != koppel.NeedClosed {
		t.Errorf("after reopening, a's list %+v %v, want the closed need", list, err)
	}
	got, err := s.FindNeedByID(ctx, n.ID)
	if err != nil || len(got.Answers) != 1 || got.Answers[0].ID != "1" {
		t.Errorf("after reopening: %+v %v, want one answer", got, err)
	}
}

// TestNeedAnswersTogether answers one need from many enterprises at once:
// every answer is kept, with its own ID.
func TestNeedAnswersTogether(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	n := testNeed(koppel.NewNeedID(time.Now()), "Stad A")
	n.SentAt = time.Now().UTC()
	var kbos []koppel.KBO
	for i := range 20 {
		k := koppel.KBO(fmt.Sprintf("04000407%02d", i))
		kbos = append(kbos, k)
		n.Recipients = append(n.Recipients, koppel.NeedRecipient{Enterprise: k})
	}
	if err := s.CreateNeed(ctx, n); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, k := range kbos {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.UpdateNeed(ctx, n.ID, func(n *koppel.Need) error {
				_, err := n.AddAnswer(koppel.NeedAnswer{Enterprise: k, Kind: koppel.AnswerNotInterested, Reason: koppel.DeclineNoCapacity}, koppel.NewDate(2029, 1, 1))
				return err
			}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, err := s.FindNeedByID(ctx, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, a := range got.Answers {
		ids[a.ID] = true
	}
	if len(got.Answers) != len(kbos) || len(ids) != len(kbos) {
		t.Errorf("%d answers with %d IDs, want %d of each", len(got.Answers), len(ids), len(kbos))
	}
	// A second need for the first two enterprises: the count stops at its
	// limit.
	m := testNeed(koppel.NewNeedID(time.Now()), "Stad A")
	m.SentAt, m.Recipients = time.Now().UTC(), []koppel.NeedRecipient{{Enterprise: kbos[0]}, {Enterprise: kbos[1]}}
	m2 := testNeed(koppel.NewNeedID(time.Now().Add(time.Millisecond)), "Stad A")
	m2.SentAt, m2.Recipients = m.SentAt, m.Recipients
	for _, x := range []*koppel.Need{m, m2} {
		if err := s.CreateNeed(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	if c, _ := s.CountUnansweredNeeds(ctx, kbos[0], 1); c != 1 {
		t.Errorf("count with limit 1 = %d, want 1", c)
	}
	if c, _ := s.CountUnansweredNeeds(ctx, kbos[1], 10); c != 2 {
		t.Errorf("count = %d, want 2", c)
	}
	for _, k := range kbos[2:] {
		if c, _ := s.CountUnansweredNeeds(ctx, k, 10); c != 0 {
			t.Errorf("%s: %d unanswered, want 0", k, c)
		}
	}
}
