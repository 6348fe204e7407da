// Package archive reads the files of a notice package one at a time: a
// gzip-compressed tar (.tar.gz, .tgz), a plain tar, a zip, a directory,
// or a single file. It never unpacks to disk or holds the whole package in
// memory: a tar is read as a stream, a zip entry by entry from the file
// (zip needs random access), a directory file by file.
//
// Every package is untrusted. Walk bounds what one file, all files
// together and the number of files may cost (Limits); a file beyond its
// bound is handed over with Entry.Err set (the others go on), the package
// beyond its bound stops with an error. Nested archives are not opened
// (Entry.Err is ErrNested), links, devices and directories are skipped,
// and names are only reported, never used as paths: Entry.Name is cleaned
// of control characters and cut to MaxNameLen bytes.
package archive

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"koppel"
)

// Default limits.
const (
	DefaultMaxEntryBytes = 10 << 20 // a notice; the largest SDK example is 110 kB
	DefaultMaxEntries    = 200_000  // a TED daily package holds a few thousand notices
	DefaultMaxTotalBytes = 8 << 30  // uncompressed, files and skipped data together
	// MaxNameLen bounds Entry.Name.
	MaxNameLen = 200
)

// Limits bound what Walk reads; zero fields take the defaults.
type Limits struct {
	// MaxEntryBytes is the largest file handed over; a larger one gets
	// ErrTooLarge.
	MaxEntryBytes int64
	// MaxEntries is the largest number of files (of any kind, directories
	// included) read; beyond it Walk stops with ETOOLARGE.
	MaxEntries int
	// MaxTotalBytes bounds the uncompressed bytes read in all; beyond it
	// Walk stops with ETOOLARGE (a compression bomb).
	MaxTotalBytes int64
}

func (l Limits) withDefaults() Limits {
	if l.MaxEntryBytes <= 0 {
		l.MaxEntryBytes = DefaultMaxEntryBytes
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultMaxEntries
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = DefaultMaxTotalBytes
	}
	return l
}

// Entry is one file of a package.
type Entry struct {
	// Name is the file's name inside the package, cleaned for display.
	Name string
	// Data is the file's content; valid only during the call of Walk's fn.
	Data []byte
	// Err, when set, says why the file was not read: ErrTooLarge,
	// ErrNested, or the file's own read error (a corrupt entry).
	Err error
	// Done is how many bytes of the package (compressed, as stored) were
	// read so far, Total its size; both 0 for a directory.
	Done, Total int64
}

// Errors of an Entry.
var (
	ErrTooLarge = errors.New("file larger than the limit")
	ErrNested   = errors.New("an archive inside the package")
)

// Walk calls fn for every regular file of the package at path: a
// directory, an archive (recognised by its first bytes, not its name) or
// a single file. An error from fn stops the walk and is returned. Returns
// EINVALID for a package that cannot be read (then fn may have been
// called for the files before the damage) and ETOOLARGE beyond
// lim.MaxEntries or lim.MaxTotalBytes.
func Walk(ctx context.Context, path string, lim Limits, fn func(Entry) error) error {
	fi, err := os.Stat(path)
	if err != nil {
		return koppel.Errorf(koppel.EINVALID, "kan %q niet lezen: %w", filepath.Base(path), err)
	}
	w := &walker{ctx: ctx, lim: lim.withDefaults(), fn: fn}
	if fi.IsDir() {
		return w.dir(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return koppel.Errorf(koppel.EINVALID, "kan %q niet lezen: %w", filepath.Base(path), err)
	}
	defer f.Close()
	return w.file(f, fi.Size(), filepath.Base(path))
}

// WalkReader is Walk over an archive or single file held by r, of size
// bytes; name is reported for a single file.
func WalkReader(ctx context.Context, r io.ReaderAt, size int64, name string, lim Limits, fn func(Entry) error) error {
	w := &walker{ctx: ctx, lim: lim.withDefaults(), fn: fn}
	return w.file(r, size, name)
}

type walker struct {
	// pos returns how far the package is read, size its size.
	pos     func() int64
	size    int64
	ctx     context.Context
	lim     Limits
	fn      func(Entry) error
	entries int
	total   int64
	buf     bytes.Buffer
}

// Kind is what the first bytes of a file say it is.
type Kind int

// Kinds of files.
const (
	KindOther Kind = iota
	KindGzip
	KindZip
	KindTar
)

// Sniff tells the kind of a file from its first 512 bytes.
func Sniff(head []byte) Kind {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return KindGzip
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return KindZip
	case len(head) >= 262 && bytes.Equal(head[257:262], []byte("ustar")):
		return KindTar
	}
	return KindOther
}

// IsArchiveName reports whether a file name says it is an archive.
func IsArchiveName(name string) bool {
	n := strings.ToLower(name)
	for _, ext := range []string{".zip", ".tar", ".tar.gz", ".tgz", ".gz", ".7z", ".rar", ".bz2", ".xz"} {
		if strings.HasSuffix(n, ext) {
			return true
		}
	}
	return false
}

// counter counts the bytes read through it.
type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (w *walker) file(r io.ReaderAt, size int64, name string) error {
	w.size = size
	cr := &counter{r: io.NewSectionReader(r, 0, size)}
	w.pos = func() int64 { return min(cr.n, size) }
	head := make([]byte, 512)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return koppel.Errorf(koppel.EINVALID, "kan %q niet lezen: %w", name, err)
	}
	head = head[:n]
	switch Sniff(head) {
	case KindGzip:
		zr, err := gzip.NewReader(bufio.NewReaderSize(cr, 64<<10))
		if err != nil {
			return koppel.Errorf(koppel.EINVALID, "%s is geen leesbaar gzip-bestand: %w", name, err)
		}
		defer zr.Close()
		return w.tar(zr, true)
	case KindTar:
		return w.tar(bufio.NewReaderSize(cr, 64<<10), false)
	case KindZip:
		return w.zip(r, size)
	}
	if err := w.count(); err != nil {
		return err
	}
	w.pos = func() int64 { return size }
	return w.entry(name, io.NewSectionReader(r, 0, size))
}

// zipEntries returns the number of files a zip's end of central directory
// declares (its zip64 record when there is one); ok is false when there is
// no readable end record (zip.NewReader then refuses the file).
func zipEntries(r io.ReaderAt, size int64) (uint64, bool) {
	const eocdLen, maxComment = 22, 65535
	start := max(size-eocdLen-maxComment, 0)
	buf := make([]byte, size-start)
	if _, err := r.ReadAt(buf, start); err != nil && !errors.Is(err, io.EOF) {
		return 0, false
	}
	i := bytes.LastIndex(buf, []byte("PK\x05\x06"))
	if i < 0 || len(buf)-i < eocdLen {
		return 0, false
	}
	n := uint64(binary.LittleEndian.Uint16(buf[i+10:]))
	if n != 0xffff || i < 20 || !bytes.Equal(buf[i-20:i-16], []byte("PK\x06\x07")) {
		return n, true
	}
	// zip64: the locator names the zip64 end record, which holds the count.
	off := int64(binary.LittleEndian.Uint64(buf[i-20+8:]))
	rec := make([]byte, 56)
	if off < 0 || off > size-56 {
		return 0, false
	}
	if _, err := r.ReadAt(rec, off); err != nil || !bytes.Equal(rec[:4], []byte("PK\x06\x06")) {
		return 0, false
	}
	return binary.LittleEndian.Uint64(rec[32:]), true
}

// count counts one more file and stops beyond MaxEntries or a cancelled
// context.
func (w *walker) count() error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	w.entries++
	if w.entries > w.lim.MaxEntries {
		return koppel.Errorf(koppel.ETOOLARGE, "het pakket bevat meer dan %d bestanden; de rest is niet gelezen", w.lim.MaxEntries)
	}
	return nil
}

// budget fails once more than MaxTotalBytes are read in all.
type budget struct {
	r io.Reader
	w *walker
}

var errBudget = errors.New("archive: total size limit")

func (b budget) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.w.total += int64(n)
	if b.w.total > b.w.lim.MaxTotalBytes {
		return n, errBudget
	}
	return n, err
}

func (w *walker) tooMuch() error {
	return koppel.Errorf(koppel.ETOOLARGE, "het pakket is uitgepakt groter dan %d MB; de rest is niet gelezen", w.lim.MaxTotalBytes>>20)
}

func (w *walker) tar(r io.Reader, compressed bool) error {
	tr := tar.NewReader(budget{r: r, w: w})
	for first := true; ; first = false {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			if first && compressed {
				return koppel.Errorf(koppel.EINVALID, "het gzip-bestand bevat geen tar-archief met bestanden")
			}
			return nil
		}
		if errors.Is(err, errBudget) {
			return w.tooMuch()
		}
		if err != nil {
			if first {
				return koppel.Errorf(koppel.EINVALID, "het pakket is geen leesbaar tar-archief: %w", err)
			}
			return koppel.Errorf(koppel.EINVALID, "het pakket is beschadigd na %d bestanden: %w", w.entries, err)
		}
		if err := w.count(); err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue // directories, links, devices: no notice
		}
		if err := w.entry(h.Name, tr); err != nil {
			if errors.Is(err, errBudget) {
				return w.tooMuch()
			}
			return err
		}
	}
}

func (w *walker) zip(r io.ReaderAt, size int64) error {
	// The zip reader holds the whole central directory: refuse a
	// directory of more files than allowed before it is read.
	if n, ok := zipEntries(r, size); ok && n > uint64(w.lim.MaxEntries) {
		return koppel.Errorf(koppel.ETOOLARGE, "het pakket bevat %d bestanden, meer dan %d; het is niet gelezen", n, w.lim.MaxEntries)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return koppel.Errorf(koppel.EINVALID, "het pakket is geen leesbaar zip-bestand: %w", err)
	}
	for _, f := range zr.File {
		if off, err := f.DataOffset(); err == nil {
			w.pos = func() int64 { return min(off+int64(f.CompressedSize64), size) }
		}
		if err := w.count(); err != nil {
			return err
		}
		if !f.Mode().IsRegular() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			if err := w.fn(Entry{Name: cleanName(f.Name), Err: err, Done: w.pos(), Total: size}); err != nil {
				return err
			}
			continue
		}
		err = w.entry(f.Name, budget{r: rc, w: w})
		rc.Close()
		if errors.Is(err, errBudget) {
			return w.tooMuch()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) dir(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return koppel.Errorf(koppel.EINVALID, "kan %q niet lezen: %w", p, err)
		}
		if p == root {
			return nil
		}
		if err := w.count(); err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil // directories are walked; links and devices skipped
		}
		rel, _ := filepath.Rel(root, p)
		f, err := os.Open(p)
		if err != nil {
			return w.fn(Entry{Name: cleanName(filepath.ToSlash(rel)), Err: err})
		}
		defer f.Close()
		err = w.entry(filepath.ToSlash(rel), budget{r: f, w: w})
		if errors.Is(err, errBudget) {
			return w.tooMuch()
		}
		return err
	})
}

// entry reads one file, at most MaxEntryBytes, and hands it to fn. A read
// error of the file itself goes to fn as Entry.Err; the budget's error
// and fn's are returned.
func (w *walker) entry(name string, r io.Reader) error {
	e := Entry{Name: cleanName(name)}
	if w.pos != nil {
		e.Done, e.Total = w.pos(), w.size
	}
	w.buf.Reset()
	n, err := w.buf.ReadFrom(io.LimitReader(r, w.lim.MaxEntryBytes+1))
	switch {
	case errors.Is(err, errBudget):
		return err
	case err != nil:
		e.Err = err
	case n > w.lim.MaxEntryBytes:
		e.Err = ErrTooLarge
	case IsArchiveName(name) || Sniff(w.buf.Bytes()) != KindOther:
		e.Err = ErrNested
	default:
		e.Data = w.buf.Bytes()
	}
	if err := w.fn(e); err != nil {
		return err
	}
	if w.buf.Cap() > 4<<20 {
		w.buf = bytes.Buffer{} // do not keep a large buffer for the small files
	}
	return nil
}

// cleanName makes a name from a package safe to show: no control
// characters or invalid UTF-8, at most MaxNameLen bytes.
func cleanName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == utf8.RuneError, r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, r == '\u2028', r == '\u2029', r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			r = '?'
		}
		if b.Len()+utf8.RuneLen(r) > MaxNameLen {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "(zonder naam)"
	}
	return b.String()
}

// String names a kind for messages.
func (k Kind) String() string {
	return [...]string{"other", "gzip", "zip", "tar"}[k]
}
