package indexer

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"koppel"
)

// Index directory names under the index root.
const (
	offeringsDir = "offerings.bleve"
	tendersDir   = "tenders.bleve"
)

// seqKey is the Bleve internal key holding the last applied outbox sequence.
var seqKey = []byte("koppel.outbox.seq")

// Source is what the indexer reads from the store: the outbox and the
// current state of the documents it names.
type Source interface {
	koppel.Outbox
	FindEnterpriseByKBO(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error)
	FindOffering(ctx context.Context, kbo koppel.KBO, id string) (*koppel.Offering, error)
	FindOfferingsByEnterprise(ctx context.Context, kbo koppel.KBO) ([]*koppel.Offering, error)
	FindTenderByID(ctx context.Context, id string) (*koppel.Tender, error)
}

// Indexer owns the two Bleve indexes.
type Indexer struct {
	Offerings bleve.Index
	Tenders   bleve.Index

	mu sync.Mutex // serialises Apply
}

// Open opens the indexes under dir, creating them when missing. When another
// process holds them it returns ELOCKED after a few seconds rather than
// blocking for ever.
func Open(dir string) (*Indexer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, koppel.Errorf(koppel.EINVALID, "cannot create index directory %q: %w", dir, err)
	}
	off, err := openIndex(filepath.Join(dir, offeringsDir), offeringMapping())
	if err != nil {
		return nil, err
	}
	ten, err := openIndex(filepath.Join(dir, tendersDir), tenderMapping())
	if err != nil {
		off.Close()
		return nil, err
	}
	return &Indexer{Offerings: off, Tenders: ten}, nil
}

// OpenMem returns in-memory indexes, for tests.
func OpenMem() (*Indexer, error) {
	off, err := bleve.NewMemOnly(offeringMapping())
	if err != nil {
		return nil, fmt.Errorf("new offering index: %w", err)
	}
	ten, err := bleve.NewMemOnly(tenderMapping())
	if err != nil {
		return nil, fmt.Errorf("new tender index: %w", err)
	}
	return &Indexer{Offerings: off, Tenders: ten}, nil
}

func openIndex(path string, m bleveMapping) (bleve.Index, error) {
	cfg := map[string]interface{}{"bolt_timeout": "5s"}
	idx, err := bleve.OpenUsing(path, cfg)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		idx, err = bleve.NewUsing(path, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, cfg)
	}
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, koppel.Errorf(koppel.ELOCKED, "index %q is in use by another running koppel (stop it first, or use --data to choose another directory)", path)
		}
		return nil, koppel.Errorf(koppel.EINTERNAL, "open index %q: %w", path, err)
	}
	return idx, nil
}

// Close closes both indexes.
func (ix *Indexer) Close() error {
	return errors.Join(ix.Offerings.Close(), ix.Tenders.Close())
}

// AppliedSeq returns the last outbox sequence applied to both indexes.
func (ix *Indexer) AppliedSeq() (uint64, error) {
	a, err := readSeq(ix.Offerings)
	if err != nil {
		return 0, err
	}
	b, err := readSeq(ix.Tenders)
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
