package indexer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"koppel"
	"koppel/demo"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/refdata"
	"koppel/store"
)

// failingAck is a Source whose AckChanges fails: a crash after the index
// recorded a batch and before the outbox was acknowledged.
type failingAck struct{ *store.Store }

func (failingAck) AckChanges(context.Context, uint64) error { return errors.New("crash") }

// TestOutboxReplayAfterCrash: changes written to the store but not applied
// (the process died) are applied at the next start, once.
func TestOutboxReplayAfterCrash(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := indexer.Open(dir, refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	const kbo = koppel.KBO("0123456749")
	e := &koppel.Enterprise{KBO: kbo, Name: "Fictieve Poetsploeg"}
	if _, err := st.ReplaceCatalogue(ctx, e, offerings(kbo, "A", "B", "C"), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	// Crash: the index never saw the entries.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = indexer.Open(dir, refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	n, err := ix.Apply(ctx, st)
	if err != nil || n == 0 {
		t.Fatalf("Apply after restart = %d, %v; want the pending entries", n, err)
	}
	if n, err := ix.Apply(ctx, st); err != nil || n != 0 {
		t.Errorf("second Apply = %d, %v; want 0", n, err)
	}
	if c, _, _ := ix.DocCount(); c != 3 {
		t.Errorf("indexed %d offerings, want 3", c)
	}

	// Crash between the index batch and the acknowledgement: the entries
	// stay in the outbox, but the index knows it applied them.
	if _, err := st.ReplaceCatalogue(ctx, e, offerings(kbo, "A", "D"), store.ModeReplace); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Apply(ctx, failingAck{st}); err == nil {
		t.Fatal("Apply with a failing acknowledgement succeeded")
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = indexer.Open(dir, refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Apply(ctx, st); err != nil || n != 0 {
		t.Errorf("Apply after the second crash = %d, %v; want 0 (already applied)", n, err)
	}
	if got, want := indexedIDs(t, ix.Offerings()), []string{"0123456749/A", "0123456749/D"}; !equal(got, want) {
		t.Errorf("offerings %v, want %v", got, want)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestReindexWhileSearching swaps in new indexes while searches run: none
// fails and each sees a complete index.
func TestReindexWhileSearching(t *testing.T) {
	ctx := context.Background()
	src := indexertest.FromDemo(demo.Options{Seed: 7, Enterprises: 40, OfferingsPerEnterprise: 5, Tenders: 5})
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := indexer.Open(dir, refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Reindex(ctx, src, nil); err != nil {
		t.Fatal(err)
	}
	want := uint64(len(src.Offerings))
	var (
		stop     atomic.Bool
		searches atomic.Int64
		wg       sync.WaitGroup
		errs     = make(chan error, 8)
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				err := ix.View(func(off, _ bleve.Index) error {
					q := bleve.NewMatchQuery("schoonmaak onderhoud")
					q.SetField(indexer.FieldTitle)
					if _, err := off.Search(bleve.NewSearchRequest(q)); err != nil {
						return err
					}
					res, err := off.Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false))
					if err != nil {
						return err
					}
					if res.Total != want {
						return errors.New("search saw an incomplete index")
					}
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
				searches.Add(1)
			}
		}()
	}
	var calls int
	for range 3 {
		if err := ix.Reindex(ctx, src, func(done, total int) { calls++ }); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("search during reindex: %v", err)
	}
	if searches.Load() == 0 {
		t.Error("no search ran during the reindexes")
	}
	if calls == 0 {
		t.Error("progress was never reported")
	}
	// Only the live generation is left on disk, and it survives a reopen.
	entries, _ := os.ReadDir(dir)
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	if !equal(dirs, []string{"offerings.4.bleve", "tenders.4.bleve"}) {
		t.Errorf("index directories %v, want generation 4 only", dirs)
	}
	ix.Close()
	ix, err = indexer.Open(dir, refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	if n, _, _ := ix.DocCount(); n != want {
		t.Errorf("after reopen %d offerings, want %d", n, want)
	}
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	src := indexertest.FromDemo(demo.Options{Seed: 3, Enterprises: 20, OfferingsPerEnterprise: 5, Tenders: 4})
	ix := mustOpenMem(t)
	if err := ix.Reindex(ctx, src, nil); err != nil {
		t.Fatal(err)
	}
	r, err := ix.Check(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.Sampled == 0 {
		t.Fatalf("Check of an index in step: %s", r)
	}
	// Change the store behind the index's back.
	var first *koppel.Offering
	_ = src.ForEachOffering(ctx, func(o *koppel.Offering) error {
		if first == nil {
			first = o
		}
		return nil
	})
	first.Category = "was-strijk"
	first.Title = "Iets heel anders"
	src.AddOffering(&koppel.Offering{ID: "NEW", Enterprise: first.Enterprise, Title: "Nieuw"})
	r, err = ix.Check(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || r.MissingCount != 1 || len(r.Mismatched) != 1 || r.Mismatched[0] != first.Key() {
		t.Errorf("Check after changes: %+v", r)
	}
}

// TestCheckTargetGroups: Check sees an enterprise that declared a target
// group or transition paths behind the index's back, in each of its
// offerings. (Like a work form, a group taken away is not seen: Check
// looks for the store's values in the index.)
func TestCheckTargetGroups(t *testing.T) {
	ctx := context.Background()
	src := indexertest.FromDemo(demo.Options{Seed: 3, Enterprises: 20, OfferingsPerEnterprise: 5, Tenders: 4})
	ix := mustOpenMem(t)
	if err := ix.Reindex(ctx, src, nil); err != nil {
		t.Fatal(err)
	}
	var e *koppel.Enterprise
	for _, x := range src.Enterprises {
		if !x.HasTargetGroup(koppel.TargetExOffender) && !x.TransitionPaths && (e == nil || x.KBO < e.KBO) {
			e = x
		}
	}
	if e == nil {
		t.Fatal("every demo enterprise works with ex-offenders or runs transition paths")
	}
	for _, change := range []func(){
		func() { e.TargetGroups = append(e.TargetGroups, koppel.TargetExOffender) },
		func() { e.TransitionPaths = true },
	} {
		change()
		r, err := ix.Check(ctx, src)
		if err != nil {
			t.Fatal(err)
		}
		if r.OK() || len(r.Mismatched) == 0 {
			t.Errorf("Check after a change of the target groups of %s: %s", e.KBO, r)
		}
		for _, k := range r.Mismatched {
			if !strings.HasPrefix(k, string(e.KBO)+"/") {
				t.Errorf("Check finds %s mismatched, an offering of another enterprise than %s", k, e.KBO)
			}
		}
		if err := ix.Reindex(ctx, src, nil); err != nil {
			t.Fatal(err)
		}
	}
}
