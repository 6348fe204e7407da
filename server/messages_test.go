package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
	"koppel/server"
)

// doWith makes a request as identity with body and headers (Content-Type,
// Accept-Language, Cookie, Accept) and returns the response and its body;
// redirects are not followed.
func (f *fixture) doWith(t *testing.T, identity, method, path, body string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if secret, ok := f.tokens[identity]; ok {
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestErrorsInLanguage: the problem document's detail and the HTML error
// page are in the language of the request (Accept-Language, or the lang
// cookie over it), Dutch without either; the code stays the same.
func TestErrorsInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	fr := map[string]string{"Accept-Language": "fr-BE,fr;q=0.9"}
	en := map[string]string{"Accept-Language": "fr-BE", "Cookie": "lang=en"} // the cookie wins
	nl := map[string]string{}
	for _, tt := range []struct {
		name, who, method, path string
		header                  map[string]string
		status                  int
		code, detail            string
	}{
		{"page not a number, fr", "anonymous", "GET", "/api/v1/enterprises?page=abc", fr, 400, "invalid", "La page «\u00a0abc\u00a0» n’existe pas\u00a0: choisissez un nombre de 1 à 10000"},
		{"page not a number, en", "anonymous", "GET", "/api/v1/enterprises?page=abc", en, 400, "invalid", `Page number "abc" does not exist: choose a number from 1 to 10000`},
		{"page not a number, nl", "anonymous", "GET", "/api/v1/enterprises?page=abc", nl, 400, "invalid", `Paginanummer "abc" bestaat niet: kies een getal van 1 tot 10000`},
		{"unknown tender, fr", "anonymous", "GET", "/api/v1/tenders/bestaat-niet", fr, 404, "not_found", "Le marché «\u00a0bestaat-niet\u00a0» n’existe pas"},
		{"unknown tender, en", "anonymous", "GET", "/api/v1/tenders/bestaat-niet", en, 404, "not_found", `Tender "bestaat-niet" does not exist`},
		{"unknown route, fr", "anonymous", "GET", "/api/v1/rien", fr, 404, "not_found", `Aucune page ni route d’API à l’adresse /api/v1/rien`},
		{"bad KBO, en", "anonymous", "GET", "/api/v1/enterprises/0123.456.748", en, 400, "invalid", `Enterprise number "0123.456.748" is not right: the last two digits (the check number) must be 49; check the number`},
		{"bad KBO, fr", "anonymous", "GET", "/api/v1/enterprises/0123.456.748", fr, 400, "invalid", "Le numéro d’entreprise «\u00a00123.456.748\u00a0» est incorrect\u00a0: les deux derniers chiffres (le nombre de contrôle) doivent être 49\u00a0; vérifiez le numéro"},
		{"radius without place, fr", "anonymous", "GET", "/api/v1/offerings?q=poetsen&radius_km=10", fr, 400, "invalid", "Indiquez aussi un lieu ou un code postal\u00a0: la distance est mesurée à partir de ce lieu"},
		{"radius without place, en", "anonymous", "GET", "/api/v1/offerings?q=poetsen&radius_km=10", en, 400, "invalid", `Give a place or postcode too: the distance is measured from that place`},
		{"wrong role, fr", "supplierA", "POST", "/api/v1/tenders", fr, 403, "forbidden", `En tant que fournisseur, vous ne pouvez pas faire ceci`},
		{"wrong role, en", "supplierA", "POST", "/api/v1/tenders", en, 403, "forbidden", `As a supplier you may not do this`},
		{"wrong role, nl", "supplierA", "POST", "/api/v1/tenders", nl, 403, "forbidden", `Als leverancier mag u dit niet doen`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.doWith(t, tt.who, tt.method, tt.path, "", tt.header)
			var p server.Problem
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				t.Fatalf("%d %s: %v", resp.StatusCode, body, err)
			}
			if resp.StatusCode != tt.status || p.Code != tt.code || p.Detail != tt.detail {
				t.Errorf("got %d %s %q, want %d %s %q", resp.StatusCode, p.Code, p.Detail, tt.status, tt.code, tt.detail)
			}
		})
	}

	// The HTML error page: title and message in the language.
	for _, tt := range []struct {
		header      map[string]string
		title, lang string
		message     string
	}{
		{fr, "Page introuvable", "fr", "Le marché «\u00a0bestaat-niet\u00a0» n’existe pas"},
		{en, "Page not found", "en", `Tender "bestaat-niet" does not exist`},
		{nl, "Pagina niet gevonden", "nl", `Opdracht "bestaat-niet" bestaat niet`},
	} {
		h := map[string]string{"Accept": "text/html"}
		for k, v := range tt.header {
			h[k] = v
		}
		resp, body := f.doWith(t, "anonymous", "GET", "/opdrachten/bestaat-niet", "", h)
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		lang, _ := doc.Find("html").Attr("lang")
		if resp.StatusCode != 404 || lang != tt.lang || strings.TrimSpace(doc.Find("main h1").Text()) != tt.title || !strings.Contains(doc.Find("main").Text(), tt.message) {
			t.Errorf("%s: got %d lang %q h1 %q main %q, want 404, %s, %q and %q", tt.lang, resp.StatusCode, lang, doc.Find("main h1").Text(), strings.Join(strings.Fields(doc.Find("main").Text()), " "), tt.lang, tt.title, tt.message)
		}
	}
}

// TestImportReportInLanguage: a catalogue upload's report, as JSON and on
// the Mijn aanbod page, says each problem in the reader's language; the
// stored report keeps all three, so reading it again in another language
// works too.
func TestImportReportInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	wb := catalogueWorkbook(t, kboA, [][]any{
		{"P1", "Poetsen van klaslokalen", "Dagelijkse schoonmaak", "Schoonmaak & poetsen", "90911200-8", "", "3", "VTE"},
		{"G1", "Groenonderhoud", "Maaien", "Groenonderhoud", "9091120"}, // bad CPV
		{"K1", "Klusjes", "", "Klusjesdienst", "", "", "veel"},          // capacity not a number
	})
	want := map[string][]string{
		"fr": {"«\u00a09091120\u00a0» n’est pas un code CPV valable (8 chiffres attendus). Ce service n’a pas été importé\u00a0; un service existant avec le code G1 reste tel quel.", "La capacité «\u00a0veel\u00a0» n’est pas un nombre\u00a0; elle est laissée vide (écrivez p. ex. 3 ou 12,5)"},
		"en": {"'9091120' is not a valid CPV code (8 digits expected). This service was not imported; an existing service with code G1 stays as it was.", "Capacity 'veel' is not a number; it was left empty (write e.g. 3 or 12.5)"},
		"nl": {"'9091120' is geen geldige CPV-code (8 cijfers verwacht). Deze dienst is niet ingelezen; een bestaande dienst met code G1 blijft zoals hij was.", "Capaciteit 'veel' is geen getal; de capaciteit is leeg gelaten (schrijf bv. 3 of 12,5)"},
	}
	path := "/api/v1/enterprises/" + string(kboA) + "/catalogue"
	resp, body := uploadWith(t, f, "supplierA", path, "aanbod.xlsx", wb, map[string]string{"Accept-Language": "fr-BE"})
	var rep koppel.ImportReport
	if err := json.Unmarshal([]byte(body), &rep); err != nil || resp.StatusCode != 200 {
		t.Fatalf("upload = %d %.300s", resp.StatusCode, body)
	}
	texts := func(ps []koppel.Problem) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Text)
		}
		return out
	}
	if got := texts(rep.Problems); strings.Join(got, "|") != strings.Join(want["fr"], "|") {
		t.Errorf("upload in French: problems %q, want %q", got, want["fr"])
	}
	for _, l := range []string{"en", "nl"} {
		_, body := f.doWith(t, "supplierA", "GET", "/api/v1/imports/"+rep.ID, "", map[string]string{"Cookie": "lang=" + l})
		var again koppel.ImportReport
		json.Unmarshal([]byte(body), &again)
		if got := texts(again.Problems); strings.Join(got, "|") != strings.Join(want[l], "|") {
			t.Errorf("report read in %s: problems %q, want %q", l, got, want[l])
		}
		if len(again.Problems) == 2 && (again.Problems[0].MessageFR != want["fr"][0] || again.Problems[0].Message != want["nl"][0]) {
			t.Errorf("stored report lacks a language: %+v", again.Problems[0])
		}
	}
	// The page shows the report in the page's language.
	for _, l := range []string{"fr", "en"} {
		resp, body := uploadWith(t, f, "supplierA", "/mijn-aanbod", "aanbod.xlsx", wb, map[string]string{"Accept-Language": l})
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: page upload = %d %v", l, resp.StatusCode, err)
		}
		cells := doc.Find("td[data-label]").Text()
		for _, w := range want[l] {
			if !strings.Contains(cells, w) {
				t.Errorf("%s page: report lacks %q: %.500s", l, w, cells)
			}
		}
		for _, nl := range want["nl"] {
			if strings.Contains(cells, nl) {
				t.Errorf("%s page: report has the Dutch %q", l, nl)
			}
		}
	}
}

// TestCatalogueTemplateInLanguage: the template download is in the
// request's language (sheets and headers), Dutch by default.
func TestCatalogueTemplateInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tt := range []struct {
		header                 map[string]string
		sheet, title, fileName string
	}{
		{map[string]string{"Accept-Language": "fr"}, "Offre", "Prestation", "koppel-modele-offre.xlsx"},
		{map[string]string{"Cookie": "lang=en"}, "Offerings", "Service", "koppel-offering-template.xlsx"},
		{nil, "Aanbod", "Dienst", "koppel-aanbod-sjabloon.xlsx"},
	} {
		resp, body := f.doWith(t, "anonymous", "GET", "/api/v1/catalogue/template.xlsx", "", tt.header)
		x, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%v: %d %v", tt.header, resp.StatusCode, err)
		}
		rows, err := x.GetRows(tt.sheet)
		x.Close()
		if err != nil || len(rows) == 0 || len(rows[0]) < 2 || rows[0][1] != tt.title || !strings.Contains(resp.Header.Get("Content-Disposition"), tt.fileName) {
			t.Errorf("%v: sheet %s rows %v (%v), disposition %q; want header %q and file %s", tt.header, tt.sheet, rows, err, resp.Header.Get("Content-Disposition"), tt.title, tt.fileName)
		}
	}
}

// TestAlertLanguageRemembered: saving the alert settings stores the
// language the user had (a French page gives French alerts), or the one
// chosen on the form (taal); the Dutch default stays without either.
func TestAlertLanguageRemembered(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	r := koppel.EnterpriseRecipient(kboA)
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	for _, tt := range []struct {
		header map[string]string
		body   string
		want   string
	}{
		{map[string]string{"Accept-Language": "fr-BE"}, "actie=opslaan&modus=immediate", "fr"},
		{map[string]string{"Cookie": "lang=en"}, "actie=opslaan&modus=immediate", "en"},
		{map[string]string{"Cookie": "lang=en"}, "actie=opslaan&modus=immediate&taal=nl", "nl"},
	} {
		h := map[string]string{}
		for k, v := range form {
			h[k] = v
		}
		for k, v := range tt.header {
			h[k] = v
		}
		if resp, body := f.doWith(t, "supplierA", "POST", "/meldingen", tt.body, h); resp.StatusCode != 200 {
			t.Fatalf("save: %d %.300s", resp.StatusCode, body)
		}
		p, err := f.st.FindAlertPrefs(t.Context(), r)
		if err != nil || p.Language != tt.want {
			t.Errorf("%v %s: stored language %q (%v), want %q", tt.header, tt.body, p.Language, err, tt.want)
		}
	}
}

// TestTenderFormErrorsInLanguage: the tender form's problems (the list at
// the top and beside each field) and the API's field errors are in the
// request's language; none of the Dutch texts is left.
func TestTenderFormErrorsInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	form := url.Values{"title": {""}, "deadline": {"31/02/2027"},
		"lot2_title": {"Poetsen"}, "lot2_cpv": {"9091120"}, "lot2_postcode": {"12"}, "lot2_volume": {"twee"},
		"lot3_title": {"Ramen"}, "lot3_start": {"01/09/2027"}, "lot3_end": {"01/08/2027"}}
	for _, tt := range []struct {
		lang   i18n.Lang
		header map[string]string
		want   []string
	}{
		{i18n.FR, map[string]string{"Accept-Language": "fr"}, []string{"Titre du marché : le titre du marché manque", "Date limite de dépôt : la date « 31/02/2027 » n’existe pas",
			"Lot 2, codes CPV : le code CPV « 9091120 » doit compter 8 chiffres", "Lot 2, code postal : « 12 » n’est pas un code postal belge",
			"Lot 2, volume : indiquez un nombre d’ETP", "Lot 3, fin : la date de fin 01/08/2027 précède la date de début 01/09/2027"}},
		{i18n.EN, map[string]string{"Cookie": "lang=en"}, []string{"Title of the tender: the title of the tender is missing", "Deadline: date \"31/02/2027\" does not exist",
			"Lot 2, CPV codes: CPV code \"9091120\" must have 8 digits", "Lot 2, postcode: \"12\" is not a Belgian postcode",
			"Lot 2, volume: give a number of FTE", "Lot 3, end: end date 01/08/2027 is before start date 01/09/2027"}},
	} {
		h := map[string]string{"Content-Type": formType}
		for k, v := range tt.header {
			h[k] = v
		}
		resp, body := f.doWith(t, "buyerA", "POST", "/opdrachten/nieuw", form.Encode(), h)
		doc := parse(t, body)
		list := strings.Join(strings.Fields(doc.Find(".error-summary").Text()), " ")
		for _, w := range tt.want {
			if !strings.Contains(list, w) {
				t.Errorf("%v: %d, list lacks %q: %s", tt.header, resp.StatusCode, w, list)
			}
		}
		if beside := doc.Find("#title_error").Text(); !strings.Contains(beside, strings.SplitN(tt.want[0], ": ", 2)[1][1:]) {
			t.Errorf("%v: beside the title: %q", tt.header, beside)
		}
		if w := i18n.DutchLeft(tt.lang, list); w != "" {
			t.Errorf("%v: Dutch word %q in %s", tt.header, w, list)
		}
	}
	resp, body := f.doWith(t, "buyerA", "POST", "/api/v1/tenders", `{"title":"","lots":[{"title":"Poetsen","cpv":["9091120"],"postcode":"12"},{"title":""}]}`,
		map[string]string{"Content-Type": "application/json", "Accept-Language": "en"})
	var p server.Problem
	json.Unmarshal([]byte(body), &p)
	if want := `The title of the tender is missing; Lot 1: CPV code "9091120" must have 8 digits (e.g. 90911200-8); Lot 1: "12" is not a Belgian postcode; Lot 2: the title is missing`; resp.StatusCode != 400 || p.Detail != want || len(p.Errors) != 4 || p.Errors[3].Message != "The title is missing" {
		t.Errorf("API in English: %d %q %+v, want %q", resp.StatusCode, p.Detail, p.Errors, want)
	}
	// French spaces the joins' colon and semicolon with a no-break space;
	// each message in errors[] is a sentence of its own.
	resp, body = f.doWith(t, "buyerA", "POST", "/api/v1/tenders", `{"title":"","lots":[{"title":""}]}`,
		map[string]string{"Content-Type": "application/json", "Accept-Language": "fr"})
	p = server.Problem{}
	json.Unmarshal([]byte(body), &p)
	if want := "Le titre du marché manque\u00a0; Lot 1\u00a0: le titre manque"; resp.StatusCode != 400 || p.Detail != want || len(p.Errors) != 2 || p.Errors[1].Message != "Le titre manque" {
		t.Errorf("API in French: %d %q %+v, want %q", resp.StatusCode, p.Detail, p.Errors, want)
	}
}

// TestSearchPlaceErrorsInLanguage: the search page says in the user's
// language that it does not know the place or cannot read the distance.
func TestSearchPlaceErrorsInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	for _, tt := range []struct {
		header    map[string]string
		place, km string
	}{
		{map[string]string{"Accept-Language": "fr"}, "Nous ne connaissons pas le lieu «\u00a0Atlantis\u00a0»", "Distance «\u00a0veel\u00a0»\u00a0: indiquez un nombre de km de 0 à 500"},
		{map[string]string{"Cookie": "lang=en"}, `We do not know the place "Atlantis"`, `Distance "veel": give a number of km from 0 to 500`},
		{nil, `We kennen de plaats "Atlantis" niet`, `Afstand "veel": geef een aantal km van 0 tot 500`},
	} {
		_, body := f.doWith(t, "anonymous", "GET", "/?q=poetsen&postcode=Atlantis&radius_km=veel", "", tt.header)
		doc := parse(t, body)
		if got := doc.Find("#postcode-error").Text(); !strings.Contains(got, tt.place) {
			t.Errorf("%v: place error %q, want %q", tt.header, got, tt.place)
		}
		if got := doc.Find("#radius-error").Text(); !strings.Contains(got, tt.km) {
			t.Errorf("%v: distance error %q, want %q", tt.header, got, tt.km)
		}
	}
}
