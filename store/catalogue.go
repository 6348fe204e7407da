package store

import (
	"context"
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
// added is the number of distinct offerings stored from the upload, deleted
// the number of previous offerings the new catalogue no longer has (always 0
// in merge mode).
//
// Returns EINVALID for a bad mode, an empty KBO or offering ID, or an
// offering of another enterprise; ECONFLICT when another catalogue upload
// for the same enterprise finished in the meantime. Offerings written with
// PutOffering while the upload runs are lost when it finishes.
func (s *Store) ReplaceCatalogue(ctx context.Context, e *koppel.Enterprise, offerings iter.Seq2[*koppel.Offering, error], mode string) (added, deleted int, err error) {
	if e == nil {
		return 0, 0, koppel.Errorf(koppel.EINVALID, "onderneming ontbreekt")
	}
	if err := checkKey("ondernemingsnummer", string(e.KBO), true); err != nil {
		return 0, 0, err
	}
	switch mode {
	case "":
		mode = ModeReplace
	case ModeReplace, ModeMerge:
	default:
		return 0, 0, koppel.Errorf(koppel.EINVALID, "modus %q is ongeldig: replace of merge", mode)
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
		return 0, 0, fmt.Errorf("replace catalogue of %s: %w", kbo, err)
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
		return 0, 0, fmt.Errorf("replace catalogue of %s: %w", kbo, err)
	}
	if added, deleted, err = s.mergeGen(ctx, kbo, base, gen, mode); err != nil {
		return 0, 0, fmt.Errorf("replace catalogue of %s: %w", kbo, err)
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
		return 0, 0, fmt.Errorf("replace catalogue of %s: %w", kbo, err)
	}
	flipped = true

	if base != 0 {
		if _, err := s.deleteGen(kbo, base); err != nil {
			// The new catalogue is in place; the old one is invisible and
			// the next Open deletes it.
			s.log.Warn("delete previous catalogue generation", "kbo", kbo, "generation", base, "err", err)
		}
	}
	return added, deleted, nil
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

// mergeGen counts the uploaded offerings in gen, and compares the previous
// generation base with it: in merge mode it copies the offerings the upload
// lacks, in replace mode it counts them as deleted. It reads keys of gen
// only, so memory does not grow with the catalogue.
func (s *Store) mergeGen(ctx context.Context, kbo koppel.KBO, base, gen uint64, mode string) (added, deleted int, err error) {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	err = s.db.View(func(txn *badger.Txn) error {
		if err := forEach(ctx, txn, genPrefix(kbo, gen), true, func(*badger.Item) error {
			added++
			return nil
		}); err != nil {
			return err
		}
		if base == 0 {
			return nil
		}
		return forEach(ctx, txn, genPrefix(kbo, base), mode != ModeMerge, func(item *badger.Item) error {
			_, _, id, ok := parseOfferingKey(item.Key())
			if !ok {
				return nil
			}
			key := offeringKey(kbo, gen, id)
			ok, err := exists(txn, key)
			if err != nil || ok {
				return err
			}
			if mode != ModeMerge {
				deleted++
				return nil
			}
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			return wb.Set(key, v)
		})
	})
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		return 0, 0, fmt.Errorf("compare with the current catalogue: %w", err)
	}
	return added, deleted, nil
}
