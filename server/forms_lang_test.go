package server_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/i18n"
	"koppel/server"
)

// besideField checks that the bad form's page says each message beside
// its field (the element FIELD_error the field's aria-describedby names),
// lists it at the top, marks none of its problems as Dutch (lang="nl") and
// shows no Dutch word in them.
func besideField(t *testing.T, name string, l i18n.Lang, status int, body string, want map[string]string) {
	t.Helper()
	if status != 400 {
		t.Errorf("%s in %s: status %d, want 400", name, l, status)
	}
	doc := parse(t, body)
	for id, msg := range want {
		if desc, _ := doc.Find("#" + id).Attr("aria-describedby"); desc != id+"_error" && id != "result-awarded" {
			t.Errorf("%s in %s: field %s is described by %q, want %s_error", name, l, id, desc, id)
		}
		if got := strings.Join(strings.Fields(doc.Find("#"+id+"_error").Text()), " "); !strings.Contains(got, msg) {
			t.Errorf("%s in %s: beside %s %q, want %q", name, l, id, got, msg)
		}
		if got := strings.Join(strings.Fields(doc.Find("#problemen").Text()), " "); !strings.Contains(strings.ToLower(got), strings.ToLower(msg)) {
			t.Errorf("%s in %s: the list at the top lacks %q: %s", name, l, msg, got)
		}
	}
	problems := doc.Find("#problemen, .field-error")
	problems.Filter("[lang]").AddSelection(problems.Find("[lang]")).Each(func(_ int, s *goquery.Selection) {
		t.Errorf("%s in %s: marked as in another language: %s", name, l, strings.TrimSpace(s.Text()))
	})
	if w := i18n.DutchLeft(l, doc.Find("#problemen, .field-error").Text()); w != "" {
		t.Errorf("%s in %s: Dutch word in the problems: %q", name, l, w)
	}
}

// TestFormsErrorsInLanguage: the need, answer, internship place and
// outcome forms say their problems in the page's language (?lang=fr, the
// cookie lang=en), beside their fields.
func TestFormsErrorsInLanguage(t *testing.T) {
	f, _ := newNeedFixture(t)
	putStage(t, f)
	needForm := url.Values{"title": {""}, "category": {"schoonmaak"}, "postcode": {"Nergensdorp"}, "answer_by": {"31/02/2020"}, "budget_eur": {"veel"}}.Encode()
	badStage := strings.NewReplacer("places=2", "places=twee", "postcode=9000", "postcode=", "title=Stage+in+de+poetsploeg", "title=").Replace(stageForm)
	outcomeForm := url.Values{"result": {"awarded"}, "winner_kbo": {"0202.239.951"}, "value": {"veel"}, "date": {"2026-07-01"}}.Encode()

	// A sent need, for the answer form.
	var need koppel.Need
	_, body := f.doWith(t, "buyerA", "POST", "/api/v1/needs", needJSON(false), map[string]string{"Content-Type": "application/json"})
	if err := json.Unmarshal([]byte(body), &need); err != nil || need.ID == "" {
		t.Fatalf("need: %s", body)
	}
	if resp, body := f.doWith(t, "buyerA", "POST", "/api/v1/needs/"+need.ID+"/send", "", nil); resp.StatusCode != 200 {
		t.Fatalf("send: %d %s", resp.StatusCode, body)
	}
	answerForm := url.Values{"kind": {"not_interested"}, "reason": {"andere"}}.Encode()

	for _, tt := range []struct {
		l      i18n.Lang
		query  string
		header map[string]string
		need   map[string]string
		answer map[string]string
		stage  map[string]string
		out    map[string]string
	}{
		{i18n.FR, "?lang=fr", map[string]string{"Content-Type": formType},
			map[string]string{"title": "Donnez un titre à votre demande", "postcode": "« Nergensdorp » n’est pas un code postal ou une commune de Belgique",
				"budget_eur": "Indiquez un montant en euros, p. ex. 2500", "answer_by": "31/02/2020"},
			map[string]string{"message": "Dites en quelques mots pourquoi (pour « autre »)"},
			map[string]string{"title": "Donnez un titre à la place de stage", "postcode": "Le code postal de la place de stage manque",
				"places": "Indiquez le nombre de places de stage en chiffres, p. ex. 2"},
			map[string]string{"winner_kbo": "Le numéro d’entreprise 0202.239.951 n’est pas une entreprise de Koppel", "value": "Montant veel non reconnu : écrivez p. ex. 125000"}},
		{i18n.EN, "", map[string]string{"Content-Type": formType, "Cookie": "lang=en"},
			map[string]string{"title": "Give your need a title", "postcode": `"Nergensdorp" is not a Belgian postcode or municipality`,
				"budget_eur": "Give an amount in euro, e.g. 2500"},
			map[string]string{"message": "Say in a few words why (for 'other')"},
			map[string]string{"title": "Give the internship place a title", "postcode": "The postcode of the internship place is missing",
				"places": "Give the number of internship places as a number, e.g. 2"},
			map[string]string{"winner_kbo": "Company number 0202.239.951 is not an enterprise in Koppel", "value": "Amount veel not recognised: write e.g. 125000 or 125000.50"}},
	} {
		resp, body := f.doWith(t, "buyerA", "POST", "/aanvragen/nieuw"+tt.query, needForm, tt.header)
		besideField(t, "need form", tt.l, resp.StatusCode, body, tt.need)
		resp, body = f.doWith(t, "supplierB", "POST", "/aanvragen/"+need.ID+"/antwoorden"+tt.query, answerForm, tt.header)
		besideField(t, "answer form", tt.l, resp.StatusCode, body, tt.answer)
		resp, body = f.doWith(t, "buyerA", "POST", "/stages/nieuw"+tt.query, badStage, tt.header)
		besideField(t, "internship form", tt.l, resp.StatusCode, body, tt.stage)
		resp, body = f.doWith(t, "buyerA", "POST", "/opdrachten/published-A/percelen/1/uitslag"+tt.query, outcomeForm, tt.header)
		besideField(t, "outcome form", tt.l, resp.StatusCode, body, tt.out)
	}

	// The internship page's refusals: interest without transition paths,
	// no number of places taken.
	resp, body := f.doWith(t, "supplierB", "POST", "/stages/stage-A/interesse?lang=fr", "", map[string]string{"Content-Type": formType})
	if got := parse(t, body).Find("main .error").Text(); resp.StatusCode != 400 || !strings.Contains(got, "ne mentionne pas de parcours de transition") {
		t.Errorf("interest without transition paths in French: %d %q", resp.StatusCode, got)
	}
	resp, body = f.doWith(t, "buyerA", "POST", "/stages/stage-A/ingevuld", "filled=x", map[string]string{"Content-Type": formType, "Cookie": "lang=en"})
	if got := parse(t, body).Find("main .error").Text(); resp.StatusCode != 400 || !strings.Contains(got, "Choose how many places are taken") {
		t.Errorf("places taken without a number in English: %d %q", resp.StatusCode, got)
	}
}

// TestFormsAPIErrorsInEnglish: the problem document of a bad need,
// answer, internship place or outcome, and of a conflict, says its detail
// and each field's message in English for Accept-Language: en.
func TestFormsAPIErrorsInEnglish(t *testing.T) {
	f, _ := newNeedFixture(t)
	en := map[string]string{"Content-Type": "application/json", "Accept-Language": "en"}
	var need koppel.Need
	_, body := f.doWith(t, "buyerA", "POST", "/api/v1/needs", needJSON(false), en)
	if err := json.Unmarshal([]byte(body), &need); err != nil || need.ID == "" {
		t.Fatalf("need: %s", body)
	}
	f.doWith(t, "buyerA", "POST", "/api/v1/needs/"+need.ID+"/send", "", en)
	past := koppel.DateOf(time.Now().AddDate(0, 0, -3))
	for _, tt := range []struct {
		name, who, method, path, body string
		status                        int
		detail                        string
		fields                        map[string]string
	}{
		{"need", "buyerA", "POST", "/api/v1/needs", `{"title":"Poetsen","category":"raketten","postcode":"9000","answer_by":"` + past.String() + `"}`, 400,
			`"raketten" is not a kind of service Koppel knows: choose one from the list; the answer date ` + past.Dutch() + ` is in the past`,
			map[string]string{"category": `"raketten" is not a kind of service Koppel knows: choose one from the list`, "answer_by": "the answer date " + past.Dutch() + " is in the past"}},
		{"answer", "supplierB", "POST", "/api/v1/needs/" + need.ID + "/answers", `{"kind":"not_interested"}`, 400,
			"Choose why you are not interested", map[string]string{"reason": "choose why you are not interested"}},
		{"sent twice", "buyerA", "POST", "/api/v1/needs/" + need.ID + "/send", "", 409,
			"This need was already sent on " + koppel.DateOf(time.Now()).Dutch(), nil},
		{"internship place", "buyerA", "POST", "/api/v1/stages", strings.NewReplacer(`"places":2`, `"places":0`, `"postcode":"9000"`, `"postcode":"0999"`).Replace(stageJSON), 400,
			`"0999" is not a Belgian postcode; the number of internship places must be between 1 and 50`,
			map[string]string{"postcode": `"0999" is not a Belgian postcode`, "places": "the number of internship places must be between 1 and 50"}},
		{"internship list", "anonymous", "GET", "/api/v1/stages?postcode=Atlantis", "", 400, `"Atlantis" is not a Belgian postcode or municipality`, nil},
		{"outcome", "buyerA", "PUT", "/api/v1/tenders/published-A/lots/1/outcome", `{"result":"not_awarded","reason":"other","date":"2026-07-01","value":-1}`, 400,
			"Say in a few words why the lot was not awarded; the value cannot be negative",
			map[string]string{"reason_text": "say in a few words why the lot was not awarded", "value": "the value cannot be negative"}},
		{"outcome of a draft", "buyerA", "PUT", "/api/v1/tenders/draft-A/lots/1/outcome", `{"result":"not_awarded","reason":"stopped","date":"2026-07-01"}`, 400,
			"This is still a draft: publish the tender before you record an outcome", map[string]string{"result": "this is still a draft: publish the tender before you record an outcome"}},
	} {
		resp, body := f.doWith(t, tt.who, tt.method, tt.path, tt.body, en)
		var p server.Problem
		if err := json.Unmarshal([]byte(body), &p); err != nil || resp.StatusCode != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, resp.StatusCode, body, tt.status)
			continue
		}
		if p.Detail != tt.detail {
			t.Errorf("%s: detail %q, want %q", tt.name, p.Detail, tt.detail)
		}
		if len(p.Errors) != len(tt.fields) {
			t.Errorf("%s: errors %+v, want %v", tt.name, p.Errors, tt.fields)
		}
		for _, e := range p.Errors {
			if want := koppel.Sentence(tt.fields[e.Field]); e.Message != want { // shown on its own: a sentence
				t.Errorf("%s: %s: %q, want %q", tt.name, e.Field, e.Message, want)
			}
		}
	}
}
