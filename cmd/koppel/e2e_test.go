package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildKoppel builds the real binary once per test run.
func buildKoppel(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "koppel")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startServe starts "koppel serve" and returns the process and the URL it
// printed.
func startServe(t *testing.T, bin string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "warn"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	urlRE := regexp.MustCompile(`running on (http://127\.0\.0\.1:\d+)`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := urlRE.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	select {
	case url, ok := <-found:
		if !ok {
			t.Fatal("koppel serve exited without printing its URL")
		}
		return cmd, url
	case <-time.After(2 * time.Minute):
		t.Fatal("koppel serve did not print its URL within 2 minutes")
	}
	return nil, ""
}

func TestServeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildKoppel(t)
	data := filepath.Join(t.TempDir(), "data")
	cmd, url := startServe(t, bin, "--data", data, "--demo")

	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", path, resp.StatusCode)
		}
	}
	resp, err := http.Get(url + "/api/v1/enterprises?size=5")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Total int `json:"total"`
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil || list.Total != 300 {
		t.Errorf("enterprises total = %d (%v), want the 300 demo enterprises", list.Total, err)
	}

	// A second server on the same data directory stops at once, clearly.
	out, err := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data).CombinedOutput()
	if err == nil {
		t.Fatal("second koppel serve on the same data directory succeeded")
	}
	if !strings.Contains(string(out), "in use by another running koppel") || strings.Count(strings.TrimSpace(string(out)), "\n") != 0 {
		t.Errorf("second serve printed %q, want one line saying the directory is in use", out)
	}

	// SIGTERM shuts down cleanly, with exit code 0.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("koppel serve after SIGTERM: %v, want a clean exit", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("koppel serve did not stop within 30 s of SIGTERM")
	}
}
