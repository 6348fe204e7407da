package server_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"koppel"
	"koppel/server"
)

// TestDomainErrorsInLanguage: the API's detail of a refusal from the
// domain package (a status change that does not follow, a lot description
// too long, an unknown category) is in the request's language, ?lang= or
// Accept-Language, with the statuses and categories named in it too.
func TestDomainErrorsInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	f.putTender(t, "draft-A", "Stad A", koppel.TenderDraft)
	en := map[string]string{"Content-Type": "application/json", "Accept-Language": "en"}
	fr := map[string]string{"Content-Type": "application/json"}
	long := strings.Repeat(`x\n`, koppel.MaxLotDescriptionLines)
	bigLot := `{"title":"Groot","buyer":{"name":"Stad A"},"lots":[{"id":"L1","title":"Poetsen","description":"` + long + `","cpv":["90911200"],"postcode":"9000"}]}`
	category := "/api/v1/offerings?category=" + url.QueryEscape("Fietsen en catering")
	for _, tt := range []struct {
		name, who, method, path, body string
		header                        map[string]string
		status                        int
		detail                        string
	}{
		{"status change, en", "buyerA", "PATCH", "/api/v1/tenders/draft-A", `{"status":"closed"}`, en, 409, `A tender with status draft cannot be closed`},
		{"status change, fr", "buyerA", "PATCH", "/api/v1/tenders/draft-A?lang=fr", `{"status":"withdrawn"}`, fr, 409, "Un marché au statut «\u00a0brouillon\u00a0» ne peut pas être retiré"},
		{"status change, nl", "buyerA", "PATCH", "/api/v1/tenders/draft-A", `{"status":"closed"}`, map[string]string{"Content-Type": "application/json"}, 409, `Een opdracht met status ontwerp kan niet afgesloten worden`},
		{"status not to choose, en", "buyerA", "PATCH", "/api/v1/tenders/draft-A", `{"status":"draft!"}`, en, 400, `You cannot choose status "draft!": published (publish), closed (close) or withdrawn (withdraw)`},
		{"lot too large, en", "buyerA", "POST", "/api/v1/tenders", bigLot, en, 413, `The description of lot L1 has 301 lines; at most 300 lines per lot`},
		{"lot too large, fr", "buyerA", "POST", "/api/v1/tenders?lang=fr", bigLot, fr, 413, "La description du lot L1 compte 301 lignes\u00a0; au plus 300 lignes par lot"},
		{"category, en", "anonymous", "GET", category, "", en, 400, `Unknown category "Fietsen en catering"; did you mean Bicycles (bike point, repair, parking, rental) or Catering & meals? Otherwise choose from: Cleaning; Green maintenance;`},
		{"category, fr", "anonymous", "GET", category + "&lang=fr", "", fr, 400, "Catégorie inconnue «\u00a0Fietsen en catering\u00a0»\u00a0; vouliez-vous dire Vélos (point vélo, réparation, parking, location) ou Traiteur & repas\u00a0? Sinon, choisissez parmi\u00a0: Nettoyage\u00a0; Entretien des espaces verts\u00a0;"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.doWith(t, tt.who, tt.method, tt.path, tt.body, tt.header)
			var p server.Problem
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				t.Fatalf("%d %s: %v", resp.StatusCode, body, err)
			}
			if resp.StatusCode != tt.status || !strings.HasPrefix(p.Detail, tt.detail) {
				t.Errorf("got %d %q, want %d %q", resp.StatusCode, p.Detail, tt.status, tt.detail)
			}
		})
	}
}

// TestTenderFormStatusInLanguage: the tender form says an unknown status
// in the page's language, beside the field and in the list at the top,
// and marks nothing there as Dutch.
func TestTenderFormStatusInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	form := url.Values{"title": {"Poetsen"}, "status": {"gepland"}, "lot1_title": {"Poetsen"}, "lot1_cpv": {"90911200"}}
	for _, tt := range []struct {
		path, want string
	}{
		{"/opdrachten/nieuw?lang=fr", `le statut « gepland » n’est pas valable : draft, published, announced, closed ou withdrawn`},
		{"/opdrachten/nieuw?lang=en", `status "gepland" is not valid: draft, published, announced, closed or withdrawn`},
	} {
		resp, body := f.doWith(t, "buyerA", "POST", tt.path, form.Encode(), map[string]string{"Content-Type": formType})
		doc := parse(t, body)
		list := strings.Join(strings.Fields(doc.Find(".error-summary").Text()), " ")
		beside := strings.Join(strings.Fields(doc.Find("#status_error").Text()), " ") // no-break spaces as spaces
		if resp.StatusCode != 400 || !strings.Contains(strings.ToLower(list), strings.ToLower(tt.want)) || !strings.Contains(strings.ToLower(beside), strings.ToLower(tt.want)) {
			t.Errorf("%s: %d, list %q, beside %q; want %q in both", tt.path, resp.StatusCode, list, beside, tt.want)
		}
		if n := doc.Find(`.error-summary [lang="nl"], #status_error [lang="nl"]`).Length(); n != 0 {
			t.Errorf("%s: %d messages marked Dutch", tt.path, n)
		}
	}
}
