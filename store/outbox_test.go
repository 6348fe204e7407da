package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/store"
)

func TestOutboxWrites(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	e := testEnterprise(1)
	steps := []struct {
		name string
		do   func() error
		want koppel.IndexChange
	}{
		{"put enterprise", func() error { return s.PutEnterprise(ctx, e) }, koppel.IndexChange{Kind: koppel.DocEnterprise, ID: string(e.KBO)}},
		{"put offering", func() error { return s.PutOffering(ctx, testOffering(e.KBO, "x")) }, koppel.IndexChange{Kind: koppel.DocOffering, ID: string(e.KBO) + "/x"}},
		{"delete offering", func() error { return s.DeleteOffering(ctx, e.KBO, "x") }, koppel.IndexChange{Kind: koppel.DocOffering, ID: string(e.KBO) + "/x"}},
		{"put tender", func() error { return s.PutTender(ctx, testTender("T1", "")) }, koppel.IndexChange{Kind: koppel.DocTender, ID: "T1"}},
		{"delete tender", func() error { return s.DeleteTender(ctx, "T1") }, koppel.IndexChange{Kind: koppel.DocTender, ID: "T1"}},
		// The enterprise has a catalogue (empty now) and its profile stays
		// the same: the upload queues its one change.
		{"replace catalogue", func() error {
			_, err := s.ReplaceCatalogue(ctx, e, offeringSeq(testOffering(e.KBO, "y")), store.ModeReplace)
			return err
		}, koppel.IndexChange{Kind: koppel.DocOffering, ID: string(e.KBO) + "/y"}},
		{"delete enterprise", func() error { return s.DeleteEnterprise(ctx, e.KBO) }, koppel.IndexChange{Kind: koppel.DocCatalogue, ID: string(e.KBO)}},
	}
	for i, st := range steps {
		before := s.OutboxSeq()
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got, err := s.PendingChanges(ctx, before, 10)
		if err != nil {
			t.Fatal(err)
		}
		st.want.Seq = uint64(i + 1)
		if diff := cmp.Diff([]koppel.IndexChange{st.want}, got, dateCmp); diff != "" {
			t.Errorf("%s: outbox mismatch (-want +got):\n%s", st.name, diff)
		}
	}
	if n := s.OutboxLen(); n != len(steps) {
		t.Errorf("got outbox length %d, want %d", n, len(steps))
	}
}

func TestOutboxAckAndRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := s.PutTender(ctx, testTender(string(rune('a'+i)), "")); err != nil {
			t.Fatal(err)
		}
	}
	page, err := s.PendingChanges(ctx, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || page[0].Seq != 1 || page[1].Seq != 2 {
		t.Fatalf("got %v, want the changes 1 and 2", page)
	}
	if err := s.AckChanges(ctx, 3); err != nil {
		t.Fatal(err)
	}
	rest, err := s.PendingChanges(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rest) != 2 || rest[0].Seq != 4 || rest[1].Seq != 5 {
		t.Fatalf("got %v after ack 3, want the changes 4 and 5", rest)
	}
	// Ack everything, reopen: numbers go on where they were.
	if err := s.AckChanges(ctx, 5); err != nil {
		t.Fatal(err)
	}
	if n := s.OutboxLen(); n != 0 {
		t.Errorf("got outbox length %d after acking all, want 0", n)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = mustOpenDir(t, dir)
	if seq := s.OutboxSeq(); seq != 5 {
		t.Errorf("got outbox sequence %d after reopen, want 5", seq)
	}
	if err := s.PutTender(ctx, testTender("f", "")); err != nil {
		t.Fatal(err)
	}
	got, err := s.PendingChanges(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []koppel.IndexChange{{Seq: 6, Kind: koppel.DocTender, ID: "f"}}
	if diff := cmp.Diff(want, got, dateCmp); diff != "" {
		t.Errorf("outbox after reopen mismatch (-want +got):\n%s", diff)
	}
}

// TestOutboxConcurrent checks that concurrent writers never leave a gap that
// is filled later: every change a reader sees has all lower numbers before
// it.
func TestOutboxConcurrent(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const writers, each = 4, 25
	done := make(chan error, writers)
	for w := range writers {
		go func() {
			for i := range each {
				if err := s.PutTender(ctx, testTender(string(rune('a'+w))+string(rune('a'+i)), "")); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	var last uint64
	for finished := 0; finished < writers; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			finished++
		default:
		}
		changes, err := s.PendingChanges(ctx, last, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range changes {
			if c.Seq != last+1 {
				t.Fatalf("got change %d after %d: a gap", c.Seq, last)
			}
			last = c.Seq
		}
	}
	if s.OutboxSeq() != writers*each {
		t.Errorf("got outbox sequence %d, want %d", s.OutboxSeq(), writers*each)
	}
}
