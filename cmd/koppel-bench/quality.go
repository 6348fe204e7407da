package main

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"time"
)

var (
	ndcgRE      = regexp.MustCompile(`koppel\s+([0-9.]+)\s+([0-9.]+)`)
	precisionRE = regexp.MustCompile(`precision@5 = ([0-9.]+)`)
	fitRE       = regexp.MustCompile(`fit@5 = ([0-9.]+)`)
	verdictsRE  = regexp.MustCompile(`right verdicts = ([0-9]+)/([0-9]+) = ([0-9.]+)`)
)

// quality runs the judged relevance and matching tests (they hold the
// judged sets) and reports their figures: nDCG@10 and recall@10 of
// offering search, precision@5 of matching.
func (b *bench) quality(ctx context.Context) error {
	out, err := exec.CommandContext(ctx, "go", "test", "-count=1", "-run", "TestRelevance$", "-v", "./search").CombinedOutput()
	if err != nil {
		return fmt.Errorf("relevance test: %w\n%s", err, tail(out, 2000))
	}
	m := ndcgRE.FindSubmatch(out)
	if m == nil {
		return fmt.Errorf("relevance test printed no Koppel figures")
	}
	ndcg, _ := strconv.ParseFloat(string(m[1]), 64)
	recall, _ := strconv.ParseFloat(string(m[2]), 64)
	b.add(figure{Name: "relevance nDCG@10 (59 judged queries)", Value: ndcg, Target: "recorded baseline 0.977", Note: fmt.Sprintf("recall@10 %.3f", recall)})
	out, err = exec.CommandContext(ctx, "go", "test", "-count=1", "-run", "TestJudgedPrecision", "-v", "./match").CombinedOutput()
	if err != nil {
		return fmt.Errorf("matching test: %w\n%s", err, tail(out, 2000))
	}
	m = precisionRE.FindSubmatch(out)
	if m == nil {
		return fmt.Errorf("matching test printed no precision")
	}
	p, _ := strconv.ParseFloat(string(m[1]), 64)
	b.add(figure{Name: "matching precision@5 (26 judged lots)", Value: p, Target: "recorded baseline 0.98", Pass: pass(p, 0.98, false)})
	if m = fitRE.FindSubmatch(out); m != nil {
		f, _ := strconv.ParseFloat(string(m[1]), 64)
		b.add(figure{Name: "matching fit@5: first five offer the lot's service (26 judged lots)", Value: f, Target: "recorded baseline 0.85", Pass: pass(f, 0.85, false)})
	}
	out, err = exec.CommandContext(ctx, "go", "test", "-count=1", "-run", "TestJudgedVerdicts", "-v", "./clauses").CombinedOutput()
	if err != nil {
		return fmt.Errorf("verdict test: %w\n%s", err, tail(out, 2000))
	}
	if m = verdictsRE.FindSubmatch(out); m != nil {
		v, _ := strconv.ParseFloat(string(m[3]), 64)
		b.add(figure{Name: "eligibility: right verdicts (" + string(m[2]) + " judged cases)", Value: v, Target: "1", Pass: pass(v, 1, false)})
	}
	return nil
}

// matchLatency times GET /api/v1/tenders/{id}/matches for a 3-lot demo
// tender, one client.
func (b *bench) matchLatency(ctx context.Context) error {
	srv, _, err := b.serve(ctx)
	if err != nil {
		return err
	}
	defer srv.stop()
	id, err := threeLotTender(srv.url)
	if err != nil {
		return err
	}
	var p50s, p99s []float64
	for range b.runs {
		lat, failed := load(ctx, 1, 10*time.Second, func(int) string { return srv.url + "/api/v1/tenders/" + id + "/matches" })
		if failed > 0 {
			return fmt.Errorf("%d match requests failed", failed)
		}
		p50s, p99s = append(p50s, percentile(lat, 50)), append(p99s, percentile(lat, 99))
	}
	b.add(figure{Name: "match a 3-lot tender over HTTP, p50", Value: median(p50s), Unit: "ms", Target: "-"})
	p99 := median(p99s)
	b.add(figure{Name: "match a 3-lot tender over HTTP, p99", Value: p99, Unit: "ms", Target: "≤ 50 ms", Pass: pass(p99, 50, true), Note: "tender " + id})
	return nil
}
