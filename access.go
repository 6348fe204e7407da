package koppel

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// SignInLinkLifetime is how long a sign-in link sent by e-mail works (once).
const SignInLinkLifetime = 24 * time.Hour

// AccessState is where an access request stands.
type AccessState string

// The states of an access request.
const (
	AccessPending  AccessState = "pending"
	AccessApproved AccessState = "approved"
	AccessRejected AccessState = "rejected"
)

// AccessRequest is someone asking for access on the web (self-service
// onboarding) that an admin decides: a buyer, or an enterprise whose
// e-mail address is not the one in its profile.
type AccessRequest struct {
	ID         string      `json:"id"`
	Role       Role        `json:"role"`                 // supplier or buyer
	Enterprise KBO         `json:"enterprise,omitempty"` // supplier
	Buyer      string      `json:"buyer,omitempty"`      // buyer: the organisation
	Email      string      `json:"email"`
	State      AccessState `json:"state"`
	CreatedAt  time.Time   `json:"created_at"`
	DecidedAt  time.Time   `json:"decided_at,omitzero"`
	// Language is the language the request was made in ("nl", "fr",
	// "en"): the sign-in link e-mail is written in it. Empty is Dutch.
	Language string `json:"language,omitempty"`
}

// Validate checks the request and returns every field's problem at once:
// EINVALID with a FieldErrorList (fields "email", "enterprise", "buyer",
// "role"), each message with its catalogue key.
func (r *AccessRequest) Validate() error {
	var fe FieldErrorList
	r.Email = strings.TrimSpace(r.Email)
	if a, err := mail.ParseAddress(r.Email); err != nil || a.Address != r.Email || len(r.Email) > 254 {
		fe.addKey("email", "", "vul een geldig e-mailadres in, zoals naam@organisatie.be", "error.admin_access_email")
	}
	switch r.Role {
	case RoleSupplier:
		k, err := ParseKBO(string(r.Enterprise))
		if err != nil {
			fe.addKey("enterprise", "", "vul een geldig ondernemingsnummer in, zoals 0123.456.749", "error.admin_access_kbo")
		} else {
			r.Enterprise = k
		}
		r.Buyer = ""
	case RoleBuyer:
		r.Buyer = strings.TrimSpace(r.Buyer)
		if r.Buyer == "" || len(r.Buyer) > 200 {
			fe.addKey("buyer", "", "vul de naam van uw organisatie in", "error.admin_access_buyer")
		}
		r.Enterprise = ""
	default:
		fe.addKey("role", "", "kies of u een onderneming of een aankoper bent", "error.admin_access_role")
	}
	switch r.Language {
	case "nl", "fr", "en":
	default:
		r.Language = "" // a language Koppel does not write in: Dutch
	}
	return fe.asError()
}

// SignInLink is a one-time link that signs its holder in as Role for
// Enterprise or Buyer. Only the hash of its secret is stored.
type SignInLink struct {
	Hash       string    `json:"hash"`
	Role       Role      `json:"role"`
	Enterprise KBO       `json:"enterprise,omitempty"`
	Buyer      string    `json:"buyer,omitempty"`
	Email      string    `json:"email"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// AccessService stores access requests and sign-in links.
type AccessService interface {
	// PutAccessRequest stores a request.
	PutAccessRequest(ctx context.Context, r *AccessRequest) error
	// FindAccessRequest returns ENOTFOUND if no request has the ID.
	FindAccessRequest(ctx context.Context, id string) (*AccessRequest, error)
	// PendingAccessRequests lists up to limit pending requests, oldest
	// first.
	PendingAccessRequests(ctx context.Context, limit int) ([]*AccessRequest, error)
	// PutSignInLink stores a link until it expires. Returns ECONFLICT when
	// a link for the same enterprise or buyer was made in the last
	// minutes (a throttle on mails to one address).
	PutSignInLink(ctx context.Context, l *SignInLink) error
	// UseSignInLink returns the link with the hash and deletes it, in one
	// transaction: a link works once. Returns ENOTFOUND for a link used,
	// expired or never made.
	UseSignInLink(ctx context.Context, hash string) (*SignInLink, error)
}
