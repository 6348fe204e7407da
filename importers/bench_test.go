package importers

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"koppel/refdata"
)

// BenchmarkReadCatalogue100k reads a 100,000-row catalogue, generated once
// with excelize's stream writer into b.TempDir, and reports rows/s.
func BenchmarkReadCatalogue100k(b *testing.B) {
	const n = 100_000
	path := filepath.Join(b.TempDir(), "aanbod-100k.xlsx")
	if err := os.WriteFile(path, generateCatalogue(b, n), 0o644); err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	ref := refdata.Load()
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		cat, err := ReadCatalogue(ctx, ref, "aanbod-100k.xlsx", bytes.NewReader(data), Options{TmpDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		for _, err := range cat.Offerings(ctx) {
			if err != nil {
				b.Fatal(err)
			}
			rows++
		}
		if rows != n || len(cat.Problems()) != 0 {
			b.Fatalf("%d offerings, %d problems", rows, len(cat.Problems()))
		}
		cat.Close()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
