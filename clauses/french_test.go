package clauses_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"koppel"
	"koppel/clauses"
)

// frenchSpaceRe finds a French high punctuation mark or a "%" without the
// no-break space before it, as the catalogue's test does (i18n
// TestFrenchTypography): after an ordinary space, or (":", ";", "?", "!")
// right after a character other than a space, except a URL's "://".
var frenchSpaceRe = regexp.MustCompile(` [:;?!%]|[^\s\x{00a0}\x{202f}][;?!]|[^\s\x{00a0}\x{202f}]:[^/]|[^\s\x{00a0}\x{202f}]:$|« |«[^\x{00a0}]| »|[^\x{00a0}]»`)

// frenchTexts collects the strings under every key ending in "_fr" in v,
// naming each by its path.
func frenchTexts(v any, path string, french bool, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			frenchTexts(x, path+"."+k, strings.HasSuffix(k, "_fr"), out)
		}
	case []any:
		for i, x := range v {
			frenchTexts(x, path+"["+strconv.Itoa(i)+"]", french, out)
		}
	case string:
		if french {
			out[path] = v
		}
	}
}

// frenchStraightRe finds a straight apostrophe or quote outside a
// template action: French writes "l’article" and « … ».
var (
	frenchStraightRe = regexp.MustCompile(`['"]`)
	templateActionRe = regexp.MustCompile(`\{\{[^}]*\}\}`)
)

// TestFrenchClauseTypography checks every French text of the clause data
// (the clauses, their risks and legal bases, the eligibility rules): a
// no-break space (U+00A0) before ":", ";", "?", "!" and "%", as in the
// pages, so that the mark never starts a line of the clause; and the
// typographic apostrophe and quotes, as in the catalogue (i18n
// TestFrenchTypography).
func TestFrenchClauseTypography(t *testing.T) {
	files, err := filepath.Glob("data/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no clause data: %v", err)
	}
	n := 0
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		texts := map[string]string{}
		frenchTexts(v, filepath.Base(file), false, texts)
		n += len(texts)
		for path, s := range texts {
			if loc := frenchSpaceRe.FindStringIndex(s); loc != nil {
				t.Errorf("%s: no no-break space at %q", path, s[max(0, loc[0]-20):loc[1]])
			}
			if loc := frenchStraightRe.FindStringIndex(templateActionRe.ReplaceAllString(s, "")); loc != nil {
				t.Errorf("%s: a straight apostrophe or quote; French writes ’ and « … »: %q", path, s)
			}
		}
	}
	if n < 20 {
		t.Errorf("%d French texts read, want the clauses' and rules' (at least 20)", n)
	}
}

// TestReservedClauseProofInFrench: the French reserved-contract clause
// says, as the Dutch does, how the tenderer proves the 30 %: with its
// recognition as a sheltered-work company or a declaration of its share
// of target-group workers.
func TestReservedClauseProofInFrench(t *testing.T) {
	cl, ok := clauses.Load().Clause(koppel.ClauseReservedWS)
	if !ok {
		t.Fatal("no res-ws clause")
	}
	p := clauses.TemplateParams{Buyer: "Stad Gent", Object: "perceel 1 (schoonmaak)"}
	for lang, want := range map[string]string{
		"nl": "De inschrijver toont dit aan met zijn erkenning als maatwerkbedrijf of met een verklaring over het aandeel doelgroepwerknemers in zijn personeel.",
		"fr": "Le soumissionnaire le démontre par son agrément comme entreprise de travail adapté ou par une déclaration sur la part de travailleurs des groupes cibles dans son personnel.",
	} {
		text, err := cl.Text(lang, p)
		if err != nil || !strings.HasSuffix(text, want) {
			t.Errorf("res-ws %s: %q (%v), want it to end %q", lang, text, err, want)
		}
	}
}
