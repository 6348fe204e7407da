package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

func TestTenderRoundTrip(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	tn := testTender("T1", "NOTICE-1")
	if err := s.PutTender(ctx, tn); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindTenderByID(ctx, "T1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tn, got, dateCmp); diff != "" {
		t.Errorf("tender mismatch (-want +got):\n%s", diff)
	}
	got, err = s.FindTenderByNotice(ctx, "NOTICE-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tn, got, dateCmp); diff != "" {
		t.Errorf("tender by notice mismatch (-want +got):\n%s", diff)
	}

	// Another tender with the same notice is a conflict and queues nothing.
	seq := s.OutboxSeq()
	wantCode(t, s.PutTender(ctx, testTender("T2", "NOTICE-1")), koppel.ECONFLICT)
	if s.OutboxSeq() != seq || s.OutboxLen() != 1 {
		t.Errorf("got outbox sequence %d and length %d after a conflict, want %d and 1", s.OutboxSeq(), s.OutboxLen(), seq)
	}
	_, err = s.FindTenderByID(ctx, "T2")
	wantCode(t, err, koppel.ENOTFOUND)

	// A new notice ID moves the index.
	tn.Source.NoticeID = "NOTICE-2"
	if err := s.PutTender(ctx, tn); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindTenderByNotice(ctx, "NOTICE-1")
	wantCode(t, err, koppel.ENOTFOUND)
	if _, err := s.FindTenderByNotice(ctx, "NOTICE-2"); err != nil {
		t.Fatal(err)
	}

	if err := s.DeleteTender(ctx, "T1"); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindTenderByID(ctx, "T1")
	wantCode(t, err, koppel.ENOTFOUND)
	_, err = s.FindTenderByNotice(ctx, "NOTICE-2")
	wantCode(t, err, koppel.ENOTFOUND)
	wantCode(t, s.DeleteTender(ctx, "T1"), koppel.ENOTFOUND)
	wantCode(t, s.PutTender(ctx, testTender("", "")), koppel.EINVALID)
}

func TestFindTenders(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	for i, id := range []string{"a", "b", "c", "d"} {
		tn := testTender(id, "")
		tn.CreatedAt = t0.Add(time.Duration(i) * time.Hour)
		if i%2 == 1 {
			tn.Status = koppel.TenderDraft
			tn.Owner = "school-x"
		}
		if err := s.PutTender(ctx, tn); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name      string
		f         koppel.TenderFilter
		want      []string
		wantTotal int
	}{
		{"all newest first", koppel.TenderFilter{}, []string{"d", "c", "b", "a"}, 4},
		{"page", koppel.TenderFilter{Offset: 1, Limit: 2}, []string{"c", "b"}, 4},
		{"status", koppel.TenderFilter{Status: koppel.TenderPublished}, []string{"c", "a"}, 2},
		{"owner", koppel.TenderFilter{Owner: "school-x"}, []string{"d", "b"}, 2},
		{"none", koppel.TenderFilter{Owner: "school-x", Status: koppel.TenderClosed}, []string{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := s.FindTenders(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, tn := range list {
				got = append(got, tn.ID)
			}
			if diff := cmp.Diff(tt.want, got, dateCmp); diff != "" || total != tt.wantTotal {
				t.Errorf("got total %d, want %d; IDs (-want +got):\n%s", total, tt.wantTotal, diff)
			}
		})
	}
	var ids []string
	if err := s.ForEachTender(ctx, func(tn *koppel.Tender) error { ids = append(ids, tn.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "b", "c", "d"}, ids, dateCmp); diff != "" {
		t.Errorf("ForEachTender mismatch (-want +got):\n%s", diff)
	}
}
