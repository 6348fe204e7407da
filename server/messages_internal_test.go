package server

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"koppel"
	"koppel/clauses"
	"koppel/i18n"
	"koppel/refdata"
)

// TestKeyedErrorsDutchAsCode: for errors made by the real parsers and
// helpers, the Dutch catalogue says what the code's Dutch Message says (the
// command line and logs use Message, the web the catalogue), and French and
// English have their own text with every field filled in.
func TestKeyedErrorsDutchAsCode(t *testing.T) {
	ref := refdata.Load()
	var errs []error
	for _, s := range []string{"0123.456.748", "0123x456749", "01234", "2123.456.749"} {
		_, err := koppel.ParseKBO(s)
		errs = append(errs, err)
	}
	for _, s := range []string{"9091120", "9091120a", "90911200-12"} {
		_, _, err := koppel.ParseCPV(s)
		errs = append(errs, err)
	}
	for _, s := range []string{"90911201", "99999999"} {
		_, err := koppel.ValidateCPV(ref, s)
		errs = append(errs, err)
	}
	_, err := koppel.ParseWorkForm("raketbouw")
	errs = append(errs, err)
	_, err = koppel.ParseTargetGroup("astronauten")
	errs = append(errs, err)
	_, err = clauses.Load().DraftClause(ref, koppel.ClauseReservedPubSer, &koppel.Lot{Title: "Schoonmaak", CPV: []koppel.CPV{"90911200"}}, clauses.TemplateParams{})
	errs = append(errs, err)
	_, err = clauses.Load().LotClause(koppel.ClauseAwardCriterion, "tekst", 120.5)
	errs = append(errs, err)
	errs = append(errs, tooMany(1), tooMany(30), roleForbidden(koppel.RoleBuyer), roleForbidden(koppel.RoleSupplier), roleForbidden(koppel.RoleAdmin))
	for _, err := range errs {
		var e *koppel.Error
		if err == nil || !asError(err, &e) || e.Key == "" {
			t.Errorf("%v: want an error with a key", err)
			continue
		}
		if got, want := errorText(i18n.NL, err), koppel.ErrorMessage(err); got != want {
			t.Errorf("%s: Dutch catalogue says %q, the code %q", e.Key, got, want)
		}
		for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
			got := errorText(l, err)
			if got == koppel.ErrorMessage(err) || strings.Contains(got, "{{") || strings.Contains(got, "<no value>") {
				t.Errorf("%s in %s: %q", e.Key, l, got)
			}
		}
	}
	if got := errorText(i18n.FR, errs[len(errs)-7]); !strings.Contains(got, "Réservé") || !strings.Contains(got, "n’est permis que pour des services sociaux") {
		t.Errorf("clause label in French: %q", got)
	}
	if got := errorText(i18n.EN, errs[len(errs)-6]); got != "the weight of an award criterion is between 0 and 100%, not 120.5" {
		t.Errorf("weight in English: %q", got)
	}
	if got := errorText(i18n.FR, tooMany(1)); got != "trop de demandes à la suite\u00a0; réessayez dans 1 seconde" {
		t.Errorf("French plural: %q", got)
	}
	if got := errorText(i18n.EN, &koppel.Error{Code: koppel.EINTERNAL, Message: "disk on fire"}); strings.Contains(got, "disk") || !strings.Contains(got, "Something went wrong") {
		t.Errorf("internal error in English: %q", got)
	}
}

func asError(err error, e **koppel.Error) bool { return errors.As(err, e) }

// TestErrorKeysInCatalogue: every key an error is given in the module
// (WithKey("…"), Key: "…") is in the catalogue; i18n's own test sees only
// i18n.T and template calls.
func TestErrorKeysInCatalogue(t *testing.T) {
	re := regexp.MustCompile(`(?:WithKey\(|\bKey:\s*)"([a-z0-9_]+\.[a-z0-9_.]+)"`)
	n := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && d.Name() != ".." || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			n++
			for _, l := range i18n.Langs {
				if !i18n.Has(l, m[1]) {
					t.Errorf("%s: key %q is not in the %s catalogue", path, m[1], l)
				}
			}
		}
		return err
	})
	if err != nil || n < 50 {
		t.Fatalf("found %d keys (%v), want every keyed error", n, err)
	}
}
