package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/refdata"
	"koppel/server"
	"koppel/store"
)

// mustOpenServer starts a server on 127.0.0.1:0 over a store in a temp dir.
func mustOpenServer(t *testing.T, ready func(context.Context) error) (*server.Server, *store.Store) {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := &server.Server{Addr: "127.0.0.1:0", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Enterprises: st, Offerings: st, Tenders: st, Ready: ready}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Close(ctx); err != nil {
			t.Error(err)
		}
	})
	return s, st
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func TestProblemForUnknownRoute(t *testing.T) {
	s, _ := mustOpenServer(t, nil)
	resp, body := get(t, s.URL()+"/api/v1/nothing-here")
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status = %d, want 404", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Errorf("Content-Type = %q, want application/problem+json", ct)
	}
	var p server.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	if p.Code != koppel.ENOTFOUND || p.Status != 404 || p.RequestID == "" {
		t.Errorf("got %+v, want code not_found, status 404 and a request ID", p)
	}
	if resp.Header.Get("X-Request-ID") != p.RequestID {
		t.Errorf("X-Request-ID header %q differs from body %q", resp.Header.Get("X-Request-ID"), p.RequestID)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	s, _ := mustOpenServer(t, nil)
	resp, err := http.Post(s.URL()+"/healthz", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("status = %d, want 405", resp.StatusCode)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	var ready bool
	s, _ := mustOpenServer(t, func(context.Context) error {
		if !ready {
			return koppel.Errorf(koppel.EUNAVAILABLE, "index wordt bijgewerkt")
		}
		return nil
	})
	if resp, _ := get(t, s.URL()+"/healthz"); resp.StatusCode != 200 {
		t.Errorf("/healthz = %d, want 200", resp.StatusCode)
	}
	resp, body := get(t, s.URL()+"/readyz")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"code":"unavailable"`) {
		t.Errorf("/readyz before ready = %d %s, want 503 unavailable", resp.StatusCode, body)
	}
	ready = true
	if resp, _ := get(t, s.URL()+"/readyz"); resp.StatusCode != 200 {
		t.Errorf("/readyz when ready = %d, want 200", resp.StatusCode)
	}
}

func TestEnterpriseRoutes(t *testing.T) {
	s, st := mustOpenServer(t, nil)
	e := &koppel.Enterprise{KBO: "0123456749", Name: "De Fictieve Poetsploeg", Address: koppel.Address{Postcode: "9000"}}
	if err := e.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	if err := st.PutEnterprise(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path     string
		status   int
		contains string
	}{
		{"/api/v1/enterprises/0123.456.749", 200, `"name":"De Fictieve Poetsploeg"`},
		{"/api/v1/enterprises/BE0123456749", 200, `"offerings":[]`},
		{"/api/v1/enterprises/0123456748", 400, `"code":"invalid"`},
		{"/api/v1/enterprises/0000000097", 404, `"code":"not_found"`},
		{"/api/v1/enterprises", 200, `"total":1`},
		{"/api/v1/enterprises?size=1000", 400, `"code":"invalid"`},
		{"/api/v1/enterprises?form=onbekend", 400, `"detail":"Onbekende werkvorm`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, s.URL()+tt.path)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.contains) {
				t.Errorf("got %d %s, want %d containing %s", resp.StatusCode, body, tt.status, tt.contains)
			}
		})
	}
}
