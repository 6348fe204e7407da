package main

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/peterbourgon/ff/v3/ffcli"
)

func (a *app) importUndoCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel import undo")
	dataFlag(fs, &cfg)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	return &ffcli.Command{
		Name:       "undo",
		ShortUsage: "koppel import undo [--data DIR] REPORT_ID",
		ShortHelp:  "Put back an enterprise's catalogue as it was before an import.",
		LongHelp: strings.TrimSpace(`
Puts back the profile and offerings of the enterprise exactly as they were
before the catalogue import with this report ID (koppel import catalogue
prints it as "Verslag ..."), all at once or not at all. The undo is itself
recorded as an import with its own report, so it can be undone in turn.
Koppel keeps the catalogue from before each import for at least the last 5
imports of an enterprise, or 30 days, whichever keeps more.`),
		FlagSet:   fs,
		Options:   options(),
		UsageFunc: usageWithExample("koppel import undo 20261123-3c809a1b2b14ff67"),
		Exec: func(ctx context.Context, args []string) error {
			if len(args) != 1 {
				return usageErrorf("import undo needs one REPORT_ID")
			}
			e, err := openEnv(ctx, cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer e.Close()
			rep, err := e.store.FindImportReport(ctx, args[0])
			if err != nil {
				return err
			}
			undo, err := e.importer().Undo(ctx, rep)
			if err != nil {
				return err
			}
			if *asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(undo)
			}
			printReport(a.stdout, undo)
			return nil
		},
	}
}
