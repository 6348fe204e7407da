package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"koppel/i18n"
	"koppel/match"
	"koppel/search"
)

// pageText is what a reader of the page's main part sees, without the
// names and texts people wrote (translate="no") and the text marked as in
// another language (the clause texts in Dutch and French; text Koppel has
// only in Dutch so far, lang="nl").
const pageText = `(() => {
	const page = document.documentElement.lang;
	const m = document.querySelector('main').cloneNode(true);
	m.querySelectorAll('[translate=no], [lang]').forEach(e => {
		if (e.getAttribute('translate') === 'no' || e.lang !== page) e.remove();
	});
	return m.innerText;
})()`

// TestLanguagesInBrowser: in Chromium, a visitor picks French or English
// with the switch in the header, once, and the choice holds on every next
// page (the cookie): search, an enterprise, a tender with its matches, the
// clause assistant and the report of a catalogue upload are in that
// language, with its numbers, and show no Dutch word outside names and
// what people wrote.
func TestLanguagesInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	site := serveSite(t, nil, map[string][]string{
		"buyer":    {"--role", "buyer", "--buyer", "Stad Voorbeeld"},
		"supplier": {"--role", "supplier", "--enterprise", "0123.456.749"},
	}, "--demo")
	url := site.url
	putEnterprise(t, url, site.token("supplier"))
	tenderID := tenderWithMatches(t, url)
	dir := t.TempDir()
	upload := filepath.Join(dir, "aanbod.xlsx")
	writeCatalogueXLSX(t, upload, [][]string{
		{"N1", "Nieuwe dienst 1", "Groenonderhoud", "77310000-6"},
		{"X1", "Met een foute CPV-code", "Schoonmaak", "9091120"},
	})

	const lotTitle = "Dagelijkse schoonmaak van klaslokalen"
	for _, tt := range []struct {
		lang             i18n.Lang
		search, fte      string // the search button, the volume as written
		counts, badTable string // words of the upload report
	}{
		{i18n.NL, "Zoeken", "2,5 VTE", "2 rijen gelezen", "Kolom"},
		{i18n.FR, "Rechercher", "2,5 ETP", "2 lignes lues", "Colonne"},
		{i18n.EN, "Search", "2.5 FTE", "2 rows read", "Column"},
	} {
		t.Run(string(tt.lang), func(t *testing.T) {
			s := site.open(t, 1100, 900)
			ctx := s.ctx
			check := func(page string) {
				t.Helper()
				if got := read(t, ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); got != string(tt.lang) {
					t.Errorf("%s: html lang %q, want %s", page, got, tt.lang)
				}
				// The clause texts quote the lot's title as the buyer typed it.
				text := strings.ReplaceAll(read(t, ctx, chromedp.Evaluate[string](pageText)), lotTitle, "")
				if w := i18n.DutchLeft(tt.lang, text); w != "" {
					t.Errorf("%s: Dutch left: …%s…", page, w)
				}
			}
			// The switch in the header, once; the search page answers in
			// that language and keeps it.
			browse(t, ctx, "switch",
				chromedp.Navigate(url+"/"),
				chromedp.WaitVisible("header .langs"),
			)
			if tt.lang != i18n.NL {
				browse(t, ctx, "switch to "+string(tt.lang),
					clickedThrough(`header .langs a[hreflang="`+string(tt.lang)+`"]`),
					chromedp.WaitReady(`html[lang="`+string(tt.lang)+`"]`),
					chromedp.WaitVisible("#q"),
				)
			}
			browse(t, ctx, "search",
				chromedp.SendKeys("#q", "poetsdienst"),
				chromedp.SendKeys("#postcode", "9000"),
				submitted("#q"),
				chromedp.WaitVisible("ul.hits li"),
			)
			if b := read(t, ctx, chromedp.Text("form.search button")); b != tt.search {
				t.Errorf("search button %q, want %q", b, tt.search)
			}
			if loc := read(t, ctx, chromedp.Location()); strings.Contains(loc, "lang=") {
				t.Errorf("the search URL %s carries the language: the cookie should", loc)
			}
			check("search")
			browse(t, ctx, "enterprise",
				clickedThrough("ul.hits li p.who a"),
				chromedp.WaitVisible("main h1"),
			)
			check("enterprise")
			browse(t, ctx, "tender", chromedp.Navigate(url+"/opdrachten/"+tenderID), chromedp.WaitVisible("ol.matches li"))
			check("tender")

			// A buyer drafts a clause; the volume is written the
			// language's way.
			browse(t, ctx, "clause",
				s.signIn("buyer", "/clausule"),
				chromedp.WaitVisible("#title"),
				chromedp.SendKeys("#title", lotTitle),
				chromedp.SendKeys("#cpv", "90911200-8"),
				chromedp.SendKeys("#postcode", "9000"),
				chromedp.SendKeys("#volume_fte", "2,5"),
				submitted("#title"),
				chromedp.WaitVisible("section#markt"),
			)
			check("clause assistant")
			// At desk width every kind of clause is named whole in its
			// select ("Marché réservé (entreprises de travail adapté et
			// insertion sociale)" was cut at "…et inserti").
			if cut := read(t, ctx, chromedp.Evaluate[[]string](optionsCut)); len(cut) > 0 {
				t.Errorf("the clause select cuts %q", cut)
			}
			if text := read(t, ctx, chromedp.Text("section#markt")); !strings.Contains(text, tt.fte) {
				t.Errorf("the clause assistant does not write %q: %.300s", tt.fte, text)
			}

			// The enterprise signs in (after the buyer signs out) and
			// uploads a catalogue with a mistake.
			browse(t, ctx, "upload",
				signOut,
				s.signIn("supplier", "/mijn-aanbod"),
				chromedp.WaitVisible("#file"),
				chromedp.SetUploadFiles("#file", []string{upload}),
				submitted("#file"),
				chromedp.WaitVisible("section.report"),
			)
			check("upload report")
			if counts := read(t, ctx, chromedp.Text("p.counts")); !strings.Contains(counts, tt.counts) {
				t.Errorf("upload report %q, want %q", counts, tt.counts)
			}
			if head := read(t, ctx, chromedp.Text("section.report table thead")); !strings.Contains(head, tt.badTable) {
				t.Errorf("problems table head %q, want %q", head, tt.badTable)
			}
		})
	}
}

// tenderWithMatches returns the ID of a demo tender whose first page of
// lots has matches.
func tenderWithMatches(t *testing.T, url string) string {
	t.Helper()
	get := func(path string, v any) {
		t.Helper()
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %s %v", path, resp.Status, err)
		}
	}
	var tenders search.TenderResult
	get("/api/v1/tenders?size=20", &tenders)
	for _, h := range tenders.Hits {
		var tm match.TenderMatches
		get("/api/v1/tenders/"+h.Tender.ID+"/matches?size=1", &tm)
		for _, l := range tm.Lots {
			if l.Total > 0 {
				return h.Tender.ID
			}
		}
	}
	t.Fatal("no demo tender has matches")
	return ""
}

// optionsCut lists the options of select#clause whose text is wider than
// the room the select gives it (its width less padding and the arrow).
const optionsCut = `(() => {
	const s = document.querySelector('select#clause');
	const cs = getComputedStyle(s);
	const c = document.createElement('canvas').getContext('2d');
	c.font = cs.font;
	const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 24;
	return [...s.options].filter(o => c.measureText(o.text).width > room).map(o => o.text);
})()`
