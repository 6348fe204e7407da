package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"koppel"
	"koppel/demo"
	"koppel/store"
)

// BenchmarkReplaceCatalogueVersion measures what keeping the previous
// catalogue costs an upload: a catalogue of KOPPEL_BENCH_OFFERINGS
// offerings (default 20,000; make bench imports 100,000) replaced by one
// in which one offering changed, without and with a version kept. It
// reports the version's compressed size per offering.
func BenchmarkReplaceCatalogueVersion(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("KOPPEL_BENCH_OFFERINGS")); err == nil && v > 0 {
		n = v
	}
	// Realistic offerings (the demo generator's), all of one enterprise.
	offs := demo.Generate(demo.ForOfferings(n)).Offerings
	catalogue := func(kbo koppel.KBO, v int) func(yield func(*koppel.Offering, error) bool) {
		return func(yield func(*koppel.Offering, error) bool) {
			for i, d := range offs {
				o := *d
				o.ID, o.Enterprise = fmt.Sprintf("o%07d", i), kbo
				if i == 0 {
					o.Title += fmt.Sprint(" ", v)
				}
				if !yield(&o, nil) {
					return
				}
			}
		}
	}
	for _, keep := range []bool{false, true} {
		b.Run(fmt.Sprintf("offerings=%d/version=%v", n, keep), func(b *testing.B) {
			s, err := store.Open(b.TempDir(), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			e := testEnterprise(1)
			if _, err := s.ReplaceCatalogue(ctx, e, catalogue(e.KBO, 0), store.ModeReplace); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				id := ""
				if keep {
					id = fmt.Sprint("v", i)
				}
				if _, err := replaceSaving(ctx, s, e, catalogue(e.KBO, i), id); err != nil {
					b.Fatal(err)
				}
			}
			if keep {
				v, err := s.FindCatalogueVersion(ctx, e.KBO, fmt.Sprint("v", i))
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(v.Bytes)/float64(v.Offerings), "version-B/offering")
				b.ReportMetric(float64(v.Bytes)/float64(v.Chunks), "B/chunk")
			}
		})
	}
}
