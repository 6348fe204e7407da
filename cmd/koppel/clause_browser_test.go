package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

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
	bin := buildKoppel(t)
	data := filepath.Join(t.TempDir(), "data")
	out, err := exec.Command(bin, "token", "create", "--data", data, "--role", "buyer", "--buyer", "Stad Voorbeeld").Output()
	if err != nil {
		t.Fatal(err)
	}
	buyer := strings.TrimSpace(string(out))
	_, url := startServe(t, bin, "--data", data, "--demo")
	ctx := browser(t, 390, 844)
	screenshotOnFailure(t, ctx)

	browse(t, ctx, "draft a clause",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(url+"/aanmelden?terug=/clausule"),
		chromedp.WaitVisible("#token"),
		chromedp.SendKeys("#token", buyer),
		chromedp.Submit("#token"),
		chromedp.WaitVisible("#title"),
		chromedp.SendKeys("#title", "Dagelijkse schoonmaak van klaslokalen"),
		chromedp.SendKeys("#cpv", "90911200-8"),
		chromedp.SendKeys("#postcode", "9000"),
		chromedp.SendKeys("#volume_fte", "2,5"),
		chromedp.Submit("#title"),
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
	text := read(t, ctx, chromedp.Text("main"))
	if m := regexp.MustCompile(`\d\.\d{1,2} ?VTE`).FindString(text); m != "" {
		t.Errorf("the clause page writes %q with a decimal point", m)
	}
	if !strings.Contains(text, "2,5 VTE") {
		t.Errorf("the asked volume is not written 2,5 VTE: %.300s", text)
	}

	// The copy buttons show once the script runs; a click answers.
	for _, id := range []string{"tekst-nl", "tekst-fr"} {
		sel := `button[data-copy="` + id + `"]`
		browse(t, ctx, "copy "+id, chromedp.WaitVisible(sel), chromedp.Click(sel))
		var label string
		for range 20 {
			label = read(t, ctx, chromedp.Text(sel))
			if label != "Kopieer" {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if label == "Kopieer" {
			t.Errorf("copy button of %s did not answer the click", id)
		}
		t.Logf("%s: %q", id, label)
	}
}
