package indexer_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"koppel/demo"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/refdata"
)

var (
	benchOnce sync.Once
	benchSrc  *indexertest.MemSource
)

// benchSource is 100,000 demo offerings (10,000 enterprises, 30 tenders),
// generated once per test binary.
func benchSource() *indexertest.MemSource {
	benchOnce.Do(func() { benchSrc = indexertest.FromDemo(demo.ForOfferings(100000)) })
	return benchSrc
}

// BenchmarkRebuild measures a full reindex of 100,000 offerings into a
// fresh index directory (what `koppel reindex` does), reading the documents
// from memory so that the figure is the indexer's own. It reports
// offerings/s.
func BenchmarkRebuild(b *testing.B) {
	src := benchSource()
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ix, err := indexer.Open(filepath.Join(b.TempDir(), "index"), refdata.Load())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := ix.Reindex(ctx, src, nil); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if n, _, _ := ix.DocCount(); n != uint64(len(src.Offerings)) {
			b.Fatalf("indexed %d offerings, want %d", n, len(src.Offerings))
		}
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(src.Offerings))*float64(b.N)/b.Elapsed().Seconds(), "offerings/s")
}
