package ingest

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"koppel"
	"koppel/importers"
	"koppel/importers/eforms"
)

// TenderStore is what a tender import writes to.
type TenderStore interface {
	FindTenderByID(ctx context.Context, id string) (*koppel.Tender, error)
	FindTenderByNotice(ctx context.Context, noticeID string) (*koppel.Tender, error)
	PutTender(ctx context.Context, t *koppel.Tender) error
	DeleteTender(ctx context.Context, id string) error
}

// TenderRequest is one tender upload: an eForms XML notice or a tender
// spreadsheet.
type TenderRequest struct {
	File  string
	Data  []byte
	Owner string // the buyer account that will own new tenders ("" for none)
	// ByBuyer marks an upload by the buyer account Owner itself, not by an
	// admin or the operator (who may give tenders to any owner): the
	// notice and ID rules of Tenders apply.
	ByBuyer bool
	// BuyerID is the identifier of the buyer account's organisation (the
	// token's BuyerID): a buyer imports an eForms notice only when the
	// notice's buyer has this identifier.
	BuyerID string
	// MayReplace says whether an existing tender may be replaced by this
	// upload (the caller owns it); nil allows all.
	MayReplace func(*koppel.Tender) bool
	// Accept, when set, may refuse an eForms notice once it is read and
	// before anything is stored (a bulk import's regions); its error is
	// returned as is.
	Accept func(*eforms.Notice) error
}

// TenderResult is what a tender import answers.
type TenderResult struct {
	Tenders []TenderSummary `json:"tenders"`
	// Outcomes is set for an award notice: the outcomes it recorded
	// (kind "uitslag geregistreerd"); Tenders is then empty.
	Outcomes *OutcomeSummary  `json:"outcomes,omitempty"`
	Problems []koppel.Problem `json:"problems"`
}

// TenderSummary names one imported tender.
type TenderSummary struct {
	ID       string `json:"id"`
	NoticeID string `json:"notice_id,omitempty"`
	Title    string `json:"title"`
	Lots     int    `json:"lots"`
	// Status is created, updated, unchanged (the stored tender is the
	// same), or older: the stored version of the procedure is newer than
	// the notice, which changed nothing but the notices the tender is
	// found by.
	Status string `json:"status"`
}

// Tenders imports tenders from an upload. The notices of one procedure
// are one tender, whatever the order of import: a notice replaces the
// stored tender of its own or of the notice it changes when it is newer,
// and an older one changes nothing (see putNotice).
//
// A notice belongs to its buyer: a buyer account (req.ByBuyer) imports
// only notices whose buyer has its identifier (req.BuyerID), and may then
// update the tender of that notice whoever imported it first; admins
// import any notice. A buyer's notice is its draft until it publishes it
// (the notice's own buyer shown); an admin's import is published. A buyer's spreadsheet tenders get IDs of their own
// (the Opdracht reference after a prefix of the account), and its name as
// the buyer: an upload never touches, nor reveals, another buyer's tender.
//
// An eForms award notice (can-*) gives no tender: its outcomes are
// recorded on the lots of the tender of its procedure, or kept until that
// tender is imported (see awardNotice), and TenderResult.Outcomes says so
// (kind "uitslag geregistreerd"). A buyer account imports only its own.
//
// Returns EINVALID (with the reason) for a file that is not a tender,
// ETOOLARGE beyond koppel.MaxLots, EFORBIDDEN for a notice of another
// buyer or when the upload would replace someone else's tender,
// EUNAVAILABLE when the import queue is full.
func (im *Importer) Tenders(ctx context.Context, ts TenderStore, req TenderRequest) (*TenderResult, error) {
	release, err := im.Queue.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	if !looksLikeXML(req.Data) {
		return im.tenderSheet(ctx, ts, req)
	}
	n, err := eforms.Read(bytes.NewReader(req.Data), eforms.Options{Ref: im.Ref, File: req.File})
	if err != nil {
		return nil, err
	}
	if req.Accept != nil {
		if err := req.Accept(n); err != nil {
			return nil, err
		}
	}
	if req.ByBuyer && n.Tender == nil && (strings.TrimSpace(req.BuyerID) == "" || !noticeOf(req.BuyerID, n.BuyerIDs)) {
		return nil, koppel.Errorf(koppel.EFORBIDDEN, "deze uitslag is van een andere aanbestedende overheid (of uw token vermeldt uw ondernemingsnummer niet): alleen die overheid zelf of een beheerder kan ze in Koppel zetten").WithKey("error.imports_result_other_buyer")
	}
	if n.Tender == nil {
		return im.awardNotice(ctx, n, req)
	}
	t := n.Tender
	if req.ByBuyer {
		if strings.TrimSpace(req.BuyerID) == "" {
			return nil, koppel.Errorf(koppel.EFORBIDDEN, "een eForms-aankondiging kan alleen de aanbestedende overheid zelf invoeren, herkend aan haar ondernemingsnummer; uw token vermeldt dat nummer niet: vraag de beheerder een token met uw ondernemingsnummer (koppel token create --buyer-id), of laat hem de aankondiging invoeren").WithKey("error.imports_notice_no_buyer_id")
		}
		if !noticeOf(req.BuyerID, n.BuyerIDs) {
			return nil, koppel.Errorf(koppel.EFORBIDDEN, "deze aankondiging is van %s, niet van uw organisatie (%s): alleen die aanbestedende overheid of een beheerder kan ze in Koppel zetten", t.Buyer.Name, req.Owner).WithKey("error.imports_notice_other_buyer", "Buyer", t.Buyer.Name, "Owner", req.Owner)
		}
		// The notice is the caller's: it may update its tender.
		req.MayReplace = func(old *koppel.Tender) bool {
			return old.Owner == req.Owner || slices.ContainsFunc(old.Source.NoticeIDs(), func(id string) bool {
				return id == t.Source.NoticeID || id == n.ChangedNoticeID
			})
		}
	}
	// listed is the status the notice gives (published, announced or
	// closed); a buyer's call for competition is its draft until it
	// publishes it (an announced notice is no call: it stays announced).
	listed := t.Status
	if req.ByBuyer && listed == koppel.TenderPublished {
		t.Status = koppel.TenderDraft
	}
	res := &TenderResult{Problems: n.Problems}
	if res.Problems == nil {
		res.Problems = []koppel.Problem{}
	}
	notice := t.Source.NoticeID
	status, err := im.putNotice(ctx, ts, t, n.ChangedNoticeID, listed, req)
	if err != nil {
		return nil, err
	}
	res.Tenders = append(res.Tenders, TenderSummary{ID: t.ID, NoticeID: notice, Title: t.Title, Lots: len(t.Lots), Status: status})
	if err := im.syncTenders(ctx); err != nil {
		return nil, fmt.Errorf("update the search index: %w", err)
	}
	return res, nil
}

// tenderSheet imports the tenders of a spreadsheet, one row per lot. Rows
// with errors are reported and left out; a tender with the ID of a stored
// one replaces it.
func (im *Importer) tenderSheet(ctx context.Context, ts TenderStore, req TenderRequest) (*TenderResult, error) {
	tf, err := importers.ReadTenders(ctx, im.Ref, req.File, bytes.NewReader(req.Data), importers.Options{MaxFileSize: im.MaxFileSize})
	if err != nil {
		return nil, err
	}
	res := &TenderResult{Tenders: []TenderSummary{}, Problems: tf.Problems}
	if res.Problems == nil {
		res.Problems = []koppel.Problem{}
	}
	for _, t := range tf.Tenders {
		if req.ByBuyer {
			t.ID, t.Buyer.Name = ownerPrefix(req.Owner)+t.ID, req.Owner
		}
		status, err := im.putNotice(ctx, ts, t, "", "", req)
		if err != nil {
			return nil, err
		}
		res.Tenders = append(res.Tenders, TenderSummary{ID: t.ID, Title: t.Title, Lots: len(t.Lots), Status: status})
	}
	if len(res.Tenders) > 0 {
		if err := im.syncTenders(ctx); err != nil {
			return nil, fmt.Errorf("update the search index: %w", err)
		}
	}
	return res, nil
}

// putNotice stores a tender from a notice or a spreadsheet, replacing the
// stored version of the same (or the changed) notice. Notices of one
// procedure are kept as one tender whatever the order of import: the
// stored tenders found by the notice's ID or by the notice it changes are
// compared with it (koppel.TenderSource.Supersedes), the newest version
// is kept under the ID of the first stored one, with every notice ID of
// the others, and the others are deleted. A version older than the stored
// one changes nothing but the notice index, and answers "older".
//
// A newer version that a buyer imports as a draft over a tender it has
// published takes the status listed, the notice's own: publishing is not
// undone by a new version.
func (im *Importer) putNotice(ctx context.Context, ts TenderStore, t *koppel.Tender, changed string, listed koppel.TenderStatus, req TenderRequest) (string, error) {
	var found []*koppel.Tender
	for _, notice := range []string{t.Source.NoticeID, changed} {
		if notice == "" {
			continue
		}
		o, err := ts.FindTenderByNotice(ctx, notice)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND {
			continue
		}
		if err != nil {
			return "", err
		}
		if !slices.ContainsFunc(found, func(f *koppel.Tender) bool { return f.ID == o.ID }) {
			found = append(found, o)
		}
	}
	if len(found) == 0 {
		if o, err := ts.FindTenderByID(ctx, t.ID); err == nil {
			found = append(found, o)
		}
	}
	t.Owner = req.Owner
	if len(found) == 0 {
		if t.CreatedAt.IsZero() {
			t.CreatedAt = time.Now().UTC()
		}
		return "created", ts.PutTender(ctx, t)
	}
	for _, o := range found {
		if req.MayReplace != nil && !req.MayReplace(o) {
			// Never the other tender's ID or status: it may be a draft.
			return "", koppel.Errorf(koppel.EFORBIDDEN, "de opdracht %q kan niet worden opgeslagen: haar kenmerk is al in gebruik door een andere aankoper; vraag een beheerder", t.Title).WithKey("error.imports_tender_id_taken", "Title", t.Title)
		}
	}
	// keep is the stored tender whose ID stays: the first created.
	keep := slices.MinFunc(found, func(a, b *koppel.Tender) int { return a.CreatedAt.Compare(b.CreatedAt) })
	newest, status := t, "updated"
	for _, o := range found {
		if o.Source.Supersedes(newest.Source) {
			newest, status = o, "older"
		}
	}
	notices := t.Source.NoticeIDs()
	for _, o := range found {
		for _, id := range o.Source.NoticeIDs() {
			if !slices.Contains(notices, id) {
				notices = append(notices, id)
			}
		}
	}
	out := *newest
	out.Source.Notices = slices.DeleteFunc(notices, func(id string) bool { return id == out.Source.NoticeID })
	slices.Sort(out.Source.Notices)
	out.ID, out.CreatedAt = keep.ID, keep.CreatedAt
	out.Owner = cmp.Or(keep.Owner, t.Owner)
	if newest == t && out.Status == koppel.TenderDraft && req.ByBuyer && listed != "" && slices.ContainsFunc(found, func(o *koppel.Tender) bool { return o.Status != koppel.TenderDraft }) {
		out.Status = listed
	}
	for _, o := range found {
		if o.ID == keep.ID {
			continue
		}
		if err := ts.DeleteTender(ctx, o.ID); err != nil {
			return "", err
		}
	}
	if status == "older" && newest == keep && slices.Equal(out.Source.NoticeIDs(), keep.Source.NoticeIDs()) {
		*t = out
		return status, nil
	}
	if newest != t {
		out.UpdatedAt = time.Time{}
	}
	if len(found) == 1 && sameTender(found[0], &out) {
		*t = *found[0]
		return "unchanged", nil
	}
	if err := ts.PutTender(ctx, &out); err != nil {
		return "", err
	}
	*t = out
	return status, nil
}

// sameTender compares a stored tender with the one an import would store,
// apart from the times the store sets and the name of the file it came in
// (the same notice in another package is unchanged).
func sameTender(stored, t *koppel.Tender) bool {
	x, y := *stored, *t
	x.UpdatedAt, y.UpdatedAt = time.Time{}, time.Time{}
	x.CreatedAt, y.CreatedAt = time.Time{}, time.Time{}
	x.Source.File, y.Source.File = "", ""
	return sameJSON(&x, &y)
}

func looksLikeXML(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}

// syncTenders makes the tenders just stored searchable: with SyncTenders
// when set, which does not wait for a catalogue import's reindex, else
// with Sync.
func (im *Importer) syncTenders(ctx context.Context) error {
	switch {
	case im.SyncTenders != nil:
		return im.SyncTenders(ctx)
	case im.Sync != nil:
		return im.Sync(ctx)
	}
	return nil
}

// noticeOf reports whether a notice whose buyers have the identifiers ids
// is of the organisation with identifier buyerID.
func noticeOf(buyerID string, ids []string) bool {
	for _, id := range ids {
		if koppel.SameOrganisation(buyerID, id) {
			return true
		}
	}
	return false
}

// ownerPrefix starts the IDs of a buyer account's spreadsheet tenders, so
// that its references ("gent-2026-045") never name another account's
// tender: "b" and 8 hex digits of the account's hash.
func ownerPrefix(owner string) string {
	sum := sha256.Sum256([]byte(owner))
	return "b" + hex.EncodeToString(sum[:4]) + "-"
}
