package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/peterbourgon/ff/v3/ffcli"

	"koppel"
	"koppel/store"
)

func (a *app) backupCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel backup")
	dataFlag(fs, &cfg)
	return &ffcli.Command{
		Name:       "backup",
		ShortUsage: "koppel backup [--data DIR] FILE",
		ShortHelp:  "Write a consistent backup of the store to FILE.",
		LongHelp:   "The backup holds the store (Badger's backup stream); the search index is\nrebuilt from it after a restore. FILE is written next to itself first and\nrenamed into place, so a failed backup never leaves a half file.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel backup --data ./koppel-data koppel-2026-11-23.backup"),
		Exec: func(ctx context.Context, args []string) error {
			if len(args) != 1 {
				return usageErrorf("backup needs one FILE to write")
			}
			st, err := store.Open(storeDir(cfg.DataDir), store.Options{})
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := writeBackup(st, args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Backup written to %s (%d bytes).\n", args[0], n)
			return nil
		},
	}
}

// writeBackup writes the backup to a temporary file beside path and renames
// it into place once complete and synced.
func writeBackup(st *store.Store, path string) (int64, error) {
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
