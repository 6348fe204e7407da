package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"koppel"
)

// postReport posts a request and decodes the import report it answers.
func postReport(t *testing.T, url, contentType, token string, body []byte) koppel.ImportReport {
	t.Helper()
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rep koppel.ImportReport
	if err := json.NewDecoder(resp.Body).Decode(&rep); err != nil || resp.StatusCode != 200 {
		t.Fatalf("POST %s = %d, %v", url, resp.StatusCode, err)
	}
	return rep
}

// TestCrashDuringUndo kills koppel serve with SIGKILL at random moments of
// an undo, a bounded number of times, and checks after each restart that
// the catalogue is one whole catalogue, the one before the undo or the one
// after, the one after when the undo was answered, and that the index
// agrees with the store.
func TestCrashDuringUndo(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts the binary")
	}
	bin := buildKoppel(t)
	data := filepath.Join(t.TempDir(), "data")
	const rows = 4000
	admin := createToken(t, bin, data)
	a, b := slices.Repeat([]int{1}, rows), slices.Repeat([]int{2}, rows+7)
	// Catalogue a, then b, then a again: undoing the third import puts b
	// back, undoing the second puts a back. Each undo changes every row.
	cmd, url := startServe(t, bin, "--data", data, "--rate-write", "0")
	upload := url + "/api/v1/enterprises/0123456749/catalogue"
	postReport(t, upload, "text/csv", admin, catalogueRows(a))
	toA := postReport(t, upload, "text/csv", admin, catalogueRows(b)).ID
	toB := postReport(t, upload, "text/csv", admin, catalogueRows(a)).ID
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	rng := rand.New(rand.NewPCG(5, 6))
	var acked []int // the catalogue an answered undo put back
	for round := 1; round <= soakRounds(3, 15); round++ {
		cmd, url := startServe(t, bin, "--data", data, "--rate-write", "0")
		got := storedCatalogue(t, url)
		if !slices.Equal(got, a) && !slices.Equal(got, b) {
			t.Fatalf("round %d: catalogue is no whole catalogue: %v", round, summarize(got))
		}
		if acked != nil && !slices.Equal(got, acked) {
			t.Fatalf("round %d: an answered undo is lost: catalogue %v", round, summarize(got))
		}
		if n := indexedOfferings(t, url); n != len(got) {
			t.Fatalf("round %d: index has %d offerings, store %d", round, n, len(got))
		}
		id, target := toB, b
		if slices.Equal(got, b) {
			id, target = toA, a
		}
		done := postAsync(url+"/api/v1/imports/"+id+"/undo", "", admin, nil)
		time.Sleep(time.Duration(rng.IntN(2000)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		status := <-done
		acked = nil
		if status/100 == 2 {
			acked = target
		}
		t.Logf("round %d: catalogue of %d rows, undo to %d rows answered %d before the kill", round, len(got), len(target), status)
	}
}
