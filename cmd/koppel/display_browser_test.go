package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"koppel"
)

// brokenWords lists (at most 10) words in the tables of main that the
// browser broke over two lines: a word is what lies between spaces,
// hyphens and slashes (where a line may break anyway).
const brokenWords = `(() => {
  const bad = [];
  for (const cell of document.querySelectorAll("main table td, main table th")) {
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      for (const m of n.data.matchAll(/[^\s\-\/–]+/g)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const lines = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top)));
        if (lines.size > 1) bad.push(m[0]);
      }
    }
  }
  return bad.slice(0, 10).join(" | ");
})()`

// cardLabels lists the labels a phone shows before the values of the
// cards of main's tables (the ::before content), one per line.
const cardLabels = `Array.from(document.querySelectorAll("main table.cards td[data-label]")).map(td => getComputedStyle(td, "::before").content).join("\n")`

// TestSpendTablesInBrowser looks at Mijn aankopen of the demo buyer as a
// person would: on a wide screen no word in a table is broken in the
// middle ("202|5", "Factuurdatu|m"); on a phone the cards' labels end in
// one colon, none after a question ("Wat is er mis?:"), with a no-break
// space before it in French.
func TestSpendTablesInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	site := startSite(t, true, map[string][]string{"buyer": {"--role", "buyer", "--buyer", "Stad Voorbeeld"}})
	ctx, url := site.ctx, site.url
	browse(t, ctx, "sign in on a wide screen",
		chromedp.EmulateViewport(1280, 900),
		site.signIn("buyer", "/mijn-aankopen?lang=nl"),
		chromedp.WaitVisible("#share-all"),
	)
	for _, lang := range []string{"nl", "fr", "en"} {
		browse(t, ctx, "wide "+lang, chromedp.Navigate(url+"/mijn-aankopen?lang="+lang), chromedp.WaitVisible("table.spend-problems"))
		if got := read(t, ctx, chromedp.Evaluate[string](brokenWords)); got != "" {
			t.Errorf("%s at 1280 px: words broken in the middle: %s", lang, got)
		}
	}
	// Words kept whole must not push a table past the page: at a desk and
	// a tablet width, the figures and the list of every purchase (eight
	// columns) fit.
	for _, w := range []int64{1280, 960, 800} {
		for _, path := range []string{"/mijn-aankopen?lang=fr", "/mijn-aankopen?lang=en&list=all"} {
			browse(t, ctx, "width", chromedp.EmulateViewport(w, 900), chromedp.Navigate(url+path), chromedp.WaitVisible("#share-all"))
			if got := read(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`)); got > 0 {
				t.Errorf("%s at %d px: the page is %d px too wide", path, w, got)
			}
		}
	}
	browse(t, ctx, "phone", chromedp.EmulateViewport(390, 844))
	for _, lang := range []string{"nl", "fr", "en"} {
		browse(t, ctx, "phone "+lang, chromedp.Navigate(url+"/mijn-aankopen?lang="+lang), chromedp.WaitVisible("table.spend-problems"))
		labels := read(t, ctx, chromedp.Evaluate[string](cardLabels))
		if labels == "" {
			t.Fatalf("%s: no card labels", lang)
		}
		for _, l := range strings.Split(labels, "\n") {
			l = strings.Trim(l, `"`)
			switch {
			case strings.Contains(l, "?:") || strings.Contains(l, "? :") || strings.Contains(l, "?\u00a0:"):
				t.Errorf("%s: label %q has a colon after a question", lang, l)
			case strings.HasSuffix(l, "? "):
			case lang == "fr" && !strings.HasSuffix(l, "\u00a0: "):
				t.Errorf("%s: label %q does not end in a no-break space and a colon", lang, l)
			case lang != "fr" && (!strings.HasSuffix(l, ": ") || strings.HasSuffix(l, " : ")):
				t.Errorf("%s: label %q does not end in one colon", lang, l)
			}
		}
	}
}

// narrowValues lists the values (dd) of main's definition lists that got
// less than half their list's width: a long term beside them took it.
const narrowValues = `Array.from(document.querySelectorAll("main dl > dd")).filter(dd => dd.getBoundingClientRect().width < 0.5 * dd.parentElement.getBoundingClientRect().width).map(dd => dd.previousElementSibling.textContent + " = " + dd.textContent.trim().slice(0, 40)).join(" | ")`

// TestEnterpriseDetailsInBrowser looks at an enterprise page of the demo
// in French and English on a wide screen: a long term ("Travailleurs des
// groupes cibles") does not squeeze the values beside it into a narrow
// column ("(Flandre-|Orientale)").
func TestEnterpriseDetailsInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	site := startSite(t, true, nil)
	ctx, url := site.ctx, site.url
	resp, err := http.Get(url + "/api/v1/enterprises?size=100")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Enterprises []koppel.Enterprise `json:"enterprises"`
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	kbo := ""
	for _, e := range list.Enterprises {
		if _, ok := e.TargetShare(); ok && len(e.TargetGroups) > 0 && kbo == "" {
			kbo = string(e.KBO)
		}
	}
	if kbo == "" {
		t.Fatal("no demo enterprise with target-group employees")
	}
	browse(t, ctx, "wide", chromedp.EmulateViewport(1280, 900))
	for _, lang := range []string{"fr", "en", "nl"} {
		browse(t, ctx, "enterprise "+lang, chromedp.Navigate(url+"/ondernemingen/"+kbo+"?lang="+lang), chromedp.WaitVisible("main dl"))
		if got := read(t, ctx, chromedp.Evaluate[string](narrowValues)); got != "" {
			t.Errorf("%s at 1280 px: values squeezed by their terms: %s", lang, got)
		}
	}
}
