package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"koppel"
	"koppel/server"
)

// TestSpendLanguages: the report of a spend upload (its JSON message and
// message_fr) and the errors of the spend routes (problem+json detail)
// are in the request's language.
func TestSpendLanguages(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	for _, tc := range []struct {
		lang, amount, year, list, target string
	}{
		{"nl", "'veel' is geen bedrag", "kies een jaar zoals 2025", "kies social", "tussen 0 en 100 % liggen"},
		{"fr", "«\u00a0veel\u00a0» n’est pas un montant", "choisissez une année comme 2025", "choisissez social", "compris entre 0 et 100\u00a0%"},
		{"en", "'veel' is not an amount", "choose a year such as 2025", "choose social", "between 0 and 100%"},
	} {
		ct, body := multipartFile(t, "aankopen.csv", spendCSV)
		resp, out := f.do(t, "buyerA", "POST", "/api/v1/spend?lang="+tc.lang, ct, body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: upload = %d: %s", tc.lang, resp.StatusCode, out)
		}
		var rep koppel.SpendFile
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Problems) != 1 {
			t.Fatalf("%s: problems %+v, want 1", tc.lang, rep.Problems)
		}
		p := rep.Problems[0]
		if !strings.Contains(p.Text, tc.amount) {
			t.Errorf("%s: message = %q, want %q", tc.lang, p.Text, tc.amount)
		}
		if !strings.Contains(p.MessageFR, "n’est pas un montant") || !strings.Contains(p.MessageEN, "is not an amount") || !strings.Contains(p.Message, "geen bedrag") {
			t.Errorf("%s: stored messages nl %q, fr %q, en %q", tc.lang, p.Message, p.MessageFR, p.MessageEN)
		}
		for _, e := range []struct{ method, path, ct, body, want string }{
			{"GET", "/api/v1/spend?year=abc&lang=" + tc.lang, "", "", tc.year},
			{"GET", "/api/v1/spend?list=veel&lang=" + tc.lang, "", "", tc.list},
			{"PUT", "/api/v1/spend/target?lang=" + tc.lang, "application/json", `{"target_percent":120}`, tc.target},
		} {
			resp, out := f.do(t, "buyerA", e.method, e.path, e.ct, e.body)
			var prob struct{ Detail string }
			json.Unmarshal([]byte(out), &prob)
			if resp.StatusCode != 400 || !strings.Contains(prob.Detail, e.want) {
				t.Errorf("%s %s = %d %q, want 400 with %q", e.method, e.path, resp.StatusCode, prob.Detail, e.want)
			}
		}
	}
}

// TestFileRefusedLanguages: a file refused whole (here a missing column)
// is said in the request's language, in the API's detail and beside the
// file field of the page.
func TestFileRefusedLanguages(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	for lang, want := range map[string]string{
		"nl": "ontbreekt de kolom 'Datum' (de datum van de factuur of bestelling",
		"fr": "il manque la colonne «\u00a0Datum\u00a0» (la date de la facture ou de la commande",
		"en": "lacks the column 'Datum' (the date of the invoice or order",
	} {
		ct, body := multipartFile(t, "aankopen.csv", "Leverancier;Bedrag\nX;1\n")
		resp, out := f.do(t, "buyerA", "POST", "/api/v1/spend?lang="+lang, ct, body)
		var p struct{ Detail string }
		json.Unmarshal([]byte(out), &p)
		if resp.StatusCode != 400 || !strings.Contains(p.Detail, want) {
			t.Errorf("%s: API %d %q, want %q", lang, resp.StatusCode, p.Detail, want)
		}
		resp, out = f.do(t, "buyerA", "POST", "/mijn-aankopen?lang="+lang, ct, body)
		if resp.StatusCode != 400 || !strings.Contains(out, strings.ReplaceAll(want, "'", "&#39;")) {
			t.Errorf("%s: page %d, want %q beside the file field", lang, resp.StatusCode, want)
		}
	}
	cat := "/api/v1/enterprises/" + string(kboA) + "/catalogue?lang=fr"
	resp, out := upload(t, f, "supplierA", cat, "aanbod.csv", []byte("Code;Omschrijving\nA;x\n"))
	var p struct{ Detail string }
	json.Unmarshal([]byte(out), &p)
	if resp.StatusCode != 400 || !strings.Contains(p.Detail, "il manque la colonne «\u00a0Prestation\u00a0» (le nom du service") {
		t.Errorf("catalogue: %d %q", resp.StatusCode, p.Detail)
	}
}

// plain is s with its no-break spaces (French typography) as spaces, for
// comparing with a text written with ordinary spaces.
func plain(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }
