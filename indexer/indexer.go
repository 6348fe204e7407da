package indexer

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"koppel"
)

// Layout of the index root: CURRENT names the live generation N, whose
// indexes are offerings.N.bleve and tenders.N.bleve. Without CURRENT the
// live indexes are offerings.bleve and tenders.bleve (generation 0, as the
// first versions wrote them). Reindex builds generation N+1 beside the live
// one and swaps it in by renaming a new CURRENT over the old: both indexes
// change at once, and a crash leaves either the old or the new generation.
const (
	currentFile  = "CURRENT"
	offeringsDir = "offerings.bleve"
	tendersDir   = "tenders.bleve"
)

// Internal keys kept in each index.
var (
	// seqKey holds the last applied outbox sequence.
	seqKey = []byte("koppel.outbox.seq")
	// versionKey holds the MappingVersion the index was built with.
	versionKey = []byte("koppel.mapping.version")
)

// Source is what the indexer reads from the store: the outbox and the
// current state of the documents it names.
type Source interface {
	koppel.Outbox
	FindEnterpriseByKBO(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error)
	FindOffering(ctx context.Context, kbo koppel.KBO, id string) (*koppel.Offering, error)
	FindOfferingsByEnterprise(ctx context.Context, kbo koppel.KBO) ([]*koppel.Offering, error)
	FindTenderByID(ctx context.Context, id string) (*koppel.Tender, error)
}

// generation is one pair of indexes.
type generation struct {
	n        int
	off, ten bleve.Index
}

func (g *generation) close() error {
	return errors.Join(g.off.Close(), g.ten.Close())
}

// persist waits until everything batched into g so far is on disk. Indexes
// opened for a bulk build use unsafe batches, which Close does not wait
// for: without this, the last batches of a rebuild (the tenders, the
// applied sequence) were lost when the new index was reopened. Scorch
// persists segments in order, so the callback of one last batch means all
// earlier ones are persisted too.
func (g *generation) persist(ctx context.Context) error {
	var errs []error
	for _, idx := range []bleve.Index{g.off, g.ten} {
		done := make(chan error, 1)
		b := idx.NewBatch()
		b.SetInternal([]byte("koppel.persisted"), []byte{1})
		b.SetPersistedCallback(func(err error) {
			select {
			case done <- err:
			default:
			}
		})
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("persist index: %w", err)
		}
		select {
		case err := <-done:
			errs = append(errs, err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Minute):
			return fmt.Errorf("persist index: no confirmation after 5 minutes")
		}
	}
	return errors.Join(errs...)
}

// Indexer owns the two Bleve indexes, offerings and tenders. Searches get
// the live indexes through View, which keeps them open while it runs, so a
// Reindex can swap a new pair in at any moment.
type Indexer struct {
	dir    string // "" for in-memory indexes
	opts   Options
	places Places

	mu         sync.Mutex // serialises writers: Apply, Reindex's catch-up and swap
	reindexing bool       // a Reindex is building: Apply leaves the outbox alone
	stale      bool       // built with another MappingVersion: rebuild
	tenderMu   sync.Mutex // serialises ApplyTenders

	rw     sync.RWMutex // readers hold it while they use cur
	cur    *generation
	closed bool
}

// Open opens the indexes under dir, creating them when missing; places
// resolves the postcodes of the documents whose place validation did not
// fill in (the reference data, handed in by cmd/koppel). When another
// process holds them it returns ELOCKED after a few seconds rather than
// blocking for ever. Indexes built by another version of the mappings are
// rebuilt by the first Apply.
func Open(dir string, places Places) (*Indexer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, koppel.Errorf(koppel.EINVALID, "cannot create index directory %q: %w", dir, err)
	}
	ix := &Indexer{dir: dir, places: places}
	n, err := readCurrent(dir)
	if err != nil {
		return nil, err
	}
	g, err := ix.openGeneration(n, false)
	if err != nil {
		return nil, err
	}
	ix.cur = g
	if v, err := g.off.GetInternal(versionKey); err != nil || string(v) != strconv.Itoa(MappingVersion) {
		ix.stale = true
	}
	ix.removeOtherGenerations(n)
	return ix, nil
}

// OpenMem returns in-memory indexes, for tests, with places as Open.
func OpenMem(places Places) (*Indexer, error) { return OpenMemWith(Options{}, places) }

// OpenMemWith returns in-memory indexes with the given options.
func OpenMemWith(o Options, places Places) (*Indexer, error) {
	ix := &Indexer{opts: o, places: places}
	g, err := ix.openGeneration(0, false)
	if err != nil {
		return nil, err
	}
	ix.cur = g
	return ix, nil
}

// Options returns the options the indexes were built with.
func (ix *Indexer) Options() Options { return ix.opts }

// Places returns the place resolver the indexer uses.
func (ix *Indexer) Places() Places { return ix.places }

func genPaths(dir string, n int) (off, ten string) {
	if n == 0 {
		return filepath.Join(dir, offeringsDir), filepath.Join(dir, tendersDir)
	}
	return filepath.Join(dir, fmt.Sprintf("offerings.%d.bleve", n)), filepath.Join(dir, fmt.Sprintf("tenders.%d.bleve", n))
}

func readCurrent(dir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", currentFile, err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || n < 0 {
		return 0, koppel.Errorf(koppel.EINTERNAL, "index directory %q: bad %s %q", dir, currentFile, b)
	}
	return n, nil
}

// writeCurrent makes generation n the live one: a new file renamed over
// CURRENT, which is atomic.
func writeCurrent(dir string, n int) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("write %s: %w", currentFile, err)
	}
	_, err = fmt.Fprintf(f, "%d\n", n)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, currentFile))
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", currentFile, err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// removeOtherGenerations deletes the index directories of every generation
// but n: the old ones a swap left, or a half-built one a crash left.
func (ix *Indexer) removeOtherGenerations(n int) {
	entries, err := os.ReadDir(ix.dir)
	if err != nil {
		return
	}
	keepOff, keepTen := genPaths(ix.dir, n)
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasSuffix(name, ".bleve") || !(strings.HasPrefix(name, "offerings.") || strings.HasPrefix(name, "tenders.")) {
			continue
		}
		if p := filepath.Join(ix.dir, name); p != keepOff && p != keepTen {
			_ = os.RemoveAll(p)
		}
	}
}

// openGeneration opens (or creates) the indexes of generation n. bulk
// opens fresh indexes for a rebuild with unsafe batches: fast, and safe
// only because the directory is new and is not live until the swap.
func (ix *Indexer) openGeneration(n int, bulk bool) (*generation, error) {
	om, err := offeringMapping(ix.opts)
	if err != nil {
		return nil, fmt.Errorf("offering mapping: %w", err)
	}
	tm, err := tenderMapping(ix.opts)
	if err != nil {
		return nil, fmt.Errorf("tender mapping: %w", err)
	}
	if ix.dir == "" {
		off, err := newMemIndex(om)
		if err != nil {
			return nil, fmt.Errorf("new offering index: %w", err)
		}
		ten, err := newMemIndex(tm)
		if err != nil {
			off.Close()
			return nil, fmt.Errorf("new tender index: %w", err)
		}
		g := &generation{n: n, off: off, ten: ten}
		if err := g.setVersion(); err != nil {
			g.close()
			return nil, err
		}
		return g, nil
	}
	offPath, tenPath := genPaths(ix.dir, n)
	if bulk {
		_ = os.RemoveAll(offPath)
		_ = os.RemoveAll(tenPath)
	}
	off, created, err := openIndex(offPath, om, bulk)
	if err != nil {
		return nil, err
	}
	ten, _, err := openIndex(tenPath, tm, bulk)
	if err != nil {
		off.Close()
		return nil, err
	}
	g := &generation{n: n, off: off, ten: ten}
	if created {
		if err := g.setVersion(); err != nil {
			g.close()
			return nil, err
		}
	}
	return g, nil
}

func (g *generation) setVersion() error {
	v := []byte(strconv.Itoa(MappingVersion))
	if err := g.off.SetInternal(versionKey, v); err != nil {
		return fmt.Errorf("record mapping version: %w", err)
	}
	if err := g.ten.SetInternal(versionKey, v); err != nil {
		return fmt.Errorf("record mapping version: %w", err)
	}
	return nil
}

// scorchConfig is the index configuration: bolt_timeout so that a second
// process gets an error instead of blocking (docs/design.md, "Library pitfalls"); for a bulk
// build into a fresh directory, unsafe batches (no fsync per batch) and a
// persister that merges less eagerly.
func scorchConfig(bulk bool) map[string]interface{} {
	cfg := map[string]interface{}{"bolt_timeout": "5s"}
	if bulk {
		cfg["unsafe_batch"] = true
	}
	return cfg
}

// newMemIndex returns an in-memory Scorch index, the index type of the
// indexes on disk (bleve.NewMemOnly makes an upside-down one, which
// searches differently and far slower).
func newMemIndex(m bleveMapping) (bleve.Index, error) {
	return bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
}

func openIndex(path string, m bleveMapping, bulk bool) (idx bleve.Index, created bool, err error) {
	cfg := scorchConfig(bulk)
	idx, err = bleve.OpenUsing(path, cfg)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		created = true
		idx, err = bleve.NewUsing(path, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, cfg)
	}
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, false, koppel.Errorf(koppel.ELOCKED, "index %q is in use by another running koppel (stop it first, or use --data to choose another directory)", path)
		}
		return nil, false, koppel.Errorf(koppel.EINTERNAL, "open index %q: %w", path, err)
	}
	return idx, created, nil
}

// View calls fn with the live offering and tender indexes, which stay open
// until fn returns even if a Reindex swaps in new ones meanwhile. Searches
// go through View; fn must not call Reindex.
func (ix *Indexer) View(fn func(offerings, tenders bleve.Index) error) error {
	ix.rw.RLock()
	defer ix.rw.RUnlock()
	return fn(ix.cur.off, ix.cur.ten)
}

// Offerings returns the live offering index. A Reindex may close it at any
// time after; use View to search.
func (ix *Indexer) Offerings() bleve.Index {
	ix.rw.RLock()
	defer ix.rw.RUnlock()
	return ix.cur.off
}

// Tenders returns the live tender index. A Reindex may close it at any time
// after; use View to search.
func (ix *Indexer) Tenders() bleve.Index {
	ix.rw.RLock()
	defer ix.rw.RUnlock()
	return ix.cur.ten
}

// Close closes both indexes. Calling it again is a no-op.
func (ix *Indexer) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.rw.Lock()
	defer ix.rw.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	return ix.cur.close()
}

// AppliedSeq returns the last outbox sequence applied to both indexes.
func (ix *Indexer) AppliedSeq() (uint64, error) {
	ix.rw.RLock()
	defer ix.rw.RUnlock()
	return ix.cur.appliedSeq()
}

func (g *generation) appliedSeq() (uint64, error) {
	a, err := readSeq(g.off)
	if err != nil {
		return 0, err
	}
	b, err := readSeq(g.ten)
	if err != nil {
		return 0, err
	}
	return min(a, b), nil
}

func readSeq(idx bleve.Index) (uint64, error) {
	v, err := idx.GetInternal(seqKey)
	if err != nil {
		return 0, fmt.Errorf("read applied sequence: %w", err)
	}
	if len(v) != 8 {
		return 0, nil
	}
	return binary.BigEndian.Uint64(v), nil
}

func seqBytes(seq uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	return b[:]
}
