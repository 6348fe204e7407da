package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// writeCatalogueXLSX writes a real workbook with an Aanbod sheet: a header
// row and one service per row (code, title, category, CPV).
func writeCatalogueXLSX(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Aanbod"); err != nil {
		t.Fatal(err)
	}
	for i, r := range append([][]string{{"Code", "Dienst", "Categorie", "CPV-codes"}}, rows...) {
		row := make([]any, len(r))
		for j, v := range r {
			row[j] = v
		}
		if err := f.SetSheetRow("Aanbod", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// apiCatalogue returns the offerings of enterprise 0123456749 as the API
// shows them, as raw JSON, for exact comparisons.
func apiCatalogue(t *testing.T, url string) []json.RawMessage {
	t.Helper()
	resp, err := http.Get(url + "/api/v1/enterprises/0123456749")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e struct {
		Offerings []json.RawMessage `json:"offerings"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET enterprise: %s, %v", resp.Status, err)
	}
	return e.Offerings
}

// codes returns the codes of offerings in API JSON.
func codes(t *testing.T, offs []json.RawMessage) []string {
	t.Helper()
	out := []string{}
	for _, raw := range offs {
		var o struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &o); err != nil {
			t.Fatal(err)
		}
		out = append(out, o.ID)
	}
	return out
}

// phoneCheck finds what a 390 px screen would cut off: a page wider than
// the window, a table cell sticking out, a cell whose column name is not
// shown before it, a row of column headers still taking room (it stays
// for screen readers, clipped to 1 px). It returns the
// number of table cells seen and the problems.
const phoneCheck = `(() => {
  const w = window.innerWidth, problems = [];
  if (document.documentElement.scrollWidth > w) problems.push("page is " + document.documentElement.scrollWidth + " px wide");
  // The charts' tables (package chart) are ordinary tables of numbers, not cards.
  const cells = [...document.querySelectorAll("table td")].filter(td => !td.closest("figure.chart"));
  for (const td of cells) {
    const r = td.getBoundingClientRect();
    if (r.right > w) problems.push("cell " + td.dataset.label + " ends at " + r.right);
    if (td.textContent.trim() !== "" && !getComputedStyle(td, "::before").content.includes(td.dataset.label)) problems.push("no visible label before " + td.textContent.trim().slice(0, 40));
  }
  for (const th of document.querySelectorAll("table thead")) if (!th.closest("figure.chart") && th.getBoundingClientRect().width > 1) problems.push("column headers " + th.textContent + " still shown");
  return {cells: cells.length, problems: problems};
})()`

// deskCheck finds, in an upload's report, a cell of one short word
// (a sheet, a row, a code) broken over lines ("Aanbo|d", "SCH-|001"), and
// a page wider than the window. It returns the number of such cells seen
// and the problems.
const deskCheck = `(() => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth) problems.push("page is " + document.documentElement.scrollWidth + " px wide");
  let cells = 0;
  for (const td of document.querySelectorAll("section.report td")) {
    const text = td.textContent.trim();
    if (text === "" || /\s/.test(text) || text.length > 24) continue;
    cells++;
    const r = document.createRange();
    r.selectNodeContents(td);
    const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
    if (lines.size > 1) problems.push(text + " on " + lines.size + " lines");
  }
  return {cells: cells, problems: problems};
})()`

type phoneResult struct {
	Cells    int      `json:"cells"`
	Problems []string `json:"problems"`
}

// TestCatalogueSafeReplaceInBrowser is the page test of issue 14: a
// supplier with a catalogue uploads 5 new services with the page's
// defaults and loses nothing; a replace is first a preview that lists what
// would go; Annuleren leaves the catalogue exactly as it was (per the API);
// Doorgaan removes it. Then the report is read on a phone.
func TestCatalogueSafeReplaceInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSite(t, false, map[string][]string{"supplier": {"--role", "supplier", "--enterprise", "0123.456.749"}})
	ctx, url, supplier := s.ctx, s.url, s.token("supplier")

	// The existing catalogue: six services, uploaded through the API.
	dir := t.TempDir()
	existing, added, mixed := filepath.Join(dir, "bestaand.xlsx"), filepath.Join(dir, "nieuw.xlsx"), filepath.Join(dir, "fout.xlsx")
	var old, fresh [][]string
	for i := 1; i <= 6; i++ {
		old = append(old, []string{fmt.Sprintf("E%d", i), fmt.Sprintf("Bestaande dienst %d", i), "Schoonmaak", "90911200-8"})
	}
	for i := 1; i <= 5; i++ {
		fresh = append(fresh, []string{fmt.Sprintf("N%d", i), fmt.Sprintf("Nieuwe dienst %d", i), "Groenonderhoud", "77310000-6"})
	}
	writeCatalogueXLSX(t, existing, old)
	writeCatalogueXLSX(t, added, fresh)
	writeCatalogueXLSX(t, mixed, append(fresh[:2:2], []string{"X1", "Met een foute CPV-code die lang genoeg is om een smal scherm te vullen", "Schoonmaak", "9091120"}))
	putEnterprise(t, url, supplier)
	apiUpload(t, url, supplier, existing)
	if got := codes(t, apiCatalogue(t, url)); !cmp.Equal(got, []string{"E1", "E2", "E3", "E4", "E5", "E6"}) {
		t.Fatalf("existing catalogue %v", got)
	}

	// The defaults add: nothing removed.
	browse(t, ctx, "default upload",
		s.signIn("supplier", "/mijn-aanbod"),
		chromedp.WaitVisible("#file"),
		chromedp.SetUploadFiles("#file", []string{added}),
		submitted("#file"),
		chromedp.WaitVisible("section.report"),
	)
	counts := read(t, ctx, chromedp.Text("p.counts"))
	if !strings.Contains(counts, "5 nieuw") || !strings.Contains(counts, "0 verwijderd") {
		t.Errorf("default upload: %q, want 5 new and 0 removed", counts)
	}
	merged := apiCatalogue(t, url)
	if got := codes(t, merged); !cmp.Equal(got, []string{"E1", "E2", "E3", "E4", "E5", "E6", "N1", "N2", "N3", "N4", "N5"}) {
		t.Fatalf("after the default upload: %v", got)
	}

	// Replace: the preview lists what would go, and changes nothing.
	preview := func() {
		t.Helper()
		browse(t, ctx, "replace preview",
			chromedp.Click("#mode-replace", chromedp.NodeVisible),
			chromedp.SetUploadFiles("#file", []string{added}),
			submitted("#file"),
			chromedp.WaitVisible("form.confirm"),
		)
		if q := read(t, ctx, chromedp.Text("p.question")); q != "6 diensten worden verwijderd — doorgaan?" {
			t.Errorf("preview question %q", q)
		}
		list := read(t, ctx, chromedp.Text("table.removed-list tbody"))
		for _, o := range old {
			if !strings.Contains(list, o[0]) || !strings.Contains(list, o[1]) {
				t.Errorf("the preview does not list %s %s: %q", o[0], o[1], list)
			}
		}
		if diff := cmp.Diff(merged, apiCatalogue(t, url)); diff != "" {
			t.Fatalf("the preview changed the catalogue:\n%s", diff)
		}
	}
	preview()
	browse(t, ctx, "cancel",
		clickedThrough("#annuleren"),
		chromedp.WaitVisible("p.notice"),
	)
	if diff := cmp.Diff(merged, apiCatalogue(t, url)); diff != "" {
		t.Fatalf("cancel changed the catalogue (-before +after):\n%s", diff)
	}

	// Doorgaan removes them.
	preview()
	browse(t, ctx, "confirm",
		clickedThrough("#doorgaan"),
		chromedp.WaitNotPresent("form.confirm"),
		chromedp.WaitVisible("section.report"),
	)
	if counts := read(t, ctx, chromedp.Text("p.counts")); !strings.Contains(counts, "6 verwijderd") {
		t.Errorf("after Doorgaan: %q, want 6 removed", counts)
	}
	if got := codes(t, apiCatalogue(t, url)); !cmp.Equal(got, []string{"N1", "N2", "N3", "N4", "N5"}) {
		t.Errorf("after Doorgaan the catalogue is %v, want N1-N5", got)
	}

	// At a desk the report's short cells stay whole beside its long
	// messages.
	desk := filepath.Join(dir, "bureau.xlsx")
	long := "Schoonmaak van kantoren, sanitair en klaslokalen in alle scholen van de gemeente, dagelijks na de lesuren"
	writeCatalogueXLSX(t, desk, [][]string{
		{"SCH-001", "Schoonmaak van kantoren", "Schoonmaak", "90911200-8"},
		{"SCH-001", long, "Schoonmaak", "90911200-8"},
		{"SCH-002", long, "Schoonmaak", "9091120"},
	})
	// previewAt opens the page in a window of width × height and previews
	// replacing the catalogue with file.
	previewAt := func(what string, width, height int64, file string) {
		t.Helper()
		browse(t, ctx, what,
			chromedp.EmulateViewport(width, height),
			chromedp.Navigate(url+"/mijn-aanbod"),
			chromedp.Click("#mode-replace", chromedp.NodeVisible),
			chromedp.SetUploadFiles("#file", []string{file}),
			submitted("#file"),
			chromedp.WaitVisible("form.confirm"),
		)
	}
	previewAt("desk preview", 1280, 800, desk)
	if res := read(t, ctx, chromedp.Evaluate[phoneResult](deskCheck)); res.Cells < 6 || len(res.Problems) > 0 {
		t.Errorf("the preview at 1280 px: %d one-word cells (want 6 or more), problems %v", res.Cells, res.Problems)
	}

	// On a phone the preview, with a problem table and the removed list,
	// reads as cards.
	previewAt("phone preview", 390, 844, mixed)
	phoneFits(t, ctx, "the preview", 6)
	browse(t, ctx, "API docs", chromedp.Navigate(url+"/api/docs"), chromedp.WaitVisible(chromedp.CSS("table")))
	phoneFits(t, ctx, "the API docs", 20)
	for _, page := range []string{"/ondernemingen/0123456749", "/opdrachten", "/?q=nieuwe+dienst", "/mijn-aanbod"} {
		browse(t, ctx, page, chromedp.Navigate(url+page), chromedp.WaitVisible("main h1, main form"))
		phoneFits(t, ctx, page, 0)
	}
}

// phoneFits checks the page in the browser as it is now, at phone width,
// with at least minCells table cells.
func phoneFits(t *testing.T, ctx context.Context, what string, minCells int) {
	t.Helper()
	res := read(t, ctx, chromedp.Evaluate[phoneResult](phoneCheck))
	if res.Cells < minCells || len(res.Problems) > 0 {
		t.Errorf("%s at 390 px: %d table cells (want %d or more), problems %v", what, res.Cells, minCells, res.Problems)
	}
}

// apiUpload uploads a catalogue file with the API's defaults.
func apiUpload(t *testing.T, url, token, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", filepath.Base(path))
	fw.Write(b)
	mw.Close()
	req, _ := http.NewRequest("POST", url+"/api/v1/enterprises/0123456749/catalogue", &body)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		msg, _ := io.ReadAll(resp.Body)
		t.Fatalf("upload %s: %s %s", path, resp.Status, msg)
	}
}
