package store

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"koppel"
)

// SetTokenEmail sets the e-mail address of the token with the public ID
// (empty removes it): a buyer's alerts go there. Returns ENOTFOUND if no
// token has the ID, EINVALID for an address that is not one.
func (s *Store) SetTokenEmail(ctx context.Context, id, email string) (*koppel.Token, error) {
	email = strings.TrimSpace(email)
	if email != "" {
		if _, err := mail.ParseAddress(email); err != nil || len(email) > 254 {
			return nil, koppel.Errorf(koppel.EINVALID, "e-mailadres %q is ongeldig", email).WithKey("error.admin_email_invalid", "Value", email)
		}
	}
	list, err := s.FindTokens(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range list {
		if t.ID == id {
			t.Email = email
			if err := s.PutToken(ctx, t); err != nil {
				return nil, fmt.Errorf("set e-mail of token %q: %w", id, err)
			}
			return t, nil
		}
	}
	return nil, koppel.Errorf(koppel.ENOTFOUND, "geen token met id %q", id).WithKey("error.admin_token_id_not_found", "ID", id)
}

var _ koppel.TokenEmailService = (*Store)(nil)
