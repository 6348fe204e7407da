package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/i18n"
	"koppel/server"
)

// putReservedTender gives enterprise A a cleaning offering and figures
// (B has one already, as maatwerkbedrijf without dates), so that a
// reserved cleaning lot in Gent has two matches, each with a reason and
// an order, and publishes that tender as reserved-A.
func putReservedTender(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	a, err := f.st.FindEnterpriseByKBO(ctx, kboA)
	if err != nil {
		t.Fatal(err)
	}
	a.FTETotal, a.FTETarget = ptr(10.0), ptr(4.0)
	a.Recognitions = []koppel.Recognition{{Form: koppel.LokaleDiensteneconomie, Number: "LDE-7", ValidFrom: koppel.NewDate(2020, 1, 1), ValidTo: koppel.NewDate(2035, 12, 31)}}
	offer := &koppel.Offering{ID: "A1", Enterprise: kboA, Title: "Schoonmaak van scholen", Category: "schoonmaak", CPV: []koppel.CPV{"90911200"}, Capacity: 1, Unit: "VTE"}
	if _, err := f.st.ReplaceCatalogue(ctx, a, func(yield func(*koppel.Offering, error) bool) { yield(offer, nil) }, "replace"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ix.Apply(ctx, f.st); err != nil {
		t.Fatal(err)
	}
	tender := &koppel.Tender{ID: "reserved-A", Owner: "Stad A", Status: koppel.TenderPublished, Title: "Schoonmaak reserved-A", Buyer: koppel.Buyer{Name: "Stad A"},
		Lots: []koppel.Lot{{ID: "1", Title: "Poetsen", CPV: []koppel.CPV{"90911200"}, Postcode: "9000", Start: koppel.NewDate(2027, 1, 1), End: koppel.NewDate(2028, 12, 31),
			Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS}}}}}
	if err := f.st.PutTender(ctx, tender); err != nil {
		t.Fatal(err)
	}
}

// TestEligibilityInReadersLanguage: the reasons and legal bases of the
// eligibility verdicts and the order of the matches on a tender page are
// in the page's language, without a lang="nl" marker, and no Dutch is
// left on the French and English page; the Dutch page keeps its text.
func TestEligibilityInReadersLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	putReservedTender(t, f)
	for _, tc := range []struct {
		lang        i18n.Lang
		basis, fact string
	}{
		{i18n.NL, "Art. 20 richtlijn 2014/24/EU; art. 15 wet van 17 juni 2016", "4 van 10 VTE doelgroepwerknemers = 40 % volgens de eigen opgave"},
		{i18n.FR, "Art. 20 de la directive 2014/24/UE\u00a0; art. 15 de la loi du 17 juin 2016 relative aux marchés publics", "4 ETP de travailleurs des groupes cibles sur 10 = 40\u00a0% selon sa propre déclaration"},
		{i18n.EN, "Directive 2014/24/EU, Article 20; Public Procurement Act of 17 June 2016, Article 15", "4 of 10 FTE target-group workers = 40% as declared by the enterprise"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			resp, body := f.do(t, "anonymous", "GET", "/opdrachten/reserved-A?lang="+string(tc.lang), "", "")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			reasons, orders := doc.Find("section.lot p.reason"), doc.Find("section.lot p.order")
			if reasons.Length() != 2 || orders.Length() != 2 {
				t.Fatalf("%d reasons and %d orders, want 2 of each", reasons.Length(), orders.Length())
			}
			if n := doc.Find("p.reason[lang], p.order[lang]").Length(); n != 0 {
				t.Errorf("%d reasons or orders marked with another language", n)
			}
			text := reasons.Text()
			if !strings.Contains(text, tc.basis) || !strings.Contains(text, tc.fact) {
				t.Errorf("reasons %q, want the legal basis %q and %q", text, tc.basis, tc.fact)
			}
			if tc.lang != i18n.NL {
				if w := dutchLeft(doc, tc.lang); w != "" {
					t.Errorf("Dutch left in the %s page: …%s…", tc.lang, w)
				}
			}
		})
	}
}

// TestMatchReasonFollowsAcceptLanguage: the API gives a match's
// eligibility reason and legal basis, and the order of the matches, in
// the language the request asks for; Dutch without one.
func TestMatchReasonFollowsAcceptLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	putReservedTender(t, f)
	type result struct {
		Lots []struct {
			Matches []struct {
				Enterprise  struct{ Name string }
				Eligibility struct {
					Verdict    string
					Reason     string
					LegalBasis string `json:"legal_basis"`
				}
				Explanation struct{ Order string }
			}
		}
	}
	get := func(accept string) result {
		t.Helper()
		h := map[string]string{}
		if accept != "" {
			h["Accept-Language"] = accept
		}
		resp, body := f.doWith(t, "anonymous", "GET", "/api/v1/tenders/reserved-A/matches", "", h)
		var r result
		if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &r) != nil || len(r.Lots) != 1 || len(r.Lots[0].Matches) != 2 {
			t.Fatalf("status %d: %.300s", resp.StatusCode, body)
		}
		return r
	}
	nl, en := get(""), get("en-GB,en;q=0.9")
	for i, m := range en.Lots[0].Matches {
		d := nl.Lots[0].Matches[i]
		if m.Eligibility.Verdict != d.Eligibility.Verdict || m.Eligibility.Reason == d.Eligibility.Reason || m.Explanation.Order == d.Explanation.Order {
			t.Errorf("%s: %s %q, want %s with an English reason (Dutch: %q)", m.Enterprise.Name, m.Eligibility.Verdict, m.Eligibility.Reason, d.Eligibility.Verdict, d.Eligibility.Reason)
		}
		if !strings.HasPrefix(d.Eligibility.LegalBasis, "Art. 20 richtlijn") || m.Eligibility.LegalBasis != "Directive 2014/24/EU, Article 20; Public Procurement Act of 17 June 2016, Article 15" {
			t.Errorf("%s: legal basis %q (Dutch %q)", m.Enterprise.Name, m.Eligibility.LegalBasis, d.Eligibility.LegalBasis)
		}
		text := m.Eligibility.Reason + "\n" + m.Explanation.Order
		for _, x := range en.Lots[0].Matches {
			text = strings.ReplaceAll(text, x.Enterprise.Name, "") // names as written
		}
		if w := i18n.DutchLeft(i18n.EN, text); w != "" {
			t.Errorf("%s: Dutch left in %q: %q", m.Enterprise.Name, text, w)
		}
		if !strings.HasPrefix(m.Explanation.Order, "Ranked ") {
			t.Errorf("%s: order %q", m.Enterprise.Name, m.Explanation.Order)
		}
	}
	// The download of the matches says the same in English.
	resp, body := f.doWith(t, "anonymous", "GET", "/api/v1/tenders/reserved-A/matches?format=csv", "", map[string]string{"Accept-Language": "en"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("csv: %d", resp.StatusCode)
	}
	for _, m := range en.Lots[0].Matches {
		if !strings.Contains(body, m.Eligibility.Reason) || !strings.Contains(body, m.Eligibility.LegalBasis) {
			t.Errorf("the CSV lacks %q (%s)", m.Eligibility.Reason, m.Eligibility.LegalBasis)
		}
	}
}

// TestClausePageInReadersLanguage: the clause assistant's legal basis,
// risks and points to decide and why a reservation is not allowed are in
// the page's language, unmarked; only the clause texts stay Dutch and
// French.
func TestClausePageInReadersLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	form := url.Values{"buyer": {"Stad A"}, "title": {"Schoonmaak basisschool"}, "cpv": {"90911200-8"}, "postcode": {"9000"}, "volume_fte": {"2"}, "clause": {"award-criterion"}}
	for _, tc := range []struct {
		lang               i18n.Lang
		basis, why, decide string
		risk               string
	}{
		{i18n.NL, "Art. 67 richtlijn 2014/24/EU; art. 81 wet van 17 juni 2016 inzake overheidsopdrachten", "alleen voor sociale, gezondheids- en culturele diensten; de hoofd-CPV-code 90911200 staat niet op de lijst van sociale diensten",
			"Het gewicht van het sociale criterium (nu 15 %) en hoe u de punten toekent.", "Een te laag gewicht (onder 10 %) verandert de rangschikking zelden."},
		{i18n.FR, "Art. 67 de la directive 2014/24/UE\u00a0; art. 81 de la loi du 17 juin 2016 relative aux marchés publics", "uniquement pour les services sociaux, de santé et culturels\u00a0; le code CPV principal 90911200 ne figure pas sur la liste des services sociaux",
			"La pondération du critère social (actuellement 15\u00a0%) et la manière d’attribuer les points.", "Une pondération trop faible (sous 10\u00a0%) change rarement le classement."},
		{i18n.EN, "Directive 2014/24/EU, Article 67; Public Procurement Act of 17 June 2016, Article 81", "only for social, health and cultural services; the main CPV code 90911200 is not on the list of social services",
			"The weight of the social criterion (now 15%) and how you award the points.", "Too low a weight (under 10%) rarely changes the ranking."},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			resp, body := f.do(t, "buyerA", "POST", "/clausule?lang="+string(tc.lang), "application/x-www-form-urlencoded", form.Encode())
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %.300s", resp.StatusCode, body)
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if n := doc.Find("ul[lang], p.muted span[lang], td span[lang]").Length(); n != 0 {
				t.Errorf("%d lists or spans still marked with another language", n)
			}
			text := doc.Find("main").Text()
			for _, w := range []string{tc.basis, tc.why, tc.decide, tc.risk} {
				if !strings.Contains(text, w) {
					t.Errorf("the page lacks %q", w)
				}
			}
			if tc.lang != i18n.NL {
				if w := dutchLeft(doc, tc.lang); w != "" {
					t.Errorf("Dutch left in the %s page: …%s…", tc.lang, w)
				}
			}
		})
	}
}

// TestClauseLibraryInRequestLanguage: the library's legal basis and risks
// follow the request's language; risks_nl stays Dutch.
func TestClauseLibraryInRequestLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	var lib []struct {
		Kind       string
		LegalBasis string   `json:"legal_basis"`
		RisksNL    []string `json:"risks_nl"`
		Risks      []string `json:"risks"`
	}
	resp, body := f.doWith(t, "anonymous", "GET", "/api/v1/clauses", "", map[string]string{"Accept-Language": "fr-BE"})
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &lib) != nil || len(lib) == 0 {
		t.Fatalf("status %d: %.300s", resp.StatusCode, body)
	}
	for _, cl := range lib {
		if cl.Kind == "res-ws" && cl.LegalBasis != "Art. 20 de la directive 2014/24/UE\u00a0; art. 15 de la loi du 17 juin 2016 relative aux marchés publics" {
			t.Errorf("res-ws: legal basis %q", cl.LegalBasis)
		}
		if len(cl.Risks) != len(cl.RisksNL) || len(cl.Risks) == 0 || cl.Risks[0] == cl.RisksNL[0] {
			t.Errorf("%s: risks %q, want French ones beside %q", cl.Kind, cl.Risks, cl.RisksNL)
		}
		if w := i18n.DutchLeft(i18n.FR, cl.LegalBasis+"\n"+strings.Join(cl.Risks, "\n")); w != "" {
			t.Errorf("%s: Dutch left: %q", cl.Kind, w)
		}
	}
}

// langOf is the lang attribute of the first element sel finds ("" when
// it has none), and whether it found one.
func langOf(t *testing.T, body, sel string) (string, bool) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Find(sel).First()
	if s.Length() == 0 {
		return "", false
	}
	l, _ := s.Attr("lang")
	return l, true
}

// TestNeedReasonsInReadersLanguage: the preview of a reserved need says
// why each enterprise gets it in the page's language, unmarked; once sent
// from a French page the explanation and reason are kept in French and
// marked so on the Dutch and English pages that show them.
func TestNeedReasonsInReadersLanguage(t *testing.T) {
	f, _ := newNeedFixture(t)
	resp, body := f.do(t, "buyerA", "POST", "/api/v1/needs", "application/json", needJSON(true))
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	var n koppel.Need
	if err := json.Unmarshal([]byte(body), &n); err != nil {
		t.Fatal(err)
	}
	page := "/aanvragen/" + n.ID
	for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
		resp, body := f.do(t, "buyerA", "GET", page+"?lang="+string(l), "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", l, resp.StatusCode)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		reasons := doc.Find("ol.recipients p.reason")
		if reasons.Length() == 0 || doc.Find("ol.recipients p[lang]").Length() != 0 {
			t.Fatalf("%s: %d reasons, %d paragraphs marked with another language", l, reasons.Length(), doc.Find("ol.recipients p[lang]").Length())
		}
		text := doc.Find("ol.recipients p").Text()
		doc.Find("ol.recipients strong").Each(func(_ int, s *goquery.Selection) { text = strings.ReplaceAll(text, s.Text(), "") })
		if w := i18n.DutchLeft(l, text); w != "" {
			t.Errorf("%s: Dutch left in the preview: %q", l, w)
		}
	}
	// Sent from a French page: kept in French.
	resp, body = f.doWith(t, "buyerA", "POST", "/api/v1/needs/"+n.ID+"/send", `{"enterprises":["`+string(kboB)+`"]}`, map[string]string{"Content-Type": "application/json", "Accept-Language": "fr"})
	if resp.StatusCode != 200 {
		t.Fatalf("send: %d %s", resp.StatusCode, body)
	}
	var sent koppel.Need
	if err := json.Unmarshal([]byte(body), &sent); err != nil || len(sent.Recipients) != 1 {
		t.Fatalf("sent %s", body)
	}
	if r := sent.Recipients[0]; r.Lang != "fr" || !strings.Contains(r.EligibilityReason, "Agrément comme entreprise de travail adapté") {
		t.Errorf("stored recipient %+v, want its reason in French", r)
	}
	for _, tc := range []struct {
		who  string
		lang i18n.Lang
		sel  string
		want string
	}{
		{"supplierB", i18n.NL, "p.muted span:not([translate]):not(.badge)", "fr"},
		{"supplierB", i18n.FR, "p.muted span:not([translate]):not(.badge)", ""},
		{"buyerA", i18n.EN, "article.answer details p", "fr"},
		{"buyerA", i18n.FR, "article.answer details p", ""},
	} {
		_, body := f.do(t, tc.who, "GET", page+"?lang="+string(tc.lang), "", "")
		if got, ok := langOf(t, body, tc.sel); !ok || got != tc.want {
			t.Errorf("%s on the %s page: %q has lang %q (found %v), want %q", tc.who, tc.lang, tc.sel, got, ok, tc.want)
		}
	}
}

// TestShortlistReasonKeepsItsLanguage: a match saved from an English
// request keeps its explanation and reason in English, shown unmarked on
// an English page and marked lang="en" on a Dutch one.
func TestShortlistReasonKeepsItsLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	putReservedTender(t, f)
	en := map[string]string{"Content-Type": "application/json", "Accept-Language": "en"}
	resp, body := f.doWith(t, "buyerA", "POST", "/api/v1/shortlists", `{"name":"Schoonmaak"}`, en)
	var l koppel.Shortlist
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &l) != nil {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	resp, body = f.doWith(t, "buyerA", "POST", "/api/v1/shortlists/"+l.ID+"/items", `{"kbo":"`+string(kboA)+`","tender_id":"reserved-A","lot_id":"1"}`, en)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("add: %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(body, `"lang":"en"`) || !strings.Contains(body, "as declared by the enterprise") {
		t.Errorf("saved entry %s, want its reason in English", body)
	}
	for _, tc := range []struct {
		lang i18n.Lang
		want string
	}{{i18n.EN, ""}, {i18n.NL, "en"}, {i18n.FR, "en"}} {
		_, body := f.do(t, "buyerA", "GET", "/lijsten/"+l.ID+"?lang="+string(tc.lang), "", "")
		if got, ok := langOf(t, body, "td a[href^='/opdrachten/'] + br + span.muted"); !ok || got != tc.want {
			t.Errorf("%s page: the explanation has lang %q (found %v), want %q", tc.lang, got, ok, tc.want)
		}
	}
}
