package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// benchTender is the tender the writes step creates, again and again.
const benchTender = `{"title":"Groenonderhoud van de speelplaatsen","buyer":{"name":"Stad Benchmark"},"lots":[{"title":"Maaien en snoeien","cpv":["77310000"],"postcode":"9000"}]}`

// writesDuringImport measures how long a write waits while a big import
// runs: a catalogue of 100,000 rows (or --size, if smaller) is uploaded
// over HTTP into a copy of the dataset while one client creates a tender
// every 50 ms, from the start of the upload to its answer. It reports the
// p99 and the longest tender creation.
func (b *bench) writesDuringImport(ctx context.Context) error {
	n := min(b.size, 100000)
	data := filepath.Join(b.dir, "writes-data")
	if err := os.RemoveAll(data); err != nil {
		return err
	}
	if err := os.CopyFS(data, os.DirFS(b.data())); err != nil {
		return fmt.Errorf("copy the dataset: %w", err)
	}
	defer os.RemoveAll(data)
	token := func(args ...string) (string, error) {
		out, err := b.koppelStdout(ctx, append([]string{"token", "create", "--data", data}, args...)...)
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(strings.SplitN(out, "\n", 2)[0]), nil
	}
	admin, err := token("--role", "admin")
	if err != nil {
		return err
	}
	buyer, err := token("--role", "buyer", "--buyer", "Stad Benchmark")
	if err != nil {
		return err
	}
	path := filepath.Join(b.dir, "writes.xlsx")
	if err := writeCatalogue(path, n, ""); err != nil {
		return fmt.Errorf("write catalogue: %w", err)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	srv, _, err := b.serve(ctx, "--data", data)
	if err != nil {
		return err
	}
	defer srv.stop()

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "aanbod.xlsx")
	fw.Write(file)
	mw.Close()
	type answer struct {
		status int
		took   time.Duration
		err    error
	}
	done := make(chan answer, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "POST", srv.url+"/api/v1/enterprises/"+benchKBO+"/catalogue", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+admin)
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- answer{err: err}
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		done <- answer{status: resp.StatusCode, took: time.Since(start)}
	}()
	var lat []time.Duration
	client := &http.Client{Timeout: 2 * time.Minute}
	for {
		select {
		case a := <-done:
			if a.err != nil || a.status != http.StatusOK {
				return fmt.Errorf("catalogue upload: %d %v", a.status, a.err)
			}
			if len(lat) == 0 {
				return fmt.Errorf("the upload ended before any tender was created")
			}
			p99 := percentile(lat, 99)
			b.add(figure{Name: fmt.Sprintf("tender creation during a %d-row import, p99", n), Value: p99, Unit: "ms", Target: "≤ 1000 ms", Pass: pass(p99, 1000, true),
				Note: fmt.Sprintf("%d tenders, longest %.0f ms; the upload took %.1f s", len(lat), percentile(lat, 100), a.took.Seconds())})
			return nil
		case <-time.After(50 * time.Millisecond):
		}
		req, _ := http.NewRequestWithContext(ctx, "POST", srv.url+"/api/v1/tenders", strings.NewReader(benchTender))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+buyer)
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("create tender: %w", err)
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("create tender: %d %s", resp.StatusCode, tail(msg, 300))
		}
		lat = append(lat, time.Since(start))
	}
}

// koppelStdout runs koppel to completion and returns its standard output
// only.
func (b *bench) koppelStdout(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, b.koppel, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("koppel %v: %w\n%s", args, err, tail(stderr.Bytes(), 2000))
	}
	return string(out), nil
}
