package ingest

import (
	"context"
	"fmt"
	"io"

	"koppel"
	"koppel/i18n"
	"koppel/importers"
)

// ExportCatalogue writes enterprise kbo's current profile and offerings as
// a catalogue workbook in the template's format (importers.WriteCatalogue):
// downloaded, edited and uploaded again, it changes only what was edited.
// The offerings are streamed from one snapshot of the store. Returns
// ENOTFOUND if the enterprise does not exist.
func (im *Importer) ExportCatalogue(ctx context.Context, kbo koppel.KBO, w io.Writer) error {
	return im.ExportCatalogueIn(ctx, kbo, i18n.NL, w)
}

// ExportCatalogueIn is ExportCatalogue with the workbook's sheet names,
// labels, headers and instructions in lang (importers.WriteCatalogueIn).
func (im *Importer) ExportCatalogueIn(ctx context.Context, kbo koppel.KBO, lang i18n.Lang, w io.Writer) error {
	e, err := im.Store.FindEnterpriseByKBO(ctx, kbo)
	if err != nil {
		return err
	}
	err = importers.WriteCatalogueIn(w, im.Ref, e, lang, func(fn func(*koppel.Offering) error) error {
		return im.Store.ForEachOfferingOfEnterprise(ctx, kbo, fn)
	})
	if err != nil {
		return fmt.Errorf("export the catalogue of %s: %w", kbo, err)
	}
	return nil
}
