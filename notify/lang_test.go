package notify_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"

	"koppel"
)

// TestMailInRecipientLanguage: a recipient whose alert settings say French
// or English gets the alert, its subject and the e-mail around it in that
// language, over real SMTP; no Dutch is left but the names people wrote.
func TestMailInRecipientLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang          string
		want, notWant []string
	}{
		{"fr", []string{"Subject: Demande de l’acheteur Stad Gent\u00a0: Poetsdienst", `lang="fr"`, "Bonjour De Fictieve Poetsploeg,", "Stad Gent vous demande si vous êtes intéressé par\u00a0: Poetsdienst voor drie klaslokalen.",
			"Où\u00a0: 9000 Gent.", "Réponse souhaitée pour le 31/12/2030.", "Voir dans Koppel", "Ne plus recevoir d’e-mails",
			"Voir\u00a0: http://", "Régler les alertes\u00a0: http://", "Ne plus recevoir d’e-mails\u00a0: http://"},
			[]string{"Beste", "Bekijk", "Waar:", "Antwoord gewenst", "vraagt of u", "Geen e-mails", "Soort dienst"}},
		{"en", []string{"Subject: Request from Stad Gent: Poetsdienst", `lang="en"`, "Dear De Fictieve Poetsploeg,", "Stad Gent asks whether you are interested in: Poetsdienst voor drie klaslokalen.",
			"Where: 9000 Gent.", "Answer wanted by 31/12/2030.", "View in Koppel", "No more e-mails", "No more e-mails: http://"},
			[]string{"Beste", "Bekijk", "Waar:", "Antwoord gewenst", "vraagt of u", "Geen e-mails", "Soort dienst"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			s, st, srv := setupSMTP(t)
			ctx := context.Background()
			p := koppel.DefaultAlertPrefs(koppel.EnterpriseRecipient(kbo))
			p.Language = tt.lang
			if err := st.PutAlertPrefs(ctx, p); err != nil {
				t.Fatal(err)
			}
			putNeed(t, st, "need-2")
			if err := s.Notify(ctx, koppel.Event{Key: "need_sent/need-2", Kind: koppel.EventNeedSent, Subject: "need-2", Enterprises: []koppel.KBO{kbo}}); err != nil {
				t.Fatal(err)
			}
			drain(t, s, 10)
			mails := srv.Mails()
			if len(mails) != 1 {
				t.Fatalf("got %d mails, want 1", len(mails))
			}
			raw, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(mails[0].Data)))
			if err != nil {
				t.Fatal(err)
			}
			body := string(raw)
			msg, err := mail.ReadMessage(bytes.NewReader(mails[0].Data))
			if err != nil {
				t.Fatal(err)
			}
			subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if s, ok := strings.CutPrefix(w, "Subject: "); ok {
					if !strings.HasPrefix(subject, s) {
						t.Errorf("subject %q, want %q first", subject, s)
					}
					continue
				}
				if !strings.Contains(body, w) {
					t.Errorf("mail lacks %q:\n%s", w, body)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("mail has the Dutch %q", w)
				}
			}
		})
	}
}

// TestAlertLanguageValidated: only nl, fr and en (or none) are stored.
func TestAlertLanguageValidated(t *testing.T) {
	p := koppel.DefaultAlertPrefs(koppel.EnterpriseRecipient(kbo))
	p.Language = "de"
	if err := p.Validate(); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("language de: got %v, want EINVALID", err)
	}
}
