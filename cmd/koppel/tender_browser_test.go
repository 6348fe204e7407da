package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// fieldCheck is what the page says about one form field: whether it is
// marked invalid, and the text of the element its aria-describedby names.
type fieldCheck struct {
	Invalid string `json:"invalid"`
	Message string `json:"message"`
	Listed  bool   `json:"listed"`
}

// checkFieldsJS reads fieldCheck for each id of the JSON list it is given.
const checkFieldsJS = `(function(ids) {
  const out = {};
  for (const id of ids) {
    const el = document.getElementById(id);
    if (!el) { out[id] = {invalid: "missing", message: "", listed: false}; continue; }
    const msg = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean)
      .map(d => document.getElementById(d)).filter(Boolean).map(e => e.textContent.trim()).join(" ");
    out[id] = {invalid: el.getAttribute("aria-invalid") || "", message: msg,
      listed: !!document.querySelector('.error-summary a[href="#' + id + '"]')};
  }
  return out;
})`

// TestBuyerManagesTenderInBrowser: a buyer signs in, creates a draft with
// mistakes and sees each one beside its field (and listed at the top),
// fixes them, publishes, puts a clause drafted by the assistant on lot 1,
// sees it with its eForms codes on the tender page, closes the tender and
// finds it under Afgesloten in Mijn opdrachten. Real koppel serve with the
// demo data, real Chromium.
func TestBuyerManagesTenderInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSite(t, true, map[string][]string{"buyer": {"--role", "buyer", "--buyer", "Stad Voorbeeld"}})
	ctx := s.ctx

	browse(t, ctx, "sign in and fill in with mistakes",
		s.signIn("buyer", "/opdrachten/nieuw"),
		chromedp.WaitVisible("#lot1_title"),
		chromedp.SendKeys("#lot1_title", "Dagelijkse schoonmaak van klaslokalen"),
		chromedp.SendKeys("#lot1_cpv", "9091120"),
		chromedp.SendKeys("#lot1_postcode", "12"),
		chromedp.SendKeys("#lot1_start", "01/09/2027"),
		chromedp.SendKeys("#lot1_end", "31/02/2028"),
		chromedp.SendKeys("#lot1_volume", "2"),
		submitted("#lot1_title"),
		chromedp.WaitVisible(".error-summary"),
	)
	shots := shotDir(t)
	screenshot(t, ctx, filepath.Join(shots, "tender-form-errors.png"))
	ids := []string{"title", "lot1_cpv", "lot1_postcode", "lot1_end"}
	checks := read(t, ctx, chromedp.Evaluate[map[string]fieldCheck](checkFieldsJS+`(["title","lot1_cpv","lot1_postcode","lot1_end","lot1_start"])`))
	for _, id := range ids {
		c := checks[id]
		if c.Invalid != "true" || c.Message == "" || !c.Listed {
			t.Errorf("field %s: aria-invalid %q, message %q, listed at the top %v", id, c.Invalid, c.Message, c.Listed)
		}
	}
	if c := checks["lot1_start"]; c.Invalid != "" {
		t.Errorf("the good start date is marked invalid: %+v", c)
	}
	if v := read(t, ctx, chromedp.Evaluate[string](`document.getElementById("lot1_volume").value`)); v != "2" {
		t.Errorf("the typed volume was not kept: %q", v)
	}

	browse(t, ctx, "fix and save the draft",
		chromedp.SetValue("#title", "Schoonmaak basisschool De Linde"),
		chromedp.SetValue("#lot1_cpv", "90911200-8"),
		chromedp.SetValue("#lot1_postcode", "9000"),
		chromedp.SetValue("#lot1_end", "31/08/2028"),
		submitted("#title"),
		chromedp.WaitVisible("section.lot"),
	)
	if head := textOf(t, ctx, "main"); !strings.Contains(head, "ontwerp, alleen zichtbaar voor u") {
		t.Errorf("the saved tender is no draft: %.300s", head)
	}
	tenderURL := read(t, ctx, chromedp.Location())

	browse(t, ctx, "publish",
		clickedThrough(`form[action$="/publiceren"] button`),
		chromedp.WaitVisible(`form[action$="/sluiten"] button`),
	)
	if said := textOf(t, ctx, `main p.notice[role=status]`); !strings.Contains(said, "De opdracht is gepubliceerd") {
		t.Errorf("publishing is not confirmed: %q", said)
	}

	browse(t, ctx, "draft a clause and put it on lot 1",
		clickedThrough(`a[href^="/clausule?tender="]`),
		chromedp.WaitVisible("#title"),
		chromedp.SetValue("#clause", "res-ws"),
		submitted("#title"),
		chromedp.WaitVisible(`button[name=lot][value="1"]`),
		clickedThrough(`button[name=lot][value="1"]`),
		chromedp.WaitVisible(`#perceel-1 ul.clauses`),
	)
	if loc := read(t, ctx, chromedp.Location()); !strings.HasPrefix(loc, tenderURL) {
		t.Errorf("after attaching: at %s, want the tender page %s", loc, tenderURL)
	}
	clause := textOf(t, ctx, `#perceel-1 ul.clauses`)
	screenshot(t, ctx, filepath.Join(shots, "tender-clause.png"))
	for _, want := range []string{"Voorbehouden opdracht", "Stad Voorbeeld", "BT-71 res-ws", "BT-775 opp"} {
		if !strings.Contains(clause, want) {
			t.Errorf("lot 1's clause lacks %q: %.400s", want, clause)
		}
	}

	browse(t, ctx, "close",
		clickedThrough(`form[action$="/sluiten"] button`),
		// The page after closing has no close form (section.lot alone
		// would be the page before as well).
		chromedp.WaitNotPresent(`form[action$="/sluiten"]`),
		chromedp.WaitVisible("section.lot"),
	)
	if head := textOf(t, ctx, "main > p.muted"); !strings.Contains(head, "gesloten") {
		t.Errorf("the closed tender's page says %q", head)
	}
	browse(t, ctx, "mijn opdrachten",
		clickedThrough(`nav a[href="/mijn-opdrachten"]`),
		chromedp.WaitVisible("section.my-tenders"),
	)
	if closed := textOf(t, ctx, "section#closed"); !strings.Contains(closed, "Schoonmaak basisschool De Linde") {
		t.Errorf("Afgesloten lacks the tender: %q", closed)
	}
}

// textOf reads the text of the first element that matches sel, in one
// script, so that it does not depend on a node found before.
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return read(t, ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {textContent: ""}).textContent`, sel)))
}
