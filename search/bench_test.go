package search_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"koppel/demo"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/refdata"
	"koppel/search"
)

// benchQueries are the queries BenchmarkSearchOfferings cycles through.
var benchQueries = []search.OfferingQuery{
	{Text: "poetsdienst scholen gent"},
	{Text: "onderhoud speelplaats"},
	{Text: "fietsherstelling", ServesPostcode: "9000"},
	{Text: "groenonderhuod"},
	{Text: "maaltijden", Category: "catering", Province: "Antwerpen"},
	{Text: "schoonm"},
	{Text: "klusjesdienst", Postcode: "3000", RadiusKm: 30, Sort: search.SortDistance},
	{Text: "nettoyage", WorkForm: "maatwerkbedrijf"},
	{CPV: "9091", ServesPostcode: "2000"},
	{Text: "kringloop meubilair", Postcode: "8500", RadiusKm: 25},
}

var (
	benchOnce sync.Once
	benchS    *search.Searcher
	benchErr  error
)

// benchSearcher indexes 100,000 demo offerings into a temporary directory
// once per test binary (a memory-only index of that size takes gigabytes).
// With KOPPEL_BENCH_INDEX set to a directory, the index is kept there and
// reused by later runs (rebuilt when its MappingVersion changed).
func benchSearcher(b testing.TB) *search.Searcher {
	benchOnce.Do(func() {
		src := indexertest.FromDemo(demo.ForOfferings(100000))
		dir := os.Getenv("KOPPEL_BENCH_INDEX")
		if dir == "" {
			tmp, err := os.MkdirTemp("", "koppel-bench-*")
			if err != nil {
				benchErr = err
				return
			}
			dir = filepath.Join(tmp, "index")
		}
		ix, err := indexer.Open(dir, refdata.Load())
		if err != nil {
			benchErr = err
			return
		}
		// Apply rebuilds an index of another MappingVersion.
		if _, benchErr = ix.Apply(context.Background(), src); benchErr != nil {
			return
		}
		if n, _, _ := ix.DocCount(); n != uint64(len(src.Offerings)) {
			benchErr = ix.Reindex(context.Background(), src, nil)
		}
		if benchErr == nil {
			benchS = search.New(ix, src)
			benchS.ResultCacheSize = 0 // measure the search, not the cache
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchS
}

// BenchmarkSearchOfferings measures in-process offering searches (facets,
// highlights and documents read from memory included) over 100,000 demo
// offerings, and reports the p50 and p99 latency.
func BenchmarkSearchOfferings(b *testing.B) { benchOfferings(b, 0) }

// BenchmarkSearchOfferingsPerEnterprise is BenchmarkSearchOfferings as the
// search page asks: at most 2 offerings of one enterprise
// (OfferingQuery.PerEnterprise).
func BenchmarkSearchOfferingsPerEnterprise(b *testing.B) { benchOfferings(b, 2) }

func benchOfferings(b *testing.B, per int) {
	s := benchSearcher(b)
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := benchQueries[i%len(benchQueries)]
		q.PerEnterprise = per
		start := time.Now()
		if _, err := s.Offerings(ctx, q); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
