package server_test

import (
	"context"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/i18n"
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

// TestNoticeResultsPlural stores a notice package's report with one new,
// no unchanged and two outcome notices, and reads its counts on the admin
// page: "1 nouveau", "2 résultats", "0 inchangé" in French.
func TestNoticeResultsPlural(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	rep := &koppel.NoticeReport{ID: "20250101-0000000000000002", File: "dag.zip", Origin: "cli", Status: "imported",
		StartedAt: time.Now().Add(-time.Hour).UTC(), Results: map[string]int{"created": 1, "unchanged": 0, "outcome": 2}}
	if err := f.st.PutNoticeReport(context.Background(), rep); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{
		"fr": "1 nouveau, 2 résultats, 0 inchangé",
		"nl": "1 nieuw, 2 uitslagen, 0 ongewijzigd",
		"en": "1 new, 2 outcomes, 0 unchanged",
	} {
		_, body := f.doWith(t, "admin", "GET", "/beheer/aankondigingen", "", map[string]string{"Accept-Language": lang})
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		cell := doc.Find("main tbody tr td").FilterFunction(func(_ int, s *goquery.Selection) bool {
			l, _ := s.Attr("data-label")
			return l == i18n.T(i18n.Lang(lang), "notices.taken")
		})
		h, _ := cell.Html()
		var lines []string
		for _, line := range strings.Split(h, "<br/>") {
			if line = strings.TrimSpace(html.UnescapeString(line)); line != "" {
				lines = append(lines, line)
			}
		}
		if got := strings.Join(lines, ", "); got != want {
			t.Errorf("%s: counts %q, want %q", lang, got, want)
		}
	}
}
