// Package i18n holds Koppel's message catalogues (Dutch, French, English)
// and the language-aware formats of numbers, money and dates.
//
// Catalogues are JSON files in locales/, one per area and language, named
// area.lang.json (pages.fr.json); they are embedded in the binary and read
// with go-i18n, which applies the CLDR plural rules of each language.
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Lang is a language Koppel speaks: "nl", "fr" or "en".
type Lang string

// The languages, Dutch first: it is the default.
const (
	NL Lang = "nl"
	FR Lang = "fr"
	EN Lang = "en"
)

// Default is the language when neither the user nor the browser chose one.
const Default = NL

// Langs are the languages Koppel speaks, in the order of the switch.
var Langs = []Lang{NL, FR, EN}

// Parse reads a language code ("fr", "FR", "fr-BE"); ok is false for a
// language Koppel does not speak.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	for _, l := range Langs {
		if string(l) == s {
			return l, true
		}
	}
	return "", false
}

// matcher picks the best of Koppel's languages for an Accept-Language list.
var matcher = language.NewMatcher([]language.Tag{language.Dutch, language.French, language.English})

// FromAcceptLanguage is the language a browser asks for in its
// Accept-Language header, or Default when it asks for none Koppel speaks.
func FromAcceptLanguage(header string) Lang {
	if strings.TrimSpace(header) == "" {
		return Default
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return Langs[i]
}

type ctxKey struct{}

// With returns ctx carrying lang.
func With(ctx context.Context, lang Lang) context.Context {
	return context.WithValue(ctx, ctxKey{}, lang)
}

// From is the language in ctx (set by the server's middleware), or Default.
func From(ctx context.Context) Lang {
	if l, ok := ctx.Value(ctxKey{}).(Lang); ok {
		return l
	}
	return Default
}

//go:embed locales/*.json
var localeFS embed.FS

// catalogue is the parsed message files.
type catalogue struct {
	bundle     *goi18n.Bundle
	localizers map[Lang]*goi18n.Localizer
	keys       map[Lang]map[string]*goi18n.Message
}

var cat = mustLoad(localeFS)

func mustLoad(fsys fs.FS) *catalogue {
	c, err := load(fsys)
	if err != nil {
		panic(err)
	}
	return c
}

// load reads every locales/*.json file. French plural messages may leave
// out the "many" form (1 000 000 marchés): it is then the "other" form.
func load(fsys fs.FS) (*catalogue, error) {
	c := &catalogue{
		bundle:     goi18n.NewBundle(language.Dutch),
		localizers: map[Lang]*goi18n.Localizer{},
		keys:       map[Lang]map[string]*goi18n.Message{},
	}
	for _, l := range Langs {
		c.keys[l] = map[string]*goi18n.Message{}
	}
	names, err := fs.Glob(fsys, "locales/*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		mf, err := goi18n.ParseMessageFileBytes(buf, name, map[string]goi18n.UnmarshalFunc{"json": json.Unmarshal})
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		lang, ok := Parse(mf.Tag.String())
		if !ok {
			return nil, fmt.Errorf("i18n: %s: language %q is not nl, fr or en", path.Base(name), mf.Tag)
		}
		for _, m := range mf.Messages {
			if _, dup := c.keys[lang][m.ID]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q is also in another %s file", path.Base(name), m.ID, lang)
			}
			if m.Many == "" {
				m.Many = m.Other
			}
			c.keys[lang][m.ID] = m
		}
		if err := c.bundle.AddMessages(mf.Tag, mf.Messages...); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
	}
	for _, l := range Langs {
		c.localizers[l] = goi18n.NewLocalizer(c.bundle, string(l))
	}
	return c, nil
}

// missing records the keys asked for in a language that lacks them, for
// the tests (see Missing); bounded by the number of keys the code uses.
var missing sync.Map

// Missing lists the "lang:key" pairs asked for but not in the catalogue
// since the program started, sorted.
func Missing() []string {
	var out []string
	missing.Range(func(k, _ any) bool { out = append(out, k.(string)); return true })
	sort.Strings(out)
	return out
}

// Has reports whether the catalogue of lang has key.
func Has(lang Lang, key string) bool {
	_, ok := cat.keys[lang][key]
	return ok
}

// Keys lists the keys of lang's catalogue, sorted.
func Keys(lang Lang) []string {
	out := make([]string, 0, len(cat.keys[lang]))
	for k := range cat.keys[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Message is the catalogue entry of key in lang (nil when missing), for
// the tests that compare plural forms.
func Message(lang Lang, key string) *goi18n.Message { return cat.keys[lang][key] }

// T is the message key in lang. args are name/value pairs filling the
// message's {{.Name}} fields: T(fr, "tender.by", "Buyer", b). A key
// missing in lang falls back to Dutch, then to the key itself, and is
// recorded (see Missing).
func T(lang Lang, key string, args ...any) string {
	return localize(lang, key, nil, args)
}

// N is the message key in lang in the plural form for n ("1 marché",
// "2 marchés"; French 0 and 1 are singular). The message reads n as
// {{.N}}; args are more name/value pairs.
func N(lang Lang, key string, n int, args ...any) string {
	return localize(lang, key, n, args)
}

func localize(lang Lang, key string, count any, args []any) string {
	if _, ok := cat.localizers[lang]; !ok {
		lang = Default
	}
	if !Has(lang, key) {
		missing.Store(string(lang)+":"+key, true)
		if !Has(Default, key) {
			return key
		}
		lang = Default
	}
	var data map[string]any
	if len(args) > 0 || count != nil {
		data = make(map[string]any, len(args)/2+1)
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
		if count != nil {
			data["N"] = count
		}
	}
	s, err := cat.localizers[lang].Localize(&goi18n.LocalizeConfig{MessageID: key, TemplateData: data, PluralCount: count})
	if err != nil {
		missing.Store(string(lang)+":"+key+" ("+err.Error()+")", true)
		return key
	}
	return s
}
