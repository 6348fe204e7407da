package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/peterbourgon/ff/v3/ffcli"

	"koppel"
	"koppel/demo"
	"koppel/importers"
)

func (a *app) demoCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel demo")
	dataFlag(fs, &cfg)
	return &ffcli.Command{
		Name:       "demo",
		ShortUsage: "koppel demo [--data DIR]",
		ShortHelp:  "Load the demo dataset: ~300 fictional enterprises, ~3,000 offerings, ~30 tenders.",
		LongHelp:   "All names in the demo dataset are fictional; postcodes and CPV codes are real.\nLoading it again replaces the demo enterprises' catalogues and tenders.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel demo --data ./koppel-data"),
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs("demo", args); err != nil {
				return err
			}
			e, err := openEnv(ctx, cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer e.Close()
			return e.loadDemo(ctx, demo.DefaultOptions(), a.stdout)
		},
	}
}

func (a *app) genCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel gen")
	dataFlag(fs, &cfg)
	n := fs.Int("offerings", 100000, "number of offerings to generate (10 per enterprise)")
	seed := fs.Int64("seed", demo.DefaultSeed, "seed of the generator; the same seed gives the same data")
	return &ffcli.Command{
		Name:       "gen",
		ShortUsage: "koppel gen [--data DIR] [--offerings N] [--seed S]",
		ShortHelp:  "Generate a synthetic dataset of any size, for benchmarks.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel gen --data /tmp/koppel-bench --offerings 100000"),
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs("gen", args); err != nil {
				return err
			}
			if *n < 1 {
				return usageErrorf("--offerings must be at least 1, got %d", *n)
			}
			e, err := openEnv(ctx, cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer e.Close()
			batchMemory()
			o := demo.ForOfferings(*n)
			o.Seed = *seed
			return e.loadDemo(ctx, o, a.stdout)
		},
	}
}

// loadDemo writes a generated dataset into the store, enterprise by
// enterprise, then brings the index up to date. It prints progress to out.
func (e *env) loadDemo(ctx context.Context, o demo.Options, out io.Writer) error {
	start := time.Now()
	total := o.TotalOfferings()
	var ents, offs int
	var spendDir []*koppel.Enterprise // the suppliers of the demo spend file
	last := time.Now()
	err := demo.Stream(o, func(ent *koppel.Enterprise, list []*koppel.Offering) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(spendDir) < 40 && len(ent.Recognitions) > 0 {
			spendDir = append(spendDir, &koppel.Enterprise{KBO: ent.KBO, Name: ent.Name})
		}
		if err := ent.Validate(e.ref); err != nil {
			return fmt.Errorf("demo enterprise %s: %w", ent.KBO, err)
		}
		if _, err := e.store.ReplaceCatalogue(ctx, ent, validated(e.ref, list), "replace"); err != nil {
			return err
		}
		ents++
		offs += len(list)
		if time.Since(last) > 2*time.Second {
			last = time.Now()
			fmt.Fprintf(out, "  %d of %d offerings stored…\n", offs, total)
		}
		return nil
	})
	if err != nil {
		return err
	}
	tenders := demo.GenerateTenders(o)
	for _, t := range tenders {
		if err := t.Validate(e.ref); err != nil {
			return fmt.Errorf("demo tender %s: %w", t.ID, err)
		}
		if err := e.store.PutTender(ctx, t); err != nil {
			return err
		}
	}
	internships := demo.GenerateInternships(o)
	for _, in := range internships {
		if err := in.Validate(e.ref); err != nil {
			return fmt.Errorf("demo internship %s: %w", in.ID, err)
		}
		if err := e.store.PutInternship(ctx, in); err != nil {
			return err
		}
	}
	if err := e.loadDemoSpend(ctx, o, spendDir); err != nil {
		return err
	}
	today := koppel.DateOf(time.Now())
	needs := demo.GenerateNeeds(o, today)
	for _, n := range needs {
		if err := n.Validate(e.ref, today); err != nil {
			return fmt.Errorf("demo need %s: %w", n.ID, err)
		}
		if _, err := e.store.FindNeedByID(ctx, n.ID); err == nil {
			continue // loaded before: keep it as its buyer left it
		}
		if err := e.store.CreateNeed(ctx, n); err != nil {
			return err
		}
		fmt.Fprintf(out, "Demo need %s (wishes %v) belongs to buyer %q: koppel token create --role buyer --buyer %q\n", n.ID, n.TargetGroups, n.Owner, n.Owner)
	}
	fmt.Fprintf(out, "Stored %d enterprises, %d offerings, %d tenders and %d internship offers in %s; indexing…\n", ents, offs, len(tenders), len(internships), time.Since(start).Round(time.Millisecond))
	if _, err := e.index.Apply(ctx, e.store); err != nil {
		return fmt.Errorf("index the demo data: %w", err)
	}
	fmt.Fprintf(out, "Demo data ready in %s.\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// loadDemoSpend stores the demo spend file of demo.SpendBuyer, read by
// the importer as an upload would be.
func (e *env) loadDemoSpend(ctx context.Context, o demo.Options, dir []*koppel.Enterprise) error {
	f, err := importers.ReadSpend(ctx, e.ref, "aankopen-demo.csv", bytes.NewReader(demo.GenerateSpendCSV(o, dir)), importers.Options{})
	if err != nil {
		return fmt.Errorf("demo spend file: %w", err)
	}
	f.Buyer, f.UploadedAt = demo.SpendBuyer, time.Now().UTC()
	return e.store.ReplaceSpendFile(ctx, f)
}

// validated yields the offerings after validating them against the
// reference data.
func validated(ref koppel.Reference, list []*koppel.Offering) iter.Seq2[*koppel.Offering, error] {
	return func(yield func(*koppel.Offering, error) bool) {
		for _, o := range list {
			if err := o.Validate(ref); err != nil {
				yield(nil, fmt.Errorf("demo offering %s: %w", o.Key(), err))
				return
			}
			if !yield(o, nil) {
				return
			}
		}
	}
}
