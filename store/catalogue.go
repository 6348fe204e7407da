package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"

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

// ReplaceCatalogue stores enterprise e and its catalogue from an upload, as
// one atomic change of any size: the offerings are streamed into a new
// catalogue generation, then one transaction makes it current, stores e and
// queues one DocCatalogue change. A crash or an error leaves the old
// catalogue; success leaves the new one; never a mix.
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
// offerings is exhausted; nil keeps nothing.
func (s *Store) ReplaceCatalogueKeeping(ctx context.Context, e *koppel.Enterprise, offerings iter.Seq2[*koppel.Offering, error], mode string, keep func(id string) bool) (counts CatalogueCounts, err error) {
	if e == nil {
		return counts, koppel.Errorf(koppel.EINVALID, "onderneming ontbreekt")
	}
	if err := checkKey("ondernemingsnummer", string(e.KBO), true); err != nil {
		return counts, err
	}
	switch mode {
	case "":
		mode = ModeReplace
	case ModeReplace, ModeMerge:
	default:
		return counts, koppel.Errorf(koppel.EINVALID, "modus %q is ongeldig: replace of merge", mode)
	}
	kbo := e.KBO

	// Take a new generation and note the current one.
	var base, gen uint64
	err = s.update(ctx, func(w *writer) error {
		var err error
		if base, err = currentGen(w.txn, kbo); err != nil {
			return err
		}
		gen = w.nextGen()
		return nil
	})
	if err != nil {
		return counts, fmt.Errorf("replace catalogue of %s: %w", kbo, err)
	}
	flipped := false
	defer func() {
		if flipped {
			return
		}
		if _, derr := s.deleteGen(kbo, gen); derr != nil {
			s.log.Warn("delete unfinished catalogue generation", "kbo", kbo, "generation", gen, "err", derr)
		}
	}()

	if err := s.writeGen(ctx, kbo, gen, offerings); err != nil {
		return counts, fmt.Errorf("replace catalogue of %s: %w", kbo, err)
	}
	if counts, err = s.mergeGen(ctx, kbo, base, gen, mode, keep); err != nil {
		return counts, fmt.Errorf("replace catalogue of %s: %w", kbo, err)
	}

	// The flip: one small transaction.
	err = s.update(ctx, func(w *writer) error {
		cur, err := currentGen(w.txn, kbo)
		if err != nil {
			return err
		}
		if cur != base {
			return koppel.Errorf(koppel.ECONFLICT, "de catalogus van onderneming %s werd intussen door een andere upload gewijzigd; probeer opnieuw", kbo)
		}
		if err := w.txn.Set(catalogueKey(kbo), uint64Bytes(gen)); err != nil {
			return err
		}
		if err := putEnterprise(w.txn, e); err != nil {
			return err
		}
		return w.queue(koppel.DocCatalogue, string(kbo))
	})
	if err != nil {
		return CatalogueCounts{}, fmt.Errorf("replace catalogue of %s: %w", kbo, err)
	}
	flipped = true

	if base != 0 {
		if _, err := s.deleteGen(kbo, base); err != nil {
			// The new catalogue is in place; the old one is invisible and
			// the next Open deletes it.
			s.log.Warn("delete previous catalogue generation", "kbo", kbo, "generation", base, "err", err)
		}
	}
	return counts, nil
}

// CatalogueCounts says how a catalogue upload changed the catalogue.
type CatalogueCounts struct {
	Created, Updated, Unchanged, Removed int
}

// writeGen streams the uploaded offerings into generation gen.
func (s *Store) writeGen(ctx context.Context, kbo koppel.KBO, gen uint64, offerings iter.Seq2[*koppel.Offering, error]) error {
	wb := s.db.NewWriteBatch()
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
			o.Enterprise = kbo
		}
		if o.Enterprise != kbo {
			return koppel.Errorf(koppel.EINVALID, "aanbod %q hoort bij onderneming %s, niet bij %s", o.ID, o.Enterprise, kbo)
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
		if err := wb.Set(offeringKey(kbo, gen, o.ID), b); err != nil {
			return fmt.Errorf("write offering %s: %w", o.Key(), err)
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("write catalogue generation %d: %w", gen, err)
	}
	return nil
}

// mergeGen compares the uploaded offerings in gen with the previous
// generation base and counts what changed. Unchanged offerings are written
// back with their previous value, so they keep their UpdatedAt. In merge
// mode it copies the offerings the upload lacks; in replace mode it counts
// them as removed. It holds one offering at a time, so memory does not grow
// with the catalogue.
func (s *Store) mergeGen(ctx context.Context, kbo koppel.KBO, base, gen uint64, mode string, keep func(string) bool) (c CatalogueCounts, err error) {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	uploaded := 0
	err = s.db.View(func(txn *badger.Txn) error {
		if err := forEach(ctx, txn, genPrefix(kbo, gen), true, func(*badger.Item) error {
			uploaded++
			return nil
		}); err != nil {
			return err
		}
		if base == 0 {
			return nil
		}
		return forEach(ctx, txn, genPrefix(kbo, base), false, func(item *badger.Item) error {
			_, _, id, ok := parseOfferingKey(item.Key())
			if !ok {
				return nil
			}
			old, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			key := offeringKey(kbo, gen, id)
			cur, err := txn.Get(key)
			switch {
			case errors.Is(err, badger.ErrKeyNotFound):
				if mode == ModeMerge || keep != nil && keep(id) {
					return wb.Set(key, old)
				}
				c.Removed++
				return nil
			case err != nil:
				return err
			}
			same, err := sameOffering(old, cur)
			if err != nil {
				return err
			}
			if !same {
				c.Updated++
				return nil
			}
			c.Unchanged++
			return wb.Set(key, old)
		})
	})
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		return CatalogueCounts{}, fmt.Errorf("compare with the current catalogue: %w", err)
	}
	c.Created = uploaded - c.Updated - c.Unchanged
	return c, nil
}

// sameOffering reports whether two stored offerings have the same content,
// apart from their UpdatedAt.
func sameOffering(old []byte, cur *badger.Item) (bool, error) {
	var a, b koppel.Offering
	if err := decode(old, &a); err != nil {
		return false, err
	}
	if err := cur.Value(func(v []byte) error { return decode(v, &b) }); err != nil {
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
