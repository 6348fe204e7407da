package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// TestShortlistInBrowser: a buyer saves three cleaners from a search into a
// new shortlist, opens it and downloads it as xlsx with the page's link;
// then prints the demo tenders' printable pages to PDF: one page per lot.
func TestShortlistInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := startSite(t, true, map[string][]string{"buyer": {"--role", "buyer", "--buyer", "Stad Voorbeeld"}})
	ctx, url, buyer := s.ctx, s.url, s.token("buyer")

	browse(t, ctx, "sign in and search",
		s.signIn("buyer", "/?q=poetsdienst"),
		chromedp.WaitVisible("ul.hits li input[name=item]"),
	)
	// Three hits of three different enterprises.
	values := read(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ul.hits input[name=item]")].map(e => e.value)`))
	var picked []string
	seen := map[string]bool{}
	for _, v := range values {
		kbo, _, _ := strings.Cut(v, "/")
		if !seen[kbo] && len(picked) < 3 {
			seen[kbo] = true
			picked = append(picked, v)
		}
	}
	if len(picked) < 3 {
		t.Fatalf("the search shows %d enterprises; the test needs 3", len(picked))
	}
	steps := []chromedp.Action[chromedp.Void]{}
	for _, v := range picked {
		steps = append(steps, chromedp.Click(`ul.hits input[name=item][value="`+v+`"]`, chromedp.NodeVisible))
	}
	steps = append(steps,
		chromedp.SetValue("#bewaar-lijst", ""),
		chromedp.SendKeys("#bewaar-naam", "Schoonmaak campus Noord 2027"),
		clickedThrough("form#bewaar button"),
		chromedp.WaitVisible("table.shortlist"),
	)
	browse(t, ctx, "save three cleaners into a new list", steps...)
	if h1 := read(t, ctx, chromedp.Text(chromedp.CSS("h1"))); h1 != "Schoonmaak campus Noord 2027" {
		t.Errorf("the list page is %q", h1)
	}
	if n := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.shortlist tbody tr").length`)); n != 3 {
		t.Errorf("the list shows %d rows, want 3", n)
	}

	// Open it again from Mijn lijsten, then download it with its link.
	browse(t, ctx, "open the list",
		chromedp.Navigate(url+"/lijsten"),
		clickedThrough(`ul.lists a`),
		chromedp.WaitVisible("table.shortlist"),
	)
	dir := t.TempDir()
	// The download gets a step's time to complete, as a page does.
	dctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	progress := chromedp.Events(dctx, cdpbrowser.DownloadProgress)
	browse(t, ctx, "download",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
				Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true)})
			return err
		}),
		chromedp.Click(`p.download a[href*="format=xlsx"]`, chromedp.NodeVisible),
	)
	var file string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the download: %v", err)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			t.Fatal("the download was cancelled")
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			file = filepath.Join(dir, ev.GUID)
			break
		}
	}
	x, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("the downloaded file: %v", err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) != 2 || sheets[0] != "Over deze export" {
		t.Fatalf("sheets %q", sheets)
	}
	rows, err := x.GetRows(sheets[1])
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "Onderneming" {
		t.Fatalf("the download holds %d rows (%q), want a header and 3", len(rows), rows)
	}
	for i, v := range picked {
		kbo, code, _ := strings.Cut(v, "/")
		if rows[i+1][1] != strings.ReplaceAll(kbo, ".", "") || rows[i+1][3] != code {
			t.Errorf("row %d = %q, want %s %s", i+2, rows[i+1], kbo, code)
		}
	}

	// The printable page of every published demo tender: one PDF page per
	// lot (the lots of the first page of lots).
	var tenders struct {
		Hits []struct {
			Tender struct {
				ID   string `json:"id"`
				Lots []any  `json:"lots"`
			} `json:"tender"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(apiGet(t, url+"/api/v1/tenders?size=100", buyer), &tenders); err != nil {
		t.Fatal(err)
	}
	if len(tenders.Hits) == 0 {
		t.Fatal("no demo tenders")
	}
	pageObj := regexp.MustCompile(`/Type\s*/Page[^s]`)
	printed := 0
	for _, h := range tenders.Hits {
		lots := min(len(h.Tender.Lots), 10)
		if lots == 0 {
			continue
		}
		browse(t, ctx, "printable page of "+h.Tender.ID,
			chromedp.Navigate(url+"/opdrachten/"+h.Tender.ID+"/afdrukken"),
			chromedp.WaitVisible("section.print-lot"),
		)
		pdf := read(t, ctx, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
			res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
			return res.Data, err
		}))
		pages := len(pageObj.FindAll(pdf, -1))
		if pages != lots {
			_ = os.WriteFile(filepath.Join(os.TempDir(), "koppel-print-"+h.Tender.ID+".pdf"), pdf, 0o644)
			t.Errorf("%s: %d lots printed on %d pages, want one page per lot", h.Tender.ID, lots, pages)
		}
		printed++
	}
	if printed == 0 {
		t.Fatal("no tender with lots was printed")
	}
	text := read(t, ctx, chromedp.Text("section.print-lot .print-head"))
	if !strings.Contains(text, "afgedrukt op") || !strings.Contains(text, "per perceel de 5 best passende") {
		t.Errorf("the print header %q lacks the date or the query", text)
	}
}

func ptr[T any](v T) *T { return &v }
