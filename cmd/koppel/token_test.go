package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"koppel"
)

func TestTokenCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	code, secret, stderr := runCLI(t, "token", "create", "--data", data, "--role", "supplier", "--enterprise", "0123.456.749", "--expires", "90d")
	if code != 0 {
		t.Fatalf("token create: exit %d: %s", code, stderr)
	}
	secret = strings.TrimSpace(secret)
	if !strings.HasPrefix(secret, "kp_") || len(secret) < 40 {
		t.Fatalf("token create printed %q, want a kp_ token", secret)
	}
	code, list, _ := runCLI(t, "token", "list", "--data", data)
	if code != 0 || !strings.Contains(list, "supplier") || !strings.Contains(list, "0123.456.749") || strings.Contains(list, secret) {
		t.Fatalf("token list = %q, want the supplier token without its secret", list)
	}
	id := strings.Fields(strings.Split(list, "\n")[1])[0]

	st, err := openStore(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := st.FindTokenByHash(context.Background(), koppel.HashToken(secret))
	st.Close()
	if err != nil || tok.ID != id || tok.Enterprise != "0123456749" || time.Until(tok.ExpiresAt) < 89*24*time.Hour {
		t.Fatalf("stored token = %+v, %v; want it found by hash, for 0123456749, expiring in 90 days", tok, err)
	}

	if code, _, stderr := runCLI(t, "token", "revoke", "--data", data, id); code != 0 {
		t.Fatalf("token revoke: exit %d: %s", code, stderr)
	}
	if _, list, _ := runCLI(t, "token", "list", "--data", data); !strings.Contains(list, "revoked") {
		t.Errorf("token list after revoke = %q, want it revoked", list)
	}
	if code, _, stderr := runCLI(t, "token", "revoke", "--data", data, "nope"); code != 1 || !strings.Contains(stderr, "no token with ID") {
		t.Errorf("revoke of an unknown ID: exit %d, %q", code, stderr)
	}
}

func TestNewTokenFlags(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		role, enterprise, buyer, expires string
		wantErr                          string
	}{
		{"admin", "", "", "", ""},
		{"buyer", "", "Stad Voorbeeld", "12h", ""},
		{"supplier", "0123456749", "", "30d", ""},
		{"", "", "", "", "--role is required"},
		{"boss", "", "", "", "--role \"boss\""},
		{"supplier", "", "", "", "needs --enterprise"},
		{"supplier", "0123456748", "", "", "--enterprise"},
		{"buyer", "", "", "", "needs --buyer"},
		{"admin", "0123456749", "", "", "--enterprise goes with --role supplier"},
		{"admin", "", "", "soon", "--expires \"soon\""},
		{"admin", "", "", "-5d", "--expires"},
	}
	for _, tt := range tests {
		_, err := newToken(tt.role, tt.enterprise, tt.buyer, tt.expires, now)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("newToken(%q, %q, %q, %q) = %v, want no error", tt.role, tt.enterprise, tt.buyer, tt.expires, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("newToken(%q, %q, %q, %q) = %v, want an error with %q", tt.role, tt.enterprise, tt.buyer, tt.expires, err, tt.wantErr)
		}
	}
}

func TestEnvironmentVariables(t *testing.T) {
	data := filepath.Join(t.TempDir(), "from-env")
	t.Setenv("KOPPEL_DATA", data)
	if code, _, stderr := runCLI(t, "token", "create", "--role", "admin"); code != 0 {
		t.Fatalf("token create with KOPPEL_DATA: exit %d: %s", code, stderr)
	}
	if _, list, _ := runCLI(t, "token", "list", "--data", data); !strings.Contains(list, "admin") {
		t.Errorf("KOPPEL_DATA was not used: the token is not in %s", data)
	}
}

func mustEnterprise(t *testing.T) *koppel.Enterprise {
	t.Helper()
	e := &koppel.Enterprise{KBO: "0123456749", Name: "De Fictieve Poetsploeg", Address: koppel.Address{Postcode: "9000"}}
	if err := e.Validate(nil); err != nil {
		t.Fatal(err)
	}
	return e
}
