package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/peterbourgon/ff/v3/ffcli"

	"koppel"
)

func (a *app) exportCommand() *ffcli.Command {
	return &ffcli.Command{
		Name:        "export",
		ShortUsage:  "koppel export catalogue [flags] FILE",
		ShortHelp:   "Write an enterprise's current catalogue as a spreadsheet to edit and import again.",
		FlagSet:     a.flagSet("koppel export"),
		UsageFunc:   usageWithExample("koppel export catalogue --enterprise 0123.456.749 aanbod.xlsx"),
		Subcommands: []*ffcli.Command{a.exportCatalogueCommand()},
		Exec: func(context.Context, []string) error {
			return usageErrorf("export needs a subcommand: catalogue")
		},
	}
}

func (a *app) exportCatalogueCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel export catalogue")
	dataFlag(fs, &cfg)
	kbo := fs.String("enterprise", "", "company number (KBO) of the enterprise (required)")
	return &ffcli.Command{
		Name:       "catalogue",
		ShortUsage: "koppel export catalogue --enterprise KBO [--data DIR] FILE.xlsx",
		ShortHelp:  "Write the enterprise's profile and offerings in the template's format.",
		LongHelp: strings.TrimSpace(`
Writes the enterprise's current profile (Onderneming sheet) and offerings
(Aanbod sheet, one row per offering) in the format of the catalogue
template, with its dropdowns and the Uitleg sheet. Edit the file and import
it again with koppel import catalogue: the offerings you did not change are
reported unchanged. The file is written next to FILE and renamed into
place, so FILE is never left half written.`),
		FlagSet:   fs,
		Options:   options(),
		UsageFunc: usageWithExample("koppel export catalogue --enterprise 0123.456.749 aanbod.xlsx"),
		Exec: func(ctx context.Context, args []string) error {
			if len(args) != 1 {
				return usageErrorf("export catalogue needs one FILE.xlsx to write")
			}
			if *kbo == "" {
				return usageErrorf("--enterprise KBO is required: the company number whose catalogue to write")
			}
			k, err := koppel.ParseKBO(*kbo)
			if err != nil {
				return usageErrorf("--enterprise: %s", koppel.ErrorMessage(err))
			}
			e, err := openEnv(ctx, cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer e.Close()
			path := args[0]
			tmp, err := os.CreateTemp(filepath.Dir(path), ".koppel-export-*.xlsx")
			if err != nil {
				return koppel.Errorf(koppel.EINVALID, "cannot write %q: %w", path, unwrapPath(err))
			}
			defer os.Remove(tmp.Name())
			err = e.importer().ExportCatalogue(ctx, k, tmp)
			if cerr := tmp.Close(); err == nil {
				err = cerr
			}
			if err == nil {
				err = os.Rename(tmp.Name(), path)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Catalogus van %s geschreven naar %s.\n", k, path)
			return nil
		},
	}
}
