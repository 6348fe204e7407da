// Package indexertest provides an in-memory document source for tests and
// benchmarks of the indexer and search packages: the store's read API over
// a generated or hand-made dataset, with an empty outbox.
package indexertest

import (
	"context"
	"sort"

	"koppel"
	"koppel/demo"
)

// MemSource holds enterprises, offerings and tenders in memory. It
// implements indexer.FullSource and search.Store. It is not safe for
// concurrent writes; reads may run concurrently.
type MemSource struct {
	Enterprises map[koppel.KBO]*koppel.Enterprise
	Offerings   map[string]*koppel.Offering // by Key()
	Tenders     map[string]*koppel.Tender
	keys        []string // offering keys, sorted
}

// New returns an empty MemSource.
func New() *MemSource {
	return &MemSource{Enterprises: map[koppel.KBO]*koppel.Enterprise{}, Offerings: map[string]*koppel.Offering{}, Tenders: map[string]*koppel.Tender{}}
}

// FromDemo returns a MemSource holding a generated demo dataset.
func FromDemo(o demo.Options) *MemSource {
	m := New()
	d := demo.Generate(o)
	for _, e := range d.Enterprises {
		m.Enterprises[e.KBO] = e
	}
	for _, off := range d.Offerings {
		m.Offerings[off.Key()] = off
		m.keys = append(m.keys, off.Key())
	}
	sort.Strings(m.keys)
	for _, t := range d.Tenders {
		m.Tenders[t.ID] = t
	}
	return m
}

// AddOffering adds or replaces an offering.
func (m *MemSource) AddOffering(o *koppel.Offering) {
	if _, ok := m.Offerings[o.Key()]; !ok {
		m.keys = append(m.keys, o.Key())
		sort.Strings(m.keys)
	}
	m.Offerings[o.Key()] = o
}

// FindEnterpriseByKBO returns ENOTFOUND for an unknown enterprise.
func (m *MemSource) FindEnterpriseByKBO(_ context.Context, kbo koppel.KBO) (*koppel.Enterprise, error) {
	if e, ok := m.Enterprises[kbo]; ok {
		return e, nil
	}
	return nil, koppel.Errorf(koppel.ENOTFOUND, "onderneming %s niet gevonden", kbo)
}

// FindOffering returns ENOTFOUND for an unknown offering.
func (m *MemSource) FindOffering(_ context.Context, kbo koppel.KBO, id string) (*koppel.Offering, error) {
	if o, ok := m.Offerings[string(kbo)+"/"+id]; ok {
		return o, nil
	}
	return nil, koppel.Errorf(koppel.ENOTFOUND, "aanbod %s/%s niet gevonden", kbo, id)
}

// FindOfferingsByEnterprise returns the offerings of an enterprise.
func (m *MemSource) FindOfferingsByEnterprise(_ context.Context, kbo koppel.KBO) ([]*koppel.Offering, error) {
	var out []*koppel.Offering
	for _, k := range m.keys {
		if o := m.Offerings[k]; o.Enterprise == kbo {
			out = append(out, o)
		}
	}
	return out, nil
}

// FindTenderByID returns ENOTFOUND for an unknown tender.
func (m *MemSource) FindTenderByID(_ context.Context, id string) (*koppel.Tender, error) {
	if t, ok := m.Tenders[id]; ok {
		return t, nil
	}
	return nil, koppel.Errorf(koppel.ENOTFOUND, "opdracht %s niet gevonden", id)
}

// ForEachOffering calls fn for every offering in key order.
func (m *MemSource) ForEachOffering(ctx context.Context, fn func(*koppel.Offering) error) error {
	for _, k := range m.keys {
		if err := fn(m.Offerings[k]); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// ForEachTender calls fn for every tender in ID order.
func (m *MemSource) ForEachTender(ctx context.Context, fn func(*koppel.Tender) error) error {
	ids := make([]string, 0, len(m.Tenders))
	for id := range m.Tenders {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := fn(m.Tenders[id]); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// PendingChanges returns none: the outbox of a MemSource is always empty.
func (m *MemSource) PendingChanges(context.Context, uint64, int) ([]koppel.IndexChange, error) {
	return nil, nil
}

// AckChanges does nothing.
func (m *MemSource) AckChanges(context.Context, uint64) error { return nil }

// OutboxSeq returns 0.
func (m *MemSource) OutboxSeq() uint64 { return 0 }
