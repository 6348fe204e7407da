package store

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// The keys of outcomes:
//
//	oc/{tender}/{lot}              Outcome of a lot (JSON)
//	ocw/{kbo}/{tender}/{lot}       "" for each lot a directory enterprise won
//	ocp/{procedure}/{lot}          Outcome of an award notice whose procedure has no tender yet
//	tenpr/{procedure}/{tender}     "" for each tender of an eForms procedure
//
// {procedure} is path-escaped: procedure identifiers may hold a "/".
const (
	prefixOutcome        = "oc/"
	prefixOutcomeWinner  = "ocw/"
	prefixOutcomePending = "ocp/"
	prefixProcedure      = "tenpr/"
)

var _ koppel.OutcomeService = (*Store)(nil)

func outcomeKey(tender, lot string) []byte { return []byte(prefixOutcome + tender + "/" + lot) }
func outcomeWinnerKey(kbo koppel.KBO, tender, lot string) []byte {
	return []byte(prefixOutcomeWinner + string(kbo) + "/" + tender + "/" + lot)
}
func pendingPrefix(procedure string) string {
	return prefixOutcomePending + url.PathEscape(procedure) + "/"
}
func procedurePrefix(procedure string) string {
	return prefixProcedure + url.PathEscape(procedure) + "/"
}

// FindOutcome returns ENOTFOUND if the lot has no outcome.
func (s *Store) FindOutcome(ctx context.Context, tenderID, lotID string) (*koppel.Outcome, error) {
	if err := checkKey("ID van de opdracht", tenderID, true); err != nil {
		return nil, err
	}
	if err := checkKey("perceel", lotID, false); err != nil {
		return nil, err
	}
	o, err := findValue[koppel.Outcome](ctx, s, outcomeKey(tenderID, lotID), func() error {
		return koppel.Errorf(koppel.ENOTFOUND, "perceel %s van opdracht %s heeft nog geen uitslag", lotID, tenderID).WithKey("error.outcome_not_found", "Tender", tenderID, "Lot", lotID)
	})
	if err != nil {
		return nil, fmt.Errorf("find outcome of %s lot %s: %w", tenderID, lotID, err)
	}
	return o, nil
}

// FindOutcomesByTender returns the outcomes of a tender's lots in lot ID
// order; none for a tender without outcomes (or without existence).
func (s *Store) FindOutcomesByTender(ctx context.Context, tenderID string) ([]*koppel.Outcome, error) {
	if err := checkKey("ID van de opdracht", tenderID, true); err != nil {
		return nil, err
	}
	var list []*koppel.Outcome
	err := s.view(ctx, func(txn *badger.Txn) error {
		var err error
		list, err = outcomesOf(ctx, txn, tenderID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find outcomes of %s: %w", tenderID, err)
	}
	return list, nil
}

func outcomesOf(ctx context.Context, txn *badger.Txn, tenderID string) ([]*koppel.Outcome, error) {
	list := []*koppel.Outcome{}
	err := forEach(ctx, txn, prefixOutcome+tenderID+"/", false, func(item *badger.Item) error {
		var o koppel.Outcome
		if err := item.Value(func(b []byte) error { return decode(b, &o) }); err != nil {
			return err
		}
		list = append(list, &o)
		return nil
	})
	return list, err
}

// maxWonListed bounds FindOutcomesByWinner.
const maxWonListed = 500

// FindOutcomesByWinner returns the outcomes enterprise kbo won, newest
// decision first, at most 500.
func (s *Store) FindOutcomesByWinner(ctx context.Context, kbo koppel.KBO) ([]*koppel.Outcome, error) {
	if err := checkKey("ondernemingsnummer", string(kbo), true); err != nil {
		return nil, err
	}
	list := []*koppel.Outcome{}
	err := s.view(ctx, func(txn *badger.Txn) error {
		prefix := prefixOutcomeWinner + string(kbo) + "/"
		return forEach(ctx, txn, prefix, true, func(item *badger.Item) error {
			if len(list) >= maxWonListed {
				return nil
			}
			var o koppel.Outcome
			ok, err := getValue(txn, append([]byte(prefixOutcome), item.Key()[len(prefix):]...), &o)
			if ok {
				list = append(list, &o)
			}
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("find outcomes won by %s: %w", kbo, err)
	}
	slices.SortStableFunc(list, func(a, b *koppel.Outcome) int { return b.Date.Time().Compare(a.Date.Time()) })
	return list, nil
}

// ForEachOutcome calls fn for every outcome attached to a tender, from one
// snapshot, in tender and lot order.
func (s *Store) ForEachOutcome(ctx context.Context, fn func(*koppel.Outcome) error) error {
	err := s.view(ctx, func(txn *badger.Txn) error {
		return forEach(ctx, txn, prefixOutcome, false, func(item *badger.Item) error {
			var o koppel.Outcome
			if err := item.Value(func(b []byte) error { return decode(b, &o) }); err != nil {
				return fmt.Errorf("outcome %s: %w", item.Key(), err)
			}
			return fn(&o)
		})
	})
	if err != nil {
		return fmt.Errorf("for each outcome: %w", err)
	}
	return nil
}

// PutOutcome records the outcome of a lot of an existing tender, replacing
// the one it had, and closes the tender when every lot then has an
// outcome, in one transaction. Returns EINVALID for an invalid outcome,
// ENOTFOUND when the tender or lot does not exist.
func (s *Store) PutOutcome(ctx context.Context, o *koppel.Outcome) error {
	if o == nil {
		return koppel.Errorf(koppel.EINVALID, "uitslag ontbreekt")
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if err := checkKey("ID van de opdracht", o.TenderID, true); err != nil {
		return err
	}
	if err := checkKey("perceel", o.LotID, false); err != nil {
		return err
	}
	err := s.update(ctx, func(w *writer) error {
		var t koppel.Tender
		ok, err := getValue(w.txn, tenderKey(o.TenderID), &t)
		if err != nil {
			return err
		}
		if !ok {
			return tenderNotFound(o.TenderID)
		}
		if !hasLot(&t, o.LotID) {
			return koppel.Errorf(koppel.ENOTFOUND, "opdracht %s heeft geen perceel %q", o.TenderID, o.LotID).WithKey("error.lot_not_found", "Tender", o.TenderID, "Lot", o.LotID)
		}
		if o.RecordedAt.IsZero() {
			o.RecordedAt = now()
		}
		if err := putOutcome(w.txn, o); err != nil {
			return err
		}
		return closeIfDone(ctx, w, &t, true)
	})
	if err != nil {
		return fmt.Errorf("put outcome of %s lot %s: %w", o.TenderID, o.LotID, err)
	}
	return nil
}

// PutProcedureOutcomes stores the outcomes of an award notice of a
// procedure: on the lots of the procedure's tender (the first, by ID, that
// has the lot) and else kept under the procedure, to be attached by
// PutTender when its tender arrives. An outcome replaces the one a lot has
// unless that one comes from a newer version of the same notice. It
// returns the tenders the outcomes went to (sorted, without repeats) and
// how many were kept waiting.
func (s *Store) PutProcedureOutcomes(ctx context.Context, procedure string, outs []*koppel.Outcome) (tenders []string, pending int, err error) {
	if strings.TrimSpace(procedure) == "" {
		return nil, 0, koppel.Errorf(koppel.EINVALID, "de aankondiging heeft geen procedure-identificatie (BT-04): Koppel kan de uitslag aan geen opdracht koppelen").
			WithKey("error.forms_outcome_no_procedure")
	}
	for _, o := range outs {
		if err := o.Validate(); err != nil {
			return nil, 0, err
		}
		if err := checkKey("perceel", o.LotID, false); err != nil {
			return nil, 0, err
		}
	}
	err = s.update(ctx, func(w *writer) error {
		tenders, pending = nil, 0
		var ts []*koppel.Tender
		err := forEach(ctx, w.txn, procedurePrefix(procedure), true, func(item *badger.Item) error {
			id := string(item.Key()[len(procedurePrefix(procedure)):])
			var t koppel.Tender
			ok, err := getValue(w.txn, tenderKey(id), &t)
			if ok {
				ts = append(ts, &t)
			}
			return err
		})
		if err != nil {
			return err
		}
		changed := map[string]*koppel.Tender{}
		for _, o := range outs {
			o.Procedure = procedure
			if o.RecordedAt.IsZero() {
				o.RecordedAt = now()
			}
			i := slices.IndexFunc(ts, func(t *koppel.Tender) bool { return hasLot(t, o.LotID) })
			if i < 0 {
				o.TenderID = ""
				var old koppel.Outcome
				ok, err := getValue(w.txn, []byte(pendingPrefix(procedure)+o.LotID), &old)
				if err != nil {
					return err
				}
				if !ok || !newerNotice(&old, o) {
					if err := putValue(w.txn, []byte(pendingPrefix(procedure)+o.LotID), o); err != nil {
						return err
					}
				}
				pending++
				continue
			}
			t := ts[i]
			o.TenderID = t.ID
			if err := replaceOutcome(w.txn, o); err != nil {
				return err
			}
			changed[t.ID] = t
		}
		for id, t := range changed {
			tenders = append(tenders, id)
			if err := closeIfDone(ctx, w, t, true); err != nil {
				return err
			}
		}
		slices.Sort(tenders)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("put outcomes of procedure %s: %w", procedure, err)
	}
	return tenders, pending, nil
}

// newerNotice reports whether old comes from a newer version of the same
// award notice as o: importing an older version again changes nothing.
func newerNotice(old, o *koppel.Outcome) bool {
	if old.Source.Kind != "eforms" || old.Source.NoticeID == "" || old.Source.NoticeID != o.Source.NoticeID {
		return false
	}
	return (koppel.TenderSource{NoticeID: old.Source.NoticeID, Version: old.Source.Version}).Supersedes(
		koppel.TenderSource{NoticeID: o.Source.NoticeID, Version: o.Source.Version})
}

// replaceOutcome puts o on its lot unless the lot holds the outcome of a
// newer version of the same notice.
func replaceOutcome(txn *badger.Txn, o *koppel.Outcome) error {
	var old koppel.Outcome
	ok, err := getValue(txn, outcomeKey(o.TenderID, o.LotID), &old)
	if err != nil || ok && newerNotice(&old, o) {
		return err
	}
	return putOutcome(txn, o)
}

// putOutcome writes o and keeps the winner index in step.
func putOutcome(txn *badger.Txn, o *koppel.Outcome) error {
	if err := dropOutcome(txn, o.TenderID, o.LotID); err != nil {
		return err
	}
	if err := putValue(txn, outcomeKey(o.TenderID, o.LotID), o); err != nil {
		return err
	}
	for _, w := range o.Winners {
		if w.KBO == "" {
			continue
		}
		if err := txn.Set(outcomeWinnerKey(w.KBO, o.TenderID, o.LotID), nil); err != nil {
			return err
		}
	}
	return nil
}

// dropOutcome deletes the outcome of a lot, if any, with its winner index
// entries.
func dropOutcome(txn *badger.Txn, tenderID, lotID string) error {
	var old koppel.Outcome
	ok, err := getValue(txn, outcomeKey(tenderID, lotID), &old)
	if err != nil || !ok {
		return err
	}
	for _, w := range old.Winners {
		if w.KBO == "" {
			continue
		}
		if err := txn.Delete(outcomeWinnerKey(w.KBO, tenderID, lotID)); err != nil {
			return err
		}
	}
	return txn.Delete(outcomeKey(tenderID, lotID))
}

func hasLot(t *koppel.Tender, lot string) bool {
	return slices.ContainsFunc(t.Lots, func(l koppel.Lot) bool { return l.ID == lot })
}

// closeIfDone closes t when every lot has an outcome. With put it stores
// the tender (and queues its index change) when its status changes;
// PutTender passes false and stores t itself.
func closeIfDone(ctx context.Context, w *writer, t *koppel.Tender, put bool) error {
	if t.Status == koppel.TenderClosed || len(t.Lots) == 0 {
		return nil
	}
	have := map[string]bool{}
	prefix := prefixOutcome + t.ID + "/"
	err := forEach(ctx, w.txn, prefix, true, func(item *badger.Item) error {
		have[string(item.Key()[len(prefix):])] = true
		return nil
	})
	if err != nil {
		return err
	}
	for _, l := range t.Lots {
		if !have[l.ID] {
			return nil
		}
	}
	t.Status = koppel.TenderClosed
	if !put {
		return nil
	}
	t.UpdatedAt = now()
	if err := putValue(w.txn, tenderKey(t.ID), t); err != nil {
		return err
	}
	return w.queue(koppel.DocTender, t.ID)
}

// tenderOutcomes runs in PutTender's transaction: it keeps the procedure
// index in step, attaches the waiting outcomes of t's procedure to its
// lots and closes t when every lot has an outcome.
func tenderOutcomes(ctx context.Context, w *writer, t, old *koppel.Tender, had bool) error {
	proc := t.Source.Procedure
	if had && old.Source.Procedure != "" && old.Source.Procedure != proc {
		if err := w.txn.Delete([]byte(procedurePrefix(old.Source.Procedure) + t.ID)); err != nil {
			return err
		}
	}
	if proc != "" {
		if err := w.txn.Set([]byte(procedurePrefix(proc)+t.ID), nil); err != nil {
			return err
		}
		var keys [][]byte
		var waiting []*koppel.Outcome
		err := forEach(ctx, w.txn, pendingPrefix(proc), false, func(item *badger.Item) error {
			var o koppel.Outcome
			if err := item.Value(func(b []byte) error { return decode(b, &o) }); err != nil {
				return err
			}
			if hasLot(t, o.LotID) {
				keys = append(keys, item.KeyCopy(nil))
				waiting = append(waiting, &o)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for i, o := range waiting {
			o.TenderID = t.ID
			if err := replaceOutcome(w.txn, o); err != nil {
				return err
			}
			if err := w.txn.Delete(keys[i]); err != nil {
				return err
			}
		}
	}
	return closeIfDone(ctx, w, t, false)
}

// deleteTenderOutcomes runs in DeleteTender's transaction: the outcomes of
// an award notice go back to waiting under their procedure (a tender of
// the procedure imported later gets them again), the others are deleted.
func deleteTenderOutcomes(ctx context.Context, w *writer, t *koppel.Tender) error {
	if t.Source.Procedure != "" {
		if err := w.txn.Delete([]byte(procedurePrefix(t.Source.Procedure) + t.ID)); err != nil {
			return err
		}
	}
	list, err := outcomesOf(ctx, w.txn, t.ID)
	if err != nil {
		return err
	}
	for _, o := range list {
		if err := dropOutcome(w.txn, o.TenderID, o.LotID); err != nil {
			return err
		}
		if o.Source.Kind == "eforms" && o.Procedure != "" {
			o.TenderID = ""
			if err := putValue(w.txn, []byte(pendingPrefix(o.Procedure)+o.LotID), o); err != nil {
				return err
			}
		}
	}
	return nil
}

// PendingOutcomes returns the outcomes of award notices kept under
// procedure because no tender of it has their lot yet.
func (s *Store) PendingOutcomes(ctx context.Context, procedure string) ([]*koppel.Outcome, error) {
	list := []*koppel.Outcome{}
	err := s.view(ctx, func(txn *badger.Txn) error {
		return forEach(ctx, txn, pendingPrefix(procedure), false, func(item *badger.Item) error {
			var o koppel.Outcome
			if err := item.Value(func(b []byte) error { return decode(b, &o) }); err != nil {
				return err
			}
			list = append(list, &o)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("pending outcomes of %s: %w", procedure, err)
	}
	slices.SortFunc(list, func(a, b *koppel.Outcome) int { return cmp.Compare(a.LotID, b.LotID) })
	return list, nil
}
