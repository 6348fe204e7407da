package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/peterbourgon/ff/v3/ffcli"

	"koppel"
	"koppel/ingest"
)

func (a *app) importRecognitionsCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel import recognitions")
	dataFlag(fs, &cfg)
	asJSON := fs.Bool("json", false, "print the register's report as JSON")
	return &ffcli.Command{
		Name:       "recognitions",
		ShortUsage: "koppel import recognitions [--data DIR] FILE.xlsx|FILE.csv",
		ShortHelp:  "Import the register of verified recognitions (replaces the current one).",
		LongHelp: strings.TrimSpace(`
Reads a register of recognitions (erkenningen) with the columns
Ondernemingsnummer, Werkvorm, Erkenningsnummer, Begin, Einde and Bron
(headers in Dutch, French or English, in any order) and replaces the stored
register with it, at once. Rows with an invalid value, and rows whose
company number is not an enterprise in Koppel, are left out and listed with
their row and column. Matching and eligibility then use the register's
recognition over the one an enterprise declared in its own spreadsheet.`),
		FlagSet:   fs,
		Options:   options(),
		UsageFunc: usageWithExample("koppel import recognitions erkenningen-wse-2026-12.xlsx"),
		Exec: func(ctx context.Context, args []string) error {
			if len(args) != 1 {
				return usageErrorf("import recognitions needs one FILE")
			}
			data, err := readUpload(args[0])
			if err != nil {
				return err
			}
			e, err := openEnv(ctx, cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer e.Close()
			reg, err := e.importer().Recognitions(ctx, e.store, ingest.RecognitionRequest{File: filepath.Base(args[0]), Data: data})
			if err != nil {
				return err
			}
			conflicts, err := ingest.RegisterConflicts(ctx, e.store, reg)
			if err != nil {
				return err
			}
			if *asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(struct {
					*koppel.RecognitionRegister
					Conflicts []koppel.RecognitionConflict `json:"conflicts"`
				}{reg, conflicts})
			}
			printRegister(a.stdout, reg, conflicts)
			return nil
		},
	}
}

// printRegister writes the register's import report for people, in Dutch.
func printRegister(w io.Writer, reg *koppel.RecognitionRegister, conflicts []koppel.RecognitionConflict) {
	fmt.Fprintf(w, "Erkenningsregister vervangen door %s\n", reg.File)
	fmt.Fprintf(w, "  %d %s: %d %s opgenomen, %d geweigerd\n", reg.Rows, map[bool]string{true: "rij", false: "rijen"}[reg.Rows == 1],
		len(reg.Entries), map[bool]string{true: "erkenning", false: "erkenningen"}[len(reg.Entries) == 1], reg.Rejected)
	for _, p := range reg.Problems {
		where := "rij " + fmt.Sprint(p.Row)
		if p.Row == 0 {
			where = "bestand"
		}
		if p.Column != "" {
			where += ", kolom " + p.Column
		}
		kind := "FOUT"
		if p.Severity == koppel.SeverityWarning {
			kind = "let op"
		}
		fmt.Fprintf(w, "  %s – %s (waarde %q): %s\n", kind, where, p.Value, p.Message)
	}
	if len(conflicts) > 0 {
		fmt.Fprintf(w, "Eigen opgave in tegenspraak met het register (%d):\n", len(conflicts))
		for _, c := range conflicts {
			fmt.Fprintf(w, "  %s %s: %s\n", c.KBO.String(), c.Name, c.Message)
		}
	}
}
