package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeNoticeFeed runs koppel serve with a watched folder and a
// source: a package dropped into the folder and one the source lists
// become tenders.
func TestServeNoticeFeed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprintln(w, "20260127_018.tar.gz")
			return
		}
		http.ServeFile(w, r, filepath.Join("../../feed/testdata", filepath.Base(r.URL.Path)))
	}))
	defer src.Close()
	bin := buildKoppel(t)
	dir := t.TempDir()
	b, err := os.ReadFile("../../feed/testdata/20260123_016.tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "20260123_016.tar.gz"), b, 0o644)
	_, url := startServe(t, bin, "--data", filepath.Join(t.TempDir(), "data"), "--notices-dir", dir, "--notices-url", src.URL+"/", "--notices-every", "1h")

	var body string
	for i := 0; i < 600; i++ {
		resp, err := http.Get(url + "/api/v1/tenders?size=50")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body = string(b)
		_, statErr := os.Stat(filepath.Join(dir, "done", "20260123_016.tar.gz.report.json"))
		if statErr == nil && strings.Contains(body, "eforms-7d1c1e2a-3b4c-4d5e-8f90-123456789abc") && strings.Contains(body, "eforms-7d1c1e2a-3b4c-4d5e-8f90-000000000018") {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	entries, _ := os.ReadDir(dir)
	t.Errorf("after 2 minutes: folder %v, tenders %s", entries, body)
}
