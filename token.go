package koppel

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"
)

// Role is what a token may do.
type Role string

// The roles (README.md, "Who may do what").
const (
	RoleAdmin    Role = "admin"
	RoleBuyer    Role = "buyer"
	RoleSupplier Role = "supplier"
)

// ParseRole returns EINVALID for anything but admin, buyer and supplier.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleAdmin, RoleBuyer, RoleSupplier:
		return r, nil
	}
	return "", Errorf(EINVALID, "rol %q is ongeldig: admin, buyer of supplier", s).WithKey("error.domain_role", "Value", s)
}

// Token is an API token. Only the SHA-256 hash of the secret is stored.
type Token struct {
	ID         string `json:"id"`   // short public ID (start of the hash), shown in lists
	Hash       string `json:"hash"` // hex SHA-256 of the secret
	Role       Role   `json:"role"`
	Enterprise KBO    `json:"enterprise,omitempty"` // supplier tokens
	Buyer      string `json:"buyer,omitempty"`      // buyer tokens
	// BuyerID is the buyer organisation's identifier as its eForms notices
	// give it (BT-501, for a Belgian authority its company number): a buyer
	// token imports only the notices of that organisation.
	BuyerID string `json:"buyer_id,omitempty"`
	// Email is where a buyer's alerts go (see package notify); optional.
	Email     string    `json:"email,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	Revoked   bool      `json:"revoked,omitempty"`
}

// Active reports whether the token can be used at time now.
func (t *Token) Active(now time.Time) bool {
	return !t.Revoked && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// TokenService stores tokens.
type TokenService interface {
	// PutToken stores a token.
	PutToken(ctx context.Context, t *Token) error
	// FindTokenByHash returns ENOTFOUND if no token has the hash.
	FindTokenByHash(ctx context.Context, hash string) (*Token, error)
	// FindTokens lists all tokens.
	FindTokens(ctx context.Context) ([]*Token, error)
	// RevokeToken revokes the token with the public ID and ends its web
	// sessions, at once. Returns ENOTFOUND if no token has the ID.
	RevokeToken(ctx context.Context, id string) (*Token, error)
}

// tokenPrefix marks Koppel tokens, so that secret scanners and people can
// recognise one.
const tokenPrefix = "kp_"

// NewTokenSecret returns a new random token secret (256 bits) and the ID
// that names it in lists. The secret is shown once; only its hash is kept.
func NewTokenSecret() (secret, id string, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", fmt.Errorf("read random bytes: %w", err)
	}
	secret = tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return secret, HashToken(secret)[:12], nil
}

// HashToken returns the hex SHA-256 of a token secret. A plain hash (no salt
// or stretching) is right here: the secret is 256 random bits, not a
// password, and look-ups by hash must be direct.
func HashToken(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}
