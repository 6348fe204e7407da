package store

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// A buyer's spend file is kept as a head (the report, without the
// purchases) and the purchases in chunks of one generation. A new upload
// writes its chunks under a new generation first, then switches the head
// in one transaction, then deletes the old chunks: a reader (one
// transaction reads the head and its chunks) sees the old or the new
// file, whole. Link decisions and the target are kept apart, so that a
// new upload keeps them. None of it goes through the index outbox.
const (
	prefixSpendHead   = "spd/"
	prefixSpendChunk  = "spdc/"
	prefixSpendLink   = "spdl/"
	prefixSpendTarget = "spdt/"
)

// spendChunkSize is the number of purchases per chunk: a chunk of about
// 300 kB, well within one Badger transaction.
const spendChunkSize = 2000

var _ koppel.SpendService = (*Store)(nil)

// spendMu serialises the replaces of spend files, so that one replace's
// clean-up never removes the chunks another is still writing.
var spendMu sync.Mutex

// spendHead is the stored head of a spend file.
type spendHead struct {
	Gen    uint64           `json:"gen"`
	Chunks int              `json:"chunks"`
	File   koppel.SpendFile `json:"file"` // without Purchases
}

func buyerHex(buyer string) string { return hex.EncodeToString([]byte(buyer)) }

func spendHeadKey(buyer string) []byte { return []byte(prefixSpendHead + buyerHex(buyer)) }

func spendChunkPrefix(buyer string) string { return prefixSpendChunk + buyerHex(buyer) + "/" }

func spendChunkKey(buyer string, gen uint64, i int) []byte {
	k := []byte(spendChunkPrefix(buyer))
	k = binary.BigEndian.AppendUint64(k, gen)
	return binary.BigEndian.AppendUint32(k, uint32(i))
}

func spendLinkPrefix(buyer string) string { return prefixSpendLink + buyerHex(buyer) + "/" }

func spendLinkKey(buyer, name string, kbo koppel.KBO) []byte {
	return []byte(spendLinkPrefix(buyer) + hex.EncodeToString([]byte(name)) + "/" + string(kbo))
}

func spendTargetKey(buyer string) []byte { return []byte(prefixSpendTarget + buyerHex(buyer)) }

func checkBuyer(buyer string) error {
	if buyer == "" || len(buyer) > 500 {
		return koppel.Errorf(koppel.EINVALID, "de aankoper ontbreekt").WithKey("error.imports_spend_buyer")
	}
	return nil
}

// FindSpendFile returns the buyer's spend file; ENOTFOUND when it has
// uploaded none.
func (s *Store) FindSpendFile(ctx context.Context, buyer string) (*koppel.SpendFile, error) {
	if err := checkBuyer(buyer); err != nil {
		return nil, err
	}
	var f koppel.SpendFile
	err := s.view(ctx, func(txn *badger.Txn) error {
		var h spendHead
		ok, err := getValue(txn, spendHeadKey(buyer), &h)
		if err != nil {
			return err
		}
		if !ok {
			return koppel.Errorf(koppel.ENOTFOUND, "u hebt nog geen aankopen opgeladen").WithKey("error.imports_spend_none")
		}
		f = h.File
		f.Purchases = make([]koppel.Purchase, 0, h.Chunks*spendChunkSize)
		for i := range h.Chunks {
			var chunk []koppel.Purchase
			ok, err := getValue(txn, spendChunkKey(buyer, h.Gen, i), &chunk)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("spend file of %q: chunk %d of generation %d is missing", buyer, i, h.Gen)
			}
			f.Purchases = append(f.Purchases, chunk...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find spend file: %w", err)
	}
	return &f, nil
}

// ReplaceSpendFile stores f as its buyer's spend file in place of the
// previous one. Returns EINVALID for a file without buyer.
func (s *Store) ReplaceSpendFile(ctx context.Context, f *koppel.SpendFile) error {
	if err := checkBuyer(f.Buyer); err != nil {
		return err
	}
	spendMu.Lock()
	defer spendMu.Unlock()
	buyer := f.Buyer
	gen := uint64(time.Now().UnixNano())
	head := spendHead{Gen: gen, File: *f}
	head.File.Purchases = nil
	for i := 0; i*spendChunkSize < len(f.Purchases); i++ {
		if err := ctx.Err(); err != nil {
			s.deleteSpendChunks(buyer, gen, true)
			return err
		}
		chunk := f.Purchases[i*spendChunkSize : min((i+1)*spendChunkSize, len(f.Purchases))]
		b, err := encode(chunk)
		if err == nil {
			err = s.db.Update(func(txn *badger.Txn) error { return txn.Set(spendChunkKey(buyer, gen, i), b) })
		}
		if err != nil {
			s.deleteSpendChunks(buyer, gen, true)
			return fmt.Errorf("write spend file: %w", err)
		}
		head.Chunks++
	}
	b, err := encode(head)
	if err == nil {
		err = s.db.Update(func(txn *badger.Txn) error { return txn.Set(spendHeadKey(buyer), b) })
	}
	if err != nil {
		s.deleteSpendChunks(buyer, gen, true)
		return fmt.Errorf("write spend file: %w", err)
	}
	// The old chunks (and any left by a replace cut off by a crash) go;
	// failing here leaves garbage, not a wrong file.
	if err := s.deleteSpendChunks(buyer, gen, false); err != nil {
		s.log.Warn("delete old spend chunks", "err", err)
	}
	return nil
}

// deleteSpendChunks deletes the buyer's chunks of generation gen (only
// true), or of every other generation (only false).
func (s *Store) deleteSpendChunks(buyer string, gen uint64, only bool) error {
	prefix := []byte(spendChunkPrefix(buyer))
	var keys [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.PrefetchValues = false
		opts.Prefix = prefix
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) < len(prefix)+8 {
				continue
			}
			if g := binary.BigEndian.Uint64(k[len(prefix):]); (g == gen) == only {
				keys = append(keys, it.Item().KeyCopy(nil))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, k := range keys {
		if err := wb.Delete(k); err != nil {
			return err
		}
	}
	return wb.Flush()
}

// FindSupplierLinks returns the buyer's link decisions.
func (s *Store) FindSupplierLinks(ctx context.Context, buyer string) ([]koppel.SupplierLink, error) {
	if err := checkBuyer(buyer); err != nil {
		return nil, err
	}
	out := []koppel.SupplierLink{}
	err := s.view(ctx, func(txn *badger.Txn) error {
		return forEach(ctx, txn, spendLinkPrefix(buyer), false, func(item *badger.Item) error {
			var l koppel.SupplierLink
			if err := item.Value(func(b []byte) error { return decode(b, &l) }); err != nil {
				return err
			}
			out = append(out, l)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("find supplier links: %w", err)
	}
	return out, nil
}

// PutSupplierLink stores a decision; a confirmation drops the other
// confirmation of the same name.
func (s *Store) PutSupplierLink(ctx context.Context, buyer string, l koppel.SupplierLink) error {
	if err := checkBuyer(buyer); err != nil {
		return err
	}
	if l.Name == "" || len(l.Name) > 1000 {
		return koppel.Errorf(koppel.EINVALID, "de naam van de leverancier ontbreekt").WithKey("error.imports_spend_supplier_name")
	}
	k, err := koppel.ParseKBO(string(l.KBO))
	if err != nil {
		return err
	}
	l.KBO = k
	if l.Decision != koppel.LinkConfirmed && l.Decision != koppel.LinkRejected {
		return koppel.Errorf(koppel.EINVALID, "kies bevestigen of weigeren").WithKey("error.imports_spend_decision")
	}
	if l.DecidedAt.IsZero() {
		l.DecidedAt = now()
	}
	b, err := encode(l)
	if err != nil {
		return err
	}
	for range 10 {
		err = s.db.Update(func(txn *badger.Txn) error {
			if l.Decision == koppel.LinkConfirmed {
				prefix := spendLinkPrefix(buyer) + hex.EncodeToString([]byte(l.Name)) + "/"
				var others [][]byte
				err := forEach(ctx, txn, prefix, false, func(item *badger.Item) error {
					var o koppel.SupplierLink
					if err := item.Value(func(b []byte) error { return decode(b, &o) }); err != nil {
						return err
					}
					if o.Decision == koppel.LinkConfirmed && o.KBO != l.KBO {
						others = append(others, item.KeyCopy(nil))
					}
					return nil
				})
				if err != nil {
					return err
				}
				for _, k := range others {
					if err := txn.Delete(k); err != nil {
						return err
					}
				}
			}
			key := spendLinkKey(buyer, l.Name, l.KBO)
			if _, err := txn.Get(key); errors.Is(err, badger.ErrKeyNotFound) {
				n := 0
				err := forEach(ctx, txn, spendLinkPrefix(buyer), true, func(*badger.Item) error { n++; return nil })
				if err != nil {
					return err
				}
				if n >= koppel.MaxSupplierLinks {
					return koppel.Errorf(koppel.ETOOLARGE, "u hebt al over %d leveranciers beslist; meer kan Koppel niet bijhouden", koppel.MaxSupplierLinks).WithKey("error.imports_spend_links", "Max", koppel.MaxSupplierLinks)
				}
			}
			return txn.Set(key, b)
		})
		if !errors.Is(err, badger.ErrConflict) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("put supplier link: %w", err)
	}
	return nil
}

// FindSpendTarget returns the buyer's target in percent, 0 when none.
func (s *Store) FindSpendTarget(ctx context.Context, buyer string) (float64, error) {
	if err := checkBuyer(buyer); err != nil {
		return 0, err
	}
	var t float64
	err := s.view(ctx, func(txn *badger.Txn) error {
		_, err := getValue(txn, spendTargetKey(buyer), &t)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("find spend target: %w", err)
	}
	return t, nil
}

// PutSpendTarget stores the buyer's target in percent. Returns EINVALID
// outside 0…100.
func (s *Store) PutSpendTarget(ctx context.Context, buyer string, percent float64) error {
	if err := checkBuyer(buyer); err != nil {
		return err
	}
	if math.IsNaN(percent) || percent < 0 || percent > 100 {
		return koppel.Errorf(koppel.EINVALID, "het streefcijfer moet tussen 0 en 100 %% liggen").WithKey("error.imports_spend_target")
	}
	b, err := encode(percent)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(spendTargetKey(buyer), b) }); err != nil {
		return fmt.Errorf("put spend target: %w", err)
	}
	return nil
}
