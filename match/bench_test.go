package match_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"koppel"
	"koppel/demo"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/match"
	"koppel/refdata"
	"koppel/search"
)

var (
	benchOnce sync.Once
	benchM    *match.Matcher
	benchSrc  *indexertest.MemSource
	benchErr  error
)

// benchMatcher indexes 100,000 demo offerings (demo.ForOfferings) into a
// temporary directory once per test binary.
func benchMatcher(b *testing.B) (*match.Matcher, *indexertest.MemSource) {
	benchOnce.Do(func() {
		benchSrc = indexertest.FromDemo(demo.ForOfferings(100000))
		dir, err := os.MkdirTemp("", "koppel-match-bench-*")
		if err != nil {
			benchErr = err
			return
		}
		ix, err := indexer.Open(filepath.Join(dir, "index"), refdata.Load())
		if err != nil {
			benchErr = err
			return
		}
		if benchErr = ix.Reindex(context.Background(), benchSrc, nil); benchErr != nil {
			return
		}
		benchM = match.New(search.New(ix, benchSrc), benchSrc, refdata.Load())
		benchM.Today = func() koppel.Date { return today }
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchM, benchSrc
}

// BenchmarkMatchTender3Lots matches the 3-lot demo tenders (cleaning,
// laundry and meals of a care home) against 100,000 offerings, documents
// read from memory, and reports the p50 and p99 latency (target p99 ≤ 50
// ms, docs/design.md, "Targets").
func BenchmarkMatchTender3Lots(b *testing.B) {
	m, src := benchMatcher(b)
	var tenders []*koppel.Tender
	for _, t := range src.Tenders {
		if len(t.Lots) == 3 {
			tenders = append(tenders, t)
		}
	}
	if len(tenders) == 0 {
		b.Fatal("no 3-lot tender in the demo data")
	}
	sort.Slice(tenders, func(i, j int) bool { return tenders[i].ID < tenders[j].ID })
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := m.MatchTender(ctx, tenders[i%len(tenders)], match.Options{}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkTendersForEnterprise measures the reverse direction over the
// same index (30 tenders).
func BenchmarkTendersForEnterprise(b *testing.B) {
	m, src := benchMatcher(b)
	var kbos []koppel.KBO
	for k := range src.Enterprises {
		kbos = append(kbos, k)
	}
	sort.Slice(kbos, func(i, j int) bool { return kbos[i] < kbos[j] })
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.TendersForEnterprise(ctx, kbos[i%len(kbos)], match.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
