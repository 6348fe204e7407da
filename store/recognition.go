package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// keyRecognitions holds the whole recognition register as one value, so
// that replacing it is one write: a reader sees the old register or the
// new one. The register is small (a few hundred recognised enterprises in
// Flanders; importers bound it to 10,000 rows).
var keyRecognitions = []byte("meta/recognitions")

// registerCache keeps the decoded register: matching reads it for every
// enterprise it ranks. Only this process writes the store (its directory
// is locked), so the cache is set where the register is replaced.
type registerCache struct {
	mu  sync.Mutex // one replace or first load at a time
	reg *koppel.RecognitionRegister
}

// RecognitionRegister returns the current register, an empty one (zero
// ImportedAt) when none was imported. The value is shared: callers must
// not change it.
func (s *Store) RecognitionRegister(ctx context.Context) (*koppel.RecognitionRegister, error) {
	c := &s.register
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reg != nil {
		return c.reg, nil
	}
	reg := &koppel.RecognitionRegister{Entries: []koppel.RegisteredRecognition{}, Problems: []koppel.Problem{}}
	err := s.view(ctx, func(txn *badger.Txn) error {
		_, err := getValue(txn, keyRecognitions, reg)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the recognition register: %w", err)
	}
	reg.Sort()
	c.reg = reg
	return reg, nil
}

// ReplaceRecognitionRegister replaces the register with reg in one
// transaction. Returns EINVALID for a nil register.
func (s *Store) ReplaceRecognitionRegister(ctx context.Context, reg *koppel.RecognitionRegister) error {
	if reg == nil {
		return koppel.Errorf(koppel.EINVALID, "erkenningsregister ontbreekt").WithKey("error.api_register_missing")
	}
	reg.Sort()
	c := &s.register
	c.mu.Lock()
	defer c.mu.Unlock()
	err := s.update(ctx, func(w *writer) error {
		return putValue(w.txn, keyRecognitions, reg)
	})
	if err != nil {
		return fmt.Errorf("replace the recognition register: %w", err)
	}
	c.reg = reg
	return nil
}

var _ koppel.RecognitionService = (*Store)(nil)
