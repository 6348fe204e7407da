package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/peterbourgon/ff/v3/ffcli"

	"koppel"
	"koppel/clauses"
	"koppel/match"
	"koppel/search"
)

func (a *app) clauseCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel clause draft")
	dataFlag(fs, &cfg)
	var lot koppel.Lot
	buyer := fs.String("buyer", "", "the buying organisation, for the text")
	cpv := fs.String("cpv", "", "CPV codes of the lot, separated by commas")
	fs.StringVar(&lot.Postcode, "postcode", "", "postcode of the place of performance")
	fs.Float64Var(&lot.VolumeFTE, "fte", 0, "volume of the lot in FTE")
	kind := fs.String("clause", "", "preferred clause kind (default: the recommended one): "+kindsList())
	asJSON := fs.Bool("json", false, "print JSON")
	draft := &ffcli.Command{
		Name:       "draft",
		ShortUsage: "koppel clause draft [--buyer NAME] --cpv CODES --postcode PC [--fte N] [--clause KIND] TITLE",
		ShortHelp:  "Scan the market for a lot, recommend a social clause and write it.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample(`koppel clause draft --buyer "Stad Gent" --cpv 90911200-8 --postcode 9000 --fte 2.5 "Schoonmaak van basisschool De Linde"`),
		Exec: func(ctx context.Context, args []string) error {
			lot.ID, lot.Title = "1", strings.Join(args, " ")
			if lot.Title == "" {
				return usageErrorf("give the title of the lot")
			}
			for _, c := range strings.Split(*cpv, ",") {
				if c = strings.TrimSpace(c); c != "" {
					lot.CPV = append(lot.CPV, koppel.CPV(c))
				}
			}
			t := koppel.Tender{Title: lot.Title, Buyer: koppel.Buyer{Name: firstNonEmpty(*buyer, "aankoper")}, Lots: []koppel.Lot{lot}}
			e, err := openEnv(ctx, cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer e.Close()
			if err := t.Validate(e.ref); err != nil {
				return err
			}
			l := &t.Lots[0]
			cands, err := match.New(search.New(e.index, e.store), e.store, e.ref).ScanCandidates(ctx, l)
			if err != nil {
				return err
			}
			scan := clauses.ScanLot(e.ref, l, cands, koppel.DateOf(timeNow()))
			rec := clauses.Recommend(scan, clauses.DefaultThresholds())
			k := rec.Kind
			if *kind != "" {
				k = koppel.ClauseKind(*kind)
			}
			d, err := clauses.Load().DraftClause(e.ref, k, l, clauses.TemplateParams{Buyer: *buyer, Object: `de opdracht "` + l.Title + `"`, ObjectFR: "le marché « " + l.Title + " »"})
			if err != nil {
				return err
			}
			if *asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"scan": scan, "recommendation": rec, "draft": d})
			}
			ws := scan.ByKind[koppel.ClauseReservedWS]
			fmt.Fprintf(a.stdout, "Markt: %d ondernemingen kunnen dit perceel uitvoeren; voorbehouden opdracht: %d toegelaten, %d te verifiëren, %d niet toegelaten.\n", scan.Candidates, ws.Eligible, ws.ToVerify, ws.NotEligible)
			fmt.Fprintf(a.stdout, "Advies: %s\n  %s\n", kindLabelOf(rec.Kind), rec.Reason)
			if rec.Split != nil {
				fmt.Fprintf(a.stdout, "  Percelen: %s\n", rec.Split.Reason)
			}
			fmt.Fprintf(a.stdout, "\nTekst (%s):\n%s\n\nRechtsgrond: %s\neForms: %v\n", d.Label, d.TextNL, d.LegalBasis, d.EForms)
			for _, q := range d.ToDecide {
				fmt.Fprintf(a.stdout, "Nog te beslissen: %s\n", q)
			}
			return nil
		},
	}
	return &ffcli.Command{
		Name:        "clause",
		ShortUsage:  "koppel clause draft [flags] TITLE",
		ShortHelp:   "The social-clause assistant.",
		FlagSet:     a.flagSet("koppel clause"),
		UsageFunc:   usageWithExample(`koppel clause draft --cpv 90911200-8 --postcode 9000 "Schoonmaak van de school"`),
		Subcommands: []*ffcli.Command{draft},
		Exec: func(context.Context, []string) error {
			return usageErrorf("clause needs a subcommand: draft")
		},
	}
}

func kindsList() string {
	var s []string
	for _, k := range koppel.ClauseKinds {
		s = append(s, string(k.Kind))
	}
	return strings.Join(s, ", ")
}

func kindLabelOf(k koppel.ClauseKind) string {
	info, _ := k.Info()
	return info.Label
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
