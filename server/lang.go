package server

import (
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/clauses"
	"koppel/i18n"
)

// langCookie remembers the language a user chose with the switch in the
// header.
const langCookie = "lang"

// langCookieAge is how long the choice is remembered: a year.
const langCookieAge = 365 * 24 * 3600

// chooseLanguage puts the request's language in its context (see
// i18n.From and lang): ?lang=fr (which also sets the cookie), else the
// lang cookie, else the browser's Accept-Language, else Dutch.
func (s *Server) chooseLanguage(c *gin.Context) {
	l, ok := i18n.Parse(c.Query("lang"))
	if ok {
		s.setCookie(c, langCookie, string(l), langCookieAge)
	} else if v, err := c.Cookie(langCookie); err == nil {
		l, ok = i18n.Parse(v)
	}
	if !ok {
		l = i18n.FromAcceptLanguage(c.GetHeader("Accept-Language"))
	}
	c.Request = c.Request.WithContext(i18n.With(c.Request.Context(), l))
	h := c.Writer.Header()
	h.Set("Content-Language", string(l))
	h.Add("Vary", "Accept-Language, Cookie")
	c.Next()
}

// lang is the language of the request (see chooseLanguage).
func lang(c *gin.Context) i18n.Lang { return i18n.From(c.Request.Context()) }

// langLink is one entry of the language switch in the header.
type langLink struct {
	Code    i18n.Lang
	Label   string // "NL", "FR", "EN"
	Name    string // the language's own name: "Français"
	Href    string
	Current bool
}

// langNames are the languages' names in themselves, for the switch.
var langNames = map[i18n.Lang]string{i18n.NL: "Nederlands", i18n.FR: "Français", i18n.EN: "English"}

// langLinks are the switch's links: the current page (its path and query)
// with lang set, so that switching keeps the page and what it shows. A
// page answering a form (POST) links to the same address with GET.
func langLinks(c *gin.Context) []langLink {
	cur := lang(c)
	out := make([]langLink, 0, len(i18n.Langs))
	for _, l := range i18n.Langs {
		q := url.Values{}
		if c.Request.Method == "GET" {
			q = c.Request.URL.Query()
		}
		q.Set("lang", string(l))
		u := url.URL{Path: c.Request.URL.Path, RawQuery: q.Encode()}
		out = append(out, langLink{Code: l, Label: strings.ToUpper(string(l)), Name: langNames[l], Href: u.String(), Current: l == cur})
	}
	return out
}

// tr is the message key in the request's language (see i18n.T).
func tr(c *gin.Context, key string, args ...any) string { return i18n.T(lang(c), key, args...) }

// trn is the message key in the request's language in the plural form for
// n (see i18n.N).
func trn(c *gin.Context, key string, n int, args ...any) string {
	return i18n.N(lang(c), key, n, args...)
}

// enumLabel is the name of a value of a list Koppel knows (a work form, a
// category, a status) in lang: the key prefix+value, or dutch, the
// domain's own Dutch label, for a value the catalogue does not list (a
// code from an import that Koppel keeps as it came).
func enumLabel(l i18n.Lang, prefix, value, dutch string) string {
	return i18n.Label(l, prefix+value, dutch)
}

// joinList joins a list as "a, b en c" / "a, b et c" / "a, b and c".
func joinList(l i18n.Lang, xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return i18n.T(l, "list.and", "Head", strings.Join(xs[:len(xs)-1], ", "), "Last", xs[len(xs)-1])
}

// sectorSentence says the sector figures in one sentence of lang: "In
// Vlaanderen zijn er ongeveer 140 maatwerkbedrijven met 19.493 VTE, …".
func sectorSentence(l i18n.Lang, s *clauses.SectorFigures) string {
	parts := make([]string, len(s.Forms))
	for i, f := range s.Forms {
		decimals := 0
		if f.FTE < 100 {
			decimals = 1
		}
		parts[i] = i18n.N(l, "sector.form."+string(f.Form), f.Count, "FTE", i18n.Number(l, f.FTE, decimals))
	}
	return i18n.T(l, "sector.intro", "List", joinList(l, parts))
}

// cpvLabel is a CPV code's name in lang (the CPV list has all three),
// Dutch when the list lacks it.
func cpvLabel(l i18n.Lang, e koppel.CPVEntry) string {
	switch {
	case l == i18n.FR && e.FR != "":
		return e.FR
	case l == i18n.EN && e.EN != "":
		return e.EN
	}
	return e.NL
}

// unitLabel translates the unit of a capacity when it is VTE; other units
// (uur, m², stuks) are shown as the enterprise wrote them.
func unitLabel(l i18n.Lang, unit string) string {
	return enumLabel(l, "unit.", strings.ToLower(unit), unit)
}

// codeLabel picks a code list entry's name in lang, else the first name
// it has (Dutch, English, the code).
func codeLabel(l i18n.Lang, nl, fr, en, code string) string {
	switch {
	case l == i18n.FR && fr != "":
		return fr
	case l == i18n.EN && en != "":
		return en
	}
	return firstNonEmpty(nl, en, code)
}

// groupLabelsIn names target groups in lang, separated by commas.
func groupLabelsIn(l i18n.Lang, gs []koppel.TargetGroup) string {
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = enumLabel(l, "targetgroup.", string(g), g.Label())
	}
	return strings.Join(names, ", ")
}
