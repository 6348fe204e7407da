package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// Backup writes a consistent snapshot of the whole store to w while the
// store stays in use, and returns the version it covers (for a later
// incremental backup).
func (s *Store) Backup(w io.Writer) (uint64, error) {
	v, err := s.db.Backup(w, 0)
	if err != nil {
		return 0, fmt.Errorf("back up store %q: %w", s.dir, err)
	}
	return v, nil
}

// Restore loads a backup made by Backup into dir, which must be empty or
// not exist yet; nothing else may use dir meanwhile. On failure it removes
// what it wrote. Returns EINVALID for a non-empty dir, or a backup that is
// not Koppel's or is from a newer Koppel.
func Restore(dir string, r io.Reader) (err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return &koppel.Error{Code: koppel.EINVALID, Message: fmt.Sprintf("cannot read restore directory %q", dir), Err: err}
	case len(entries) > 0:
		return koppel.Errorf(koppel.EINVALID, "cannot restore into %q: the directory is not empty (restore into a new directory, or remove it first)", dir)
	}
	if err := checkDir(dir); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			removeContents(dir)
		}
	}()
	opts := Options{Logger: slog.Default()}
	db, err := badger.Open(badgerOptions(dir, opts))
	if err != nil {
		if isLockError(err) {
			return koppel.Errorf(koppel.ELOCKED, "data directory %q is in use by another running koppel", dir)
		}
		return fmt.Errorf("restore into %q: %w", dir, err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("restore into %q: %w", dir, cerr)
		}
	}()
	if err := load(db, r); err != nil {
		return fmt.Errorf("restore into %q: %w", dir, err)
	}
	return db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keySchema)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return koppel.Errorf(koppel.EINVALID, "the backup is not a koppel backup (no schema version)")
		}
		if err != nil {
			return fmt.Errorf("restore into %q: read schema version: %w", dir, err)
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			return fmt.Errorf("restore into %q: read schema version: %w", dir, err)
		}
		return checkSchema(dir, v)
	})
}

// load runs db.Load on r through a frameReader, turning a panic of Load on
// a damaged file into an error.
func load(db *badger.DB, r io.Reader) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = koppel.Errorf(koppel.EINVALID, "the backup is damaged or not a koppel backup (%v)", p)
		}
	}()
	fr := &frameReader{r: r}
	if err := db.Load(fr, 256); err != nil {
		if fr.err != nil {
			return fr.err
		}
		return fmt.Errorf("load backup: %w", err)
	}
	return nil
}

// maxFrame bounds one frame of a backup. Badger writes batches of about
// 100 MB at most; a larger length means a damaged or foreign file, and
// Load would try to allocate it.
const maxFrame = 1 << 30

// frameReader passes a backup through and checks the length prefix of
// each frame (8 bytes little endian, then that many bytes of protobuf)
// before Load sees it.
type frameReader struct {
	r       io.Reader
	hdr     [8]byte
	nhdr    int    // bytes of the current header read so far
	payload uint64 // bytes of the current frame still to pass
	err     error
}

func (f *frameReader) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.payload == 0 {
		// Read the header into p and into hdr.
		n, err := f.r.Read(p[:min(len(p), 8-f.nhdr)])
		copy(f.hdr[f.nhdr:], p[:n])
		f.nhdr += n
		if f.nhdr == 8 {
			f.nhdr = 0
			f.payload = binary.LittleEndian.Uint64(f.hdr[:])
			if f.payload > maxFrame {
				f.err = koppel.Errorf(koppel.EINVALID, "the backup is damaged or not a koppel backup (a frame of %d bytes)", f.payload)
				return 0, f.err
			}
		}
		return n, err
	}
	n, err := f.r.Read(p[:min(uint64(len(p)), f.payload)])
	f.payload -= uint64(n)
	return n, err
}

// removeContents empties dir, which Restore found empty.
func removeContents(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		_ = os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
