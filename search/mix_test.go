package search_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"koppel/search"
)

// mixPostcodes are the places the query mix searches around: cities and
// small towns in the five Flemish provinces and Brussels.
var mixPostcodes = []string{"9000", "2000", "3000", "8000", "3500", "2800", "8500", "9300", "1000", "2300", "8800", "3800", "9100", "2400", "8400", "3600"}

// offeringMix is a realistic mix of offering searches: every judged query
// of the relevance set (typos, prefixes, French and English included) as
// typed, with a service-area postcode, with a postcode and radius sorted by
// distance, and with a postcode sorted by distance without a radius (over
// every match) or a category filter; plus filter-only searches. Every
// search asks for the facets, as the API does.
func offeringMix(t testing.TB) []search.OfferingQuery {
	var texts []string
	for _, jq := range readJudged(t) {
		texts = append(texts, jq.text)
	}
	cats := []string{"schoonmaak", "groenonderhoud", "fietsen", "catering", "klusjes"}
	var out []search.OfferingQuery
	for i, q := range texts {
		pc := mixPostcodes[i%len(mixPostcodes)]
		out = append(out,
			search.OfferingQuery{Text: q},
			search.OfferingQuery{Text: q, ServesPostcode: pc},
			search.OfferingQuery{Text: q, Postcode: pc, RadiusKm: float64(10 + 10*(i%4)), Sort: search.SortDistance},
		)
		if i%2 == 0 {
			out = append(out, search.OfferingQuery{Text: q, Postcode: mixPostcodes[(i+5)%len(mixPostcodes)], Sort: search.SortDistance})
		} else {
			out = append(out, search.OfferingQuery{Text: q, Category: cats[i%len(cats)], Page: 2})
		}
	}
	for i, pc := range mixPostcodes[:8] {
		out = append(out,
			search.OfferingQuery{ServesPostcode: pc, Category: cats[i%len(cats)]},
			search.OfferingQuery{Postcode: pc, RadiusKm: 15, Sort: search.SortDistance},
		)
	}
	out = append(out, search.OfferingQuery{}, search.OfferingQuery{CPV: "9091"}, search.OfferingQuery{WorkForm: "maatwerkbedrijf", Province: "Limburg"})
	out = append(out, benchQueries...)
	return out
}

// mixKind names the shape of a query, for the per-kind figures.
func mixKind(q search.OfferingQuery) string {
	var k []string
	if q.Text != "" {
		k = append(k, "text")
	}
	if q.ServesPostcode != "" {
		k = append(k, "serves")
	}
	if q.RadiusKm > 0 {
		k = append(k, "radius")
	}
	if q.Sort == search.SortDistance {
		k = append(k, "bydistance")
	}
	if q.Category != "" || q.WorkForm != "" || q.CPV != "" || q.Province != "" {
		k = append(k, "filter")
	}
	if len(k) == 0 {
		return "all"
	}
	return strings.Join(k, "+")
}

func percentile(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	i := int(float64(len(lat)) * p)
	return lat[min(i, len(lat)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// runMix runs the mix rounds times with clients concurrent callers and
// returns the latencies of every search, by kind.
func runMix(b testing.TB, s *search.Searcher, mix []search.OfferingQuery, rounds, clients int) map[string][]time.Duration {
	ctx := context.Background()
	type sample struct {
		kind string
		d    time.Duration
	}
	jobs := make(chan search.OfferingQuery)
	results := make(chan sample, 64)
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for q := range jobs {
				start := time.Now()
				if _, err := s.Offerings(ctx, q); err != nil {
					b.Errorf("%+v: %v", q, err)
				}
				results <- sample{mixKind(q), time.Since(start)}
			}
		}()
	}
	go func() {
		for r := 0; r < rounds; r++ {
			for _, q := range mix {
				jobs <- q
			}
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	by := map[string][]time.Duration{}
	for r := range results {
		by[r.kind] = append(by[r.kind], r.d)
		by[""] = append(by[""], r.d)
	}
	for _, l := range by {
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	}
	return by
}

// benchMix runs the query mix over 100,000 offerings b.N times (one round
// each) and reports the latency percentiles over every search; with -v it
// logs them per kind of query.
func benchMix(b *testing.B, clients int) {
	s := benchSearcher(b)
	mix := offeringMix(b)
	runMix(b, s, mix, 1, clients) // warm up
	runtime.GC()
	b.ResetTimer()
	by := runMix(b, s, mix, b.N, clients)
	b.StopTimer()
	all := by[""]
	b.ReportMetric(ms(percentile(all, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(all, 0.90)), "p90-ms")
	b.ReportMetric(ms(percentile(all, 0.99)), "p99-ms")
	b.ReportMetric(ms(all[len(all)-1]), "max-ms")
	b.ReportMetric(float64(len(all))/b.Elapsed().Seconds(), "searches/s")
	b.ReportMetric(0, "ns/op")
	var kinds []string
	for k := range by {
		if k != "" {
			kinds = append(kinds, k)
		}
	}
	sort.Strings(kinds)
	var lines []string
	for _, k := range kinds {
		l := by[k]
		lines = append(lines, fmt.Sprintf("%-28s n=%4d p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms", k, len(l), ms(percentile(l, 0.5)), ms(percentile(l, 0.99)), ms(l[len(l)-1])))
	}
	b.Logf("%d searches, %d clients:\n%s", len(all), clients, strings.Join(lines, "\n"))
}

// BenchmarkOfferingMix measures the query mix (offeringMix, about 250
// searches a round) one search at a time: run it with -benchtime 3x.
func BenchmarkOfferingMix(b *testing.B) { benchMix(b, 1) }

// BenchmarkOfferingMix8 runs the query mix with 8 concurrent callers, as
// the HTTP target is measured (8 clients on 2 cores): the latencies include
// the wait for a core.
func BenchmarkOfferingMix8(b *testing.B) { benchMix(b, 8) }

// TestMixSlowest (KOPPEL_BENCH_INDEX and -run TestMixSlowest -v) lists the
// slowest searches of the mix, for profiling.
func TestMixSlowest(t *testing.T) {
	if os.Getenv("KOPPEL_BENCH_INDEX") == "" {
		t.Skip("set KOPPEL_BENCH_INDEX")
	}
	s := benchSearcher(t)
	type r struct {
		q     search.OfferingQuery
		d     time.Duration
		total int
	}
	var rs []r
	for _, q := range offeringMix(t) {
		s.Offerings(context.Background(), q)
		best := time.Hour
		var total int
		for range 3 {
			start := time.Now()
			res, err := s.Offerings(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			best = min(best, time.Since(start))
			total = res.Total
		}
		rs = append(rs, r{q, best, total})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].d > rs[j].d })
	for _, x := range rs[:40] {
		t.Logf("%7.2f ms  total %6d  %+v", ms(x.d), x.total, x.q)
	}
}
