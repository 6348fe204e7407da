package store

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"koppel"
	"koppel/i18n"
)

// SchemaVersion is the version of the key schema this package writes. Open
// refuses a store written with a newer version.
const SchemaVersion = 1

// Compile-time checks that Store implements the domain's services.
var (
	_ koppel.EnterpriseService   = (*Store)(nil)
	_ koppel.OfferingService     = (*Store)(nil)
	_ koppel.TenderService       = (*Store)(nil)
	_ koppel.TokenService        = (*Store)(nil)
	_ koppel.ImportReportService = (*Store)(nil)
	_ koppel.Outbox              = (*Store)(nil)
)

var (
	keySchema    = []byte("meta/schema")
	keyOutboxSeq = []byte("meta/outbox_seq")
	keyGen       = []byte("meta/catalogue_gen")
)

const (
	prefixEnterprise = "ent/"
	prefixCatalogue  = "cat/"
	prefixOffering   = "off/"
	prefixTender     = "ten/"
	prefixNotice     = "tenn/"
	prefixToken      = "tok/"
	prefixImport     = "imp/"
	prefixImportFile = "impf/"
	prefixOutbox     = "outbox/"
	// Uploads waiting for confirmation (see pending.go).
	prefixPending     = "pend/"
	prefixPendingFile = "pendf/"
)

// Options configure Open. The zero value is a good default.
type Options struct {
	// InMemory keeps everything in memory (tests, demos); dir is ignored.
	InMemory bool
	// Logger receives Badger's warnings and errors and the store's own
	// messages. Nil means slog.Default().
	Logger *slog.Logger
	// GCInterval is how often the value log is garbage collected. Zero
	// means 10 minutes.
	GCInterval time.Duration
	// KeepVersions and KeepVersionsFor are the retention of the catalogue
	// versions kept for undo (see CatalogueOptions.Version): per enterprise
	// the newest KeepVersions, and all younger than KeepVersionsFor. Zero
	// means DefaultKeepVersions and DefaultKeepVersionsFor.
	KeepVersions    int
	KeepVersionsFor time.Duration
}

// Store keeps Koppel's entities in Badger. It is safe for concurrent use.
type Store struct {
	db  *badger.DB
	dir string
	log *slog.Logger

	// mu serialises read-write transactions, so that outbox sequence
	// numbers commit in order. seq and gen are the committed high-water
	// marks of the outbox and of the catalogue generations.
	mu sync.Mutex
	// listMu serialises the shortlists' read-change-write transactions,
	// which then never conflict with each other (see shortlistTxn).
	listMu sync.Mutex
	seq    uint64
	gen    uint64
	// commits counts the read-write transactions committed since Open.
	// touched holds, per enterprise, the commit that last queued an index
	// change for its profile or offerings, and uploaded the commit that
	// last finished a catalogue upload for it: a catalogue upload compares
	// them with the commit its snapshot includes to tell whether someone
	// else changed the enterprise while it ran.
	commits  uint64
	touched  map[koppel.KBO]uint64
	uploaded map[koppel.KBO]uint64

	shared   sharedCache   // decoded values of SharedEnterprise and SharedOffering
	register registerCache // the decoded recognition register

	keepVersions    int
	keepVersionsFor time.Duration

	done      chan struct{}
	wg        sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
}

// Open opens the store in dir, creating it when needed. Returns ELOCKED when
// another process holds the directory, EINVALID when the directory cannot be
// used or was written by a newer Koppel.
func Open(dir string, opts Options) (*Store, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.GCInterval <= 0 {
		opts.GCInterval = 10 * time.Minute
	}
	if !opts.InMemory {
		if err := checkDir(dir); err != nil {
			return nil, err
		}
	}
	db, err := badger.Open(badgerOptions(dir, opts))
	if err != nil {
		if isLockError(err) {
			return nil, &koppel.Error{
				Code:    koppel.ELOCKED,
				Message: fmt.Sprintf("data directory %q is in use by another running koppel (stop it first, or use --data to choose another directory)", dir),
				Err:     err,
			}
		}
		return nil, fmt.Errorf("open store %q: %w", dir, err)
	}
	s := &Store{db: db, dir: dir, log: opts.Logger, done: make(chan struct{}),
		touched: map[koppel.KBO]uint64{}, uploaded: map[koppel.KBO]uint64{},
		keepVersions: cmp.Or(opts.KeepVersions, DefaultKeepVersions), keepVersionsFor: cmp.Or(opts.KeepVersionsFor, DefaultKeepVersionsFor)}
	if err := s.init(); err != nil {
		_ = db.Close()
		return nil, err
	}
	if err := s.deleteOrphans(); err != nil {
		_ = db.Close()
		return nil, err
	}
	if err := s.deleteOrphanVersions(); err != nil {
		_ = db.Close()
		return nil, err
	}
	if !opts.InMemory {
		s.wg.Add(1)
		go s.runGC(opts.GCInterval)
	}
	return s, nil
}

// Close stops the value-log GC and closes Badger. Calling it again is a
// no-op.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.done)
		s.wg.Wait()
		if err := s.db.Close(); err != nil {
			s.closeErr = fmt.Errorf("close store %q: %w", s.dir, err)
		}
	})
	return s.closeErr
}

// badgerOptions is the small-server profile of docs/design.md ("Library pitfalls"), and syncs
// every write because Badger is the source of truth. Three settings go
// further, for the peak memory of replacing a whole catalogue of 100,000
// offerings (which writes a new generation while compactions run; heap
// profiles showed 180 MB in the buffers of compactions' table builders,
// which hold each table uncompressed and compressed):
//   - values over 128 bytes (offerings, enterprises, tenders; not the
//     small outbox entries) live in the value log, so the LSM tree and its
//     compactions carry keys and pointers (at 512 bytes most offerings
//     still sat in the tree: replacing every row peaked at 380–393 MB
//     against 353–356 MB at 128, same dataset);
//   - tables are not compressed (the values in the value log never were),
//     and so have no block cache: Badger advises against one without
//     compression or encryption (its blocks are read from the mapped
//     files), and with one it warned under load that the cache was too
//     small;
//   - memtables of 8 MB and base tables of 1 MB, so each builder is smaller.
//
// Measured with make bench (peak RSS, before → after): first import 378 →
// 287 MB, replace by a file one row shorter 261 → 216 MB, replace in which
// every row changed 640 → 387 MB, koppel gen 393 → 261 MB. The value log
// grows with each replace until the server's value-log GC (every 10
// minutes) reclaims it.
func badgerOptions(dir string, opts Options) badger.Options {
	o := badger.DefaultOptions(dir).WithValueThreshold(128)
	if opts.InMemory {
		// A store in memory has no value log.
		o = badger.DefaultOptions("").WithInMemory(true)
	}
	return o.
		WithMemTableSize(8 << 20).
		WithBaseTableSize(1 << 20).
		WithCompression(options.None).
		WithNumMemtables(2).
		WithBlockCacheSize(0).
		WithIndexCacheSize(16 << 20).
		WithValueLogFileSize(64 << 20).
		WithSyncWrites(true).
		WithLogger(badgerLogger{opts.Logger.With("component", "badger")})
}

// checkDir creates dir and checks that it is writable, so that a bad --data
// gets a message naming the directory rather than one of Badger's files.
func checkDir(dir string) error {
	if strings.TrimSpace(dir) == "" {
		return koppel.Errorf(koppel.EINVALID, "no data directory given (use --data)")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return &koppel.Error{Code: koppel.EINVALID, Message: fmt.Sprintf("cannot create data directory %q", dir), Err: err}
	}
	f, err := os.CreateTemp(dir, ".koppel-write-test-*")
	if err != nil {
		return &koppel.Error{Code: koppel.EINVALID, Message: fmt.Sprintf("data directory %q is not writable", dir), Err: err}
	}
	name := f.Name()
	_ = f.Close()
	_ = os.Remove(name)
	return nil
}

// isLockError reports whether err is Badger failing to take its directory
// lock. Badger (not in debug mode) flattens the cause into the message, so
// the message is what there is to check; TestOpenLocked guards it.
func isLockError(err error) bool {
	return errors.Is(err, syscall.EWOULDBLOCK) ||
		strings.Contains(err.Error(), "Cannot acquire directory lock") ||
		strings.Contains(err.Error(), "Another process is using this Badger database")
}

// init checks or writes the schema version and loads the high-water marks.
func (s *Store) init() error {
	return s.db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(keySchema)
		switch {
		case errors.Is(err, badger.ErrKeyNotFound):
			if err := txn.Set(keySchema, []byte(strconv.Itoa(SchemaVersion))); err != nil {
				return fmt.Errorf("write schema version: %w", err)
			}
		case err != nil:
			return fmt.Errorf("read schema version: %w", err)
		default:
			v, err := item.ValueCopy(nil)
			if err != nil {
				return fmt.Errorf("read schema version: %w", err)
			}
			if err := checkSchema(s.dir, v); err != nil {
				return err
			}
		}
		if s.seq, err = getUint64(txn, keyOutboxSeq); err != nil {
			return fmt.Errorf("read outbox sequence: %w", err)
		}
		if s.gen, err = getUint64(txn, keyGen); err != nil {
			return fmt.Errorf("read catalogue generation: %w", err)
		}
		return nil
	})
}

func checkSchema(dir string, v []byte) error {
	n, err := strconv.Atoi(string(v))
	if err != nil {
		return fmt.Errorf("data directory %q: bad schema version %q: %w", dir, v, err)
	}
	if n > SchemaVersion {
		return koppel.Errorf(koppel.EINVALID, "data directory %q was written by a newer koppel (schema version %d; this koppel knows version %d): upgrade koppel", dir, n, SchemaVersion)
	}
	return nil
}

// runGC collects the value log every interval. RunValueLogGC rewrites at
// most one file per call, so it loops while a file was rewritten.
func (s *Store) runGC(interval time.Duration) {
	defer s.wg.Done()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-t.C:
		}
		for {
			select {
			case <-s.done:
				return
			default:
			}
			err := s.db.RunValueLogGC(0.5)
			if err == nil {
				continue
			}
			if !errors.Is(err, badger.ErrNoRewrite) && !errors.Is(err, badger.ErrRejected) {
				s.log.Warn("value log GC", "dir", s.dir, "err", err)
			}
			break
		}
	}
}

// badgerLogger routes Badger's log to slog at warning level and above;
// Badger's info and debug lines are noise for Koppel's operators.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, args ...any) {
	b.l.Error(strings.TrimSpace(fmt.Sprintf(f, args...)))
}

func (b badgerLogger) Warningf(f string, args ...any) {
	b.l.Warn(strings.TrimSpace(fmt.Sprintf(f, args...)))
}

func (badgerLogger) Infof(string, ...any)  {}
func (badgerLogger) Debugf(string, ...any) {}

// writer is the state of one read-write transaction: the transaction and
// the high-water marks it advances.
type writer struct {
	txn *badger.Txn
	seq uint64
	gen uint64
	// kbos are the enterprises whose index documents the queued changes
	// are about; upload is the enterprise whose catalogue upload this
	// transaction finishes.
	kbos   []koppel.KBO
	upload koppel.KBO
}

// queue adds an index change to the outbox in the writer's transaction.
func (w *writer) queue(kind koppel.DocKind, id string) error {
	w.seq++
	b, err := encode(koppel.IndexChange{Seq: w.seq, Kind: kind, ID: id})
	if err != nil {
		return err
	}
	if err := w.txn.Set(outboxKey(w.seq), b); err != nil {
		return fmt.Errorf("queue index change: %w", err)
	}
	var kbo string
	switch kind {
	case koppel.DocOffering:
		kbo, _, _ = strings.Cut(id, "/")
	case koppel.DocCatalogue, koppel.DocEnterprise:
		kbo = id
	default:
		return nil
	}
	w.touch(koppel.KBO(kbo))
	return nil
}

// touch notes that the transaction changes what the index shows of
// enterprise kbo.
func (w *writer) touch(kbo koppel.KBO) {
	if n := len(w.kbos); n == 0 || w.kbos[n-1] != kbo {
		w.kbos = append(w.kbos, kbo)
	}
}

// nextGen hands out a catalogue generation that was never used before.
func (w *writer) nextGen() uint64 {
	w.gen++
	return w.gen
}

// update runs fn in one read-write transaction, holding s.mu so that outbox
// entries commit in sequence order, and persists the advanced high-water
// marks in the same transaction.
func (s *Store) update(ctx context.Context, fn func(w *writer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &writer{seq: s.seq, gen: s.gen}
	err := s.db.Update(func(txn *badger.Txn) error {
		w.txn = txn
		if err := fn(w); err != nil {
			return err
		}
		if w.seq != s.seq {
			if err := txn.Set(keyOutboxSeq, uint64Bytes(w.seq)); err != nil {
				return fmt.Errorf("write outbox sequence: %w", err)
			}
		}
		if w.gen != s.gen {
			if err := txn.Set(keyGen, uint64Bytes(w.gen)); err != nil {
				return fmt.Errorf("write catalogue generation: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.seq, s.gen = w.seq, w.gen
	s.commits++
	for _, k := range w.kbos {
		s.touched[k] = s.commits
	}
	if w.upload != "" {
		s.uploaded[w.upload] = s.commits
	}
	return nil
}

// snapshot is a read-only transaction and the number of read-write
// transactions (commits) whose writes it sees.
type snapshot struct {
	txn     *badger.Txn
	commits uint64
}

// snapshot starts a read-only transaction. Discard it when done.
func (s *Store) snapshot() snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return snapshot{txn: s.db.NewTransaction(false), commits: s.commits}
}

// view runs fn in a read-only transaction after checking ctx.
func (s *Store) view(ctx context.Context, fn func(txn *badger.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(fn)
}

// encode is the one encoder of stored values.
func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	return b, nil
}

// decode is the one decoder of stored values.
func decode(b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode %T: %w", v, err)
	}
	return nil
}

// getValue decodes the value of key into v and reports whether it exists.
// findValue reads the value at key in a read transaction of its own; a
// missing key is the error missing returns (ENOTFOUND, in the words of
// what is missing).
func findValue[T any](ctx context.Context, s *Store, key []byte, missing func() error) (*T, error) {
	var v T
	err := s.view(ctx, func(txn *badger.Txn) error {
		ok, err := getValue(txn, key, &v)
		if err == nil && !ok {
			err = missing()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func getValue(txn *badger.Txn, key []byte, v any) (bool, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("get %q: %w", key, err)
	}
	if err := item.Value(func(b []byte) error { return decode(b, v) }); err != nil {
		return false, fmt.Errorf("get %q: %w", key, err)
	}
	return true, nil
}

// exists reports whether key exists.
func exists(txn *badger.Txn, key []byte) (bool, error) {
	_, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("get %q: %w", key, err)
	}
	return true, nil
}

// putValue encodes v under key.
func putValue(txn *badger.Txn, key []byte, v any) error {
	b, err := encode(v)
	if err != nil {
		return err
	}
	if err := txn.Set(key, b); err != nil {
		return fmt.Errorf("set %q: %w", key, err)
	}
	return nil
}

// getUint64 reads an 8-byte big-endian number; a missing key is 0.
func getUint64(txn *badger.Txn, key []byte) (uint64, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var n uint64
	err = item.Value(func(b []byte) error {
		if len(b) != 8 {
			return fmt.Errorf("value of %q has %d bytes, want 8", key, len(b))
		}
		n = binary.BigEndian.Uint64(b)
		return nil
	})
	return n, err
}

func uint64Bytes(n uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, n)
}

// forEach calls fn for every item under prefix, checking ctx now and then.
// The item is only valid during the call.
func forEach(ctx context.Context, txn *badger.Txn, prefix string, keysOnly bool, fn func(item *badger.Item) error) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte(prefix)
	opts.PrefetchValues = !keysOnly
	it := txn.NewIterator(opts)
	defer it.Close()
	n := 0
	for it.Rewind(); it.Valid(); it.Next() {
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn(it.Item()); err != nil {
			return err
		}
	}
	return nil
}

// checkKey refuses an empty key part, and a "/" or NUL where the part sits
// in the middle of a key. what names the part in Dutch; keyPartNames
// names it in the catalogue.
func checkKey(what, s string, middle bool) error {
	name := i18n.Localized(func(l i18n.Lang) string {
		if k, ok := keyPartNames[what]; ok {
			return i18n.T(l, "admin.keypart."+k)
		}
		return what
	})
	if s == "" {
		return koppel.Errorf(koppel.EINVALID, "%s ontbreekt", what).WithKey("error.admin_key_missing", "What", name)
	}
	if strings.ContainsRune(s, 0) || middle && strings.ContainsRune(s, '/') {
		return koppel.Errorf(koppel.EINVALID, "%s %q is ongeldig", what, s).WithKey("error.admin_key_invalid", "What", name, "Value", s)
	}
	return nil
}

// keyPartNames are the catalogue names ("admin.keypart." + name) of the
// key parts checkKey is given, by their Dutch name.
var keyPartNames = map[string]string{
	"aanvraag": "access_request", "aanmeldlink": "signin_link", "ondernemingsnummer": "kbo", "versie": "version",
	"code van het aanbod": "offering_code", "ID van het importverslag": "import_report_id", "ID van de stageplaats": "internship_id",
	"ID van de aanvraag": "need_id", "aankoper": "buyer", "ID van het verslag": "report_id", "sleutel van de gebeurtenis": "event_key",
	"ID van de opdracht": "tender_id", "perceel": "lot", "eigenaar": "owner", "sessie": "session", "token van de sessie": "session_token",
	"lijst": "shortlist", "bekendmaking": "notice", "hash van het token": "token_hash",
}

// page applies offset and limit (default 50, max 500) to n items and
// returns the bounds of the page.
func page(n, offset, limit int) (lo, hi int) {
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	lo = min(max(offset, 0), n)
	hi = min(lo+limit, n)
	return lo, hi
}

// now is the store's clock for timestamps it fills in.
func now() time.Time { return time.Now().UTC().Round(0) }
