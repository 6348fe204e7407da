package server

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestAPIDocsDutch: every API route and query parameter on /api/docs has
// its Dutch text and every Dutch text belongs to a route; the page served
// over HTTP has no English sentences left.
func TestAPIDocsDutch(t *testing.T) {
	s := &Server{}
	usedRoute, usedParam := map[string]bool{}, map[string]bool{}
	for _, r := range s.routeTable() {
		if r.Page {
			continue
		}
		k := r.Method + " " + r.Path
		if apiSummaryNL[k] == "" {
			t.Errorf("route %s has no Dutch summary in apiSummaryNL (English: %q)", k, r.Summary)
		}
		usedRoute[k] = true
		for _, q := range r.Query {
			if q.Description == "" {
				continue
			}
			if apiParamNL[q.Description] == "" {
				t.Errorf("parameter %s of %s has no Dutch text in apiParamNL (English: %q)", q.Name, k, q.Description)
			}
			usedParam[q.Description] = true
		}
	}
	for k := range apiSummaryNL {
		if !usedRoute[k] {
			t.Errorf("apiSummaryNL has %q, which is no API route", k)
		}
	}
	for k := range apiParamNL {
		if !usedParam[k] {
			t.Errorf("apiParamNL has %q, which no route's parameter has", k)
		}
	}

	srv := &Server{Addr: "127.0.0.1:0"}
	if err := srv.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(t.Context()) })
	resp, err := http.Get(srv.URL() + "/api/docs")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	rows := doc.Find("main table tbody tr")
	if resp.StatusCode != 200 || rows.Length() < 50 {
		t.Fatalf("status %d, %d rows, want 200 and every API route", resp.StatusCode, rows.Length())
	}
	english := regexp.MustCompile(`\b(the|and|or an admin|its|with|Create|Delete|One|only|from)\b`)
	rows.Each(func(_ int, tr *goquery.Selection) {
		text := tr.Find("td").Not(".method").Text()
		for _, code := range tr.Find("code").Nodes {
			text = strings.Replace(text, goquery.NewDocumentFromNode(code).Text(), "", 1)
		}
		if w := english.FindString(text); w != "" {
			t.Errorf("row %q has the English word %q", strings.Join(strings.Fields(text), " "), w)
		}
	})
	if !strings.Contains(doc.Find("main table").Text(), "aankoper of beheerder") {
		t.Errorf("roles are not named in Dutch: %.300s", doc.Find("main table").Text())
	}

	// A reader in English or French gets the route table's English, not Dutch.
	req, _ := http.NewRequest("GET", srv.URL()+"/api/docs", nil)
	req.Header.Set("Accept-Language", "en")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ = io.ReadAll(resp.Body)
	if body := string(b); !strings.Contains(body, "The public directory of enterprises") || strings.Contains(body, "De openbare lijst van ondernemingen") {
		t.Errorf("API docs in English: %.300s", body)
	}
}
