package store

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// TestPendingUploads checks that a pending upload is found only by its ID,
// enterprise and owner together, that a new one replaces the previous one of
// the same owner, that it expires after PendingUploadTTL, and that deleting
// it forgets it.
func TestPendingUploads(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir(), Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const kbo, other = koppel.KBO("0123456749"), koppel.KBO("0400040767")
	data := bytes.Repeat([]byte("xlsx"), 100000) // 400 kB, in the value log
	p := &koppel.PendingUpload{ID: "id-1", Enterprise: kbo, Owner: "tok1", File: "aanbod.xlsx", Data: data, CreatedAt: time.Now().UTC()}
	if err := s.PutPendingUpload(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindPendingUpload(ctx, kbo, "tok1", "id-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.File != "aanbod.xlsx" || !bytes.Equal(got.Data, data) {
		t.Errorf("got %q with %d bytes, want aanbod.xlsx with %d", got.File, len(got.Data), len(data))
	}
	for _, tt := range []struct {
		kbo       koppel.KBO
		owner, id string
	}{{kbo, "tok1", "id-2"}, {kbo, "tok2", "id-1"}, {other, "tok1", "id-1"}, {kbo, "tok1", ""}, {kbo, "", "id-1"}} {
		if _, err := s.FindPendingUpload(ctx, tt.kbo, tt.owner, tt.id); koppel.ErrorCode(err) != koppel.ENOTFOUND {
			t.Errorf("find %v: got %v, want not found", tt, err)
		}
	}

	// It expires after about an hour.
	err = s.db.View(func(txn *badger.Txn) error {
		for _, key := range [][]byte{pendingKey(kbo, "tok1"), pendingFileKey(kbo, "tok1")} {
			item, err := txn.Get(key)
			if err != nil {
				return err
			}
			exp := time.Unix(int64(item.ExpiresAt()), 0)
			if lo, hi := time.Now().Add(PendingUploadTTL-time.Minute), time.Now().Add(PendingUploadTTL+time.Minute); exp.Before(lo) || exp.After(hi) {
				t.Errorf("%s expires at %v, want between %v and %v", key, exp, lo, hi)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// A second upload by the same owner replaces the first.
	p2 := &koppel.PendingUpload{ID: "id-2", Enterprise: kbo, Owner: "tok1", File: "nieuw.csv", Data: []byte("Code;Dienst\n")}
	if err := s.PutPendingUpload(ctx, p2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindPendingUpload(ctx, kbo, "tok1", "id-1"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("the replaced upload: got %v, want not found", err)
	}
	// Deleting with a wrong ID leaves it; with the right one forgets it.
	if err := s.DeletePendingUpload(ctx, kbo, "tok1", "id-1"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindPendingUpload(ctx, kbo, "tok1", "id-2"); err != nil || got.File != "nieuw.csv" {
		t.Fatalf("after deleting another ID: %+v, %v", got, err)
	}
	if err := s.DeletePendingUpload(ctx, kbo, "tok1", "id-2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindPendingUpload(ctx, kbo, "tok1", "id-2"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("after delete: got %v, want not found", err)
	}
	// Bad keys are refused.
	if err := s.PutPendingUpload(ctx, &koppel.PendingUpload{ID: "x", Enterprise: kbo, Owner: "a/b"}); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("owner with a slash: got %v, want invalid", err)
	}
}
