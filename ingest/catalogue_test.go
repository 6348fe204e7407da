package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"iter"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/importers/hostile"
	"koppel/ingest"
	"koppel/refdata"
	"koppel/store"
)

const kbo = koppel.KBO("0123456749")

// mustEnterprise stores the enterprise the catalogues are for.
func mustEnterprise(t *testing.T, st *store.Store) {
	t.Helper()
	e := &koppel.Enterprise{KBO: kbo, Name: "De Fictieve Poetsploeg", Address: koppel.Address{Postcode: "9000"}}
	if err := e.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	if err := st.PutEnterprise(context.Background(), e); err != nil {
		t.Fatal(err)
	}
}

func mustCatalogue(t *testing.T, n int) []byte {
	t.Helper()
	b, err := hostile.Catalogue(n, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCatalogueWithoutStyles: a merge import of a workbook without a
// styles part, with errors, stores its report and annotated workbook (it
// panicked after the import was applied, with no report).
func TestCatalogueWithoutStyles(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	mustEnterprise(t, st)
	data, err := hostile.WithoutStyles(mustCatalogue(t, 3))
	if err != nil {
		t.Fatal(err)
	}
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	rep, err := im.Catalogue(ctx, ingest.CatalogueRequest{KBO: kbo, File: "a.xlsx", Data: data, Merge: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != "imported" || rep.Rejected != 3 || !rep.Annotated {
		t.Errorf("report = %+v, want imported, 3 rejected, annotated", rep)
	}
	if got, err := st.FindImportReport(ctx, rep.ID); err != nil || got.Status != "imported" {
		t.Errorf("stored report = %+v, %v", got, err)
	}
	b, err := st.FindImportFile(ctx, rep.ID)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if comments, _ := f.GetComments("Aanbod"); len(comments) != 3 {
		t.Errorf("annotated workbook has %d comments, want 3", len(comments))
	}
}

// TestCatalogueRetention: a dry run's report and workbook last an hour,
// an import's the retention; the cleanup deletes them after.
func TestCatalogueRetention(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	mustEnterprise(t, st)
	im := &ingest.Importer{Ref: refdata.Load(), Store: st, Retention: 30 * 24 * time.Hour}
	data := mustCatalogue(t, 2)
	dry, err := im.Catalogue(ctx, ingest.CatalogueRequest{KBO: kbo, File: "a.xlsx", Data: data, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	real, err := im.Catalogue(ctx, ingest.CatalogueRequest{KBO: kbo, File: "a.xlsx", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if got := dry.ExpiresAt.Sub(dry.FinishedAt); got != ingest.DefaultDryRunRetention {
		t.Errorf("dry run kept for %v, want %v", got, ingest.DefaultDryRunRetention)
	}
	if got := real.ExpiresAt.Sub(real.FinishedAt); got != 30*24*time.Hour {
		t.Errorf("import kept for %v, want 720h", got)
	}
	if !dry.Annotated || !real.Annotated {
		t.Fatalf("annotated: dry run %v, import %v", dry.Annotated, real.Annotated)
	}
	n, err := st.DeleteExpiredImports(ctx, time.Now().Add(2*time.Hour), ingest.DefaultRetention)
	if err != nil || n != 1 {
		t.Fatalf("deleted %d (%v), want the dry run", n, err)
	}
	if _, err := st.FindImportFile(ctx, dry.ID); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("dry run's workbook: %v, want ENOTFOUND", err)
	}
	if _, err := st.FindImportReport(ctx, real.ID); err != nil {
		t.Errorf("import's report: %v", err)
	}
	if n, err := st.DeleteExpiredImports(ctx, time.Now().Add(31*24*time.Hour), ingest.DefaultRetention); err != nil || n != 1 {
		t.Errorf("deleted %d (%v), want the import", n, err)
	}
	if _, err := st.FindImportFile(ctx, real.ID); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Errorf("import's workbook: %v, want ENOTFOUND", err)
	}
}

// watchedStore checks, when a catalogue is applied, that a report of the
// import is stored already.
type watchedStore struct {
	*store.Store
	t       *testing.T
	applied bool
}

func (w *watchedStore) ReplaceCatalogueWith(ctx context.Context, e *koppel.Enterprise, offerings iter.Seq2[*koppel.Offering, error], opts store.CatalogueOptions) (store.CatalogueResult, error) {
	started := 0
	w.Store.ForEachImportReport(ctx, func(r *koppel.ImportReport) error {
		if r.Status == "started" {
			started++
		}
		return nil
	})
	if started != 1 {
		w.t.Errorf("%d started reports stored when the catalogue is applied, want 1", started)
	}
	w.applied = true
	return w.Store.ReplaceCatalogueWith(ctx, e, offerings, opts)
}

func TestReportStoredBeforeApply(t *testing.T) {
	st := mustOpenStore(t)
	mustEnterprise(t, st)
	w := &watchedStore{Store: st, t: t}
	im := &ingest.Importer{Ref: refdata.Load(), Store: w}
	if _, err := im.Catalogue(context.Background(), ingest.CatalogueRequest{KBO: kbo, File: "a.xlsx", Data: mustCatalogue(t, 2)}); err != nil {
		t.Fatal(err)
	}
	if !w.applied {
		t.Error("the catalogue was not applied")
	}
}

// TestCatalogueClientLeaves: when the request's context ends during the
// import, reading stops, nothing is applied and the report says so.
func TestCatalogueClientLeaves(t *testing.T) {
	st := mustOpenStore(t)
	mustEnterprise(t, st)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	read := 0
	_, err := im.Catalogue(ctx, ingest.CatalogueRequest{KBO: kbo, File: "a.xlsx", Data: mustCatalogue(t, 5000), Progress: func(done, total int) {
		read = done
		if done >= 1000 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if read >= 5000 {
		t.Errorf("read %d rows after the client left, want fewer than 5000", read)
	}
	var reps []*koppel.ImportReport
	st.ForEachImportReport(context.Background(), func(r *koppel.ImportReport) error { reps = append(reps, r); return nil })
	if len(reps) != 1 || reps[0].Status != "failed" {
		t.Errorf("reports = %+v, want one failed", reps)
	}
}
