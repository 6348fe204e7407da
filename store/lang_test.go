package store_test

import (
	"context"
	"testing"
	"time"

	"koppel"
	"koppel/i18n"
)

// TestErrorsInLanguage: the store's errors that reach users carry a
// catalogue key, so that the server says them in the reader's language;
// their Dutch message stays for the logs.
func TestErrorsInLanguage(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	errAccess := s.PutAccessRequest(ctx, &koppel.AccessRequest{ID: "a/b"})
	_, errFind := s.FindAccessRequest(ctx, "x1")
	_, errRevoke := s.RevokeToken(ctx, "nope")
	_, errEmail := s.SetTokenEmail(ctx, "nope", "geen adres")
	_, errSession := s.FindSession(ctx, "nope")
	errLink := s.PutSignInLink(ctx, &koppel.SignInLink{Hash: "abc", ExpiresAt: time.Now().Add(-time.Hour)})
	for _, tt := range []struct {
		err        error
		nl, fr, en string
	}{
		{errAccess, `Aanvraag "a/b" is ongeldig`, "Demande d’accès «\u00a0a/b\u00a0» n’est pas valable", `Access request "a/b" is not valid`},
		{errFind, `Geen aanvraag "x1"`, "Aucune demande «\u00a0x1\u00a0»", `No request "x1"`},
		{errRevoke, `Geen token met id "nope"`, "Aucun jeton avec l’identifiant «\u00a0nope\u00a0»", `No token with ID "nope"`},
		{errEmail, `E-mailadres "geen adres" is ongeldig`, "L’adresse e-mail «\u00a0geen adres\u00a0» n’est pas valable", `The e-mail address "geen adres" is not valid`},
		{errSession, `Sessie niet gevonden`, `Session introuvable`, `Session not found`},
		{errLink, `De aanmeldlink is al verlopen`, `Le lien de connexion a déjà expiré`, `The sign-in link has already expired`},
	} {
		for l, want := range map[i18n.Lang]string{i18n.NL: tt.nl, i18n.FR: tt.fr, i18n.EN: tt.en} {
			if got := koppel.Sentence(i18n.ErrorText(l, tt.err)); got != want {
				t.Errorf("%s: got %q, want %q (%v)", l, got, want, tt.err)
			}
		}
	}
}
