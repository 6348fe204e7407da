package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"koppel"
)

// catalogueCSV returns a catalogue of n offerings whose titles all carry
// version v.
func catalogueCSV(n, v int) []byte {
	rows := make([]int, n)
	for i := range rows {
		rows[i] = v
	}
	return catalogueRows(rows)
}

// catalogueRows returns a catalogue with one offering per element of rows,
// whose title carries the element (a version).
func catalogueRows(rows []int) []byte {
	var b bytes.Buffer
	b.WriteString("Code;Dienst;Omschrijving;Categorie;CPV-codes\n")
	for i, v := range rows {
		fmt.Fprintf(&b, "C%05d;Poetsdienst %d versie %d;Schoonmaak van klaslokalen en sanitair;Schoonmaak;90911200-8\n", i, i, v)
	}
	return b.Bytes()
}

// storedCatalogue returns the version of each stored offering of the
// crash-test enterprise, by row.
func storedCatalogue(t *testing.T, url string) []int {
	t.Helper()
	resp, err := http.Get(url + "/api/v1/enterprises/0123456749")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil
	}
	var v struct {
		Offerings []koppel.Offering `json:"offerings"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	rows := make([]int, len(v.Offerings))
	for _, o := range v.Offerings {
		var id, ver int
		fmt.Sscanf(o.Title[strings.Index(o.Title, " ")+1:], "%d versie %d", &id, &ver)
		if id < 0 || id >= len(rows) {
			t.Fatalf("offering %q: row %d of %d", o.Title, id, len(rows))
		}
		rows[id] = ver
	}
	return rows
}

// TestCrashDuringUpload kills koppel serve with SIGKILL at random moments
// of a catalogue upload, a bounded number of times, and checks after each
// restart that the catalogue is one whole upload (never a mix), that no
// upload that was answered 2xx is lost, and that the index agrees with the
// store.
func TestCrashDuringUpload(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts the binary")
	}
	bin := buildKoppel(t)
	data := filepath.Join(t.TempDir(), "data")
	const rows = 8000
	admin := createToken(t, bin, data)
	rng := rand.New(rand.NewPCG(1, 2))
	acked := 0 // the newest upload that was answered 2xx
	// uploads[r] is the catalogue of round r, as versions by row. Odd
	// rounds change every row (the upload fills a new generation and flips
	// it); even rounds change 50 rows and add one (applied in place, in one
	// transaction).
	uploads := map[int][]int{0: nil}
	last := 0 // the newest upload the store may hold
	for round := 1; round <= soakRounds(4, 20); round++ {
		cmd, url := startServe(t, bin, "--data", data, "--rate-write", "0")
		got := storedCatalogue(t, url)
		// The catalogue is one whole upload: the newest version in it
		// names the upload, which must be the acknowledged one or later.
		v := 0
		for _, x := range got {
			v = max(v, x)
		}
		if v < acked {
			t.Fatalf("round %d: catalogue is upload %d, but upload %d was acknowledged", round, v, acked)
		}
		if !slices.Equal(got, uploads[v]) {
			t.Fatalf("round %d: catalogue is no whole upload: %v", round, summarize(got))
		}
		if n := indexedOfferings(t, url); n != len(got) {
			t.Fatalf("round %d: index has %d offerings, store %d", round, n, len(got))
		}
		last = v
		// Upload the next version and kill the server somewhere in it.
		next := make([]int, rows+round)
		for i := range next {
			switch {
			case round%2 == 1 || i >= len(uploads[last]) || i < 50:
				next[i] = round
			default:
				next[i] = uploads[last][i]
			}
		}
		uploads[round] = next
		done := postAsync(url+"/api/v1/enterprises/0123456749/catalogue", "text/csv", admin, catalogueRows(next))
		// A whole new catalogue takes a few seconds to store and index:
		// kill it anywhere in them, or after.
		wait := 1500
		if round%2 == 1 {
			wait = 5000
		}
		time.Sleep(time.Duration(rng.IntN(wait)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		status := <-done
		if status/100 == 2 {
			acked = round
		}
		changed := 0
		for i, x := range next {
			if i >= len(uploads[last]) || x != uploads[last][i] {
				changed++
			}
		}
		t.Logf("round %d: upload of %d rows (%d changed) answered %d before the kill", round, len(next), changed, status)
	}
}

// summarize counts the rows of each version.
func summarize(rows []int) map[int]int {
	m := map[int]int{}
	for _, v := range rows {
		m[v]++
	}
	return m
}

// indexedOfferings returns how many offerings a search over everything
// finds: with one enterprise in the store, the index must hold exactly its
// catalogue.
func indexedOfferings(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url + "/api/v1/offerings?size=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct {
		Total int `json:"total"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v.Total
}

// createToken creates an admin token and the crash-test enterprise (a CSV
// catalogue has no Onderneming sheet to create it).
func createToken(t *testing.T, bin, data string) string {
	t.Helper()
	out, err := exec.Command(bin, "token", "create", "--data", data, "--role", "admin").Output()
	if err != nil {
		t.Fatal(err)
	}
	e, err := openEnv(context.Background(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.store.PutEnterprise(context.Background(), mustEnterprise(t)); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// soakRounds is short in make test and long in make soak (KOPPEL_SOAK=1).
func soakRounds(short, long int) int {
	if os.Getenv("KOPPEL_SOAK") != "" {
		return long
	}
	return short
}

// TestCrashDuringTenderImport kills koppel serve at random moments of an
// eForms import, a bounded number of times, and checks after each restart
// that an acknowledged import is there, and that store and index agree on
// whether the tender exists.
func TestCrashDuringTenderImport(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts the binary")
	}
	bin := buildKoppel(t)
	data := filepath.Join(t.TempDir(), "data")
	admin := createToken(t, bin, data)
	notice, err := os.ReadFile("../../importers/eforms/testdata/cn_flemish_synthetic.xml")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	acked := false
	const id = "eforms-" // prefix of the tender ID the notice gets
	for round := 1; round <= soakRounds(3, 15); round++ {
		cmd, url := startServe(t, bin, "--data", data, "--rate-write", "0")
		// The store's view, as an admin sees it, in every status: the
		// notice's deadline (15 June 2026) has passed, so koppel serve
		// closes the tender when it starts, and a default list (published
		// tenders and drafts) no longer shows it.
		stored := 0
		for _, status := range []koppel.TenderStatus{koppel.TenderPublished, koppel.TenderClosed, koppel.TenderAnnounced, koppel.TenderWithdrawn, koppel.TenderDraft} {
			req, _ := http.NewRequest("GET", url+"/api/v1/tenders?size=100&status="+string(status), nil)
			req.Header.Set("Authorization", "Bearer "+admin)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var list struct {
				Hits []struct {
					Tender struct {
						ID string `json:"id"`
					} `json:"tender"`
				} `json:"hits"`
			}
			json.NewDecoder(resp.Body).Decode(&list)
			resp.Body.Close()
			for _, h := range list.Hits {
				if strings.HasPrefix(h.Tender.ID, id) {
					req, _ := http.NewRequest("GET", url+"/api/v1/tenders/"+h.Tender.ID, nil)
					req.Header.Set("Authorization", "Bearer "+admin)
					resp, err := http.DefaultClient.Do(req)
					if err == nil {
						resp.Body.Close()
						if resp.StatusCode == http.StatusOK {
							stored++
						}
					}
				}
			}
		}
		if acked && stored == 0 {
			t.Fatalf("round %d: an acknowledged tender import is lost", round)
		}
		if stored > 1 {
			t.Fatalf("round %d: the notice was stored %d times", round, stored)
		}
		// Import the notice and kill the server somewhere in it.
		done := postAsync(url+"/api/v1/tenders/import", "application/xml", admin, notice)
		time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		status := <-done
		if status/100 == 2 {
			acked = true
		}
		t.Logf("round %d: %d stored before, import answered %d before the kill", round, stored, status)
	}
	// Finally the index agrees with the store.
	if out, err := exec.Command(bin, "check", "--data", data).CombinedOutput(); err != nil {
		t.Errorf("koppel check after the crashes: %v\n%s", err, out)
	}
}

// postAsync posts body in the background and delivers the status (0 when
// the connection broke, as it does when the server is killed).
func postAsync(url, contentType, token string, body []byte) <-chan int {
	done := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	return done
}
