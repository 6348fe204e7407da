package server_test

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/search"
)

// TestSearchMoreLinks reads the first pages of the search page on the demo
// data, where an enterprise's two listed services often stand apart (each
// keeps its own rank) and sometimes on different pages: on each page an
// enterprise has at most one "nog N diensten van …" link, under its last
// service there, and N is the number of its services that fit the search
// (the API with that enterprise) less those listed up to that one.
func TestSearchMoreLinks(t *testing.T) {
	f, _ := demoFixture(t)
	moreText := regexp.MustCompile(`^nog (\d+) (dienst|diensten) van `)
	links := 0
	// The page's query, and the API's filter of the same services: a place
	// on the page ("komt naar deze plaats", ticked by default) is serves.
	for _, tc := range []struct{ q, api string }{
		{"onderhoud", "onderhoud"},
		{"groenonderhoud&postcode=Leuven", "groenonderhoud&serves=3000"},
		{"poetsen&postcode=Gent&radius_km=30", "poetsen&serves=9000"},
	} {
		q := tc.q
		total := map[string]int{} // enterprise → its services that fit
		seen := map[string]int{}  // enterprise → listed so far
		for page := 1; page <= 3; page++ {
			_, body := f.do(t, "anonymous", "GET", "/?q="+q+"&page="+strconv.Itoa(page), "", "")
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			type item struct {
				kbo  string
				more string
			}
			var items []item
			doc.Find("ul.hits > li").Each(func(_ int, s *goquery.Selection) {
				href, _ := s.Find("p.who a").First().Attr("href")
				items = append(items, item{strings.TrimPrefix(href, "/ondernemingen/"), strings.TrimSpace(s.Find("p.more").Text())})
			})
			for i, it := range items {
				seen[it.kbo]++
				last := true
				for _, later := range items[i+1:] {
					last = last && later.kbo != it.kbo
				}
				if it.more == "" {
					continue
				}
				links++
				if !last {
					t.Errorf("%s page %d: %s has its link above another of its services on the page", q, page, it.kbo)
				}
				m := moreText.FindStringSubmatch(it.more)
				if m == nil {
					t.Fatalf("%s page %d: link %q", q, page, it.more)
				}
				if _, ok := total[it.kbo]; !ok {
					_, js := f.do(t, "anonymous", "GET", "/api/v1/offerings?q="+tc.api+"&enterprise="+it.kbo+"&size=1", "", "")
					var r search.OfferingResult
					if err := json.Unmarshal([]byte(js), &r); err != nil {
						t.Fatal(err)
					}
					total[it.kbo] = r.Total
				}
				if n, _ := strconv.Atoi(m[1]); n != total[it.kbo]-seen[it.kbo] {
					t.Errorf("%s page %d: %s %q, want %d (%d fit, %d listed so far)", q, page, it.kbo, it.more, total[it.kbo]-seen[it.kbo], total[it.kbo], seen[it.kbo])
				}
			}
		}
	}
	if links == 0 {
		t.Fatal(`no "nog N diensten van …" link: the test shows nothing`)
	}
}
