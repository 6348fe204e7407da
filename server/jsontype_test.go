package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel/server"
)

// xlsxIn opens an export in any language: its sheet "Over deze export"
// (in that language) as rows, and its data sheet's rows.
func xlsxIn(t *testing.T, body string) (about, rows [][]string) {
	t.Helper()
	x, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) != 2 {
		t.Fatalf("sheets = %q, want the about sheet and the data", sheets)
	}
	if about, err = x.GetRows(sheets[0]); err != nil {
		t.Fatal(err)
	}
	if rows, err = x.GetRows(sheets[1]); err != nil {
		t.Fatal(err)
	}
	return about, rows
}

// TestJSONFieldTypeInWords: a JSON value of the wrong type is told in
// plain words of the reader's language (text, a number, a list), not in
// Go's type names.
func TestJSONFieldTypeInWords(t *testing.T) {
	f := newFixture(t, server.RateLimits{WritePerSecond: 1e6, WriteBurst: 1e6})
	resp, body := f.doWith(t, "buyerA", "POST", "/api/v1/shortlists", `{"name":"Schoonmaak"}`, map[string]string{"Content-Type": "application/json"})
	var list struct{ ID string }
	if err := json.Unmarshal([]byte(body), &list); err != nil || resp.StatusCode != 201 {
		t.Fatalf("create shortlist: %d %s", resp.StatusCode, body)
	}
	for _, tt := range []struct{ lang, method, path, body, detail string }{
		{"nl", "POST", "/api/v1/shortlists", `{"name":5}`, `Veld "name": verwacht tekst, kreeg een getal`},
		{"fr", "POST", "/api/v1/shortlists", `{"name":5}`, "Champ «\u00a0name\u00a0»\u00a0: il faut un texte, pas un nombre"},
		{"en", "POST", "/api/v1/shortlists", `{"name":["x"]}`, `Field "name": expected text, got a list`},
		{"fr", "PUT", "/api/v1/shortlists/" + list.ID + "/items/geen", `{"invited":"oui"}`, "Champ «\u00a0invited\u00a0»\u00a0: il faut true ou false, pas un texte"},
		{"en", "PUT", "/api/v1/shortlists/" + list.ID + "/items/geen", `{"invited":{}}`, `Field "invited": expected true or false, got an object`},
	} {
		resp, body := f.doWith(t, "buyerA", tt.method, tt.path, tt.body, map[string]string{"Content-Type": "application/json", "Accept-Language": tt.lang})
		var p server.Problem
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatalf("%s %s: %d %s: %v", tt.lang, tt.body, resp.StatusCode, body, err)
		}
		if resp.StatusCode != 400 || p.Detail != tt.detail {
			t.Errorf("%s %s: %d %q, want 400 %q", tt.lang, tt.body, resp.StatusCode, p.Detail, tt.detail)
		}
	}
}
