package server_test

import (
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/server"
)

func TestDumpPage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	_, body := f.do(t, os.Getenv("WHO"), "GET", os.Getenv("PAGE"), "", "")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	doc.Find("script,style,svg path").Remove()
	t.Log(strings.Join(strings.Fields(doc.Find("body").Text()), " "))
}
