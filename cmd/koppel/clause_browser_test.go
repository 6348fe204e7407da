package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestClauseAssistantOnPhone: a buyer drafts a clause on a 390 px phone.
// After "Opstellen" the page lands on the result (#markt); the market
// table reads as cards and nothing sticks out sideways; numbers are
// written the Dutch way; the copy buttons show and answer a click.
func TestClauseAssistantOnPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSite(t, true, map[string][]string{"buyer": {"--role", "buyer", "--buyer", "Stad Voorbeeld"}})
	ctx := s.ctx

	browse(t, ctx, "draft a clause",
		chromedp.EmulateViewport(390, 844),
		s.signIn("buyer", "/clausule"),
		chromedp.WaitVisible("#title"),
		chromedp.SendKeys("#title", "Dagelijkse schoonmaak van klaslokalen"),
		chromedp.SendKeys("#cpv", "90911200-8"),
		chromedp.SendKeys("#postcode", "9000"),
		chromedp.SendKeys("#volume_fte", "2,5"),
		submitted("#title"),
		chromedp.WaitVisible("section#markt"),
	)
	if loc := read(t, ctx, chromedp.Location()); !strings.HasSuffix(loc, "/clausule#markt") {
		t.Errorf("after Opstellen the page is %s, want /clausule#markt", loc)
	}
	if y := read(t, ctx, chromedp.Evaluate[float64](`window.scrollY`)); y <= 0 {
		t.Errorf("the page did not jump to the result (scrollY %v)", y)
	}
	phoneFits(t, ctx, "the clause assistant", 5)
	if w := read(t, ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("the clause page is %v px wide on a 390 px phone", w)
	}
	text := read(t, ctx, chromedp.Text(chromedp.CSS("main")))
	if m := regexp.MustCompile(`\d\.\d{1,2} ?VTE`).FindString(text); m != "" {
		t.Errorf("the clause page writes %q with a decimal point", m)
	}
	if !strings.Contains(text, "2,5 VTE") {
		t.Errorf("the asked volume is not written 2,5 VTE: %.300s", text)
	}

	// The copy buttons show once the script runs; a click answers. The
	// answer is the button's label for 2,5 s: a watch set up before the
	// click keeps the first new label, however late the browser is.
	for _, id := range []string{"tekst-nl", "tekst-fr"} {
		sel := `button[data-copy="` + id + `"]`
		var label string
		// Without an answer the step fails at its deadline.
		browse(t, ctx, "the copy button of "+id+" answers a click",
			chromedp.WaitVisible(sel),
			chromedp.Evaluate[chromedp.Void](fmt.Sprintf(copyWatch, sel)),
			chromedp.Click(sel),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) (err error) {
				label, err = chromedp.Poll[string](`window.koppelCopyAnswer`, chromedp.WithPollingTimeout(0))(ctx, tg)
				return err
			}),
		)
		t.Logf("%s: %q", id, label)
	}
}

// copyWatch (with the button's selector) keeps the button's first new
// label in window.koppelCopyAnswer.
const copyWatch = `(() => {
	const b = document.querySelector(%q);
	window.koppelCopyAnswer = "";
	new MutationObserver((_, o) => {
		if (b.textContent.trim() !== "Kopieer") { window.koppelCopyAnswer = b.textContent.trim(); o.disconnect(); }
	}).observe(b, {childList: true, characterData: true, subtree: true});
})()`
