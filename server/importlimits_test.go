package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/importers/hostile"
	"koppel/ingest"
	"koppel/server"
)

// TestImportQueueFull: beyond the running and waiting imports an upload
// gets 503 with Retry-After at once, and the server imports again when a
// place frees.
func TestImportQueueFull(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	q := ingest.NewQueue(1, 0)
	f.srv.Importer.Queue = q // before any request
	release, err := q.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/enterprises/" + string(kboA) + "/catalogue"
	good := catalogueWorkbook(t, kboA, [][]any{{"P1", "Poetsen van klaslokalen", "", "Schoonmaak & poetsen", "90911200-8"}})
	for _, c := range []struct{ identity, path string }{{"supplierA", path}, {"buyerA", "/api/v1/tenders/import"}} {
		resp, body := upload(t, f, c.identity, c.path, "a.xlsx", good)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "probeer het over een halve minuut opnieuw") {
			t.Errorf("%s with a full queue = %d (Retry-After %q) %s, want 503 with Retry-After", c.path, resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
	}
	release()
	if resp, body := upload(t, f, "supplierA", path, "a.xlsx", good); resp.StatusCode != 200 {
		t.Errorf("upload after the queue freed = %d %s", resp.StatusCode, body)
	}
}

// TestHostileUploads: each hostile workbook gets its answer, and the
// server stays healthy for the next upload.
func TestHostileUploads(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	path := "/api/v1/enterprises/" + string(kboA) + "/catalogue"
	good := catalogueWorkbook(t, kboA, [][]any{{"P1", "Poetsen van klaslokalen", "", "Schoonmaak & poetsen", "90911200-8"}})
	gen := func(fn func() ([]byte, error)) []byte {
		b, err := fn()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cat := func(n int) []byte { return gen(func() ([]byte, error) { return hostile.Catalogue(n, nil) }) }
	cases := []struct {
		name   string
		query  string
		data   []byte
		status int
		want   string
	}{
		{"no styles, merge", "?mode=merge", gen(func() ([]byte, error) { return hostile.WithoutStyles(cat(20)) }), 200, `"annotated":true`},
		{"no styles, dry run", "?dry_run=true", gen(func() ([]byte, error) { return hostile.WithoutStyles(cat(20)) }), 200, `"annotated":true`},
		{"shared strings", "", gen(func() ([]byte, error) { return hostile.SharedStrings(1_200_000) }), 413, "verschillende teksten"},
		{"column XFD", "", gen(func() ([]byte, error) { return hostile.FarRight(cat(50)) }), 413, "kolom XFD"},
		{"row 1048576", "?dry_run=true", gen(func() ([]byte, error) { return hostile.LastRow(cat(5)) }), 413, "rij 1048576"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := upload(t, f, "supplierA", path+c.query, "a.xlsx", c.data)
			if resp.StatusCode != c.status || !strings.Contains(body, c.want) {
				t.Fatalf("upload = %d %.300s, want %d with %q", resp.StatusCode, body, c.status, c.want)
			}
			if c.status == 200 {
				var rep koppel.ImportReport
				json.Unmarshal([]byte(body), &rep)
				resp, body := f.do(t, "supplierA", "GET", "/api/v1/imports/"+rep.ID+"/annotated.xlsx", "", "")
				if resp.StatusCode != 200 {
					t.Fatalf("annotated = %d", resp.StatusCode)
				}
				x, err := excelize.OpenReader(strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				defer x.Close()
				if comments, _ := x.GetComments("Aanbod"); len(comments) != 20 {
					t.Errorf("annotated workbook has %d comments, want 20", len(comments))
				}
			}
			if resp, body := upload(t, f, "supplierA", path, "a.xlsx", good); resp.StatusCode != 200 {
				t.Errorf("next upload = %d %.300s", resp.StatusCode, body)
			}
		})
	}
}
