package notify_test

import (
	"context"
	"strings"
	"testing"

	"koppel"
	"koppel/notify"
	"koppel/store"
)

// TestInternshipAlertLanguage: the kind of work of an internship offer is
// named in the recipient's language in its alert e-mail.
func TestInternshipAlertLanguage(t *testing.T) {
	for lang, want := range map[string]string{
		"nl": "Basisschool De Linde biedt 2 stageplaatsen aan (Poetsen en schoonmaak)",
		"fr": "(Nettoyage)",
		"en": "(Cleaning)",
	} {
		t.Run(lang, func(t *testing.T) {
			dir := t.TempDir()
			s, st := setup(t, notify.DirMailer{Dir: dir})
			ctx := context.Background()
			p := koppel.DefaultAlertPrefs(koppel.EnterpriseRecipient(kbo))
			p.Language = lang
			if err := st.PutAlertPrefs(ctx, p); err != nil {
				t.Fatal(err)
			}
			publishInternship(t, s, st)
			body := onlyMail(t, dir)
			if !strings.Contains(body, want) {
				t.Errorf("mail lacks %q:\n%s", want, body)
			}
			if lang != "nl" && strings.Contains(body, "Poetsen en schoonmaak") {
				t.Errorf("mail names the work in Dutch:\n%s", body)
			}
		})
	}
}

// publishInternship stores an internship offer of Basisschool De Linde
// (poetsen, two places in Gent), announces it to kbo and delivers the
// alerts.
func publishInternship(t *testing.T, s *notify.Service, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	in := &koppel.Internship{ID: "stg-1", Owner: "Stad Gent", Host: "Basisschool De Linde", Title: "Twee stageplaatsen in onze poetsploeg",
		Work: "poetsen", Address: koppel.Address{Postcode: "9000", City: "Gent"}, Places: 2, Status: koppel.InternshipOpen}
	if err := st.PutInternship(ctx, in); err != nil {
		t.Fatal(err)
	}
	if err := s.Notify(ctx, koppel.Event{Key: "internship_published/stg-1", Kind: koppel.EventInternshipPublished, Subject: "stg-1", Enterprises: []koppel.KBO{kbo}}); err != nil {
		t.Fatal(err)
	}
	drain(t, s, 10)
}
