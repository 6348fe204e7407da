package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/server"
)

// TestAPIErrorsInLanguage: errors of the API's parameters, its shortlists,
// its capacity map, its CPV search and the clause assistant have their
// problem+json detail in the request's language (French, English; Dutch
// without a choice), with the same code and status in each.
func TestAPIErrorsInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	fr := map[string]string{"Accept-Language": "fr-BE,fr;q=0.9", "Content-Type": "application/json"}
	en := map[string]string{"Accept-Language": "en-GB", "Content-Type": "application/json"}
	nl := map[string]string{"Content-Type": "application/json"}
	resp, body := f.doWith(t, "buyerA", "POST", "/api/v1/shortlists", `{"name":"Schoonmaak"}`, nl)
	var list struct{ ID string }
	if err := json.Unmarshal([]byte(body), &list); err != nil || resp.StatusCode != 201 || list.ID == "" {
		t.Fatalf("create shortlist: %d %s", resp.StatusCode, body)
	}
	longQ := strings.Repeat("poetsen ", 13)
	for _, tt := range []struct {
		name, who, method, path, body string
		header                        map[string]string
		status                        int
		code, detail                  string
	}{
		{"lots page, fr", "anonymous", "GET", "/api/v1/tenders/published-A/matches?lots_page=abc", "", fr, 400, "invalid", `La page « abc » des lots n’existe pas : donnez un numéro de page à partir de 1`},
		{"lots page, en", "anonymous", "GET", "/api/v1/tenders/published-A/matches?lots_page=abc", "", en, 400, "invalid", `Page "abc" of the lots does not exist: give a page number from 1`},
		{"lots size, fr", "anonymous", "GET", "/api/v1/tenders/published-A/matches?lots_size=50", "", fr, 400, "invalid", `Nombre de lots par page « 50 » : donnez un nombre de 1 à 20`},
		{"lots size, nl", "anonymous", "GET", "/api/v1/tenders/published-A/matches?lots_size=50", "", nl, 400, "invalid", `Aantal percelen per pagina "50": geef een getal van 1 tot 20`},
		{"per enterprise, fr", "anonymous", "GET", "/api/v1/offerings?q=poetsen&per_enterprise=-1", "", fr, 400, "invalid", `Nombre de services par entreprise « -1 » : donnez un nombre de 0 (tous) à 100`},
		{"per enterprise, en", "anonymous", "GET", "/api/v1/offerings?q=poetsen&per_enterprise=-1", "", en, 400, "invalid", `Offerings per enterprise "-1": give a number from 0 (all) to 100`},
		{"other's catalogue, fr", "supplierA", "GET", "/api/v1/enterprises/" + string(kboB) + "/catalogue.xlsx", "", fr, 403, "forbidden", `Vous ne pouvez pas télécharger le catalogue de l’entreprise 0400.040.767`},
		{"other's catalogue, en", "supplierA", "GET", "/api/v1/enterprises/" + string(kboB) + "/catalogue.xlsx", "", en, 403, "forbidden", `You may not download the catalogue of enterprise 0400.040.767`},
		{"other's tenders, fr", "supplierA", "GET", "/api/v1/enterprises/" + string(kboB) + "/tenders", "", fr, 403, "forbidden", `Vous ne voyez que les marchés de votre propre entreprise`},
		{"other's tenders, en", "supplierA", "GET", "/api/v1/enterprises/" + string(kboB) + "/tenders", "", en, 403, "forbidden", `You only see the tenders for your own enterprise`},
		{"dry run not a boolean, fr", "supplierA", "POST", "/api/v1/enterprises/" + string(kboA) + "/catalogue?dry_run=misschien", "Code;Dienst\nX;Poetsen\n", map[string]string{"Accept-Language": "fr", "Content-Type": "text/csv"}, 400, "invalid", `Dry_run « misschien » : utilisez true ou false`},
		{"dry run not a boolean, en", "supplierA", "POST", "/api/v1/enterprises/" + string(kboA) + "/catalogue?dry_run=misschien", "Code;Dienst\nX;Poetsen\n", map[string]string{"Accept-Language": "en", "Content-Type": "text/csv"}, 400, "invalid", `Dry_run "misschien": use true or false`},
		{"tender clause, fr", "anonymous", "GET", "/api/v1/tenders?clause=geen", "", fr, 400, "invalid", `Clause sociale inconnue « geen »`},
		{"tender clause, en", "anonymous", "GET", "/api/v1/tenders?clause=geen", "", en, 400, "invalid", `Unknown social clause "geen"`},
		{"capacity without category, fr", "anonymous", "GET", "/api/v1/capacity", "", fr, 400, "invalid", `Choisissez une catégorie (paramètre category), p. ex. schoonmaak ou groenonderhoud`},
		{"capacity without category, en", "anonymous", "GET", "/api/v1/capacity", "", en, 400, "invalid", `Choose a category (parameter category), e.g. schoonmaak or groenonderhoud`},
		{"cpv query, fr", "anonymous", "GET", "/api/v1/cpv?q=" + strings.ReplaceAll(longQ, " ", "+"), "", fr, 400, "invalid", `La recherche est trop longue (100 caractères au maximum)`},
		{"cpv query, en", "anonymous", "GET", "/api/v1/cpv?q=" + strings.ReplaceAll(longQ, " ", "+"), "", en, 400, "invalid", `The search is too long (at most 100 characters)`},
		{"list entry, fr", "buyerA", "PUT", "/api/v1/shortlists/" + list.ID + "/items/geen", `{"invited":true}`, fr, 404, "not_found", `Cette liste n’a pas de ligne « geen »`},
		{"list entry, en", "buyerA", "PUT", "/api/v1/shortlists/" + list.ID + "/items/geen", `{"invited":true}`, en, 404, "not_found", `This shortlist has no entry "geen"`},
		{"invited missing, fr", "buyerA", "PUT", "/api/v1/shortlists/" + list.ID + "/items/geen", `{}`, fr, 400, "invalid", `Indiquez invited : true ou false`},
		{"invited missing, en", "buyerA", "PUT", "/api/v1/shortlists/" + list.ID + "/items/geen", `{}`, en, 400, "invalid", `Give invited: true or false`},
		{"draft clause, fr", "buyerA", "POST", "/api/v1/clauses/draft", `{"lot":{"title":"Schoonmaak","cpv":["90911200"],"postcode":"9000"},"clause":"geen"}`, fr, 400, "invalid", `Clause sociale inconnue « geen »`},
		{"draft clause, en", "buyerA", "POST", "/api/v1/clauses/draft", `{"lot":{"title":"Schoonmaak","cpv":["90911200"],"postcode":"9000"},"clause":"geen"}`, en, 400, "invalid", `Unknown social clause "geen"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.doWith(t, tt.who, tt.method, tt.path, tt.body, tt.header)
			var p server.Problem
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				t.Fatalf("%d %s: %v", resp.StatusCode, body, err)
			}
			if resp.StatusCode != tt.status || p.Code != tt.code || p.Detail != tt.detail {
				t.Errorf("got %d %s %q, want %d %s %q", resp.StatusCode, p.Code, p.Detail, tt.status, tt.code, tt.detail)
			}
		})
	}
}

// TestPageErrorsInLanguage: the error pages of a wrong enterprise address
// and of deleting a published tender are in the page's language.
func TestPageErrorsInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	cookie, _ := f.signIn(t, "buyerA")
	for _, tt := range []struct {
		name, path string
		status     int
		want       string
	}{
		{"enterprise address, fr", "/ondernemingen/0123.456.748?lang=fr", 404, "Aucune entreprise à cette adresse : le numéro d"},
		{"enterprise address, en", "/ondernemingen/0123.456.748?lang=en", 404, "No enterprise at this address: enterprise number"},
		{"delete published, fr", "/opdrachten/published-A/verwijderen?lang=fr", 409, "Seul un brouillon peut être supprimé ; ce marché est publié. Retirez ou clôturez un marché publié."},
		{"delete published, en", "/opdrachten/published-A/verwijderen?lang=en", 409, "Only a draft can be deleted; this tender is published. Withdraw or close a published tender instead."},
		{"delete published, nl", "/opdrachten/published-A/verwijderen", 409, "deze opdracht is gepubliceerd. Trek een gepubliceerde opdracht in of sluit ze af."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.withCookie(t, cookie, "GET", tt.path, "", "")
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
			if resp.StatusCode != tt.status || !strings.Contains(text, tt.want) {
				t.Errorf("got %d %.300q, want %d and %q", resp.StatusCode, text, tt.status, tt.want)
			}
		})
	}
}
