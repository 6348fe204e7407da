package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/peterbourgon/ff/v3/ffcli"
	"golang.org/x/term"

	"koppel"
	"koppel/search"
)

// reindex rebuilds the index from the whole store in a fresh directory and
// swaps it in (after a restore the index is empty and the outbox holds no
// history).
func (e *env) reindex(ctx context.Context, progress func(done, total int)) error {
	if err := e.index.Reindex(ctx, e.store, progress); err != nil {
		return fmt.Errorf("rebuild the index: %w", err)
	}
	return nil
}

// terminalProgress returns a progress line on stderr when it is a
// terminal, else nil.
func (a *app) terminalProgress() func(done, total int) {
	if f, ok := a.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return progressLine(a.stderr)
	}
	return nil
}

func (a *app) reindexCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel reindex")
	dataFlag(fs, &cfg)
	return &ffcli.Command{
		Name:       "reindex",
		ShortUsage: "koppel reindex [--data DIR]",
		ShortHelp:  "Rebuild the search index from the store.",
		LongHelp:   "Builds a new index in a temporary directory beside the live one and swaps it\nin at once; an interrupted reindex leaves the old index in place.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel reindex --data ./koppel-data"),
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs("reindex", args); err != nil {
				return err
			}
			e, err := openEnv(ctx, cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer e.Close()
			start := time.Now()
			progress := a.terminalProgress()
			err = e.reindex(ctx, progress)
			if progress != nil {
				fmt.Fprint(a.stderr, "\r\033[K")
			}
			if err != nil {
				return err
			}
			offs, tenders, err := e.index.DocCount()
			if err != nil {
				return err
			}
			d := time.Since(start)
			fmt.Fprintf(a.stdout, "Index rebuilt: %d offerings and %d tenders in %s (%.0f offerings/s).\n", offs, tenders, d.Round(time.Millisecond), float64(offs)/d.Seconds())
			return nil
		},
	}
}

func (a *app) checkCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel check")
	dataFlag(fs, &cfg)
	return &ffcli.Command{
		Name:       "check",
		ShortUsage: "koppel check [--data DIR]",
		ShortHelp:  "Compare the search index with the store and say what differs.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel check --data ./koppel-data"),
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs("check", args); err != nil {
				return err
			}
			e, err := openEnv(ctx, cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer e.Close()
			r, err := e.index.Check(ctx, e.store)
			if err != nil {
				return err
			}
			fmt.Fprint(a.stdout, r.String())
			if !r.OK() {
				return koppel.Errorf(koppel.EINVALID, "check found differences")
			}
			return nil
		},
	}
}

func (a *app) searchCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel search")
	dataFlag(fs, &cfg)
	var q search.OfferingQuery
	fs.StringVar(&q.Postcode, "postcode", "", "postcode to measure distance from")
	fs.Float64Var(&q.RadiusKm, "radius-km", 0, "only enterprises within this distance of --postcode")
	fs.StringVar(&q.Category, "category", "", "category, e.g. groenonderhoud")
	fs.StringVar(&q.WorkForm, "form", "", "work form, e.g. maatwerkbedrijf")
	fs.StringVar(&q.TargetGroups, "target-group", "", "target groups, comma-separated: only enterprises that work with all of them, e.g. arbeidshandicap")
	fs.BoolVar(&q.Transition, "transition", false, "only enterprises that run transition paths")
	fs.IntVar(&q.Size, "n", 10, "number of hits")
	return &ffcli.Command{
		Name:       "search",
		ShortUsage: "koppel search [--postcode 9000 --radius-km 30] QUERY",
		ShortHelp:  "Search offerings from the command line.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel search --postcode 9000 --radius-km 30 poetsdienst scholen"),
		Exec: func(ctx context.Context, args []string) error {
			q.Text = strings.Join(args, " ")
			e, err := openEnv(ctx, cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer e.Close()
			res, err := search.New(e.index, e.store).Offerings(ctx, q)
			if err != nil {
				return err
			}
			if res.Suggestion != "" && res.Total == 0 {
				fmt.Fprintf(a.stdout, "Niets gevonden. Bedoelde u %q?\n", res.Suggestion)
				return nil
			}
			fmt.Fprintf(a.stdout, "%d diensten gevonden\n", res.Total)
			for i, h := range res.Hits {
				dist := ""
				if h.DistanceKm != nil {
					dist = fmt.Sprintf(", %.0f km", *h.DistanceKm)
				}
				fmt.Fprintf(a.stdout, "%2d. %s — %s (%s%s)\n", i+1, h.Offering.Title, h.Enterprise.Name, h.Enterprise.Municipality, dist)
			}
			return nil
		},
	}
}
