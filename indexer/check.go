package indexer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"koppel"
)

// CheckReport is the outcome of Check: what the store and the index hold,
// and what differs.
type CheckReport struct {
	StoreOfferings int `json:"store_offerings"`
	IndexOfferings int `json:"index_offerings"`
	StoreTenders   int `json:"store_tenders"`
	IndexTenders   int `json:"index_tenders"`
	// AppliedSeq is the outbox sequence the index has applied, OutboxSeq the
	// store's last one; Pending is true when they differ (Apply catches up).
	AppliedSeq uint64 `json:"applied_seq"`
	OutboxSeq  uint64 `json:"outbox_seq"`
	// Missing are documents of the store absent from the index, Extra
	// documents of the index absent from the store, Mismatched documents
	// whose indexed fields differ from the store's (of a sample). Each list
	// holds at most MaxListed keys; the counts are complete.
	Missing      []string `json:"missing,omitempty"`
	MissingCount int      `json:"missing_count"`
	Extra        []string `json:"extra,omitempty"`
	ExtraCount   int      `json:"extra_count"`
	Mismatched   []string `json:"mismatched,omitempty"`
	Sampled      int      `json:"sampled"`
	MappingStale bool     `json:"mapping_stale"`
}

// MaxListed is the most keys a CheckReport lists per kind of difference.
const MaxListed = 20

// checkSample is how many offerings Check compares field by field.
const checkSample = 200

// OK reports whether store and index agree.
func (r *CheckReport) OK() bool {
	return r.MissingCount == 0 && r.ExtraCount == 0 && len(r.Mismatched) == 0 && !r.MappingStale &&
		r.StoreOfferings == r.IndexOfferings && r.StoreTenders == r.IndexTenders
}

// String describes the report for people, one finding a line.
func (r *CheckReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "offerings: %d in the store, %d in the index\n", r.StoreOfferings, r.IndexOfferings)
	fmt.Fprintf(&b, "tenders: %d in the store, %d in the index\n", r.StoreTenders, r.IndexTenders)
	fmt.Fprintf(&b, "outbox: applied up to %d of %d\n", r.AppliedSeq, r.OutboxSeq)
	fmt.Fprintf(&b, "sample: %d offerings compared field by field\n", r.Sampled)
	if r.MissingCount > 0 {
		fmt.Fprintf(&b, "missing from the index: %d (%s)\n", r.MissingCount, strings.Join(r.Missing, ", "))
	}
	if r.ExtraCount > 0 {
		fmt.Fprintf(&b, "in the index but not in the store: %d (%s)\n", r.ExtraCount, strings.Join(r.Extra, ", "))
	}
	if len(r.Mismatched) > 0 {
		fmt.Fprintf(&b, "indexed fields differ from the store: %s\n", strings.Join(r.Mismatched, ", "))
	}
	if r.MappingStale {
		fmt.Fprintf(&b, "the index was built by another version of Koppel: run koppel reindex\n")
	}
	if r.OK() {
		b.WriteString("OK: store and index agree\n")
	} else {
		b.WriteString("store and index differ: run koppel reindex\n")
	}
	return b.String()
}

// Check compares the store and the live index: the keys of every offering
// and tender, and the indexed fields of a sample of offerings. Run it with
// the outbox applied, or the changes still queued show as differences.
func (ix *Indexer) Check(ctx context.Context, src FullSource) (*CheckReport, error) {
	r := &CheckReport{OutboxSeq: src.OutboxSeq()}
	ix.mu.Lock()
	r.MappingStale = ix.stale
	ix.mu.Unlock()
	err := ix.View(func(off, ten bleve.Index) error {
		var err error
		if r.AppliedSeq, err = (&generation{off: off, ten: ten}).appliedSeq(); err != nil {
			return err
		}
		offIDs, err := allIDs(ctx, off)
		if err != nil {
			return fmt.Errorf("list indexed offerings: %w", err)
		}
		tenIDs, err := allIDs(ctx, ten)
		if err != nil {
			return fmt.Errorf("list indexed tenders: %w", err)
		}
		r.IndexOfferings, r.IndexTenders = len(offIDs), len(tenIDs)

		var sample []*koppel.Offering
		n := 0
		err = src.ForEachOffering(ctx, func(o *koppel.Offering) error {
			n++
			r.StoreOfferings++
			r.noteMissing(offIDs, o.Key())
			if len(sample) < checkSample && n%7 == 1 {
				sample = append(sample, o)
			}
			return nil
		})
		if err != nil {
			return err
		}
		err = src.ForEachTender(ctx, func(t *koppel.Tender) error {
			r.StoreTenders++
			r.noteMissing(tenIDs, t.ID)
			return nil
		})
		if err != nil {
			return err
		}
		for _, set := range []map[string]bool{offIDs, tenIDs} {
			for id, seen := range set {
				if !seen {
					r.ExtraCount++
					if len(r.Extra) < MaxListed {
						r.Extra = append(r.Extra, id)
					}
				}
			}
		}
		slices.Sort(r.Extra)
		for _, o := range sample {
			if !offIDs[o.Key()] {
				continue
			}
			r.Sampled++
			ok, err := ix.offeringAgrees(ctx, off, src, o)
			if err != nil {
				return err
			}
			if !ok && len(r.Mismatched) < MaxListed {
				r.Mismatched = append(r.Mismatched, o.Key())
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check index: %w", err)
	}
	return r, nil
}

// noteMissing marks id as seen in set (an index's IDs, all false at first),
// or records it missing.
func (r *CheckReport) noteMissing(set map[string]bool, id string) {
	if _, ok := set[id]; ok {
		set[id] = true
		return
	}
	r.MissingCount++
	if len(r.Missing) < MaxListed {
		r.Missing = append(r.Missing, id)
	}
}

// allIDs returns the IDs of every document of idx, each mapped to false.
func allIDs(ctx context.Context, idx bleve.Index) (map[string]bool, error) {
	ids := map[string]bool{}
	const page = 10000
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, 0, false)
		req.SortBy([]string{"_id"})
		if after != nil {
			req.SetSearchAfter(after)
		}
		res, err := idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			ids[h.ID] = false
		}
		if len(res.Hits) < page {
			return ids, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// offeringAgrees checks that the index finds o by the exact values of its
// keyword fields as the store has them now.
func (ix *Indexer) offeringAgrees(ctx context.Context, off bleve.Index, src FullSource, o *koppel.Offering) (bool, error) {
	e, err := src.FindEnterpriseByKBO(ctx, o.Enterprise)
	if koppel.ErrorCode(err) == koppel.ENOTFOUND {
		e, err = nil, nil
	}
	if err != nil {
		return false, err
	}
	d := newOfferingDoc(o, e, ix.places)
	must := []query.Query{bleve.NewDocIDQuery([]string{o.Key()})}
	term := func(field, v string) {
		if v == "" {
			return
		}
		q := bleve.NewTermQuery(v)
		q.SetField(field)
		must = append(must, q)
	}
	term(FieldEnterprise, d.Enterprise)
	term(FieldCategory, d.Category)
	term(FieldProvince, d.Province)
	term(FieldMunicipality, d.Municipality)
	for _, c := range d.CPV {
		term(FieldCPV, c)
	}
	for _, f := range d.Forms {
		term(FieldForms, f)
	}
	for _, g := range d.TargetGroups {
		term(FieldTargetGroups, g)
	}
	for _, v := range d.Transition {
		term(FieldTransition, v)
	}
	// The title's words, analysed as when indexed.
	if d.Title != "" {
		q := bleve.NewMatchQuery(d.Title)
		q.SetField(FieldTitle)
		q.SetOperator(query.MatchQueryOperatorAnd)
		must = append(must, q)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), 1, 0, false)
	res, err := off.SearchInContext(ctx, req)
	if err != nil {
		return false, fmt.Errorf("compare offering %s: %w", o.Key(), err)
	}
	return res.Total == 1, nil
}
