package store_test

import (
	"context"
	"testing"
	"time"

	"koppel"
)

func TestSessions(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	a := &koppel.Token{ID: "ta", Hash: "aa11", Role: koppel.RoleBuyer, Buyer: "Stad A", CreatedAt: t0}
	b := &koppel.Token{ID: "tb", Hash: "bb22", Role: koppel.RoleAdmin, CreatedAt: t0}
	for _, tok := range []*koppel.Token{a, b} {
		if err := s.PutToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	exp := time.Now().Add(time.Hour)
	for _, sess := range []*koppel.Session{{ID: "s1", TokenHash: "aa11", ExpiresAt: exp}, {ID: "s2", TokenHash: "aa11", ExpiresAt: exp}, {ID: "s3", TokenHash: "bb22", ExpiresAt: exp}} {
		if err := s.PutSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := s.FindSession(ctx, "s1"); err != nil || got.TokenHash != "aa11" {
		t.Fatalf("find s1 = %+v, %v", got, err)
	}
	wantCode(t, s.PutSession(ctx, &koppel.Session{ID: "old", TokenHash: "aa11", ExpiresAt: time.Now().Add(-time.Second)}), koppel.EINVALID)
	wantCode(t, s.PutSession(ctx, &koppel.Session{ID: "a/b", TokenHash: "aa11", ExpiresAt: exp}), koppel.EINVALID)
	_, err := s.FindSession(ctx, "old")
	wantCode(t, err, koppel.ENOTFOUND)

	// Sign-out deletes one session.
	if err := s.DeleteSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindSession(ctx, "s1")
	wantCode(t, err, koppel.ENOTFOUND)
	if err := s.DeleteSession(ctx, "s1"); err != nil {
		t.Errorf("delete a deleted session: %v, want no error", err)
	}

	// Revoking a token ends its sessions, and only its.
	got, err := s.RevokeToken(ctx, "ta")
	if err != nil || !got.Revoked {
		t.Fatalf("revoke = %+v, %v", got, err)
	}
	if tok, err := s.FindTokenByHash(ctx, "aa11"); err != nil || !tok.Revoked {
		t.Errorf("stored token after revoke = %+v, %v; want revoked", tok, err)
	}
	_, err = s.FindSession(ctx, "s2")
	wantCode(t, err, koppel.ENOTFOUND)
	if _, err := s.FindSession(ctx, "s3"); err != nil {
		t.Errorf("another token's session after a revoke: %v", err)
	}
	_, err = s.RevokeToken(ctx, "nope")
	wantCode(t, err, koppel.ENOTFOUND)
	if n := s.OutboxLen(); n != 0 {
		t.Errorf("got %d outbox entries for sessions, want 0", n)
	}
}
