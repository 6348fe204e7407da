package ingest

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"time"

	"koppel"
	"koppel/i18n"
	"koppel/importers"
	"koppel/refdata"
	"koppel/store"
)

// Store is what an import writes to.
type Store interface {
	FindEnterpriseByKBO(ctx context.Context, kbo koppel.KBO) (*koppel.Enterprise, error)
	FindOffering(ctx context.Context, kbo koppel.KBO, id string) (*koppel.Offering, error)
	ForEachOfferingOfEnterprise(ctx context.Context, kbo koppel.KBO, fn func(*koppel.Offering) error) error
	ReplaceCatalogueWith(ctx context.Context, e *koppel.Enterprise, offerings iter.Seq2[*koppel.Offering, error], opts store.CatalogueOptions) (store.CatalogueResult, error)
	FindCatalogueVersion(ctx context.Context, kbo koppel.KBO, id string) (*store.CatalogueVersion, error)
	VersionOfferings(ctx context.Context, kbo koppel.KBO, id string) iter.Seq2[*koppel.Offering, error]
	FindImportReport(ctx context.Context, id string) (*koppel.ImportReport, error)
	PutImportReport(ctx context.Context, r *koppel.ImportReport) error
	PutImportFile(ctx context.Context, id string, data []byte) error
}

var _ Store = (*store.Store)(nil)

// Importer runs imports.
type Importer struct {
	Ref   *refdata.Data
	Store Store
	// Sync brings the search index up to date; an import returns only once
	// its changes are searchable.
	Sync func(ctx context.Context) error
	// SyncTenders, when set, brings only the tenders in the index up to
	// date; tender imports use it instead of Sync.
	SyncTenders func(ctx context.Context) error
	// MaxFileSize and MaxRows bound an upload (importers' defaults when 0).
	MaxFileSize int64
	MaxRows     int
	// Retention is how long a report and its annotated workbook are kept
	// (DefaultRetention when 0); DryRunRetention the same for a dry run
	// (DefaultDryRunRetention when 0), long enough to download the
	// workbook after checking a file.
	Retention       time.Duration
	DryRunRetention time.Duration
	// Queue, when set, bounds the imports that run at once (catalogues
	// and tenders together).
	Queue *Queue
}

// Default retention of import reports.
const (
	DefaultRetention       = 90 * 24 * time.Hour
	DefaultDryRunRetention = time.Hour
)

// CatalogueRequest is one catalogue upload.
type CatalogueRequest struct {
	KBO    koppel.KBO // the enterprise the upload is for
	File   string     // file name as uploaded
	Data   []byte     // the file
	Merge  bool       // merge instead of replace
	DryRun bool       // check and report, write nothing
	// AllowEmpty lets a replace remove every offering of the catalogue;
	// without it such an upload fails with ErrRemovesAll and changes
	// nothing.
	AllowEmpty bool
	// Check, when set, may stop the upload once it has been compared with
	// the current catalogue, before anything changes (see
	// store.CatalogueOptions).
	Check func(CatalogueCounts) error
	// Progress, when set, is called as rows are read.
	Progress func(done, total int)
	// Lang is the language of the annotated workbook's comments and
	// problem sheet (the uploader's); Dutch when empty.
	Lang i18n.Lang
}

// CatalogueCounts says how an upload changes a catalogue.
type CatalogueCounts = store.CatalogueCounts

// ErrRemovesAll is in the chain of the ECONFLICT error of a replace that
// would remove every offering while CatalogueRequest.AllowEmpty is false.
// The message names neither the API's nor the CLI's way to insist; callers
// add theirs.
var ErrRemovesAll = store.ErrRemovesAll

// Catalogue imports an enterprise's catalogue. The returned report is also
// stored, a dry run's for DryRunRetention only; a report marked "started"
// is stored before anything is written, so no change is ever applied
// without a report. Problems in the file are in the report,
// not the error: the error is for a file that cannot be read at all
// (EINVALID, ETOOLARGE), a full queue (EUNAVAILABLE) or a failure to store
// (EINTERNAL, ECONFLICT). A
// report with Status "rejected" wrote nothing.
func (im *Importer) Catalogue(ctx context.Context, req CatalogueRequest) (*koppel.ImportReport, error) {
	release, err := im.Queue.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	rep := &koppel.ImportReport{ID: newID(), Kind: "catalogue", Enterprise: req.KBO, File: req.File, Mode: store.ModeReplace, DryRun: req.DryRun, StartedAt: time.Now().UTC()}
	if req.Merge {
		rep.Mode = store.ModeMerge
	}
	var cat *importers.Catalogue
	cat, err = importers.ReadCatalogue(ctx, im.Ref, req.File, bytes.NewReader(req.Data), importers.Options{
		KBO: req.KBO, MaxFileSize: im.MaxFileSize, MaxRows: im.MaxRows, Progress: req.Progress,
	})
	if err != nil {
		return nil, err
	}
	defer cat.Close()

	e, err := im.enterprise(ctx, cat)
	if err != nil {
		return nil, err
	}
	if e == nil {
		// Not known yet and the file's Onderneming sheet cannot create it.
		for range cat.Offerings(ctx) {
		}
		cat.Report(rep)
		rep.Status = "rejected"
		sheet := cat.EnterpriseSheet // as the file names it
		if sheet == "" {
			sheet = "Onderneming"
		}
		rep.Problems = append([]koppel.Problem{i18n.Problem(koppel.Problem{
			File: req.File, Sheet: sheet, Severity: koppel.SeverityError,
		}, "import.enterprise_unknown", "KBO", req.KBO.String())}, rep.Problems...)
		rep.Rejected = rep.Rows
		return im.finish(ctx, rep, req, cat)
	}

	if req.DryRun {
		if err := im.dryRun(ctx, rep, cat); err != nil {
			return nil, err
		}
		cat.Report(rep)
		rep.Status = "dry_run"
		return im.finish(ctx, rep, req, cat)
	}
	profile, err := im.profileChange(ctx, e)
	if err != nil {
		return nil, err
	}
	rep.Status = "started"
	if err := im.putReport(ctx, rep); err != nil {
		return nil, err
	}
	// The catalogue this replaces is kept under the report's ID, for undo.
	res, err := im.Store.ReplaceCatalogueWith(ctx, e, cat.Offerings(ctx), store.CatalogueOptions{Mode: rep.Mode, Keep: cat.Rejected, AllowEmpty: req.AllowEmpty, Check: req.Check, Version: rep.ID})
	if err != nil {
		// Nothing was applied (the catalogue changes all at once); the
		// report says the import stopped.
		cat.Report(rep)
		rep.Status, rep.FinishedAt = "failed", time.Now().UTC()
		_ = im.putReport(context.WithoutCancel(ctx), rep)
		return nil, err
	}
	rep.Profile = profile
	cat.Report(rep)
	rep.Status = "imported"
	rep.Created, rep.Updated, rep.Unchanged, rep.Removed = res.Created, res.Updated, res.Unchanged, res.Removed
	rep.RemovedOfferings = res.RemovedOfferings
	if im.Sync != nil {
		if err := im.Sync(ctx); err != nil {
			return nil, fmt.Errorf("update the search index: %w", err)
		}
	}
	return im.finish(ctx, rep, req, cat)
}

// enterprise returns the profile to store with the catalogue: the file's
// Onderneming sheet when filled in correctly, its empty rows filled in from
// the stored profile (importers.Catalogue.KeepStored), else the stored
// profile, else nil.
func (im *Importer) enterprise(ctx context.Context, cat *importers.Catalogue) (*koppel.Enterprise, error) {
	stored, err := im.Store.FindEnterpriseByKBO(ctx, cat.KBO)
	if err != nil && koppel.ErrorCode(err) != koppel.ENOTFOUND {
		return nil, err
	}
	if cat.Enterprise != nil {
		// What the sheet leaves empty keeps its stored value.
		cat.KeepStored(stored)
		return cat.Enterprise, nil
	}
	// An Onderneming sheet with errors: each says what is kept instead.
	cat.ExplainProfileErrors(stored)
	return stored, nil
}

// dryRun reads the file and counts what the import would do, without
// writing.
func (im *Importer) dryRun(ctx context.Context, rep *koppel.ImportReport, cat *importers.Catalogue) error {
	seen := map[string]bool{}
	for o, err := range cat.Offerings(ctx) {
		if err != nil {
			return err
		}
		seen[o.ID] = true
		old, err := im.Store.FindOffering(ctx, o.Enterprise, o.ID)
		switch {
		case koppel.ErrorCode(err) == koppel.ENOTFOUND:
			rep.Created++
		case err != nil:
			return err
		case sameOffering(old, o):
			rep.Unchanged++
		default:
			rep.Updated++
		}
	}
	if rep.Mode == store.ModeReplace {
		// Stream the current catalogue rather than hold it.
		err := im.Store.ForEachOfferingOfEnterprise(ctx, cat.KBO, func(o *koppel.Offering) error {
			if !seen[o.ID] && !cat.Rejected(o.ID) {
				rep.Removed++
				if len(rep.RemovedOfferings) < koppel.MaxRemovedListed {
					rep.RemovedOfferings = append(rep.RemovedOfferings, koppel.RemovedOffering{ID: o.ID, Title: o.Title})
				}
			}
			return nil
		})
		if err != nil && koppel.ErrorCode(err) != koppel.ENOTFOUND {
			return err
		}
	}
	return nil
}

// sameOffering compares two offerings apart from UpdatedAt, the way the
// store does.
func sameOffering(a, b *koppel.Offering) bool {
	x, y := *a, *b
	x.UpdatedAt, y.UpdatedAt = time.Time{}, time.Time{}
	return sameJSON(&x, &y)
}

// sameJSON reports whether a and b encode to the same JSON.
func sameJSON(a, b any) bool {
	bx, err1 := json.Marshal(a)
	by, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(bx, by)
}

// finish stores the annotated workbook (when there are problems) and the
// report. Once changes are applied the report is stored even when the
// client has gone; the workbook, a convenience, then is not made.
func (im *Importer) finish(ctx context.Context, rep *koppel.ImportReport, req CatalogueRequest, cat *importers.Catalogue) (*koppel.ImportReport, error) {
	rep.FinishedAt = time.Now().UTC()
	if rep.Status != "rejected" {
		rep.Problems = append(rep.Problems, im.recognitionWarnings(ctx, rep, cat)...)
	}
	if len(rep.Problems) > 0 && ctx.Err() == nil {
		if data, err := annotate(ctx, req.Data, rep.Problems, req.Lang); err == nil {
			if err := im.Store.PutImportFile(ctx, rep.ID, data); err != nil {
				return nil, err
			}
			rep.Annotated = true
		}
	}
	if err := im.putReport(context.WithoutCancel(ctx), rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// putReport stores the report with its expiry.
func (im *Importer) putReport(ctx context.Context, rep *koppel.ImportReport) error {
	keep := cmp.Or(im.Retention, DefaultRetention)
	if rep.DryRun {
		keep = cmp.Or(im.DryRunRetention, DefaultDryRunRetention)
	}
	rep.ExpiresAt = cmp.Or(rep.FinishedAt, rep.StartedAt).Add(keep)
	return im.Store.PutImportReport(ctx, rep)
}

// annotate writes the annotated workbook. A failure there must not lose
// the report of an import already applied, so a panic is an error too.
func annotate(ctx context.Context, data []byte, problems []koppel.Problem, lang i18n.Lang) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("annotate workbook: panic: %v", p)
		}
	}()
	var buf bytes.Buffer
	if err := importers.AnnotateWorkbookIn(ctx, bytes.NewReader(data), problems, lang, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return time.Now().UTC().Format("20060102") + "-" + hex.EncodeToString(b[:])
}

// ReadAll reads an upload up to limit bytes, with ETOOLARGE beyond.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, koppel.Errorf(koppel.ETOOLARGE, "het bestand is groter dan %d MB", limit>>20).WithKey("error.imports_upload_too_large", "MB", limit>>20)
	}
	return b, nil
}
