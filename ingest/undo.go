package ingest

import (
	"context"
	"fmt"
	"time"

	"koppel"
	"koppel/store"
)

// UndoVersion returns the catalogue kept from before import id, which Undo
// would put back. Returns ENOTFOUND if there is no such report or nothing
// is kept for it (a dry run, a rejected file, an import that created the
// enterprise, or one older than the retention).
func (im *Importer) UndoVersion(ctx context.Context, rep *koppel.ImportReport) (*store.CatalogueVersion, error) {
	if rep.Kind != "catalogue" || rep.Status != "imported" || rep.Enterprise == "" {
		return nil, koppel.Errorf(koppel.ENOTFOUND, "import %s heeft niets gewijzigd: er is geen vorige versie om terug te zetten", rep.ID).WithKey("error.imports_undo_nothing", "ID", rep.ID)
	}
	return im.Store.FindCatalogueVersion(ctx, rep.Enterprise, rep.ID)
}

// Undo puts back the catalogue (profile and offerings) of enterprise
// rep.Enterprise as it was before import rep, exactly, as one atomic
// change of the whole catalogue. The undo is an import itself: it gets its
// own report (returned and stored, with UndoOf set), and the catalogue it
// replaces is kept in turn, so the undo can be undone. The caller checks
// that the caller may change the enterprise. Returns ENOTFOUND when
// nothing is kept for rep (see UndoVersion), ECONFLICT when an upload for
// the enterprise finished meanwhile.
func (im *Importer) Undo(ctx context.Context, rep *koppel.ImportReport) (*koppel.ImportReport, error) {
	// An undo replaces a whole catalogue, as an upload does: it waits in
	// the same queue.
	release, err := im.Queue.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	v, err := im.UndoVersion(ctx, rep)
	if err != nil {
		return nil, err
	}
	// File names what was put back in words the enterprise knows: its own
	// upload, not the report ID (UndoOf keeps that).
	file := fmt.Sprintf("vorige versie, van vóór de upload van %s", rep.File)
	if rep.UndoOf != "" {
		file = "vorige versie, van vóór het terugzetten"
	}
	undo := &koppel.ImportReport{ID: newID(), Kind: "catalogue", Enterprise: rep.Enterprise, Mode: store.ModeReplace,
		File: file, UndoOf: rep.ID, StartedAt: time.Now().UTC(),
		Problems: []koppel.Problem{}}
	profile, err := im.profileChange(ctx, v.Enterprise)
	if err != nil {
		return nil, err
	}
	// An empty version (the catalogue had no services yet) empties it.
	res, err := im.Store.ReplaceCatalogueWith(ctx, v.Enterprise, im.Store.VersionOfferings(ctx, rep.Enterprise, rep.ID),
		store.CatalogueOptions{Mode: store.ModeReplace, AllowEmpty: true, Version: undo.ID})
	if err != nil {
		return nil, err
	}
	counts := res.CatalogueCounts
	undo.RemovedOfferings = res.RemovedOfferings
	undo.Status, undo.Profile, undo.Rows = "imported", profile, v.Offerings
	undo.Created, undo.Updated, undo.Unchanged, undo.Removed = counts.Created, counts.Updated, counts.Unchanged, counts.Removed
	if im.Sync != nil {
		if err := im.Sync(ctx); err != nil {
			return nil, fmt.Errorf("update the search index: %w", err)
		}
	}
	undo.FinishedAt = time.Now().UTC()
	if err := im.putReport(context.WithoutCancel(ctx), undo); err != nil {
		return nil, err
	}
	return undo, nil
}
