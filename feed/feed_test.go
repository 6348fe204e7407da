package feed_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"koppel"
	"koppel/feed"
	"koppel/ingest"
	"koppel/refdata"
	"koppel/server"
	"koppel/store"
)

func newFeed(t *testing.T) (*feed.Feed, *store.Store) {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &feed.Feed{Importer: &ingest.Importer{Ref: refdata.Load(), Store: st}, Store: st,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, st
}

func recorded(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// source is a local HTTP server serving a listing of recorded packages;
// it counts the requests per path and fails while broken.
type source struct {
	mu       sync.Mutex
	packages []string
	hits     map[string]int
	broken   bool
}

func (s *source) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits[r.URL.Path]++
	if s.broken {
		http.Error(w, "onderhoud", http.StatusServiceUnavailable)
		return
	}
	if r.URL.Path == "/daily/" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><body><a href="/over.html">Over</a>`)
		for _, p := range s.packages {
			fmt.Fprintf(w, `<a href="%s">%s</a> `, p, p)
		}
		fmt.Fprint(w, `</body></html>`)
		return
	}
	b, err := os.ReadFile(filepath.Join("testdata", filepath.Base(r.URL.Path)))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(b)
}

func (s *source) hit(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[p]
}

// TestFetch: the feed fetches the packages a listing names, once each;
// a failing source is counted, shown on /metrics and retried at the next
// fetch.
func TestFetch(t *testing.T) {
	ctx := context.Background()
	src := &source{packages: []string{"20260123_016.tar.gz", "20260126_017.zip"}, hits: map[string]int{}}
	hs := httptest.NewServer(src)
	defer hs.Close()
	f, st := newFeed(t)
	f.URL = hs.URL + "/daily/"
	if err := f.Fetch(ctx); err != nil {
		t.Fatal(err)
	}
	reps, err := st.NoticeReports(ctx, 10)
	if err != nil || len(reps) != 2 {
		t.Fatalf("%d reports (%v), want one per package", len(reps), err)
	}
	created := 0
	for _, r := range reps {
		created += r.Results["created"]
		if r.Origin != "fetch" || r.Status != "done" {
			t.Errorf("report %+v", r)
		}
	}
	if created != 2 {
		t.Errorf("%d tenders created, want 2 (Gent and the cancelled procedure)", created)
	}
	if tn, err := st.FindTenderByNotice(ctx, "7d1c1e2a-3b4c-4d5e-8f90-123456789abc"); err != nil || tn.Status != koppel.TenderPublished {
		t.Errorf("Gent: %v, %v", tn, err)
	}

	// Fetched packages are not fetched again.
	if err := f.Fetch(ctx); err != nil {
		t.Fatal(err)
	}
	if src.hit("/daily/20260123_016.tar.gz") != 1 || src.hit("/daily/20260126_017.zip") != 1 || src.hit("/over.html") != 0 {
		t.Errorf("hits %v: each package once, no other page", src.hits)
	}

	// A failing source is counted and shown; the next fetch retries.
	src.mu.Lock()
	src.broken = true
	src.mu.Unlock()
	if err := f.Fetch(ctx); err == nil {
		t.Fatal("fetch from a failing source: no error")
	}
	s := f.FeedStatus()
	if s.Failures != 1 || s.FailuresTotal != 1 || !strings.Contains(s.LastError, "503") || s.LastSuccess.IsZero() {
		t.Errorf("status after a failure: %+v", s)
	}
	srv := &server.Server{Addr: "127.0.0.1:0", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), NoticeFeed: f, NoticeReports: st, Tenders: st}
	if err := srv.Open(); err != nil {
		t.Fatal(err)
	}
	defer srv.Close(ctx)
	resp, err := http.Get(srv.URL() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"koppel_notice_fetch_failures 1", "koppel_notice_fetch_failures_total 1", "koppel_notice_packages_total 2"} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	src.mu.Lock()
	src.broken = false
	src.packages = append(src.packages, "20260127_018.tar.gz")
	src.mu.Unlock()
	if err := f.Fetch(ctx); err != nil {
		t.Fatal(err)
	}
	if s := f.FeedStatus(); s.Failures != 0 || s.LastError != "" || s.FailuresTotal != 1 || s.Packages != 3 {
		t.Errorf("status after the retry: %+v", s)
	}
	if _, err := st.FindTenderByNotice(ctx, "7d1c1e2a-3b4c-4d5e-8f90-000000000018"); err != nil {
		t.Errorf("the new package's notice: %v", err)
	}
}

// TestFetchPackageURL: a URL that answers a package itself is imported
// when its content is new.
func TestFetchPackageURL(t *testing.T) {
	ctx := context.Background()
	src := &source{hits: map[string]int{}}
	hs := httptest.NewServer(src)
	defer hs.Close()
	f, st := newFeed(t)
	f.URL = hs.URL + "/20260123_016.tar.gz"
	for range 2 {
		if err := f.Fetch(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if reps, _ := st.NoticeReports(ctx, 10); len(reps) != 1 || src.hit("/20260123_016.tar.gz") != 2 {
		t.Errorf("%d reports, %d fetches; want the package imported once, fetched twice", len(reps), src.hit("/20260123_016.tar.gz"))
	}
}

// TestFolderWatch: packages and notices dropped into the folder are
// imported once fully written and moved to done/ or failed/ with their
// report beside.
func TestFolderWatch(t *testing.T) {
	ctx := context.Background()
	f, st := newFeed(t)
	f.Dir = t.TempDir()
	dir := f.Dir
	// Written as .part, then renamed: imported at the second look after.
	part := filepath.Join(dir, "20260123_016.tar.gz.part")
	os.WriteFile(part, recorded(t, "20260123_016.tar.gz"), 0o644)
	scan := func() {
		t.Helper()
		if err := f.ScanDir(ctx); err != nil {
			t.Fatal(err)
		}
	}
	scan()
	os.Rename(part, filepath.Join(dir, "20260123_016.tar.gz"))
	// A broken package and a notice still being written.
	os.WriteFile(filepath.Join(dir, "kapot.zip"), []byte("PK\x03\x04 dit is geen zip"), 0o644)
	growing := filepath.Join(dir, "leuven.xml")
	whole := recorded(t, "20260123_016.tar.gz")
	os.WriteFile(growing, []byte("<?xml"), 0o644)
	scan()
	if _, err := os.Stat(filepath.Join(dir, "20260123_016.tar.gz")); err != nil {
		t.Fatal("imported at the first look, before it was known to be complete")
	}
	fh, _ := os.OpenFile(growing, os.O_APPEND|os.O_WRONLY, 0)
	fh.Write([]byte(" version=\"1.0\"?>"))
	fh.Close()
	scan()
	for _, c := range []struct{ name, to, status string }{
		{"20260123_016.tar.gz", "done", "done"},
		{"kapot.zip", "failed", "failed"},
	} {
		b, err := os.ReadFile(filepath.Join(dir, c.to, c.name+".report.json"))
		var rep koppel.NoticeReport
		if err == nil {
			err = json.Unmarshal(b, &rep)
		}
		if err != nil || rep.Status != c.status || rep.Origin != "folder" {
			t.Errorf("%s: report in %s/: %+v, %v", c.name, c.to, rep, err)
		}
		if _, err := os.Stat(filepath.Join(dir, c.to, c.name)); err != nil {
			t.Errorf("%s not moved to %s/", c.name, c.to)
		}
	}
	if _, err := os.Stat(growing); err != nil {
		t.Error("a file still growing was taken")
	}
	scan() // unchanged now: imported; a broken notice fails
	if _, err := os.Stat(filepath.Join(dir, "failed", "leuven.xml.report.json")); err != nil {
		t.Errorf("the cut notice: %v", err)
	}
	if _, err := st.FindTenderByNotice(ctx, "7d1c1e2a-3b4c-4d5e-8f90-123456789abc"); err != nil {
		t.Errorf("the package's notice: %v", err)
	}
	// The same package dropped again: moved beside the first, all unchanged.
	os.WriteFile(filepath.Join(dir, "20260123_016.tar.gz"), whole, 0o644)
	scan()
	scan()
	entries, _ := os.ReadDir(filepath.Join(dir, "done"))
	if len(entries) != 4 {
		t.Errorf("done/ holds %d files, want both packages and their reports", len(entries))
	}
	if s := f.FeedStatus(); s.Packages != 4 {
		t.Errorf("status %+v, want 4 packages", s)
	}
}
