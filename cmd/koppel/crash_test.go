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
	"strings"
	"syscall"
	"testing"
	"time"

	"koppel"
)

// catalogueCSV returns a catalogue of n offerings whose titles all carry
// version v, so that a mix of two uploads is visible.
func catalogueCSV(n, v int) []byte {
	var b bytes.Buffer
	b.WriteString("Code;Dienst;Omschrijving;Categorie;CPV-codes\n")
	for i := range n {
		fmt.Fprintf(&b, "C%05d;Poetsdienst %d versie %d;Schoonmaak van klaslokalen en sanitair;Schoonmaak;90911200-8\n", i, i, v)
	}
	return b.Bytes()
}

// catalogueVersions returns the versions found in the stored catalogue of
// the crash-test enterprise and its size.
func catalogueVersions(t *testing.T, url string) (map[int]int, int) {
	t.Helper()
	resp, err := http.Get(url + "/api/v1/enterprises/0123456749")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return map[int]int{}, 0
	}
	var v struct {
		Offerings []koppel.Offering `json:"offerings"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	versions := map[int]int{}
	for _, o := range v.Offerings {
		var id, ver int
		fmt.Sscanf(o.Title[strings.Index(o.Title, " ")+1:], "%d versie %d", &id, &ver)
		versions[ver]++
	}
	return versions, len(v.Offerings)
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
	acked := 0 // the newest version whose upload was answered 2xx
	sizes := map[int]int{}
	for round := 1; round <= soakRounds(4, 20); round++ {
		cmd, url := startServe(t, bin, "--data", data, "--rate-write", "0")
		versions, n := catalogueVersions(t, url)
		if len(versions) > 1 {
			t.Fatalf("round %d: catalogue mixes versions %v", round, versions)
		}
		for v := range versions {
			if v < acked {
				t.Fatalf("round %d: catalogue is version %d, but version %d was acknowledged", round, v, acked)
			}
			if n != sizes[v] {
				t.Fatalf("round %d: version %d has %d offerings, want %d", round, v, n, sizes[v])
			}
		}
		if got := indexedOfferings(t, url); got != n {
			t.Fatalf("round %d: index has %d offerings, store %d", round, got, n)
		}
		// Upload the next version and kill the server somewhere in it.
		size := rows + round
		sizes[round] = size
		done := postAsync(url+"/api/v1/enterprises/0123456749/catalogue", "text/csv", admin, catalogueCSV(size, round))
		time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		status := <-done
		if status/100 == 2 {
			acked = round
		}
		t.Logf("round %d: upload of %d rows answered %d before the kill", round, size, status)
	}
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
		// The store's view, as an admin sees it.
		req, _ := http.NewRequest("GET", url+"/api/v1/tenders?size=100", nil)
		req.Header.Set("Authorization", "Bearer "+admin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var list struct {
			Total int `json:"total"`
			Hits  []struct {
				Tender struct {
					ID string `json:"id"`
				} `json:"tender"`
			} `json:"hits"`
		}
		json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
		stored := 0
		for _, h := range list.Hits {
			if strings.HasPrefix(h.Tender.ID, id) {
				resp, err := http.Get(url + "/api/v1/tenders/" + h.Tender.ID)
				if err == nil {
					resp.Body.Close()
					if resp.StatusCode == http.StatusOK {
						stored++
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
