package server_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
	"koppel/server"
)

// TestEnterprisePageInLanguage checks that the enterprise page says in
// French and English what Koppel itself writes there: the languages, the
// units of capacity and price, the start times, the provinces and the
// service area around a town whose name starts with a vowel; and that
// Dutch stays as it was.
func TestEnterprisePageInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ctx := context.Background()
	e, err := f.st.FindEnterpriseByKBO(ctx, kboA)
	if err != nil {
		t.Fatal(err)
	}
	e.Address = koppel.Address{Street: "Stationsstraat 1", Postcode: "9300", City: "Aalst"}
	e.Languages = []string{"nl", "fr"}
	e.ServiceArea = koppel.ServiceArea{RadiusKm: 20, Provinces: []string{"West-Vlaanderen", "Limburg"}}
	if err := e.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	price, each := 32.7, 0.5
	offers := []*koppel.Offering{
		{ID: "P1", Enterprise: kboA, Title: "Ramen wassen", Category: "schoonmaak", CPV: []koppel.CPV{"90911300"}, Capacity: 10, Unit: "uur", Price: &price, LeadTime: "2 weken"},
		{ID: "P2", Enterprise: kboA, Title: "Drukwerk", Category: "schoonmaak", CPV: []koppel.CPV{"90911300"}, Capacity: 1, Unit: "stuk", LeadTime: "onmiddellijk"},
		{ID: "P3", Enterprise: kboA, Title: "Folders", Category: "schoonmaak", CPV: []koppel.CPV{"90911300"}, Capacity: 2500, Unit: "stuks", Price: &each, LeadTime: "3 werkdagen"},
	}
	if _, err := f.st.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) {
		for _, o := range offers {
			if !yield(o, nil) {
				return
			}
		}
	}, "replace"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang, languages string
		want, not       []string
	}{
		{"nl", "Nederlands, Frans",
			[]string{"(Oost-Vlaanderen)", "tot 20 km rond Aalst", "provincies: West-Vlaanderen en Limburg", "Werkt in de provincies West-Vlaanderen en Limburg.", "capaciteit 10 uur", "€ 32,70 per uur", "start: 2 weken",
				"capaciteit 1 stuk ", "start: onmiddellijk", "capaciteit 2.500 stuks", "€ 0,50 per stuk", "start: 3 werkdagen"},
			nil},
		{"fr", "néerlandais, français",
			[]string{"(Flandre-Orientale)", "jusqu’à 20 km autour du siège (Aalst)", "provinces : Flandre-Occidentale et Limbourg", "Travaille dans les provinces suivantes : Flandre-Occidentale et Limbourg.", "capacité 10 heures", "32,70 € de l’heure", "début : 2 semaines",
				"capacité 1 pièce ", "début : immédiatement", "capacité 2\u202f500 pièces", "0,50 € la pièce", "début : 3 jours ouvrables"},
			[]string{"de Aalst", "uur", "stuk", "weken", "Vlaanderen", "Nederlands"}},
		{"en", "Dutch, French",
			[]string{"(East Flanders)", "up to 20 km around Aalst", "provinces: West Flanders and Limburg", "Works in the provinces of West Flanders and Limburg.", "capacity 10 hours", "€32.70 per hour", "start: 2 weeks",
				"capacity 1 piece ", "start: immediately", "capacity 2,500 pieces", "€0.50 per piece", "start: 3 working days"},
			[]string{"uur", "stuk", "weken", "Vlaanderen", "Nederlands"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			_, body := f.do(t, "anonymous", "GET", "/ondernemingen/"+string(kboA)+"?lang="+tt.lang, "", "")
			doc := parse(t, body)
			label := i18n.T(i18n.Lang(tt.lang), "enterprise.languages")
			dt := doc.Find("dt").FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Text() == label })
			if got := dt.Next().Text(); got != tt.languages {
				t.Errorf("languages = %q, want %q", got, tt.languages)
			}
			text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
			for _, w := range tt.want {
				if w = strings.Join(strings.Fields(w), " ") + strings.Repeat(" ", len(w)-len(strings.TrimRight(w, " "))); !strings.Contains(text, w) {
					t.Errorf("page lacks %q: %.3000s", w, text)
				}
			}
			for _, w := range tt.not {
				if regexp.MustCompile(`\b` + w + `\b`).MatchString(text) {
					t.Errorf("page has %q: %.3000s", w, text)
				}
			}
		})
	}
}

// TestSearchProvinceFacetInLanguage checks that the province filter of
// the search page names the provinces in the page's language, and keeps
// the Dutch name, which the index holds, in its link.
func TestSearchProvinceFacetInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for lang, want := range map[string]string{"nl": "Oost-Vlaanderen", "fr": "Flandre-Orientale", "en": "East Flanders"} {
		_, body := f.do(t, "anonymous", "GET", "/?q=poetsen&lang="+lang, "", "")
		link := parse(t, body).Find(`.filters-wide a[href*="province="]`).First()
		if got := strings.TrimSpace(link.Text()); got != want {
			t.Errorf("%s: province facet %q, want %q", lang, got, want)
		}
		if href := link.AttrOr("href", ""); !strings.Contains(href, "province=Oost-Vlaanderen") {
			t.Errorf("%s: facet link %q does not filter on Oost-Vlaanderen", lang, href)
		}
	}
}

// TestOutcomeSourceInPerson checks who the tender page says recorded a
// lot's outcome, in each language: an admin who recorded it is not "the
// buyer"; the buyer reading its own tender reads "your organisation";
// anyone else reads "the buyer".
func TestOutcomeSourceInPerson(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	const path = "/api/v1/tenders/published-A/lots/1/outcome"
	const outcome = `{"result":"not_awarded","reason":"stopped","date":"2026-07-01"}`
	source := func(who, lang string) string {
		t.Helper()
		_, body := f.do(t, who, "GET", "/opdrachten/published-A?lang="+lang, "", "")
		return strings.TrimSpace(parse(t, body).Find("#uitslag-1 p.muted").Text())
	}
	if resp, body := f.do(t, "admin", "PUT", path, "application/json", outcome); resp.StatusCode != 200 {
		t.Fatalf("admin records: %d %s", resp.StatusCode, body)
	}
	for who, want := range map[string][3]string{
		"admin":     {"geregistreerd door een beheerder van Koppel", "enregistré par un administrateur de Koppel", "recorded by a Koppel administrator"},
		"buyerA":    {"geregistreerd door een beheerder van Koppel", "enregistré par un administrateur de Koppel", "recorded by a Koppel administrator"},
		"anonymous": {"geregistreerd door een beheerder van Koppel", "enregistré par un administrateur de Koppel", "recorded by a Koppel administrator"},
	} {
		for i, lang := range []string{"nl", "fr", "en"} {
			if got := source(who, lang); got != want[i] {
				t.Errorf("recorded by the admin, read by %s in %s: %q, want %q", who, lang, got, want[i])
			}
		}
	}
	if resp, body := f.do(t, "buyerA", "PUT", path, "application/json", outcome); resp.StatusCode != 200 {
		t.Fatalf("buyer records: %d %s", resp.StatusCode, body)
	}
	for who, want := range map[string][3]string{
		"buyerA":    {"geregistreerd door uw organisatie", "enregistré par votre organisation", "recorded by your organisation"},
		"admin":     {"geregistreerd door de aankoper", "enregistré par l’acheteur", "recorded by the buyer"},
		"buyerB":    {"geregistreerd door de aankoper", "enregistré par l’acheteur", "recorded by the buyer"},
		"anonymous": {"geregistreerd door de aankoper", "enregistré par l’acheteur", "recorded by the buyer"},
	} {
		for i, lang := range []string{"nl", "fr", "en"} {
			if got := source(who, lang); got != want[i] {
				t.Errorf("recorded by the buyer, read by %s in %s: %q, want %q", who, lang, got, want[i])
			}
		}
	}
}

// TestFrenchColonAfterLabel checks that a French page puts a no-break
// space before the colon that joins a label Koppel writes and its value:
// an outcome's "Non attribué : raison", the error list of the tender
// form; Dutch and English keep the colon against the word.
func TestFrenchColonAfterLabel(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	if resp, body := f.do(t, "buyerA", "PUT", "/api/v1/tenders/published-A/lots/1/outcome", "application/json", `{"result":"not_awarded","reason":"stopped","date":"2026-07-01"}`); resp.StatusCode != 200 {
		t.Fatalf("record: %d %s", resp.StatusCode, body)
	}
	for lang, want := range map[string]string{"nl": "Niet gegund: ", "fr": "Non attribué\u00a0: ", "en": "Not awarded: "} {
		_, body := f.do(t, "anonymous", "GET", "/opdrachten/published-A?lang="+lang, "", "")
		if got := parse(t, body).Find("#uitslag-1 p").First().Text(); !strings.HasPrefix(got, want) {
			t.Errorf("%s: outcome %q, want it to start with %q", lang, got, want)
		}
	}
	for lang, want := range map[string]string{"nl": "Titel van de opdracht: ", "fr": "Titre du marché\u00a0: ", "en": "Title of the tender: "} {
		_, body := f.doWith(t, "buyerA", "POST", "/opdrachten/nieuw?lang="+lang, "title=", map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		if got := parse(t, body).Find(".error-summary li").First().Text(); !strings.HasPrefix(got, want) {
			t.Errorf("%s: first form error %q, want it to start with %q", lang, got, want)
		}
	}
}

// TestSpendChartSummaryPunctuation checks the sentence under the chart of
// Mijn aankopen in French: "2025 : 40 % ; 2026 : …", a no-break space
// before each colon and semicolon; English and Dutch keep them tight.
func TestSpendChartSummaryPunctuation(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	ct, body := multipartFile(t, "aankopen.csv", "Leverancier;Bedrag;Datum\nBakkerij Peeters;700;02/01/2025\nBakkerij Peeters;300;02/01/2026\n")
	if resp, out := f.do(t, "buyerA", "POST", "/api/v1/spend", ct, body); resp.StatusCode != 200 {
		t.Fatalf("upload = %d: %s", resp.StatusCode, out)
	}
	for lang, want := range map[string]string{"nl": "2025: 0 %; 2026: 0 %", "fr": "2025\u00a0: 0\u00a0%\u00a0; 2026\u00a0: 0\u00a0%", "en": "2025: 0%; 2026: 0%"} {
		_, page := f.do(t, "buyerA", "GET", "/mijn-aankopen?lang="+lang, "", "")
		if got := parse(t, page).Find("#aandeel-per-jaar figcaption").Text(); !strings.Contains(got, want) {
			t.Errorf("%s: chart caption %q lacks %q", lang, got, want)
		}
	}
}
