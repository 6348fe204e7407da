package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// Catalogue upload modes.
const (
	// ModeReplace makes the upload the whole catalogue: offerings not in it
	// are deleted.
	ModeReplace = "replace"
	// ModeMerge adds and replaces the uploaded offerings and keeps the
	// others.
	ModeMerge = "merge"
)

// Limits of the changes a catalogue upload applies in one transaction (and
// queues one DocOffering change each for). Badger refuses a transaction of
// more than 15 % of a memtable (2.4 MB); the estimate stays below.
const (
	maxCatalogueDiff      = 5000
	maxCatalogueDiffBytes = 3 << 19 // 1.5 MB
)

// ReplaceCatalogue stores enterprise e and its catalogue from an upload, as
// one atomic change of any size. A crash or an error leaves the old
// catalogue; success leaves the new one; never a mix.
//
// The upload is streamed into a new catalogue generation, compared with the
// current one as it comes in: a new or changed offering is written whole,
// an unchanged one as an empty marker. Then the changes are counted. When
// there are a few thousand at most, one transaction applies them to the
// current catalogue, stores e and queues a DocOffering change for each
// changed offering: re-importing a nearly identical catalogue writes and
// re-indexes only what changed. Otherwise the unchanged offerings are
// copied into the new generation, and one transaction makes it current,
// stores e and queues the index changes (one DocCatalogue change, which
// makes the indexer replace the whole catalogue, or the DocOffering
// changes when they are few); the old generation is deleted afterwards.
// Either way, the index is told to replace the whole catalogue when this is
// the first upload, when e changes what the index shows of the enterprise,
// or when its offerings were written by someone else while the upload ran.
//
// In mode "replace" (or "") the upload is the new catalogue; in mode "merge"
// the current offerings that the upload does not contain are kept. The
// caller validates e and the offerings; an offering without Enterprise gets
// e.KBO, a zero UpdatedAt gets the current time. A later offering with the
// same ID replaces an earlier one. An error yielded by offerings stops the
// upload and is returned.
//
// The counts compare the upload with the previous catalogue: created (new
// IDs), updated (changed content), unchanged (same content; these keep their
// UpdatedAt), removed (previous offerings the new catalogue no longer has;
// always 0 in merge mode).
//
// Returns EINVALID for a bad mode, an empty KBO or offering ID, or an
// offering of another enterprise; ECONFLICT when another catalogue upload
// for the same enterprise finished in the meantime. Offerings written with
// PutOffering while the upload runs are lost when it finishes.
func (s *Store) ReplaceCatalogue(ctx context.Context, e *koppel.Enterprise, offerings iter.Seq2[*koppel.Offering, error], mode string) (CatalogueCounts, error) {
	return s.ReplaceCatalogueKeeping(ctx, e, offerings, mode, nil)
}

// ReplaceCatalogueKeeping is ReplaceCatalogue where, in replace mode, a
// current offering missing from the upload is kept when keep(id) is true
// (the upload had a row for it that was rejected). keep is called after
// offerings is exhausted; nil keeps nothing. Like ReplaceCatalogue, it
// lets a replace empty the catalogue (see CatalogueOptions.AllowEmpty).
func (s *Store) ReplaceCatalogueKeeping(ctx context.Context, e *koppel.Enterprise, offerings iter.Seq2[*koppel.Offering, error], mode string, keep func(id string) bool) (CatalogueCounts, error) {
	res, err := s.ReplaceCatalogueWith(ctx, e, offerings, CatalogueOptions{Mode: mode, Keep: keep, AllowEmpty: true})
	return res.CatalogueCounts, err
}

// CatalogueOptions steer a catalogue upload made with ReplaceCatalogueWith.
type CatalogueOptions struct {
	// Mode is ModeReplace (or "") or ModeMerge.
	Mode string
	// Keep, in replace mode, keeps a current offering missing from the
	// upload when Keep(id) is true; see ReplaceCatalogueKeeping.
	Keep func(id string) bool
	// AllowEmpty lets a replace remove every offering of a catalogue that
	// has some. Without it such an upload changes nothing and returns
	// ECONFLICT wrapping ErrRemovesAll: an empty or wrong file must not
	// wipe a catalogue by accident.
	AllowEmpty bool
	// Check, when set, sees the counts once the upload has been compared
	// with the current catalogue, before anything is committed; an error
	// it returns stops the upload, which then changes nothing. (A page
	// uses it to remove no more than its preview showed.)
	Check func(CatalogueCounts) error
	// Version, when set, keeps the catalogue the upload replaces (profile
	// and offerings, as the upload found them) as the catalogue version of
	// that name, normally the ID of the import's report, so that the
	// upload can be undone: VersionOfferings and FindCatalogueVersion give
	// it back, and an upload of them puts it back. The version exists
	// exactly when the upload succeeded (it is made visible in the same
	// transaction); none is kept when the enterprise did not exist before.
	// Versions beyond the retention (Options.KeepVersions,
	// Options.KeepVersionsFor) are deleted after a successful upload.
	Version string
}

// CatalogueResult says how a catalogue upload changed the catalogue, and
// names the first koppel.MaxRemovedListed offerings it removed, in ID
// order.
type CatalogueResult struct {
	CatalogueCounts
	RemovedOfferings []koppel.RemovedOffering
}

// ErrRemovesAll is the cause of the ECONFLICT error of a replace that would
// remove every offering without CatalogueOptions.AllowEmpty.
var ErrRemovesAll = errors.New("the upload would remove every offering of the catalogue")

// ReplaceCatalogueWith is ReplaceCatalogue with options. The check of
// AllowEmpty is made on the counts, after the upload was compared with the
// current catalogue and before anything is committed, so a refused upload
// leaves the catalogue as it was.
func (s *Store) ReplaceCatalogueWith(ctx context.Context, e *koppel.Enterprise, offerings iter.Seq2[*koppel.Offering, error], opts CatalogueOptions) (CatalogueResult, error) {
	if e == nil {
		return CatalogueResult{}, koppel.Errorf(koppel.EINVALID, "onderneming ontbreekt").WithKey("error.imports_no_enterprise")
	}
	if err := checkKey("ondernemingsnummer", string(e.KBO), true); err != nil {
		return CatalogueResult{}, err
	}
	mode := opts.Mode
	switch mode {
	case "":
		mode = ModeReplace
	case ModeReplace, ModeMerge:
	default:
		return CatalogueResult{}, koppel.Errorf(koppel.EINVALID, "modus %q is ongeldig: replace of merge", mode).WithKey("error.imports_mode", "Value", mode)
	}
	if opts.Version != "" {
		if err := checkKey("versie", opts.Version, true); err != nil {
			return CatalogueResult{}, err
		}
	}
	u := &upload{s: s, e: e, kbo: e.KBO, mode: mode, keep: opts.Keep, allowEmpty: opts.AllowEmpty, check: opts.Check, version: opts.Version}
	counts, err := u.run(ctx, offerings)
	if err != nil {
		return CatalogueResult{}, fmt.Errorf("replace catalogue of %s: %w", e.KBO, err)
	}
	return CatalogueResult{CatalogueCounts: counts, RemovedOfferings: u.removed}, nil
}

// CatalogueCounts says how a catalogue upload changed the catalogue.
type CatalogueCounts struct {
	Created, Updated, Unchanged, Removed int
}

// upload is one catalogue upload under way.
type upload struct {
	s    *Store
	e    *koppel.Enterprise
	kbo  koppel.KBO
	mode string
	keep func(string) bool
	// allowEmpty lets a replace remove every current offering; check
	// may stop the upload once it is counted.
	allowEmpty bool
	check      func(CatalogueCounts) error

	// removed names the first removed offerings; nKept counts the current
	// offerings missing from the upload that stay.
	removed []koppel.RemovedOffering
	nKept   int

	// version names the catalogue version the upload keeps of what it
	// replaces ("": none); saved describes it once its chunks are written.
	version string
	saved   *CatalogueVersion

	base uint64   // the current generation when the upload started (0: none)
	gen  uint64   // the generation the upload is written to
	snap snapshot // the store as the upload compares with it

	counts CatalogueCounts
	// diff holds the IDs of the created, updated and removed offerings,
	// nil when there are more than the limits allow.
	diff      []string
	diffBytes int
}

// errNotInPlace says that the changes cannot be applied to the current
// generation; the upload makes a new one instead.
var errNotInPlace = errors.New("apply the upload as a new generation")

func (u *upload) run(ctx context.Context, offerings iter.Seq2[*koppel.Offering, error]) (CatalogueCounts, error) {
	s := u.s
	// Take a new generation and note the current one.
	err := s.update(ctx, func(w *writer) error {
		var err error
		if u.base, err = currentGen(w.txn, u.kbo); err != nil {
			return err
		}
		u.gen = w.nextGen()
		return nil
	})
	if err != nil {
		return CatalogueCounts{}, err
	}
	// Whatever happens, the upload's generation goes unless it became
	// current.
	current := false   // the upload's generation became current
	committed := false // the upload's changes are stored
	defer func() {
		if current {
			return
		}
		if _, derr := s.deleteGen(u.kbo, u.gen); derr != nil {
			// Invisible; the next Open deletes it.
			s.log.Warn("delete catalogue generation of an upload", "kbo", u.kbo, "generation", u.gen, "err", derr)
		}
	}()
	u.snap = s.snapshot()
	defer u.snap.txn.Discard()

	if err := u.write(ctx, offerings); err != nil {
		return CatalogueCounts{}, err
	}
	if err := u.compare(ctx); err != nil {
		return CatalogueCounts{}, fmt.Errorf("compare with the current catalogue: %w", err)
	}
	if c := u.counts; !u.allowEmpty && c.Removed > 0 && c.Created+c.Updated+c.Unchanged+u.nKept == 0 {
		what := fmt.Sprintf("alle %d diensten", c.Removed)
		if c.Removed == 1 {
			what = "de enige dienst"
		}
		return CatalogueCounts{}, &koppel.Error{Code: koppel.ECONFLICT, Err: ErrRemovesAll,
			Message: fmt.Sprintf("deze upload zou %s van onderneming %s verwijderen en geen enkele overlaten", what, u.kbo),
			Key:     "error.removes_all", Args: []any{"N", c.Removed, "KBO", u.kbo.String()}}
	}
	if u.check != nil {
		if err := u.check(u.counts); err != nil {
			return CatalogueCounts{}, err
		}
	}
	if u.version != "" {
		if err := u.saveVersion(ctx); err != nil {
			return CatalogueCounts{}, err
		}
		defer func() { u.afterVersion(committed) }()
	}
	if u.base != 0 && u.diff != nil {
		err := u.applyInPlace(ctx)
		if err == nil {
			committed = true
			return u.counts, nil
		}
		if !errors.Is(err, errNotInPlace) && !errors.Is(err, badger.ErrTxnTooBig) {
			return CatalogueCounts{}, err
		}
	}

	// A new generation: copy what the upload keeps from the current one,
	// make it current, delete the old one.
	if err := u.fill(ctx); err != nil {
		return CatalogueCounts{}, fmt.Errorf("copy unchanged offerings: %w", err)
	}
	err = u.flip(ctx, false)
	if errors.Is(err, badger.ErrTxnTooBig) {
		// Too many changes to queue one by one.
		err = u.flip(ctx, true)
	}
	if err != nil {
		return CatalogueCounts{}, err
	}
	current, committed = true, true
	if u.base != 0 {
		if _, err := s.deleteGen(u.kbo, u.base); err != nil {
			// The new catalogue is in place; the old one is invisible and
			// the next Open deletes it.
			s.log.Warn("delete previous catalogue generation", "kbo", u.kbo, "generation", u.base, "err", err)
		}
	}
	return u.counts, nil
}

// write streams the uploaded offerings into the upload's generation. An
// offering whose content equals that of the same ID in the current
// generation (apart from UpdatedAt) is written as an empty marker; the
// others are written whole. Memory does not grow with the catalogue.
func (u *upload) write(ctx context.Context, offerings iter.Seq2[*koppel.Offering, error]) error {
	wb := u.s.db.NewWriteBatch()
	defer wb.Cancel()
	stamp := now()
	n := 0
	for o, err := range offerings {
		if err != nil {
			return err
		}
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if o == nil {
			continue
		}
		if o.Enterprise == "" {
			o.Enterprise = u.kbo
		}
		if o.Enterprise != u.kbo {
			return koppel.Errorf(koppel.EINVALID, "aanbod %q hoort bij onderneming %s, niet bij %s", o.ID, o.Enterprise, u.kbo).WithKey("error.imports_other_enterprise", "ID", o.ID, "Owner", o.Enterprise.String(), "KBO", u.kbo.String())
		}
		if err := checkKey("code van het aanbod", o.ID, false); err != nil {
			return err
		}
		if o.UpdatedAt.IsZero() {
			o.UpdatedAt = stamp
		}
		b, err := encode(o)
		if err != nil {
			return err
		}
		if u.base != 0 {
			same, err := sameAsStored(u.snap.txn, offeringKey(u.kbo, u.base, o.ID), o, b)
			if err != nil {
				return fmt.Errorf("compare offering %s: %w", o.Key(), err)
			}
			if same {
				b = []byte{}
			}
		}
		if err := wb.Set(offeringKey(u.kbo, u.gen, o.ID), b); err != nil {
			return fmt.Errorf("write offering %s: %w", o.Key(), err)
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("write catalogue generation %d: %w", u.gen, err)
	}
	return nil
}

// sameAsStored reports whether the value under key has the same content as
// o (encoded as enc) apart from UpdatedAt.
func sameAsStored(txn *badger.Txn, key []byte, o *koppel.Offering, enc []byte) (bool, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	same := false
	err = item.Value(func(old []byte) error {
		// Fast path: o with the stored UpdatedAt encodes to the stored
		// bytes.
		var stamp struct {
			UpdatedAt time.Time `json:"updated_at"`
		}
		if err := decode(old, &stamp); err != nil {
			return err
		}
		x := *o
		x.UpdatedAt = stamp.UpdatedAt
		b, err := encode(&x)
		if err != nil {
			return err
		}
		if bytes.Equal(b, old) {
			same = true
			return nil
		}
		// A value stored by an older encoding: compare decoded.
		same, err = sameOffering(old, enc)
		return err
	})
	return same, err
}

// sameOffering reports whether two stored offerings have the same content,
// apart from their UpdatedAt.
func sameOffering(old, cur []byte) (bool, error) {
	var a, b koppel.Offering
	if err := decode(old, &a); err != nil {
		return false, err
	}
	if err := decode(cur, &b); err != nil {
		return false, err
	}
	a.UpdatedAt = b.UpdatedAt
	ea, err := encode(&a)
	if err != nil {
		return false, err
	}
	eb, err := encode(&b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(ea, eb), nil
}

// walk visits the offerings of the upload's generation and of the current
// one side by side in ID order, calling fn with the item of each side (nil
// on the side that lacks the ID). It reads keys only; the items are valid
// during the call. The current generation is read from the upload's
// snapshot.
func (u *upload) walk(ctx context.Context, fn func(id []byte, up, cur *badger.Item) error) error {
	txn := u.s.db.NewTransaction(false) // sees the upload's generation
	defer txn.Discard()
	iterate := func(txn *badger.Txn, gen uint64) (*badger.Iterator, int) {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte(genPrefix(u.kbo, gen))
		opts.PrefetchValues = false
		it := txn.NewIterator(opts)
		it.Rewind()
		return it, len(opts.Prefix)
	}
	ui, up := iterate(txn, u.gen)
	defer ui.Close()
	var ci *badger.Iterator
	cp := 0
	if u.base != 0 {
		ci, cp = iterate(u.snap.txn, u.base)
		defer ci.Close()
	}
	for n := 1; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		uOK, cOK := ui.Valid(), ci != nil && ci.Valid()
		var uid, cid []byte
		if uOK {
			uid = ui.Item().Key()[up:]
		}
		if cOK {
			cid = ci.Item().Key()[cp:]
		}
		var err error
		switch {
		case !uOK && !cOK:
			return nil
		case !cOK || uOK && bytes.Compare(uid, cid) < 0:
			err = fn(uid, ui.Item(), nil)
			ui.Next()
		case !uOK || bytes.Compare(uid, cid) > 0:
			err = fn(cid, nil, ci.Item())
			ci.Next()
		default:
			err = fn(uid, ui.Item(), ci.Item())
			ui.Next()
			ci.Next()
		}
		if err != nil {
			return err
		}
	}
}

// kept reports whether a current offering missing from the upload stays.
func (u *upload) kept(id string) bool {
	return u.mode == ModeMerge || u.keep != nil && u.keep(id)
}

// compare counts what the upload changes and notes the IDs of the changed
// offerings while they fit in one transaction.
func (u *upload) compare(ctx context.Context) error {
	u.diff = []string{}
	changed := func(id string, valueSize int64) {
		if u.diff == nil {
			return
		}
		// The offering's key and value, and its outbox entry.
		u.diffBytes += len(genPrefix(u.kbo, 0)) + 2*len(id) + int(valueSize) + 100
		if len(u.diff) == maxCatalogueDiff || u.diffBytes > maxCatalogueDiffBytes {
			u.diff = nil
			return
		}
		u.diff = append(u.diff, id)
	}
	c := &u.counts
	return u.walk(ctx, func(id []byte, up, cur *badger.Item) error {
		switch {
		case cur == nil:
			c.Created++
			changed(string(id), up.ValueSize())
		case up == nil:
			if u.kept(string(id)) {
				u.nKept++
				return nil
			}
			c.Removed++
			changed(string(id), 0)
			if len(u.removed) < koppel.MaxRemovedListed {
				var o struct {
					Title string `json:"title"`
				}
				if err := cur.Value(func(b []byte) error { return decode(b, &o) }); err != nil {
					return fmt.Errorf("offering %s/%s: %w", u.kbo, id, err)
				}
				u.removed = append(u.removed, koppel.RemovedOffering{ID: string(id), Title: o.Title})
			}
		case up.ValueSize() == 0:
			c.Unchanged++
		default:
			c.Updated++
			changed(string(id), up.ValueSize())
		}
		return nil
	})
}

// applyInPlace applies the changes to the current generation in one
// transaction, stores the enterprise and queues the index changes. It
// returns errNotInPlace (having changed nothing) when the enterprise's
// offerings were changed by someone else since the snapshot.
func (u *upload) applyInPlace(ctx context.Context) error {
	return u.s.update(ctx, func(w *writer) error {
		if err := u.checkConflict(w); err != nil {
			return err
		}
		if u.s.touched[u.kbo] > u.snap.commits {
			return errNotInPlace
		}
		for _, id := range u.diff {
			item, err := w.txn.Get(offeringKey(u.kbo, u.gen, id))
			switch {
			case errors.Is(err, badger.ErrKeyNotFound):
				err = w.txn.Delete(offeringKey(u.kbo, u.base, id))
			case err == nil:
				var v []byte
				if v, err = item.ValueCopy(nil); err == nil && len(v) == 0 {
					err = fmt.Errorf("offering %s/%s: unchanged marker among the changes", u.kbo, id)
				}
				if err == nil {
					err = w.txn.Set(offeringKey(u.kbo, u.base, id), v)
				}
			}
			if err != nil {
				return err
			}
		}
		return u.finish(w, false)
	})
}

// flip makes the upload's generation current, stores the enterprise and
// queues the index changes; all as one DocCatalogue change when whole.
func (u *upload) flip(ctx context.Context, whole bool) error {
	return u.s.update(ctx, func(w *writer) error {
		if err := u.checkConflict(w); err != nil {
			return err
		}
		if err := w.txn.Set(catalogueKey(u.kbo), uint64Bytes(u.gen)); err != nil {
			return err
		}
		return u.finish(w, whole || u.base == 0 || u.diff == nil || u.s.touched[u.kbo] > u.snap.commits)
	})
}

// checkConflict returns ECONFLICT when another catalogue upload for the
// enterprise finished since this one started.
func (u *upload) checkConflict(w *writer) error {
	cur, err := currentGen(w.txn, u.kbo)
	if err != nil {
		return err
	}
	if cur != u.base || u.s.uploaded[u.kbo] > u.snap.commits {
		return koppel.Errorf(koppel.ECONFLICT, "de catalogus van onderneming %s werd intussen door een andere upload gewijzigd; probeer opnieuw", u.kbo).WithKey("error.imports_catalogue_changed", "KBO", u.kbo.String())
	}
	return nil
}

// finish stores the enterprise and queues the index changes: one
// DocCatalogue change when whole or when the enterprise's profile changes
// what the index shows, else one DocOffering change per changed offering.
func (u *upload) finish(w *writer, whole bool) error {
	if !whole {
		changed, err := profileChanged(w.txn, u.e)
		if err != nil {
			return err
		}
		whole = changed
	}
	if err := putEnterprise(w.txn, u.e); err != nil {
		return err
	}
	if err := u.putVersionMeta(w); err != nil {
		return err
	}
	w.upload = u.kbo
	w.touch(u.kbo)
	if whole {
		return w.queue(koppel.DocCatalogue, string(u.kbo))
	}
	for _, id := range u.diff {
		if err := w.queue(koppel.DocOffering, string(u.kbo)+"/"+id); err != nil {
			return err
		}
	}
	return nil
}

// profileChanged reports whether storing e changes the stored profile of
// its enterprise (or creates it), apart from the timestamps, which the index
// does not show.
func profileChanged(txn *badger.Txn, e *koppel.Enterprise) (bool, error) {
	var old koppel.Enterprise
	ok, err := getValue(txn, enterpriseKey(e.KBO), &old)
	if err != nil || !ok {
		return true, err
	}
	x := *e
	x.CreatedAt, x.UpdatedAt = time.Time{}, time.Time{}
	old.CreatedAt, old.UpdatedAt = time.Time{}, time.Time{}
	a, err := encode(&x)
	if err != nil {
		return false, err
	}
	b, err := encode(&old)
	if err != nil {
		return false, err
	}
	return !bytes.Equal(a, b), nil
}

// fill completes the upload's generation before it becomes current: the
// markers of unchanged offerings get the current value (so they keep their
// UpdatedAt), and the current offerings the upload keeps are copied. It
// holds one offering at a time.
func (u *upload) fill(ctx context.Context) error {
	if u.base == 0 {
		return nil
	}
	wb := u.s.db.NewWriteBatch()
	defer wb.Cancel()
	err := u.walk(ctx, func(id []byte, up, cur *badger.Item) error {
		if cur == nil || up != nil && up.ValueSize() != 0 || up == nil && !u.kept(string(id)) {
			return nil
		}
		v, err := cur.ValueCopy(nil)
		if err != nil {
			return err
		}
		return wb.Set(offeringKey(u.kbo, u.gen, string(id)), v)
	})
	if err == nil {
		err = wb.Flush()
	}
	return err
}
