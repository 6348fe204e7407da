package koppel

import (
	"context"
	"time"
)

// Session is a web sign-in: the session cookie names it by ID, and it is
// valid only while it is stored, so that signing out or revoking its token
// ends it on the server, not only in the browser.
type Session struct {
	ID        string    `json:"id"`         // random, 128 bits
	TokenHash string    `json:"token_hash"` // the token signed in with
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// SessionService stores web sessions. Expired sessions are forgotten by
// themselves.
type SessionService interface {
	// PutSession stores a session until its ExpiresAt.
	PutSession(ctx context.Context, s *Session) error
	// FindSession returns ENOTFOUND if no unexpired session has the ID.
	FindSession(ctx context.Context, id string) (*Session, error)
	// DeleteSession ends a session; ending one that does not exist is no
	// error.
	DeleteSession(ctx context.Context, id string) error
}
