package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// metric reads one unlabelled value from /metrics.
func metric(t *testing.T, url, name string) float64 {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	t.Fatalf("/metrics has no %s", name)
	return 0
}

// TestLoadAndLiveBackup runs a bounded mixed load on loopback — searches,
// matches and catalogue uploads from several clients at once — and takes a
// backup of the running server in the middle. It checks that no request
// fails, that goroutines do not pile up, and that the backup restores into
// a store the index agrees with.
func TestLoadAndLiveBackup(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary under load")
	}
	bin := buildKoppel(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	out, err := exec.Command(bin, "token", "create", "--data", data, "--role", "admin").Output()
	if err != nil {
		t.Fatal(err)
	}
	admin := strings.TrimSpace(string(out))
	_, url := startServe(t, bin, "--data", data, "--demo", "--rate-search", "0", "--rate-write", "0")

	resp, err := http.Get(url + "/api/v1/enterprises?size=1")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Enterprises []struct {
			KBO string `json:"kbo"`
		} `json:"enterprises"`
	}
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	kbo := list.Enterprises[0].KBO

	get := func(path string) error {
		resp, err := http.Get(url + path)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s", path, resp.Status)
		}
		return nil
	}
	upload := func(v int) error {
		req, _ := http.NewRequest("POST", url+"/api/v1/enterprises/"+kbo+"/catalogue", bytes.NewReader(catalogueCSV(500+v%7, v)))
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+admin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("upload: %s", resp.Status)
		}
		return nil
	}

	for i := range 20 { // warm up
		get("/api/v1/offerings?q=poetsdienst&postcode=9000&radius_km=30&page=" + strconv.Itoa(1+i%3))
	}
	before := metric(t, url, "go_goroutines")

	stop := time.Now().Add(time.Duration(soakRounds(8, 120)) * time.Second)
	var wg sync.WaitGroup
	var requests, failures atomic.Int64
	var firstErr atomic.Value
	client := func(fn func(i int) error) {
		defer wg.Done()
		for i := 0; time.Now().Before(stop); i++ {
			requests.Add(1)
			if err := fn(i); err != nil {
				failures.Add(1)
				firstErr.CompareAndSwap(nil, err.Error())
			}
		}
	}
	queries := []string{"poetsdienst scholen", "groenonderhoud", "fietspunt", "catering", "klusjes"}
	for c := range 4 {
		wg.Add(1)
		go client(func(i int) error {
			return get("/api/v1/offerings?q=" + strings.ReplaceAll(queries[(i+c)%len(queries)], " ", "+") + "&postcode=9000&radius_km=40")
		})
	}
	wg.Add(2)
	go client(func(int) error { return get("/api/v1/tenders/demo-2027-001/matches") })
	go client(func(i int) error { return upload(i) })

	// A backup of the live server, in the middle of the load.
	time.Sleep(3 * time.Second)
	backup := filepath.Join(dir, "live.backup")
	if out, err := exec.Command(bin, "backup", "--server", url, "--token", admin, backup).CombinedOutput(); err != nil {
		t.Errorf("live backup: %v: %s", err, out)
	}
	wg.Wait()

	if n := failures.Load(); n > 0 {
		t.Errorf("%d of %d requests failed; first: %v", n, requests.Load(), firstErr.Load())
	}
	t.Logf("%d requests", requests.Load())
	time.Sleep(500 * time.Millisecond)
	if after := metric(t, url, "go_goroutines"); after > before+10 {
		t.Errorf("goroutines grew from %.0f to %.0f during the load", before, after)
	}

	restored := filepath.Join(dir, "restored")
	if out, err := exec.Command(bin, "restore", "--data", restored, backup).CombinedOutput(); err != nil {
		t.Fatalf("restore of the live backup: %v: %s", err, out)
	}
	if out, err := exec.Command(bin, "check", "--data", restored).CombinedOutput(); err != nil {
		t.Errorf("check after restoring the live backup: %v: %s", err, out)
	}
}
