package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"koppel"
)

// runCLI runs one command line in-process and returns its exit code and
// output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCommandLineErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"unknown flag", []string{"serve", "--bogus"}, 2, "koppel serve: flag provided but not defined: -bogus (run 'koppel serve -h' for help)"},
		{"bad flag value", []string{"gen", "--offerings", "many"}, 2, "koppel gen: invalid value"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"missing backup file", []string{"restore", "--data", filepath.Join(dir, "new"), filepath.Join(dir, "missing.backup")}, 1, "cannot read backup file"},
		{"restore without file", []string{"restore"}, 2, "restore needs one backup FILE"},
		{"unwritable data dir", []string{"demo", "--data", filepath.Join(file, "sub")}, 1, "cannot create data directory"},
		{"stray argument", []string{"serve", "extra"}, 2, "serve takes no arguments"},
		{"bad log level", []string{"serve", "--data", filepath.Join(dir, "d"), "--log-level", "loud"}, 2, "--log-level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantErr)
			}
			if n := strings.Count(strings.TrimSpace(stderr), "\n"); n != 0 {
				t.Errorf("stderr has %d lines, want one: %q", n+1, stderr)
			}
			if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, ".go:") {
				t.Errorf("stderr looks like a stack trace: %q", stderr)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{}, {"help"}, {"-h"}} {
		code, out, _ := runCLI(t, args...)
		if code != 0 || !strings.Contains(out, "serve") || !strings.Contains(out, "backup") {
			t.Errorf("koppel %v: code %d, output %q; want 0 and the command list", args, code, out)
		}
	}
	for _, cmd := range []string{"serve", "demo", "gen", "backup", "restore", "version", "help"} {
		code, out, _ := runCLI(t, cmd, "-h")
		if code != 0 || !strings.Contains(out, "EXAMPLE") {
			t.Errorf("koppel %s -h: code %d, output %q; want 0 and an example", cmd, code, out)
		}
	}
}

func TestDemoBackupRestore(t *testing.T) {
	dir := t.TempDir()
	data, restored, backup := filepath.Join(dir, "data"), filepath.Join(dir, "restored"), filepath.Join(dir, "koppel.backup")
	if code, _, stderr := runCLI(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "backup", "--data", data, backup); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "restore", "--data", restored, backup); code != 0 {
		t.Fatalf("restore: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "restore", "--data", restored, backup); code == 0 || !strings.Contains(stderr, "not empty") {
		t.Errorf("restore into a used directory: exit %d, stderr %q; want a refusal", code, stderr)
	}
	// The restored store and its rebuilt index hold the same data.
	for _, d := range []string{data, restored} {
		e, err := openEnv(context.Background(), d, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, total, err := e.store.FindEnterprises(context.Background(), koppel.EnterpriseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		offs, tenders, err := e.index.DocCount()
		if err != nil {
			t.Fatal(err)
		}
		n, err := e.store.CountOfferings(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		e.Close()
		if total != 300 || n != 3000 || offs != 3000 || tenders != 30 {
			t.Errorf("%s: %d enterprises, %d offerings, index %d offerings and %d tenders; want 300, 3000, 3000, 30", d, total, n, offs, tenders)
		}
	}
}
