package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"koppel/search"
)

// pickBox is where a "bewaren" checkbox and its words are on the page.
type pickBox struct {
	BoxLeft, BoxRight, BoxTop, BoxBottom     float64
	TextLeft, TextTop, TextBottom, LabelWide float64
}

// TestKeepCheckboxInBrowser: the "bewaren" checkbox beside each match of
// a tender (label.pick, for a buyer) is a box of its own width with its
// word on the same line, at 1280 and at 390 px. The walk-through found it
// stretched to the width of a text field by the general rule for inputs
// (width 100 %, up to 30rem), with "bewaren" pushed under or beside an
// empty field. The screenshots are kept in KOPPEL_SCREENSHOTS when set.
func TestKeepCheckboxInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	site := serveSite(t, nil, map[string][]string{"buyer": {"--role", "buyer", "--buyer", "Stad Voorbeeld"}}, "--demo")
	resp, err := http.Get(site.url + "/api/v1/tenders?size=1")
	if err != nil {
		t.Fatal(err)
	}
	var tenders search.TenderResult
	err = json.NewDecoder(resp.Body).Decode(&tenders)
	resp.Body.Close()
	if err != nil || len(tenders.Hits) == 0 {
		t.Fatalf("no demo tender: %v", err)
	}
	path := "/opdrachten/" + tenders.Hits[0].Tender.ID + "?lang=nl"
	shots := shotDir(t)
	for _, width := range []int{1280, 390} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			s := site.open(t, width, 900)
			browse(t, s.ctx, "a tender's matches, signed in as a buyer",
				// The true width: a headless window is at least 500 px wide.
				chromedp.EmulateViewport(int64(width), 900),
				s.signIn("buyer", path),
				chromedp.WaitVisible("ol.matches label.pick input[type=checkbox]"),
				chromedp.ScrollIntoView("ol.matches label.pick"),
			)
			screenshot(t, s.ctx, filepath.Join(shots, "keep-"+strconv.Itoa(width)+".png"))
			b := read(t, s.ctx, chromedp.Evaluate[pickBox](`(() => {
				const label = document.querySelector("ol.matches label.pick");
				const box = label.querySelector("input").getBoundingClientRect();
				const words = [...label.childNodes].find(n => n.nodeType === 3 && n.textContent.trim() !== "");
				const r = document.createRange(); r.selectNodeContents(words);
				const text = r.getBoundingClientRect();
				return {BoxLeft: box.left, BoxRight: box.right, BoxTop: box.top, BoxBottom: box.bottom,
					TextLeft: text.left, TextTop: text.top, TextBottom: text.bottom, LabelWide: label.getBoundingClientRect().width};
			})()`))
			if w := b.BoxRight - b.BoxLeft; w > 32 {
				t.Errorf("the checkbox is %.0f px wide, want its own width (at most 32 px)", w)
			}
			if b.TextLeft < b.BoxRight {
				t.Errorf("the word starts at %.0f px, left of the checkbox's right edge %.0f: want it after the box", b.TextLeft, b.BoxRight)
			}
			// On one line: the box's middle lies within the line of the word.
			if mid := (b.BoxTop + b.BoxBottom) / 2; mid < b.TextTop || mid > b.TextBottom {
				t.Errorf("the checkbox's middle at %.0f px is outside the word's line %.0f–%.0f px", mid, b.TextTop, b.TextBottom)
			}
			if b.TextLeft-b.BoxRight > 24 {
				t.Errorf("%.0f px between the checkbox and its word", b.TextLeft-b.BoxRight)
			}
		})
	}
}
