package feed

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"koppel"
)

// fileState is what the folder watch saw of a file: it is imported once
// two looks in a row see the same size and time (fully written).
type fileState struct {
	size int64
	mod  time.Time
}

// Folders of the watched folder for the packages imported and refused.
const (
	DoneDir   = "done"
	FailedDir = "failed"
)

// ScanDir looks at the watched folder once: a file whose size and time
// have not changed since the last look is imported, then moved to done/
// (or failed/, when the package could not be read to its end or was
// refused) with its report beside it as NAME.report.json. Files still
// being written — changing, named *.part or starting with a dot — wait;
// subfolders are left alone. A package that cannot be imported for now
// (the import queue is full) stays for the next look.
func (f *Feed) ScanDir(ctx context.Context) error {
	for _, d := range []string{DoneDir, FailedDir} {
		if err := os.MkdirAll(filepath.Join(f.Dir, d), 0o755); err != nil {
			return fmt.Errorf("notices folder: %w", err)
		}
	}
	entries, err := os.ReadDir(f.Dir)
	if err != nil {
		return fmt.Errorf("notices folder: %w", err)
	}
	seen := map[string]fileState{}
	var ready []string
	f.mu.Lock()
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".part") || strings.HasSuffix(name, ".report.json") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // gone meanwhile
		}
		st := fileState{size: info.Size(), mod: info.ModTime()}
		seen[name] = st
		if old, ok := f.sizes[name]; ok && old == st {
			ready = append(ready, name)
		}
	}
	f.sizes = seen
	f.mu.Unlock()
	for _, name := range ready {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := f.importFile(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// importFile imports one file of the watched folder and moves it.
func (f *Feed) importFile(ctx context.Context, name string) error {
	path := filepath.Join(f.Dir, name)
	rep, importErr := f.importPackage(ctx, path, name, "folder")
	if koppel.ErrorCode(importErr) == koppel.EUNAVAILABLE || ctx.Err() != nil {
		return nil // try again at the next look
	}
	if rep == nil {
		rep = &koppel.NoticeReport{File: name, Origin: "folder", Status: "failed", Error: koppel.ErrorMessage(importErr)}
	}
	to := DoneDir
	if importErr != nil || rep.Status != "done" || rep.Imported() == 0 && brokenFile(rep) {
		to = FailedDir
	}
	dest := filepath.Join(f.Dir, to, name)
	if _, err := os.Stat(dest); err == nil {
		// The same name came before: keep both.
		dest = filepath.Join(f.Dir, to, time.Now().UTC().Format("20060102T150405.000")+"-"+name)
	}
	if err := os.Rename(path, dest); err != nil {
		return fmt.Errorf("notices folder: move %s: %w", name, err)
	}
	f.mu.Lock()
	delete(f.sizes, name)
	f.mu.Unlock()
	b, _ := json.MarshalIndent(rep, "", "  ")
	if err := os.WriteFile(dest+".report.json", b, 0o644); err != nil {
		return fmt.Errorf("notices folder: report of %s: %w", name, err)
	}
	return importErr
}

// brokenReasons are the refusals of files that could not be read as a
// notice at all (others, such as a place outside the regions or an award
// notice, are read well and only not wanted).
var brokenReasons = []string{"not-xml", "unreadable", "too-large", "doctype", "too-deep", "too-many-tokens", "encoding", "empty", "nested-archive", "internal", "not-eforms"}

// brokenFile reports whether a file of the package could not be read.
func brokenFile(rep *koppel.NoticeReport) bool {
	for _, k := range rep.Reasons {
		if slices.Contains(brokenReasons, k.Reason) {
			return true
		}
	}
	return false
}
