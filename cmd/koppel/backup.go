package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/peterbourgon/ff/v3/ffcli"

	"koppel"
	"koppel/store"
)

func (a *app) backupCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel backup")
	dataFlag(fs, &cfg)
	serverURL := fs.String("server", "", "back up a running koppel at this URL instead (needs --token of an admin); env KOPPEL_SERVER")
	token := fs.String("token", "", "admin token for --server; env KOPPEL_TOKEN")
	return &ffcli.Command{
		Name:       "backup",
		ShortUsage: "koppel backup [--data DIR | --server URL --token TOKEN] FILE",
		ShortHelp:  "Write a consistent backup of the store to FILE.",
		LongHelp:   "The backup holds the store (Badger's backup stream); the search index is\nrebuilt from it after a restore. FILE is written next to itself first and\nrenamed into place, so a failed backup never leaves a half file. A running\nserver holds its data directory: back it up with --server and an admin token.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel backup --data ./koppel-data koppel-2026-11-23.backup\nkoppel backup --server http://127.0.0.1:8080 --token $ADMIN_TOKEN koppel-$(date +%F).backup"),
		Exec: func(ctx context.Context, args []string) error {
			if len(args) != 1 {
				return usageErrorf("backup needs one FILE to write")
			}
			var src backupSource
			if *serverURL != "" {
				if *token == "" {
					return usageErrorf("--server needs --token (an admin token)")
				}
				src = remoteBackup{ctx: ctx, url: strings.TrimRight(*serverURL, "/") + "/api/v1/admin/backup", token: *token}
			} else {
				st, err := store.Open(storeDir(cfg.DataDir), store.Options{})
				if koppel.ErrorCode(err) == koppel.ELOCKED {
					return koppel.Errorf(koppel.ELOCKED, "%s; to back up a running server use --server URL --token ADMIN_TOKEN", koppel.ErrorMessage(err))
				}
				if err != nil {
					return err
				}
				defer st.Close()
				src = st
			}
			n, err := writeBackup(src, args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Backup written to %s (%d bytes).\n", args[0], n)
			return nil
		},
	}
}

// backupSource writes a backup stream: the store itself, or a running
// server.
type backupSource interface {
	Backup(w io.Writer) (uint64, error)
}

// remoteBackup fetches the backup of a running server.
type remoteBackup struct {
	ctx        context.Context
	url, token string
}

func (r remoteBackup) Backup(w io.Writer) (uint64, error) {
	req, err := http.NewRequestWithContext(r.ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return 0, koppel.Errorf(koppel.EINVALID, "--server: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, koppel.Errorf(koppel.EUNAVAILABLE, "cannot reach the server: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		var p struct {
			Detail string `json:"detail"`
		}
		_ = json.Unmarshal(msg, &p)
		return 0, koppel.Errorf(koppel.EINVALID, "the server refused the backup (%s): %s", resp.Status, p.Detail)
	}
	if _, err := io.Copy(w, resp.Body); err != nil {
		return 0, fmt.Errorf("backup stream broke off: %w", err)
	}
	return 0, nil
}

// writeBackup writes the backup to a temporary file beside path and renames
// it into place once complete and synced.
func writeBackup(st backupSource, path string) (int64, error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".koppel-backup-*")
	if err != nil {
		return 0, koppel.Errorf(koppel.EINVALID, "cannot write backup file %q: %w", path, unwrapPath(err))
	}
	defer os.Remove(f.Name())
	if _, err := st.Backup(f); err != nil {
		f.Close()
		return 0, fmt.Errorf("write backup: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return 0, fmt.Errorf("write backup: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("write backup: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return 0, koppel.Errorf(koppel.EINVALID, "cannot write backup file %q: %w", path, unwrapPath(err))
	}
	return info.Size(), nil
}

func (a *app) restoreCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel restore")
	dataFlag(fs, &cfg)
	return &ffcli.Command{
		Name:       "restore",
		ShortUsage: "koppel restore [--data DIR] FILE",
		ShortHelp:  "Restore a backup into a new, empty data directory.",
		LongHelp:   "Refuses a data directory that already holds a store, so nothing is\noverwritten. The search index is built from the restored store.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel restore --data ./koppel-restored koppel-2026-11-23.backup"),
		Exec: func(ctx context.Context, args []string) error {
			if len(args) != 1 {
				return usageErrorf("restore needs one backup FILE to read")
			}
			f, err := os.Open(args[0])
			if err != nil {
				return koppel.Errorf(koppel.EINVALID, "cannot read backup file %q: %w", args[0], unwrapPath(err))
			}
			defer f.Close()
			if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
				return koppel.Errorf(koppel.EINVALID, "cannot create data directory %q: %w", cfg.DataDir, unwrapPath(err))
			}
			if err := store.Restore(storeDir(cfg.DataDir), f); err != nil {
				return err
			}
			e, err := openEnv(ctx, cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer e.Close()
			if err := e.reindex(ctx, a.terminalProgress()); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Restored %s into %s.\n", args[0], cfg.DataDir)
			return nil
		},
	}
}
