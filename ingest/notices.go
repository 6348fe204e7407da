package ingest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"koppel"
	"koppel/i18n"
	"koppel/importers/archive"
	"koppel/importers/eforms"
)

// DefaultRegions are the places of performance a package import keeps by
// default: Flanders (NUTS BE2).
var DefaultRegions = []string{"BE2"}

// NoticeStore is what a package import writes to: the tenders and the
// package's report.
type NoticeStore interface {
	TenderStore
	koppel.NoticeReportService
}

// NoticesRequest is the import of a package of eForms notices.
type NoticesRequest struct {
	// Path is the archive (.tar.gz, .tgz, .tar, .zip), directory or single
	// notice to read.
	Path string
	// File is the package's name in the report (Path's base when empty);
	// Origin says how it came (cli, upload, folder, fetch).
	File, Origin string
	// Regions are the NUTS prefixes of the places of performance to keep
	// (DefaultRegions when empty); see ParseRegions.
	Regions []string
	// Limits bound the package (archive's defaults when zero).
	Limits archive.Limits
	// ID is the report's ID (a new one when empty).
	ID string
	// Started, when set, is called once the import holds its slot in the
	// queue and its report is stored, before the first notice, with a copy
	// of the report (it may be read while the import runs on).
	Started func(*koppel.NoticeReport)
	// Progress, when set, is called after every file with the report so
	// far (the caller must not keep it).
	Progress func(*koppel.NoticeReport)
	// Notify, when set, is told of every tender the package created or
	// updated that is published (koppel.EventTenderPublished, keyed by the
	// tender as for tenders entered by hand, so a tender is announced
	// once), for the alerts.
	Notify func(context.Context, koppel.Event)
}

// Notices imports every eForms notice of a package, one file at a time,
// as Tenders imports one notice (an admin's import: published, owned by
// no buyer account). A file that is not a notice, is refused by the
// tender import or has no place of performance in req.Regions is counted
// under its reason and the others go on; the report counts every result
// kind Tenders answers. The report is stored when the import starts, now
// and then while it runs, and when it ends: status done, or failed with
// the reason when the package could not be read to its end (what was
// imported before stays). Imported tenders are searchable when Notices
// returns.
//
// Returns the report and nil, also for a failed package; an error only
// when the queue is full (EUNAVAILABLE), ctx ends or the store fails.
func (im *Importer) Notices(ctx context.Context, st NoticeStore, req NoticesRequest) (*koppel.NoticeReport, error) {
	release, err := im.Queue.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	regions := req.Regions
	if len(regions) == 0 {
		regions = DefaultRegions
	}
	now := time.Now().UTC()
	rep := &koppel.NoticeReport{ID: req.ID, File: req.File, Origin: req.Origin, Status: "running", Regions: regions,
		Results: map[string]int{}, StartedAt: now, UpdatedAt: now}
	if rep.ID == "" {
		rep.ID = newID()
	}
	if rep.File == "" {
		rep.File = filepath.Base(req.Path)
	}
	if err := st.PutNoticeReport(ctx, rep); err != nil {
		return nil, err
	}
	if req.Started != nil {
		req.Started(rep.Clone()) // it may be read in another goroutine while rep runs on
	}
	// One notice at a time through the tender import, without its queue
	// slot (this import holds one) and its index sync (done in batches).
	one := *im
	one.Queue, one.Sync, one.SyncTenders = nil, nil, nil
	accept := func(n *eforms.Notice) error {
		if n.Tender == nil {
			// An award notice names no place of its own: its outcomes wait
			// for their procedure's tender, which the regions decide.
			return nil
		}
		return inRegions(n.Tender, regions, im.Ref)
	}
	lastPut, sinceSync := time.Now(), 0
	walkErr := archive.Walk(ctx, req.Path, req.Limits, func(e archive.Entry) error {
		rep.Files++
		rep.BytesRead, rep.BytesTotal = e.Done, e.Total
		if err := im.importEntry(ctx, &one, st, rep, e, accept, req.Notify); err != nil {
			return err
		}
		sinceSync++
		if sinceSync >= 500 {
			if err := im.syncTenders(ctx); err != nil {
				return fmt.Errorf("update the search index: %w", err)
			}
			sinceSync = 0
		}
		if time.Since(lastPut) > time.Second {
			rep.UpdatedAt = time.Now().UTC()
			if err := st.PutNoticeReport(ctx, rep); err != nil {
				return err
			}
			lastPut = time.Now()
		}
		if req.Progress != nil {
			req.Progress(rep)
		}
		return nil
	})
	rep.Status = "done"
	var failed error
	switch code := koppel.ErrorCode(walkErr); {
	case walkErr == nil:
	case ctx.Err() != nil, code == koppel.EINTERNAL:
		// The store, the index or the caller failed, not the package.
		rep.Status = "failed"
		rep.Error, rep.ErrorFR, rep.ErrorEN = i18n.KeyTexts("admin.notice_interrupted", "Reason", walkErr)
		failed = walkErr
	default:
		rep.Status = "failed"
		rep.Error, rep.ErrorFR, rep.ErrorEN = i18n.ErrorTexts(walkErr)
	}
	if failed == nil {
		if err := im.syncTenders(ctx); err != nil {
			rep.Status = "failed"
			rep.Error, rep.ErrorFR, rep.ErrorEN = i18n.KeyTexts("admin.notice_index_stale")
			failed = fmt.Errorf("update the search index: %w", err)
		}
	}
	rep.FinishedAt = time.Now().UTC()
	rep.UpdatedAt = rep.FinishedAt
	if err := st.PutNoticeReport(context.WithoutCancel(ctx), rep); err != nil && failed == nil {
		failed = err
	}
	return rep, failed
}

// importEntry imports one file of a package and counts its result in rep.
// Only a failure of the store or of ctx is returned.
func (im *Importer) importEntry(ctx context.Context, one *Importer, st NoticeStore, rep *koppel.NoticeReport, e archive.Entry, accept func(*eforms.Notice) error, notify func(context.Context, koppel.Event)) (err error) {
	switch {
	case errors.Is(e.Err, archive.ErrTooLarge):
		refuse(rep, "too-large", e.Name, "admin.notice_refused_too_large")
		return nil
	case errors.Is(e.Err, archive.ErrNested):
		refuse(rep, "nested-archive", e.Name, "admin.notice_refused_nested")
		return nil
	case e.Err != nil:
		refuse(rep, "unreadable", e.Name, "admin.notice_refused_unreadable")
		return nil
	case !looksLikeXML(e.Data):
		refuse(rep, "not-xml", e.Name, "admin.notice_refused_not_xml")
		return nil
	}
	defer func() {
		// A notice that trips the reader refuses that notice only.
		if p := recover(); p != nil {
			refuse(rep, "internal", e.Name, "admin.notice_refused_internal")
			err = nil
		}
	}()
	res, err := one.Tenders(ctx, st, TenderRequest{File: e.Name, Data: e.Data, Accept: accept})
	if err != nil {
		if ctx.Err() != nil || koppel.ErrorCode(err) == koppel.EINTERNAL {
			return err
		}
		reason := eforms.RefusalReason(err)
		if reason == "" {
			reason = strings.ToLower(strings.TrimPrefix(string(koppel.ErrorCode(err)), "E"))
		}
		nl, fr, en := i18n.ErrorTexts(err)
		rep.RefuseIn(reason, e.Name, nl, fr, en)
		return nil
	}
	rep.Warnings += len(res.Problems)
	if len(res.Tenders) == 0 {
		rep.Results["other"]++
	}
	for _, t := range res.Tenders {
		rep.Results[t.Status]++
	}
	return AnnouncePublished(ctx, st, res, notify)
}

// AnnouncePublished hands an event tender_published (keyed by the tender,
// so a tender is announced once) to notify for each tender of res that was
// created or updated and is published now. A nil notify announces nothing.
func AnnouncePublished(ctx context.Context, st TenderStore, res *TenderResult, notify func(context.Context, koppel.Event)) error {
	if notify == nil || res == nil {
		return nil
	}
	for _, t := range res.Tenders {
		if t.Status != "created" && t.Status != "updated" {
			continue
		}
		stored, err := st.FindTenderByID(ctx, t.ID)
		if err != nil {
			return err
		}
		if stored.Status == koppel.TenderPublished {
			notify(ctx, koppel.Event{Key: string(koppel.EventTenderPublished) + "/" + stored.ID, Kind: koppel.EventTenderPublished,
				Subject: stored.ID, Buyer: stored.Owner, At: time.Now().UTC()})
		}
	}
	return nil
}

// ParseRegions reads a comma-separated list of NUTS prefixes ("BE2,BE1";
// "BE" is all of Belgium). Returns EINVALID for anything else.
func ParseRegions(s string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(s, ",") {
		p = strings.ToUpper(strings.TrimSpace(p))
		if p == "" {
			continue
		}
		ok := len(p) >= 2 && len(p) <= 5 && p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z'
		for i := 2; ok && i < len(p); i++ {
			ok = p[i] >= '0' && p[i] <= '9' || p[i] >= 'A' && p[i] <= 'Z'
		}
		if !ok {
			return nil, koppel.Errorf(koppel.EINVALID, "%q is geen NUTS-code: gebruik bijvoorbeeld BE2 (Vlaanderen), BE1 (Brussel) of BE234", p).WithKey("error.imports_nuts", "Value", p)
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, koppel.Errorf(koppel.EINVALID, "geef minstens één NUTS-code, bijvoorbeeld BE2").WithKey("error.imports_nuts_none")
	}
	return out, nil
}

// regionOfPlace is the NUTS region of a Belgian place, for a lot that
// gives a postcode and no NUTS code.
var regionOfPlace = map[string]string{"Brussel": "BE1", "Vlaanderen": "BE2", "Wallonië": "BE3"}

// inRegions accepts a tender with a lot whose place of performance is in
// one of the regions: its NUTS code, else the region of its postcode; when
// no lot says where, the region of the buyer's Belgian postcode. Returns
// EINVALID with a *eforms.Refusal (reason outside-region, or no-place when
// neither lots nor buyer say where) otherwise.
func inRegions(t *koppel.Tender, regions []string, ref koppel.Reference) error {
	var places []string
	lots := t.Lots
	if !slices.ContainsFunc(lots, func(l koppel.Lot) bool { return l.NUTS != "" || l.Place != nil }) && t.Buyer.Postcode != "" && ref != nil {
		if p, ok := ref.Postcode(t.Buyer.Postcode); ok {
			lots = []koppel.Lot{{Place: &p}}
		}
	}
	for _, l := range lots {
		nuts := strings.ToUpper(l.NUTS)
		if nuts == "" && l.Place != nil {
			nuts = regionOfPlace[l.Place.Region]
		}
		if nuts == "" {
			continue
		}
		for _, r := range regions {
			if strings.HasPrefix(nuts, r) {
				return nil
			}
		}
		if !slices.Contains(places, nuts) {
			places = append(places, nuts)
		}
	}
	want := strings.Join(regions, ", ")
	if len(places) == 0 {
		return regionRefusal("no-place", "imports.notice_no_place", "Regions", want)
	}
	return regionRefusal("outside-region", "imports.notice_outside_region", "Regions", want, "Places", strings.Join(places, ", "))
}

// regionRefusal is the EINVALID error with a *eforms.Refusal of a notice
// outside the regions, said from the catalogue key with args in Dutch,
// French and English.
func regionRefusal(reason, key string, args ...any) error {
	return eforms.Refuse(koppel.EINVALID, reason, "", key, args...)
}

// refuse counts file as refused under reason with the message key, in
// Dutch, French and English: the report is read later in its reader's
// language.
func refuse(rep *koppel.NoticeReport, reason, file, key string) {
	nl, fr, en := i18n.KeyTexts(key)
	rep.RefuseIn(reason, file, nl, fr, en)
}
