package main

import (
	"context"
	"fmt"
)

// reindex rebuilds the index from the whole store (after a restore, the
// index is empty and the outbox holds no history).
func (e *env) reindex(ctx context.Context) error {
	if err := e.index.Rebuild(ctx, e.store); err != nil {
		return fmt.Errorf("rebuild the index: %w", err)
	}
	return nil
}
