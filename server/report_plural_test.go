package server_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/server"
)

// TestUploadReportPlural uploads a catalogue on the page in each language
// and reads the report's counts: French says 0 and 1 in the singular
// ("1 refusé", "0 modifié"), Dutch and English keep their words.
func TestUploadReportPlural(t *testing.T) {
	csv := []byte("Code;Dienst\nX1;Poetsen\nX2;\n")
	for _, tc := range []struct{ lang, want string }{
		{"fr", "2 lignes lues : 1 nouveau, 0 modifié, 0 inchangé, 0 supprimé, 1 refusé."},
		{"nl", "2 rijen gelezen: 1 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 verwijderd, 1 geweigerd."},
		{"en", "2 rows read: 1 new, 0 changed, 0 unchanged, 0 removed, 1 rejected."},
	} {
		f := newFixture(t, server.RateLimits{})
		resp, body := uploadWith(t, f, "supplierA", "/mijn-aanbod", "kort.csv", csv, map[string]string{"Accept-Language": tc.lang})
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d: %.300s", tc.lang, resp.StatusCode, body)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if got := plain(strings.Join(strings.Fields(doc.Find("section.report p.counts").Text()), " ")); got != tc.want {
			t.Errorf("%s: counts %q, want %q", tc.lang, got, tc.want)
		}
	}
}

// TestShortlistInvitedPlural marks the one entry of a list invited and
// reads the list page in French: "1 invitée", in the singular.
func TestShortlistInvitedPlural(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	putShortlistA(t, f)
	if resp, body := f.do(t, "buyerA", "POST", "/lijsten/sl-A/items/it-A/uitgenodigd", "application/x-www-form-urlencoded", "uitgenodigd=1"); resp.StatusCode != 303 && resp.StatusCode != 200 {
		t.Fatalf("mark invited = %d %.200s", resp.StatusCode, body)
	}
	for lang, want := range map[string]string{"fr": "1 invitée ·", "nl": "1 uitgenodigd ·", "en": "1 invited ·"} {
		resp, body := f.do(t, "buyerA", "GET", "/lijsten/sl-A?lang="+lang, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: list page = %d", lang, resp.StatusCode)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if got := plain(strings.Join(strings.Fields(doc.Find("main p.muted").First().Text()), " ")); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want it to contain %q", lang, got, want)
		}
	}
}
