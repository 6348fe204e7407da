package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"koppel"
)

// TestNeedInBrowser: a buyer posts a need, sees who will be told and sends
// it; the matched supplier signs in, finds it under "Aanvragen voor ons"
// (counted in the header) and answers interested with a price; the buyer
// sees the answer and chooses it. Real koppel serve, real Chromium.
func TestNeedInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSite(t, false, map[string][]string{
		"buyer":    {"--role", "buyer", "--buyer", "Basisschool De Linde"},
		"supplier": {"--role", "supplier", "--enterprise", "0123.456.749"},
	})
	ctx, url := s.ctx, s.url
	putEnterprise(t, url, s.token("supplier"))
	postReport(t, url+"/api/v1/enterprises/0123456749/catalogue", "text/csv", s.token("supplier"),
		[]byte("Code;Dienst;Categorie;CPV-codes;Werkgebied\nP1;Poetsen van klaslokalen;Schoonmaak;90911200-8;Gent\n"))

	answerBy := koppel.DateOf(time.Now().AddDate(0, 0, 14)).Dutch()
	browse(t, ctx, "post a need",
		chromedp.Navigate(url+"/aanvragen/nieuw"),
		s.typeToken("buyer"),
		chromedp.WaitVisible("#title"),
		chromedp.SendKeys("#title", "Poetsdienst voor drie klaslokalen"),
		chromedp.SendKeys("#description", "Dagelijks poetsen van drie klaslokalen na de lessen, vanaf september."),
		chromedp.SetValue("#category", "schoonmaak"),
		chromedp.SendKeys("#postcode", "Gent"),
		chromedp.SetValue("#frequency", "wekelijks"),
		chromedp.SendKeys("#volume", "3 klaslokalen"),
		chromedp.SendKeys("#answer_by", answerBy),
		submitted("#title"),
		chromedp.WaitVisible("ol.recipients li"),
	)
	preview := read(t, ctx, chromedp.Text("section.preview"))
	if !strings.Contains(preview, "De Fictieve Poetsploeg") || !strings.Contains(preview, "90911200") {
		t.Fatalf("the preview does not name the cleaning enterprise with why: %.500s", preview)
	}
	needURL := read(t, ctx, chromedp.Location())
	browse(t, ctx, "send",
		clickedThrough("#send"),
		chromedp.WaitVisible("section.answers"),
	)
	if got := read(t, ctx, chromedp.Text("section.answers h2")); !strings.Contains(got, "0 van 1") {
		t.Errorf("after sending: %q, want 0 answers of 1", got)
	}

	browse(t, ctx, "supplier signs in",
		signOut,
		chromedp.Navigate(url+"/aanvragen"),
		s.typeToken("supplier"),
		chromedp.WaitVisible("ul.needs li"),
	)
	if got := read(t, ctx, chromedp.Text("header .needs-link .count")); got != "1" {
		t.Errorf("header count %q, want 1", got)
	}
	browse(t, ctx, "answer",
		clickedThrough("ul.needs li h2 a"),
		chromedp.WaitVisible("form.answer-form"),
		chromedp.Click("#kind-interested"),
		chromedp.SendKeys("#message", "Wij kunnen vanaf 1 september, elke schooldag na 16 uur."),
		chromedp.SendKeys("#price", "€ 32 per uur"),
		clickedThrough("#answer-send"),
		chromedp.WaitVisible("section.mine"),
	)
	if got := read(t, ctx, chromedp.Text("section.mine")); !strings.Contains(got, "€ 32 per uur") {
		t.Errorf("the supplier's answer: %q", got)
	}

	browse(t, ctx, "buyer chooses",
		signOut,
		chromedp.Navigate(needURL),
		s.typeToken("buyer"),
		chromedp.WaitVisible("article.answer button.choose"),
	)
	card := read(t, ctx, chromedp.Text("article.answer"))
	if !strings.Contains(card, "€ 32 per uur") || !strings.Contains(card, "na 16 uur") {
		t.Errorf("the answer card: %q", card)
	}
	browse(t, ctx, "choose",
		clickedThrough("article.answer button.choose"),
		chromedp.WaitVisible("article.answer.chosen"),
	)
	// On a phone the answers stack and nothing scrolls sideways.
	browse(t, ctx, "need on a phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(needURL), chromedp.WaitVisible("article.answer"))
	phoneFits(t, ctx, "the need page with its answers", 0)
	browse(t, ctx, "form on a phone", chromedp.Navigate(url+"/aanvragen/nieuw"), chromedp.WaitVisible("#title"))
	phoneFits(t, ctx, "the new need form", 0)
}
