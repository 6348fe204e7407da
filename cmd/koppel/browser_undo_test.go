package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
)

// apiGet fetches url with a bearer token and returns the body.
func apiGet(t *testing.T, url, token string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d, %v: %.200s", url, resp.StatusCode, err, b)
	}
	return b
}

// TestRoundTripAndUndoInBrowser: a supplier downloads its catalogue with
// the page's link, uploads it unchanged (every row unchanged), uploads a
// change, and puts the previous version back with the report's button: the
// API's catalogue is exactly the one before.
func TestRoundTripAndUndoInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSite(t, false, map[string][]string{"supplier": {"--role", "supplier", "--enterprise", "0123.456.749"}})
	ctx, url, supplier := s.ctx, s.url, s.token("supplier")
	putEnterprise(t, url, supplier)
	postReport(t, url+"/api/v1/enterprises/0123456749/catalogue", "text/csv", supplier,
		[]byte("Code;Dienst;Categorie;CPV-codes;Werkgebied;Prijs\nP1;Poetsen van klaslokalen;Schoonmaak;90911200-8;Gent; 32,50\nP2;Groenonderhoud;Groenonderhoud;77310000;20 km;\nP3;Fietspunt;Fietsen;50100000;;12\n"))
	catalogue := func() any {
		var v any
		if err := json.Unmarshal(apiGet(t, url+"/api/v1/enterprises/0123456749", supplier), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := catalogue()

	browse(t, ctx, "sign in",
		s.signIn("supplier", "/mijn-aanbod"),
		chromedp.WaitVisible("#file"),
	)
	link := read(t, ctx, chromedp.AttributeValue(`a[href$="/catalogue.xlsx"]`, "href")).Value
	if !strings.HasPrefix(link, "/api/v1/enterprises/0123") || !strings.Contains(read(t, ctx, chromedp.Text(`a[href$="/catalogue.xlsx"]`)), "Download mijn huidige aanbod") {
		t.Fatalf("download link %q", link)
	}
	dir := t.TempDir()
	export := filepath.Join(dir, "mijn-aanbod.xlsx")
	if err := os.WriteFile(export, apiGet(t, url+link, supplier), 0o644); err != nil {
		t.Fatal(err)
	}
	upload := func(what, file string) string {
		t.Helper()
		browse(t, ctx, what,
			chromedp.Navigate(url+"/mijn-aanbod"),
			chromedp.WaitVisible("#file"),
			chromedp.SetUploadFiles("#file", []string{file}),
			chromedp.Click(`input[name=mode][value=merge]`),
			submitted("#file"),
			chromedp.WaitVisible("section.report"),
		)
		return read(t, ctx, chromedp.Text("section.report"))
	}
	if report := upload("upload the download", export); !strings.Contains(report, "0 nieuw, 0 gewijzigd, 3 ongewijzigd") {
		t.Errorf("the unchanged download: report %.300s", report)
	}
	if diff := cmp.Diff(before, catalogue()); diff != "" {
		t.Fatalf("uploading the download changed the catalogue:\n%s", diff)
	}

	changed := filepath.Join(dir, "wijziging.csv")
	if err := os.WriteFile(changed, []byte("Code;Dienst\nP1;Poetsen van klaslokalen en gangen\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if report := upload("upload a change", changed); !strings.Contains(report, "1 gewijzigd") {
		t.Errorf("the change: report %.300s", report)
	}
	undone := read(t, ctx, chromedp.AttributeValue(`form.undo input[name=import]`, "value")).Value
	browse(t, ctx, "undo",
		clickedThrough("form.undo button"),
		// The page after the undo, with the undo's own report (and button).
		chromedp.WaitReady(`form.undo input[name=import]:not([value="`+undone+`"])`),
	)
	if report := read(t, ctx, chromedp.Text("section.report h2")); !strings.Contains(report, "vorige versie") {
		t.Errorf("the undo's report: %.300s", report)
	}
	if diff := cmp.Diff(before, catalogue()); diff != "" {
		t.Errorf("after the undo (-before +got):\n%s", diff)
	}
}
