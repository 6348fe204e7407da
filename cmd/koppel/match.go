package main

import (
	"context"
	"encoding/json"
	"io"

	"github.com/peterbourgon/ff/v3/ffcli"

	"koppel"
	"koppel/match"
	"koppel/search"
)

func (a *app) matchCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel match")
	dataFlag(fs, &cfg)
	enterprise := fs.String("enterprise", "", "show the open tenders that fit this enterprise (KBO) instead")
	var o match.Options
	fs.IntVar(&o.Size, "size", 5, "matches per lot (or tenders)")
	fs.BoolVar(&o.IncludeIneligible, "include-ineligible", false, "also list enterprises that may not bid on a reserved lot, marked")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	return &ffcli.Command{
		Name:       "match",
		ShortUsage: "koppel match [--size N] [--include-ineligible] TENDER_ID | koppel match --enterprise KBO",
		ShortHelp:  "Show the enterprises that fit each lot of a tender, or the tenders that fit an enterprise.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel match demo-2027-002\nkoppel match --enterprise 0123.456.749"),
		Exec: func(ctx context.Context, args []string) error {
			if (*enterprise == "") == (len(args) != 1) {
				return usageErrorf("give one TENDER_ID, or --enterprise KBO")
			}
			e, err := openEnv(ctx, cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer e.Close()
			m := match.New(search.New(e.index, e.store), e.store, e.ref)
			var out interface{ WriteText(w io.Writer) error }
			if *enterprise != "" {
				kbo, err := koppel.ParseKBO(*enterprise)
				if err != nil {
					return usageErrorf("--enterprise: %s", koppel.ErrorMessage(err))
				}
				res, err := m.TendersForEnterprise(ctx, kbo, o)
				if err != nil {
					return err
				}
				out = res
			} else {
				t, err := e.store.FindTenderByID(ctx, args[0])
				if err != nil {
					return err
				}
				res, err := m.MatchTender(ctx, t, o)
				if err != nil {
					return err
				}
				out = res
			}
			if *asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			return out.WriteText(a.stdout)
		},
	}
}
