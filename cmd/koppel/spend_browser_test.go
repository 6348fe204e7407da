package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"koppel"
)

// TestSpendInBrowser: a buyer uploads a small spend file with one bad row
// on Mijn aankopen, sees the row reported, confirms the link proposed by
// name and sees the share of the social economy grow to what the file
// says; on a phone the page does not scroll sideways.
func TestSpendInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	site := startSite(t, true, map[string][]string{"buyer": {"--role", "buyer", "--buyer", "Stad Voorbeeld"}})
	ctx, url := site.ctx, site.url

	// Two demo enterprises with a work form valid on the purchase date,
	// the second with a name no other enterprise has.
	date := koppel.NewDate(2026, 3, 15)
	var all []koppel.Enterprise
	for page := 1; ; page++ {
		resp, err := http.Get(fmt.Sprintf("%s/api/v1/enterprises?size=100&page=%d", url, page))
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
		if len(list.Enterprises) == 0 {
			break
		}
		all = append(all, list.Enterprises...)
	}
	names := map[string]int{}
	for _, e := range all {
		names[koppel.SupplierKey(e.Name)]++
	}
	var byKBO, byName *koppel.Enterprise
	for i := range all {
		e := &all[i]
		valid := false
		for _, r := range e.Recognitions {
			valid = valid || r.ValidOn(date)
		}
		switch {
		case !valid:
		case byKBO == nil:
			byKBO = e
		case byName == nil && names[koppel.SupplierKey(e.Name)] == 1:
			byName = e
		}
	}
	if byKBO == nil || byName == nil {
		t.Fatalf("the demo has no two enterprises with a valid work form among %d", len(all))
	}
	file := filepath.Join(t.TempDir(), "aankopen.csv")
	csv := "Ondernemingsnummer;Leverancier;Bedrag;Datum;Omschrijving\n" +
		byKBO.KBO.String() + ";;1.000,00;15/03/2026;Poetsen\n" +
		";" + strings.ToUpper(byName.Name) + " vzw;€ 500;2026-03-15;Catering\n" +
		";Bakkerij Peeters;2.500;15/03/2026;Broodjes\n" +
		";Bakkerij Peeters;veel;16/03/2026;Broodjes\n"
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}

	browse(t, ctx, "sign in and upload",
		// Headless Chromium asks for English; the buyer chooses Dutch (a
		// cookie, kept on every next page).
		chromedp.Navigate(url+"/aanmelden?lang=nl&terug=/mijn-aankopen"),
		site.typeToken("buyer"),
		chromedp.WaitVisible("form.spend-upload #file"),
		chromedp.SetUploadFiles("#file", []string{file}),
		submitted("form.spend-upload"),
		chromedp.WaitVisible("#share-all"),
	)
	if n := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("header nav a[href='/mijn-aankopen']").length`)); n != 1 {
		t.Errorf("Mijn aankopen is %d times in the menu, want once", n)
	}
	if got := read(t, ctx, chromedp.Text("#share-all")); got != "25 %" {
		t.Errorf("share before confirming = %q, want 25 %%", got)
	}
	problem := read(t, ctx, chromedp.Text("table.spend-problems tbody tr"))
	if !strings.Contains(problem, "aankopen.csv") || !strings.Contains(problem, "5") || !strings.Contains(problem, "Bedrag") || !strings.Contains(problem, "geen bedrag") {
		t.Errorf("the bad row reads %q, want file, row 5, column Bedrag and why", problem)
	}
	if got := read(t, ctx, chromedp.Text("table.proposals tbody tr")); !strings.Contains(got, byName.Name) {
		t.Errorf("the proposal reads %q, want %s", got, byName.Name)
	}

	browse(t, ctx, "confirm the proposed link",
		clickedThrough("table.proposals button.confirm-link"),
		chromedp.WaitVisible("table.confirmed"),
	)
	if got := read(t, ctx, chromedp.Text("#share-all")); got != "37,5 %" {
		t.Errorf("share after confirming = %q, want 37,5 %%", got)
	}
	if got := read(t, ctx, chromedp.Text("section.spend-proposals")); !strings.Contains(got, "geen voorstellen") {
		t.Errorf("proposals after confirming: %q", got)
	}

	// On a phone the page reads without scrolling sideways.
	browse(t, ctx, "phone width",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(url+"/mijn-aankopen?list=social"),
		chromedp.WaitVisible("section.spend-list"),
	)
	if w := read(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`)); w > 0 {
		t.Errorf("on a phone the page is %d px too wide", w)
	}
}
