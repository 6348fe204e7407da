package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"koppel"
)

// The alert outbox (see package notify). Events are kept by idempotency
// key; an event waits under nq/ until it is fanned out into deliveries,
// which wait under ndue/ (ordered by their next attempt) until they are
// sent, failed or skipped.
const (
	prefixEvent        = "nev/"   // nev/<key> → Event
	prefixEventQueue   = "nq/"    // nq/<key> → nothing: not yet fanned out
	prefixDelivery     = "ndl/"   // ndl/<id> → Delivery
	prefixDeliveryDue  = "ndue/"  // ndue/<next attempt, ns big endian><id> → nothing
	prefixDeliveryTime = "ndlt/"  // ndlt/<created, ns big endian><id> → nothing (admin list)
	prefixFeed         = "nfeed/" // nfeed/<recipient>\x00<at, ns big endian><event key> → Alert
	prefixAlertPrefs   = "npref/" // npref/<recipient> → AlertPrefs
	prefixFeedKey      = "nfeedk/"
)

// errStop ends a forEach early.
var errStop = errors.New("stop")

// MaxDigestAlerts bounds the alerts one daily digest holds; later alerts
// of the day are in the feed only.
const MaxDigestAlerts = 500

func timeKey(prefix string, t time.Time, rest string) []byte {
	k := binary.BigEndian.AppendUint64([]byte(prefix), uint64(max(t.UnixNano(), 0)))
	return append(k, rest...)
}

func feedKey(r koppel.Recipient, at time.Time, eventKey string) []byte {
	return timeKey(prefixFeed+string(r)+"\x00", at, eventKey)
}

// PutEvent stores event e under its idempotency key and queues it for
// fan-out, in one transaction. It returns false, storing nothing, when an
// event with the key was stored before. Returns EINVALID without a key.
func (s *Store) PutEvent(ctx context.Context, e koppel.Event) (bool, error) {
	if err := checkKey("sleutel van de gebeurtenis", e.Key, false); err != nil {
		return false, err
	}
	added := false
	err := s.update(ctx, func(w *writer) error {
		ok, err := exists(w.txn, []byte(prefixEvent+e.Key))
		if err != nil || ok {
			return err
		}
		if err := putValue(w.txn, []byte(prefixEvent+e.Key), e); err != nil {
			return err
		}
		added = true
		return w.txn.Set([]byte(prefixEventQueue+e.Key), nil)
	})
	if err != nil {
		return false, fmt.Errorf("put event %q: %w", e.Key, err)
	}
	return added, nil
}

// PendingEvents returns up to limit events not yet fanned out.
func (s *Store) PendingEvents(ctx context.Context, limit int) ([]koppel.Event, error) {
	var list []koppel.Event
	err := s.view(ctx, func(txn *badger.Txn) error {
		var keys []string
		err := forEach(ctx, txn, prefixEventQueue, true, func(item *badger.Item) error {
			if len(keys) >= limit {
				return errStop
			}
			keys = append(keys, string(item.Key()[len(prefixEventQueue):]))
			return nil
		})
		if err != nil && err != errStop {
			return err
		}
		for _, k := range keys {
			var e koppel.Event
			ok, err := getValue(txn, []byte(prefixEvent+k), &e)
			if err != nil {
				return err
			}
			if !ok {
				e = koppel.Event{Key: k} // lost its record: done at once
			}
			list = append(list, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pending events: %w", err)
	}
	return list, nil
}

// EventFannedOut removes event key from the fan-out queue.
func (s *Store) EventFannedOut(ctx context.Context, key string) error {
	err := s.update(ctx, func(w *writer) error {
		return w.txn.Delete([]byte(prefixEventQueue + key))
	})
	if err != nil {
		return fmt.Errorf("event %q fanned out: %w", key, err)
	}
	return nil
}

// AddDeliveries stores new deliveries and feed alerts, in one transaction.
// A delivery whose ID is stored already is kept as it is, so that fanning
// out an event again (after a crash) never sends twice; a pending digest
// takes the alerts it does not hold yet instead. Keep batches to a few
// hundred deliveries.
func (s *Store) AddDeliveries(ctx context.Context, ds []*koppel.Delivery, feed map[koppel.Recipient][]koppel.Alert) error {
	err := s.update(ctx, func(w *writer) error {
		for _, d := range ds {
			var old koppel.Delivery
			ok, err := getValue(w.txn, []byte(prefixDelivery+d.ID), &old)
			if err != nil {
				return err
			}
			if ok {
				if !old.Digest || old.State != koppel.DeliveryPending {
					continue
				}
				for _, a := range d.Alerts {
					if len(old.Alerts) < MaxDigestAlerts && !slices.ContainsFunc(old.Alerts, func(x koppel.Alert) bool { return x.EventKey == a.EventKey }) {
						old.Alerts = append(old.Alerts, a)
					}
				}
				if err := putValue(w.txn, []byte(prefixDelivery+d.ID), &old); err != nil {
					return err
				}
				continue
			}
			if err := putValue(w.txn, []byte(prefixDelivery+d.ID), d); err != nil {
				return err
			}
			if err := w.txn.Set(timeKey(prefixDeliveryTime, d.CreatedAt, d.ID), nil); err != nil {
				return err
			}
			if d.State == koppel.DeliveryPending {
				if err := w.txn.Set(timeKey(prefixDeliveryDue, d.NextAt, d.ID), nil); err != nil {
					return err
				}
			}
		}
		for r, as := range feed {
			for _, a := range as {
				if err := putValue(w.txn, feedKey(r, a.At, a.EventKey), a); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("add %d deliveries: %w", len(ds), err)
	}
	return nil
}

// DueDeliveries returns up to limit pending deliveries whose next attempt
// is at or before now, earliest first.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]*koppel.Delivery, error) {
	var list []*koppel.Delivery
	end := timeKey(prefixDeliveryDue, now, "\xff")
	err := s.view(ctx, func(txn *badger.Txn) error {
		var ids []string
		err := forEach(ctx, txn, prefixDeliveryDue, true, func(item *badger.Item) error {
			k := item.Key()
			if len(ids) >= limit || string(k) > string(end) {
				return errStop
			}
			ids = append(ids, string(k[len(prefixDeliveryDue)+8:]))
			return nil
		})
		if err != nil && err != errStop {
			return err
		}
		for _, id := range ids {
			var d koppel.Delivery
			ok, err := getValue(txn, []byte(prefixDelivery+id), &d)
			if err != nil {
				return err
			}
			if ok && d.State == koppel.DeliveryPending {
				list = append(list, &d)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("due deliveries: %w", err)
	}
	return list, nil
}

// SaveDelivery stores d after an attempt; prevNext is the next attempt it
// was due at, whose place in the queue is moved. Returns ENOTFOUND if the
// delivery does not exist.
func (s *Store) SaveDelivery(ctx context.Context, d *koppel.Delivery, prevNext time.Time) error {
	err := s.update(ctx, func(w *writer) error {
		ok, err := exists(w.txn, []byte(prefixDelivery+d.ID))
		if err != nil {
			return err
		}
		if !ok {
			return koppel.Errorf(koppel.ENOTFOUND, "bericht %q bestaat niet", d.ID).WithKey("error.admin_delivery_not_found", "ID", d.ID)
		}
		if err := w.txn.Delete(timeKey(prefixDeliveryDue, prevNext, d.ID)); err != nil {
			return err
		}
		if d.State == koppel.DeliveryPending {
			if err := w.txn.Set(timeKey(prefixDeliveryDue, d.NextAt, d.ID), nil); err != nil {
				return err
			}
		}
		return putValue(w.txn, []byte(prefixDelivery+d.ID), d)
	})
	if err != nil {
		return fmt.Errorf("save delivery %q: %w", d.ID, err)
	}
	return nil
}

// FindDelivery returns ENOTFOUND if no delivery has the ID.
func (s *Store) FindDelivery(ctx context.Context, id string) (*koppel.Delivery, error) {
	d, err := findValue[koppel.Delivery](ctx, s, []byte(prefixDelivery+id), func() error {
		return koppel.Errorf(koppel.ENOTFOUND, "bericht %q bestaat niet", id).WithKey("error.admin_delivery_not_found", "ID", id)
	})
	if err != nil {
		return nil, fmt.Errorf("find delivery: %w", err)
	}
	return d, nil
}

// RecentDeliveries returns up to limit deliveries, newest first.
func (s *Store) RecentDeliveries(ctx context.Context, limit int) ([]*koppel.Delivery, error) {
	var list []*koppel.Delivery
	err := s.view(ctx, func(txn *badger.Txn) error {
		ids, err := newestKeys(txn, prefixDeliveryTime, limit)
		if err != nil {
			return err
		}
		for _, k := range ids {
			var d koppel.Delivery
			ok, err := getValue(txn, []byte(prefixDelivery+string(k[len(prefixDeliveryTime)+8:])), &d)
			if err != nil {
				return err
			}
			if ok {
				list = append(list, &d)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("recent deliveries: %w", err)
	}
	return list, nil
}

// newestKeys returns up to limit keys under prefix, last first.
func newestKeys(txn *badger.Txn, prefix string, limit int) ([][]byte, error) {
	opts := badger.DefaultIteratorOptions
	opts.Reverse, opts.PrefetchValues, opts.Prefix = true, false, []byte(prefix)
	it := txn.NewIterator(opts)
	defer it.Close()
	var out [][]byte
	for it.Seek(append([]byte(prefix), 0xff)); it.Valid() && len(out) < limit; it.Next() {
		out = append(out, it.Item().KeyCopy(nil))
	}
	return out, nil
}

// FeedAlerts returns up to limit alerts of recipient r, newest first.
func (s *Store) FeedAlerts(ctx context.Context, r koppel.Recipient, limit int) ([]koppel.Alert, error) {
	var list []koppel.Alert
	err := s.view(ctx, func(txn *badger.Txn) error {
		keys, err := newestKeys(txn, prefixFeed+string(r)+"\x00", limit)
		if err != nil {
			return err
		}
		for _, k := range keys {
			var a koppel.Alert
			if _, err := getValue(txn, k, &a); err != nil {
				return err
			}
			list = append(list, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("feed of %s: %w", r, err)
	}
	return list, nil
}

// FindAlertPrefs returns the alert settings of r, or DefaultAlertPrefs
// when it stored none.
func (s *Store) FindAlertPrefs(ctx context.Context, r koppel.Recipient) (*koppel.AlertPrefs, error) {
	p := koppel.DefaultAlertPrefs(r)
	err := s.view(ctx, func(txn *badger.Txn) error {
		_, err := getValue(txn, []byte(prefixAlertPrefs+string(r)), p)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("alert settings of %s: %w", r, err)
	}
	return p, nil
}

// PutAlertPrefs validates and stores p, and moves the feed's secret when
// FeedHash changed. Returns EINVALID for bad settings.
func (s *Store) PutAlertPrefs(ctx context.Context, p *koppel.AlertPrefs) error {
	if err := p.Validate(); err != nil {
		return err
	}
	p.UpdatedAt = now()
	err := s.update(ctx, func(w *writer) error {
		old := koppel.DefaultAlertPrefs(p.Recipient)
		if _, err := getValue(w.txn, []byte(prefixAlertPrefs+string(p.Recipient)), old); err != nil {
			return err
		}
		if old.FeedHash != p.FeedHash {
			if old.FeedHash != "" {
				if err := w.txn.Delete([]byte(prefixFeedKey + old.FeedHash)); err != nil {
					return err
				}
			}
			if p.FeedHash != "" {
				if err := w.txn.Set([]byte(prefixFeedKey+p.FeedHash), []byte(p.Recipient)); err != nil {
					return err
				}
			}
		}
		return putValue(w.txn, []byte(prefixAlertPrefs+string(p.Recipient)), p)
	})
	if err != nil {
		return fmt.Errorf("put alert settings of %s: %w", p.Recipient, err)
	}
	return nil
}

// FindFeedRecipient returns the recipient whose feed secret has the hash.
// Returns ENOTFOUND for a secret revoked or never made.
func (s *Store) FindFeedRecipient(ctx context.Context, hash string) (koppel.Recipient, error) {
	var r koppel.Recipient
	err := s.view(ctx, func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(prefixFeedKey + hash))
		if err == badger.ErrKeyNotFound {
			return koppel.Errorf(koppel.ENOTFOUND, "deze feed bestaat niet (meer)").WithKey("error.admin_feed_gone")
		} else if err != nil {
			return err
		}
		b, err := item.ValueCopy(nil)
		r = koppel.Recipient(b)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("find feed: %w", err)
	}
	return r, nil
}
