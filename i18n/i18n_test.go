package i18n_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"koppel/i18n"
)

// TestEveryKeyInEveryLanguage compares each language's catalogue with the
// Dutch one: the same keys, the same {{.Fields}}, and plural forms where
// Dutch has them.
func TestEveryKeyInEveryLanguage(t *testing.T) {
	nl := i18n.Keys(i18n.NL)
	if len(nl) == 0 {
		t.Fatal("no Dutch keys")
	}
	for _, l := range i18n.Langs {
		have := map[string]bool{}
		for _, k := range i18n.Keys(l) {
			have[k] = true
			if !i18n.Has(i18n.NL, k) {
				t.Errorf("%s: key %q is not in the Dutch catalogue", l, k)
			}
		}
		for _, k := range nl {
			if !have[k] {
				t.Errorf("%s: key %q missing", l, k)
				continue
			}
			want, got := i18n.Message(i18n.NL, k), i18n.Message(l, k)
			if (want.One != "") != (got.One != "") {
				t.Errorf("%s: key %q: plural forms (one/other) in one language but not in the other", l, k)
			}
			if got.Other == "" {
				t.Errorf("%s: key %q: empty message", l, k)
			}
			if w, g := fields(want.One+want.Other), fields(got.One+got.Other); w != g {
				t.Errorf("%s: key %q: fields %s, Dutch has %s", l, k, g, w)
			}
		}
	}
}

var fieldRe = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// fields lists the {{.Name}} fields of a message, sorted and unique.
func fields(s string) string {
	set := map[string]bool{}
	for _, m := range fieldRe.FindAllStringSubmatch(s, -1) {
		set[m[1]] = true
	}
	var out []string
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// keyUseRe finds the keys the templates ({{t "x"}}, {{tn "x" .N}},
// {{tf "x" …}}) and the Go code (i18n.T(l, "x"), i18n.N(l, "x", n), or a
// helper ending in T or N with the language first) ask for.
var keyUseRe = []*regexp.Regexp{
	regexp.MustCompile(`\b(?:t|tn|tf)\s+"([a-z0-9_.]+)"`),
	regexp.MustCompile(`\b(?:i18n\.)?[A-Za-z]*[TN]\(\s*[^,()]+,\s*"([a-z0-9_.]+)"`),
}

// dynamicRe finds key prefixes joined with a value at run time: a string
// ending in a dot, "verdict." + string(v) or enumLabel(l, "workform.", …).
// Every key starting with such a prefix counts as used.
var dynamicRe = regexp.MustCompile(`"([a-z0-9_]+(?:\.[a-z0-9_]+)*\.)"`)

// TestKeysUsedAndKnown scans the templates and Go code of the whole module
// (tests excepted): every key they ask for is in the Dutch catalogue, and
// every catalogue key is asked for somewhere (literally, or by a prefix
// joined with a value).
func TestKeysUsedAndKnown(t *testing.T) {
	var text strings.Builder
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n != ".." && (strings.HasPrefix(n, ".") || n == "testdata" || n == "locales") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, "_test.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".tmpl")) {
			return nil
		}
		b, err := os.ReadFile(path)
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue // comments give examples, not uses
			}
			text.WriteString(line)
			text.WriteByte('\n')
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	src := text.String()
	for _, re := range keyUseRe {
		for _, m := range re.FindAllStringSubmatch(src, -1) {
			if !strings.Contains(m[1], ".") || strings.HasSuffix(m[1], ".") {
				continue // not a key (keys are area.name), or a prefix
			}
			if !i18n.Has(i18n.NL, m[1]) {
				t.Errorf("key %q is used but not in the catalogue", m[1])
			}
		}
	}
	var prefixes []string
	for _, m := range dynamicRe.FindAllStringSubmatch(src, -1) {
		prefixes = append(prefixes, m[1])
	}
	for _, k := range i18n.Keys(i18n.NL) {
		if strings.Contains(src, `"`+k+`"`) {
			continue
		}
		used := false
		for _, p := range prefixes {
			used = used || strings.HasPrefix(k, p)
		}
		if !used {
			t.Errorf("key %q is in the catalogue but used nowhere", k)
		}
	}
}

// TestPlural checks the CLDR plural rules: French 0 and 1 are singular,
// Dutch and English 0 is plural.
func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		lang i18n.Lang
		n    int
		want string
	}{
		{i18n.NL, 0, "0 diensten gevonden"},
		{i18n.NL, 1, "1 dienst gevonden"},
		{i18n.NL, 2, "2 diensten gevonden"},
		{i18n.FR, 0, "0 service trouvé"},
		{i18n.FR, 1, "1 service trouvé"},
		{i18n.FR, 2, "2 services trouvés"},
		{i18n.FR, 1000000, "1000000 services trouvés"}, // CLDR "many", filled from "other"
		{i18n.EN, 0, "0 services found"},
		{i18n.EN, 1, "1 service found"},
		{i18n.EN, 21, "21 services found"},
	} {
		if got := i18n.N(tt.lang, "search.found", tt.n); got != tt.want {
			t.Errorf("N(%s, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

// TestMissingKey falls back to Dutch, then to the key, and records it.
func TestMissingKey(t *testing.T) {
	if got := i18n.T(i18n.FR, "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q", got)
	}
	found := false
	for _, m := range i18n.Missing() {
		found = found || m == "fr:no.such.key"
	}
	if !found {
		t.Errorf("Missing() = %v, want fr:no.such.key in it", i18n.Missing())
	}
	if got := i18n.T(i18n.EN, "nav.signed_in_as", "Who", "Stad A"); got != "Signed in as Stad A" {
		t.Errorf("T with a field = %q", got)
	}
}

func TestFormats(t *testing.T) {
	for _, tt := range []struct {
		lang                    i18n.Lang
		fte, thousand, euro, pc string
	}{
		{i18n.NL, "2,5", "1.250", "€ 1.250", "45 %"},
		{i18n.FR, "2,5", "1\u202f250", "1\u202f250\u00a0€", "45\u00a0%"},
		{i18n.EN, "2.5", "1,250", "€1,250", "45%"},
	} {
		if got := i18n.Number(tt.lang, 2.5, 1); got != tt.fte {
			t.Errorf("%s: Number(2.5) = %q, want %q", tt.lang, got, tt.fte)
		}
		if got := i18n.Number(tt.lang, 1250, 0); got != tt.thousand {
			t.Errorf("%s: Number(1250) = %q, want %q", tt.lang, got, tt.thousand)
		}
		if got := i18n.Euro(tt.lang, 1250); got != tt.euro {
			t.Errorf("%s: Euro(1250) = %q, want %q", tt.lang, got, tt.euro)
		}
		if got := i18n.Percent(tt.lang, 0.45); got != tt.pc {
			t.Errorf("%s: Percent(0.45) = %q, want %q", tt.lang, got, tt.pc)
		}
	}
	if got := i18n.Euro(i18n.NL, 32.7); got != "€ 32,70" {
		t.Errorf("Euro(32.7) = %q", got)
	}
	if got := i18n.Euro(i18n.EN, 1250.5); got != "€1,250.50" {
		t.Errorf("Euro(1250.5) = %q", got)
	}
	if got := i18n.Number(i18n.NL, -0.04, 1); got != "0" {
		t.Errorf("Number(-0.04) = %q", got)
	}
	d := time.Date(2027, 12, 31, 14, 5, 0, 0, time.UTC)
	if got := i18n.Date(d); got != "31/12/2027" {
		t.Errorf("Date = %q", got)
	}
	if got := i18n.DateTime(d); got != "31/12/2027 14:05" {
		t.Errorf("DateTime = %q", got)
	}
}

func TestChoose(t *testing.T) {
	for h, want := range map[string]i18n.Lang{
		"":                           i18n.NL,
		"fr-BE,fr;q=0.9,en;q=0.8":    i18n.FR,
		"en-GB,en;q=0.9":             i18n.EN,
		"de-DE,de;q=0.9":             i18n.NL,
		"de-DE,en;q=0.5":             i18n.EN,
		"nl-BE,fr;q=0.5":             i18n.NL,
		"garbage;;q=x":               i18n.NL,
		"fr;q=0.2,nl;q=0.9,en;q=0.1": i18n.NL,
	} {
		if got := i18n.FromAcceptLanguage(h); got != want {
			t.Errorf("FromAcceptLanguage(%q) = %s, want %s", h, got, want)
		}
	}
	for s, want := range map[string]i18n.Lang{"fr": i18n.FR, "FR": i18n.FR, "en-GB": i18n.EN, "nl_BE": i18n.NL} {
		if got, ok := i18n.Parse(s); !ok || got != want {
			t.Errorf("Parse(%q) = %s, %v", s, got, ok)
		}
	}
	if _, ok := i18n.Parse("de"); ok {
		t.Error("Parse(de) ok")
	}
	ctx := i18n.With(context.Background(), i18n.FR)
	if i18n.From(ctx) != i18n.FR || i18n.From(context.Background()) != i18n.NL {
		t.Error("From/With")
	}
}
