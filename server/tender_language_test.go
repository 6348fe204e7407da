package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"koppel/server"
)

// TestTenderLanguageJSON checks that a JSON tender may say the language of
// its texts (kept, as its ISO code) and that a language Koppel cannot
// analyse is refused with a Dutch reason.
func TestTenderLanguageJSON(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	body := strings.Replace(tenderJSON, `"title":"Groenonderhoud"`, `"title":"Espaces verts","language":"FRA"`, 1)
	resp, out := f.do(t, "buyerA", "POST", "/api/v1/tenders", "application/json", body)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST = %d %s, want 201", resp.StatusCode, out)
	}
	var got struct {
		Language string `json:"language"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Language != "fr" {
		t.Errorf("got language %q, want fr", got.Language)
	}
	body = strings.Replace(tenderJSON, `"title":"Groenonderhoud"`, `"title":"Espacios verdes","language":"es"`, 1)
	resp, out = f.do(t, "buyerA", "POST", "/api/v1/tenders", "application/json", body)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(out, `"message":"Taal \"es\"`) {
		t.Errorf("Spanish = %d %s, want 400 naming the language", resp.StatusCode, out)
	}
}
