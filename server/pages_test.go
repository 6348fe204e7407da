package server_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/server"
)

// pageCases are the pages TestPagesRender and TestPagesEveryLanguage
// render, as the user who would see them, with selectors that must match.
var pageCases = []struct {
	path, who string
	want      []string // selectors that must match
}{
	{"/", "anonymous", []string{"form.search input#q", "label[for=q]", "label[for=postcode]"}},
	{"/?q=poetsen&postcode=9000", "anonymous", []string{"ul.hits li h2 a", ".facets h2", "p.badges .badge"}},
	{"/?q=poetsn", "anonymous", []string{"ul.hits"}},
	{"/ondernemingen", "anonymous", []string{"form.search input#q", "label[for=form]", "ul.directory li h2 a[href^='/ondernemingen/']"}},
	{"/ondernemingen?q=poetsen", "anonymous", []string{"ul.directory li h2 a[href='/ondernemingen/" + string(kboB) + "']", "ul.directory li p.badges .badge"}},
	{"/ondernemingen/" + string(kboA), "anonymous", []string{"h1", "dl dt", "p.badges"}},
	{"/opdrachten", "anonymous", []string{"ul.tenders li h2 a[href^='/opdrachten/']"}},
	{"/opdrachten/published-A", "anonymous", []string{"section.lot h2", "section.lot dl"}},
	{"/opdrachten/nieuw", "buyerA", []string{"form input#title", "input#lot1_cpv[data-cpv-picker]", "input[type=file]#file"}},
	{"/mijn-opdrachten", "buyerA", []string{"section.my-tenders h2", "section#draft ul.tenders li h3 a[href='/opdrachten/draft-A']"}},
	{"/clausule", "buyerA", []string{"form.clause input#title", "select#clause option"}},
	{"/stages?postcode=9000", "anonymous", []string{"form.search input#postcode", "select#work option", "p#stages-summary"}},
	{"/stages/nieuw", "buyerA", []string{"form.internship input#title", "select#work option", "input#places", "input[name=csrf]"}},
	{"/mijn-aanbod", "supplierA", []string{"a[href='/api/v1/catalogue/template.xlsx']", "form.upload input[type=file]", "input[name=csrf]"}},
	{"/aanmelden", "anonymous", []string{"form input#token[type=password]", "input[name=csrf]"}},
	{"/beheer/erkenningen", "admin", []string{"form.upload input[type=file]#file", "label[for=file]", "input[name=csrf]"}},
	{"/api/docs", "anonymous", []string{"table tbody tr td.method"}},
	{"/beheer/tokens", "admin", []string{"table.tokens tbody tr td code", "form[action$='/intrekken'] input[name=csrf]"}},
	{"/opdrachten/nieuw", "buyerB", []string{"p.fixed strong#buyer"}},
	{"/opdrachten/draft-A/bewerken", "buyerA", []string{"form[action='/opdrachten/draft-A/bewerken'] input#title[value='Schoonmaak draft-A']", "input[name=lot1_id][value='1']", "input#lot1_cpv[value='90911200-8']", "p.fixed strong#buyer"}},
	{"/opdrachten/draft-A/verwijderen", "buyerA", []string{"form[action='/opdrachten/draft-A/verwijderen'] button"}},
	{"/aanvragen/nieuw", "buyerA", []string{"form.need input#title", "select#category option", "input#answer_by", "input#reserved[type=checkbox]"}},
}

// TestPagesRender renders every page as the user who would see it and
// checks its key elements with CSS selectors, and that every form field
// has a label.
func TestPagesRender(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tt := range pageCases {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := f.do(t, tt.who, "GET", tt.path, "", "")
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %.300s", resp.StatusCode, body)
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if lang, _ := doc.Find("html").Attr("lang"); lang != "nl" {
				t.Errorf("html lang = %q, want nl", lang)
			}
			for _, sel := range tt.want {
				if doc.Find(sel).Length() == 0 {
					t.Errorf("no element matches %q", sel)
				}
			}
			// Tables read as cards on a phone: each cell names its column.
			doc.Find("table").Each(func(_ int, s *goquery.Selection) {
				if !s.HasClass("cards") {
					t.Errorf("a table without class cards")
				}
			})
			doc.Find("td").Each(func(_ int, s *goquery.Selection) {
				if l, ok := s.Attr("data-label"); !ok || l == "" {
					t.Errorf("cell %q has no data-label", s.Text())
				}
			})
			doc.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
				if typ, _ := s.Attr("type"); typ == "hidden" || typ == "submit" {
					return
				}
				id, _ := s.Attr("id")
				_, aria := s.Attr("aria-label")
				if !aria && (id == "" || doc.Find("label[for='"+id+"']").Length() == 0) && s.ParentsFiltered("label").Length() == 0 {
					name, _ := s.Attr("name")
					t.Errorf("field %q has no label", name)
				}
			})
		})
	}
}
