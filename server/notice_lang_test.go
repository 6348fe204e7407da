package server_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"koppel/server"
)

// TestNoticeLanguages: the refusal of a whole eForms notice is the API's
// detail in the request's language, and the warnings of an imported
// notice (here a CPV code not in the vocabulary) have their French text.
func TestNoticeLanguages(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	b, err := os.ReadFile("../importers/eforms/testdata/can_24_minimal.xml")
	if err != nil {
		t.Fatal(err)
	}
	modif := strings.Replace(string(b), ">can-standard<", ">can-modif<", 1)
	for lang, want := range map[string]string{
		"nl": "Dit is een aankondiging van een wijziging van een lopende opdracht (can-modif)",
		"fr": "C’est un avis de modification d’un marché en cours (can-modif), pas un appel à la concurrence",
		"en": "This is a contract modification notice (can-modif), not a call for competition",
	} {
		resp, body := upload(t, f, "admin", "/api/v1/tenders/import?lang="+lang, "wijziging.xml", []byte(modif))
		var p struct{ Detail string }
		json.Unmarshal([]byte(body), &p)
		if resp.StatusCode != 400 && resp.StatusCode != 422 || !strings.HasPrefix(plain(p.Detail), want) {
			t.Errorf("%s: %d %q, want %q…", lang, resp.StatusCode, p.Detail, want)
		}
	}
	b, err = os.ReadFile("../importers/eforms/testdata/cn_flemish_synthetic.xml")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := upload(t, f, "admin", "/api/v1/tenders/import?lang=fr", "gent.xml", b)
	if resp.StatusCode != 201 || !strings.Contains(plain(body), `"message":"Lot LOT-0001 : le code CPV « 99999999 » n’existe pas`) {
		t.Errorf("import = %d %s", resp.StatusCode, body)
	}
}
