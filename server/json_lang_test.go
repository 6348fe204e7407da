package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"koppel/server"
)

// TestJSONErrorsPlainWords: a request whose JSON Koppel cannot read is
// told so in plain words in its language (where, and for an unknown field
// its name), never in encoding/json's English program text.
func TestJSONErrorsPlainWords(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tt := range []struct {
		lang, body, want string
	}{
		{"fr", `{"title": bad}`, "JSON non valable à la position 11\u00a0: vérifiez les caractères"},
		{"en", `{"title": bad}`, "Invalid JSON at position 11: check the characters around it"},
		{"nl", `{"title": bad}`, "Ongeldige JSON op positie 11: kijk de tekens"},
		{"fr", `{"titel":"x"}`, "Champ inconnu «\u00a0titel\u00a0»\u00a0: vérifiez son nom"},
		{"en", `{"titel":"x"}`, `Unknown field "titel": check its name`},
		{"nl", `{"titel":"x"}`, `Onbekend veld "titel": kijk de naam na`},
		{"fr", `{"title":"x`, "Le JSON s’arrête avant sa fin"},
		{"en", `{"title":"x`, "The JSON stops before its end"},
	} {
		resp, body := f.doWith(t, "buyerA", "POST", "/api/v1/tenders?lang="+tt.lang, tt.body, map[string]string{"Content-Type": "application/json"})
		var p server.Problem
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatalf("%s %s: %d %s: %v", tt.lang, tt.body, resp.StatusCode, body, err)
		}
		if resp.StatusCode != 400 || !strings.HasPrefix(p.Detail, tt.want) {
			t.Errorf("%s %s: got %d %q, want 400 %q", tt.lang, tt.body, resp.StatusCode, p.Detail, tt.want)
		}
		for _, goText := range []string{"invalid character", "looking for", "json:", "unexpected EOF"} {
			if strings.Contains(p.Detail, goText) {
				t.Errorf("%s %s: %q holds Go's text %q", tt.lang, tt.body, p.Detail, goText)
			}
		}
	}
}
