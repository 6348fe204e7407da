package store

import (
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// prefixVersion holds the catalogue versions kept for undo:
//
//	cv/{kbo}/{id}/m              CatalogueVersion (JSON), written with the catalogue change
//	cv/{kbo}/{id}/c/{n}          chunk n (8 decimal digits) of the offerings, compressed
//
// id is the report of the import that replaced the version.
const prefixVersion = "cv/"

// Retention of catalogue versions (Options.KeepVersions and
// Options.KeepVersionsFor): the newest DefaultKeepVersions of each
// enterprise are kept, and any version younger than DefaultKeepVersionsFor.
const (
	DefaultKeepVersions    = 5
	DefaultKeepVersionsFor = 30 * 24 * time.Hour
)

// Bounds of one chunk of a catalogue version, before compression: a
// version of any size is many values of at most about this size, far below
// Badger's value-log file (64 MB) and its transaction limit.
const (
	versionChunkOfferings = 1000
	versionChunkBytes     = 1 << 20
)

// CatalogueVersion is an enterprise's catalogue (profile and offerings) as
// it was before an import replaced it, kept so that the import can be
// undone.
type CatalogueVersion struct {
	// ID is the import report of the import that replaced this catalogue.
	ID         string             `json:"id"`
	KBO        koppel.KBO         `json:"kbo"`
	SavedAt    time.Time          `json:"saved_at"`
	Enterprise *koppel.Enterprise `json:"enterprise"`
	Offerings  int                `json:"offerings"`
	Chunks     int                `json:"chunks"`
	// Bytes is the compressed size of the offerings on disk.
	Bytes int64 `json:"bytes"`
}

func versionPrefix(kbo koppel.KBO) string { return prefixVersion + string(kbo) + "/" }

func versionMetaKey(kbo koppel.KBO, id string) []byte {
	return []byte(versionPrefix(kbo) + id + "/m")
}

func versionChunkKey(kbo koppel.KBO, id string, n int) []byte {
	return fmt.Appendf(nil, "%s%s/c/%08d", versionPrefix(kbo), id, n)
}

func versionNotFound(kbo koppel.KBO, id string) error {
	return koppel.Errorf(koppel.ENOTFOUND, "de catalogus van onderneming %s van vóór import %s wordt niet (meer) bewaard", kbo, id).WithKey("error.version_gone", "KBO", kbo.String(), "ID", id)
}

// FindCatalogueVersion returns the catalogue version kept under id.
// Returns ENOTFOUND if there is none (the import created the enterprise,
// wrote nothing, or the version was pruned).
func (s *Store) FindCatalogueVersion(ctx context.Context, kbo koppel.KBO, id string) (*CatalogueVersion, error) {
	if err := checkKey("ondernemingsnummer", string(kbo), true); err != nil {
		return nil, err
	}
	if err := checkKey("versie", id, true); err != nil {
		return nil, err
	}
	v, err := findValue[CatalogueVersion](ctx, s, versionMetaKey(kbo, id), func() error { return versionNotFound(kbo, id) })
	if err != nil {
		return nil, fmt.Errorf("find catalogue version %s of %s: %w", id, kbo, err)
	}
	return v, nil
}

// CatalogueVersions returns the versions kept of an enterprise's
// catalogue, newest first.
func (s *Store) CatalogueVersions(ctx context.Context, kbo koppel.KBO) ([]*CatalogueVersion, error) {
	if err := checkKey("ondernemingsnummer", string(kbo), true); err != nil {
		return nil, err
	}
	var list []*CatalogueVersion
	err := s.view(ctx, func(txn *badger.Txn) error {
		var err error
		list, err = versionsIn(ctx, txn, kbo)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalogue versions of %s: %w", kbo, err)
	}
	return list, nil
}

// versionsIn reads the versions of kbo, newest first. It seeks from one
// meta key to the next, reading no chunk.
func versionsIn(ctx context.Context, txn *badger.Txn, kbo koppel.KBO) ([]*CatalogueVersion, error) {
	var list []*CatalogueVersion
	prefix := versionPrefix(kbo)
	err := forEach(ctx, txn, prefix, true, func(item *badger.Item) error {
		if !bytes.HasSuffix(item.Key(), []byte("/m")) {
			return nil
		}
		var v CatalogueVersion
		if err := item.Value(func(b []byte) error { return decode(b, &v) }); err != nil {
			return err
		}
		list = append(list, &v)
		return nil
	})
	slices.SortFunc(list, func(a, b *CatalogueVersion) int { return b.SavedAt.Compare(a.SavedAt) })
	return list, err
}

// VersionOfferings yields the offerings of a catalogue version in ID
// order, one chunk in memory at a time, from one snapshot. It fits
// ReplaceCatalogueWith, which puts the version back. It yields ENOTFOUND if
// the version is not kept.
func (s *Store) VersionOfferings(ctx context.Context, kbo koppel.KBO, id string) iter.Seq2[*koppel.Offering, error] {
	return func(yield func(*koppel.Offering, error) bool) {
		txn := s.db.NewTransaction(false)
		defer txn.Discard()
		var v CatalogueVersion
		ok, err := getValue(txn, versionMetaKey(kbo, id), &v)
		if err == nil && !ok {
			err = versionNotFound(kbo, id)
		}
		if err != nil {
			yield(nil, err)
			return
		}
		for n := range v.Chunks {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			var chunk []byte
			item, err := txn.Get(versionChunkKey(kbo, id, n))
			if err == nil {
				chunk, err = item.ValueCopy(nil)
			}
			if err != nil {
				yield(nil, fmt.Errorf("catalogue version %s of %s, chunk %d: %w", id, kbo, n, err))
				return
			}
			for o, err := range decodeChunk(chunk) {
				if !yield(o, err) || err != nil {
					return
				}
			}
		}
	}
}

// decodeChunk yields the offerings of one chunk: a flate stream of
// records, each a uvarint length and an offering's stored JSON.
func decodeChunk(chunk []byte) iter.Seq2[*koppel.Offering, error] {
	return func(yield func(*koppel.Offering, error) bool) {
		r := bufio.NewReader(flate.NewReader(bytes.NewReader(chunk)))
		var buf []byte
		for {
			n, err := binary.ReadUvarint(r)
			if errors.Is(err, io.EOF) {
				return
			}
			if err == nil && n > versionChunkBytes*64 {
				err = fmt.Errorf("record of %d bytes", n)
			}
			if err == nil {
				buf = slices.Grow(buf[:0], int(n))[:n]
				_, err = io.ReadFull(r, buf)
			}
			var o koppel.Offering
			if err == nil {
				err = decode(buf, &o)
			}
			if err != nil {
				yield(nil, fmt.Errorf("read catalogue version: %w", err))
				return
			}
			if !yield(&o, nil) {
				return
			}
		}
	}
}

// versionWriter streams a version's offerings into compressed chunks with
// a WriteBatch.
type versionWriter struct {
	kbo   koppel.KBO
	id    string
	wb    *badger.WriteBatch
	raw   bytes.Buffer // the records of the chunk being filled
	out   bytes.Buffer
	zw    *flate.Writer
	count int // offerings in raw
	v     CatalogueVersion
}

// flateWriters reuses compressors: each holds about 1 MB of state, more
// than a small catalogue's whole version.
var flateWriters = sync.Pool{New: func() any {
	zw, _ := flate.NewWriter(nil, flate.BestSpeed) // BestSpeed is a valid level
	return zw
}}

func (s *Store) newVersionWriter(kbo koppel.KBO, id string, e *koppel.Enterprise) *versionWriter {
	return &versionWriter{kbo: kbo, id: id, wb: s.db.NewWriteBatch(), zw: flateWriters.Get().(*flate.Writer),
		v: CatalogueVersion{ID: id, KBO: kbo, Enterprise: e}}
}

// add appends one offering, as stored.
func (vw *versionWriter) add(value []byte) error {
	vw.raw.Write(binary.AppendUvarint(nil, uint64(len(value))))
	vw.raw.Write(value)
	vw.count++
	vw.v.Offerings++
	if vw.count >= versionChunkOfferings || vw.raw.Len() >= versionChunkBytes {
		return vw.flushChunk()
	}
	return nil
}

func (vw *versionWriter) flushChunk() error {
	if vw.count == 0 {
		return nil
	}
	vw.out.Reset()
	vw.zw.Reset(&vw.out)
	if _, err := vw.zw.Write(vw.raw.Bytes()); err != nil {
		return err
	}
	if err := vw.zw.Close(); err != nil {
		return err
	}
	if err := vw.wb.Set(versionChunkKey(vw.kbo, vw.id, vw.v.Chunks), bytes.Clone(vw.out.Bytes())); err != nil {
		return fmt.Errorf("write catalogue version %s of %s: %w", vw.id, vw.kbo, err)
	}
	vw.v.Chunks++
	vw.v.Bytes += int64(vw.out.Len())
	vw.raw.Reset()
	vw.count = 0
	return nil
}

// finish writes the last chunk and waits for the batch; the version
// exists once its meta key is written (putVersionMeta).
func (vw *versionWriter) finish() error {
	defer vw.wb.Cancel()
	defer flateWriters.Put(vw.zw)
	if err := vw.flushChunk(); err != nil {
		return err
	}
	return vw.wb.Flush()
}

// saveVersion writes the catalogue the upload replaces, as the upload's
// snapshot sees it, into the chunks of version u.version. It keeps nothing
// when the enterprise does not exist yet (there is nothing to go back to).
// The meta key goes in the transaction that makes the upload current.
func (u *upload) saveVersion(ctx context.Context) error {
	var e koppel.Enterprise
	ok, err := getValue(u.snap.txn, enterpriseKey(u.kbo), &e)
	if err != nil || !ok {
		return err
	}
	vw := u.s.newVersionWriter(u.kbo, u.version, &e)
	if u.base != 0 {
		err = forEach(ctx, u.snap.txn, genPrefix(u.kbo, u.base), false, func(item *badger.Item) error {
			return item.Value(vw.add)
		})
	}
	if ferr := vw.finish(); err == nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("keep the catalogue before import %s: %w", u.version, err)
	}
	u.saved = &vw.v
	return nil
}

// putVersionMeta makes the version the upload saved exist, in the
// transaction that makes the upload current.
func (u *upload) putVersionMeta(w *writer) error {
	if u.saved == nil {
		return nil
	}
	u.saved.SavedAt = now()
	return putValue(w.txn, versionMetaKey(u.kbo, u.version), u.saved)
}

// afterVersion runs when an upload that saved a version ends: it deletes
// the version's chunks when the upload failed, and prunes the enterprise's
// versions when it succeeded. Failures are logged: the upload's outcome
// stands, and Open deletes orphaned chunks.
func (u *upload) afterVersion(committed bool) {
	if u.saved == nil {
		return
	}
	var err error
	if committed {
		err = u.s.pruneVersions(context.Background(), u.kbo)
	} else {
		err = u.s.deletePrefix(versionPrefix(u.kbo) + u.version + "/")
	}
	if err != nil {
		u.s.log.Warn("catalogue versions after an upload", "kbo", u.kbo, "version", u.version, "committed", committed, "err", err)
	}
}

// deleteVersionData deletes the keys of a version; the meta key first, in
// its own transaction, so that a crash leaves no version with missing
// chunks (chunks without meta are orphans, deleted by Open).
func (s *Store) deleteVersionData(kbo koppel.KBO, id string) error {
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(versionMetaKey(kbo, id)) }); err != nil {
		return fmt.Errorf("delete catalogue version %s of %s: %w", id, kbo, err)
	}
	return s.deletePrefix(versionPrefix(kbo) + id + "/")
}

// deleteVersionMetas deletes the meta keys of kbo's versions in txn: the
// versions cease to exist (their chunks are orphans until deleted).
func deleteVersionMetas(ctx context.Context, txn *badger.Txn, kbo koppel.KBO) error {
	var keys [][]byte
	err := forEach(ctx, txn, versionPrefix(kbo), true, func(item *badger.Item) error {
		if bytes.HasSuffix(item.Key(), []byte("/m")) {
			keys = append(keys, item.KeyCopy(nil))
		}
		return nil
	})
	for _, k := range keys {
		if err == nil {
			err = txn.Delete(k)
		}
	}
	return err
}

// deletePrefix deletes every key under prefix with a WriteBatch.
func (s *Store) deletePrefix(prefix string) error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	err := s.db.View(func(txn *badger.Txn) error {
		return forEach(context.Background(), txn, prefix, true, func(item *badger.Item) error {
			return wb.Delete(item.KeyCopy(nil))
		})
	})
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		return fmt.Errorf("delete %q: %w", prefix, err)
	}
	return nil
}

// pruneVersions deletes the versions of kbo beyond the retention: a
// version stays while it is among the newest s.keepVersions or younger
// than s.keepVersionsFor.
func (s *Store) pruneVersions(ctx context.Context, kbo koppel.KBO) error {
	var list []*CatalogueVersion
	err := s.view(ctx, func(txn *badger.Txn) error {
		var err error
		list, err = versionsIn(ctx, txn, kbo)
		return err
	})
	if err != nil {
		return err
	}
	cutoff := now().Add(-s.keepVersionsFor)
	for i, v := range list {
		if i < s.keepVersions || v.SavedAt.After(cutoff) {
			continue
		}
		if err := s.deleteVersionData(kbo, v.ID); err != nil {
			return err
		}
	}
	return nil
}

// deleteOrphanVersions deletes the chunks of versions whose meta key was
// never written: a crash or an error during an upload that saved them.
// Open runs it before anyone else writes.
func (s *Store) deleteOrphanVersions() error {
	var orphans []string // prefixes cv/{kbo}/{id}/
	err := s.db.View(func(txn *badger.Txn) error {
		cur, hasMeta := "", false
		err := forEach(context.Background(), txn, prefixVersion, true, func(item *badger.Item) error {
			k := string(item.Key())
			i := strings.Index(k[len(prefixVersion):], "/")
			j := -1
			if i >= 0 {
				j = strings.Index(k[len(prefixVersion)+i+1:], "/")
			}
			if j < 0 {
				return nil
			}
			p := k[:len(prefixVersion)+i+1+j+1]
			if p != cur {
				if cur != "" && !hasMeta {
					orphans = append(orphans, cur)
				}
				cur, hasMeta = p, false
			}
			if k[len(p):] == "m" {
				hasMeta = true
			}
			return nil
		})
		if cur != "" && !hasMeta {
			orphans = append(orphans, cur)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("find orphaned catalogue versions: %w", err)
	}
	for _, p := range orphans {
		if err := s.deletePrefix(p); err != nil {
			return err
		}
	}
	return nil
}
