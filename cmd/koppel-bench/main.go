// Command koppel-bench measures Koppel end to end against the targets of
// docs/design.md ("Targets") and prints one table (and writes the figures as JSON). It
// drives the real koppel binary as a child process, on loopback only, on a
// generated dataset in a temporary directory; every loop is bounded.
//
//	go run ./cmd/koppel-bench --koppel bin/koppel --size 100000
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// figure is one measured value beside its target.
type figure struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Target string  `json:"target"`
	Pass   *bool   `json:"pass,omitempty"`
	Note   string  `json:"note,omitempty"`
}

type bench struct {
	only    string
	koppel  string
	dir     string
	size    int
	runs    int
	figures []figure
	log     func(format string, args ...any)
}

func main() {
	var (
		bin  = flag.String("koppel", "bin/koppel", "the koppel binary to measure")
		size = flag.Int("size", envInt("BENCH_SIZE", 100000), "offerings in the dataset (env BENCH_SIZE)")
		runs = flag.Int("runs", 3, "repetitions of each measurement; medians are reported")
		out  = flag.String("json", "bench.json", "where to write the figures as JSON")
		keep = flag.Bool("keep", false, "keep the temporary data directory")
		only = flag.String("steps", "", "comma-separated steps to run (dataset is run unless only annotate or notices): import, annotate, writes, reindex, startup, http search, match, quality, notices, export")
	)
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	dir, err := os.MkdirTemp("", "koppel-bench-")
	if err != nil {
		fail(err)
	}
	if !*keep {
		defer os.RemoveAll(dir)
	}
	abs, err := filepath.Abs(*bin)
	if err != nil {
		fail(err)
	}
	b := &bench{only: *only, koppel: abs, dir: dir, size: *size, runs: *runs, log: func(f string, a ...any) {
		fmt.Fprintf(os.Stderr, "· "+f+"\n", a...)
	}}
	if err := b.run(ctx); err != nil {
		fail(err)
	}
	b.print()
	if err := b.writeJSON(*out); err != nil {
		fail(err)
	}
}

func (b *bench) run(ctx context.Context) error {
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"dataset", b.dataset},
		{"import", b.importXLSX},
		{"annotate", b.annotate},
		{"writes", b.writesDuringImport},
		{"reindex", b.reindex},
		{"startup", b.startup},
		{"http search", b.httpSearch},
		{"match", b.matchLatency},
		{"quality", b.quality},
		{"notices", b.notices},
		{"export", b.exportXLSX},
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if b.only != "" && s.name != "dataset" && !strings.Contains(","+b.only+",", ","+s.name+",") {
			continue
		}
		if s.name == "dataset" && (b.only == "annotate" || b.only == "notices") {
			continue // these steps bring their own data
		}
		b.log("%s…", s.name)
		if err := s.fn(ctx); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return nil
}

func (b *bench) add(f figure) { b.figures = append(b.figures, f) }

// pass records whether v meets the target, lower or higher being better.
func pass(v, target float64, lowerIsBetter bool) *bool {
	ok := v >= target
	if lowerIsBetter {
		ok = v <= target
	}
	return &ok
}

func (b *bench) print() {
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "Koppel benchmark, %d offerings, medians of %d runs\n", b.size, b.runs)
	fmt.Fprintln(w, "what\tvalue\ttarget\tok\tnote")
	for _, f := range b.figures {
		ok := ""
		if f.Pass != nil {
			ok = map[bool]string{true: "yes", false: "NO"}[*f.Pass]
		}
		fmt.Fprintf(w, "%s\t%s %s\t%s\t%s\t%s\n", f.Name, format(f.Value), f.Unit, f.Target, ok, f.Note)
	}
	w.Flush()
}

func format(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v < 1:
		return fmt.Sprintf("%.3f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func (b *bench) writeJSON(path string) error {
	out := struct {
		Date    string   `json:"date"`
		Size    int      `json:"size"`
		Runs    int      `json:"runs"`
		Figures []figure `json:"figures"`
	}{time.Now().UTC().Format(time.RFC3339), b.size, b.runs, b.figures}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// percentile returns the p-th percentile (0..100) of durations in ms.
func percentile(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := min(int(float64(len(s))*p/100), len(s)-1)
	return float64(s[i].Microseconds()) / 1000
}

func envInt(name string, def int) int {
	var n int
	if v := os.Getenv(name); v != "" {
		if _, err := fmt.Sscan(strings.ReplaceAll(v, "_", ""), &n); err == nil && n > 0 {
			return n
		}
	}
	return def
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "koppel-bench:", err)
	os.Exit(1)
}
