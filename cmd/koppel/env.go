package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"koppel/indexer"
	"koppel/refdata"
	"koppel/store"
)

// env is an opened data directory: the store and the index under it.
type env struct {
	dir   string
	store *store.Store
	index *indexer.Indexer
	ref   *refdata.Data
	log   *slog.Logger
}

// storeDir and indexDir are the parts of a data directory.
func storeDir(data string) string { return filepath.Join(data, "store") }
func indexDir(data string) string { return filepath.Join(data, "index") }

// openStore opens the store of a data directory, creating it when new.
func openStore(data string, log *slog.Logger) (*store.Store, error) {
	if err := os.MkdirAll(data, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create data directory %q: %w", data, unwrapPath(err))
	}
	return store.Open(storeDir(data), store.Options{Logger: log})
}

// openEnv opens the store and the index of a data directory and applies
// the outbox, so that the index agrees with the store.
func openEnv(ctx context.Context, data string, log *slog.Logger) (*env, error) {
	st, err := openStore(data, log)
	if err != nil {
		return nil, err
	}
	ref := refdata.Load()
	ix, err := indexer.Open(indexDir(data), ref)
	if err != nil {
		st.Close()
		return nil, err
	}
	e := &env{dir: data, store: st, index: ix, ref: ref, log: log}
	if _, err := ix.Apply(ctx, st); err != nil {
		e.Close()
		return nil, fmt.Errorf("bring the index up to date: %w", err)
	}
	return e, nil
}

// Close closes the index before the store (the index reads from the store
// while applying).
func (e *env) Close() error {
	return errors.Join(e.index.Close(), e.store.Close())
}

// unwrapPath drops the *PathError wrapper, whose text repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
