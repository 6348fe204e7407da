package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/peterbourgon/ff/v3"
	"github.com/peterbourgon/ff/v3/ffcli"

	"koppel/ingest"
)

// Config is what the commands are configured with: flags first, then
// KOPPEL_* environment variables (KOPPEL_DATA, KOPPEL_ADDR, …).
type Config struct {
	DataDir   string
	Addr      string
	LogLevel  string
	LogFormat string
	DebugAddr string // serve: the profiler's address, "" for none
	// serve: the search caches, as search.Searcher takes them.
	ResultCache, PostingsCacheBytes int
	// serve: how long import reports and their annotated workbooks are
	// kept, and how many imports run at once.
	ReportRetention time.Duration
	MaxImports      int
	// TrustedProxies (serve) are the reverse proxies whose forwarding
	// headers the server believes.
	TrustedProxies []netip.Prefix
	// Notices (serve) is the notice feed: the folder to watch and the
	// source to fetch from (see servenotices.go).
	Notices NoticeConfig
}

// DefaultConfig returns the configuration of a plain "koppel serve" on a
// laptop: data in ./koppel-data, listening on localhost only.
func DefaultConfig() Config {
	return Config{DataDir: "./koppel-data", Addr: "127.0.0.1:8080", LogLevel: "info", LogFormat: "text",
		ReportRetention: ingest.DefaultRetention, MaxImports: ingest.DefaultRunningImports}
}

func (a *app) rootCommand() *ffcli.Command {
	fs := a.flagSet("koppel")
	root := &ffcli.Command{
		Name:       "koppel",
		ShortUsage: "koppel <command> [flags] [args]",
		ShortHelp:  "Koppel matches social-economy enterprises to public tenders with social clauses.",
		LongHelp: strings.TrimSpace(`
Koppel matches the services of Flemish social-economy enterprises to the
tenders of schools and municipalities with social clauses.

Start here:
  koppel serve --demo        run the server with the demo data on http://127.0.0.1:8080

Every command takes -h for its flags and an example. Flags can also be set
with KOPPEL_* environment variables, e.g. KOPPEL_DATA=/srv/koppel.`),
		FlagSet: fs,
	}
	root.Exec = func(_ context.Context, args []string) error {
		if len(args) > 0 {
			return usageErrorf("unknown command %q; run 'koppel help' for the list", args[0])
		}
		fmt.Fprintln(a.stdout, root.UsageFunc(root))
		return nil
	}
	root.Subcommands = []*ffcli.Command{
		a.serveCommand(),
		a.demoCommand(),
		a.templateCommand(),
		a.importCommand(),
		a.exportCommand(),
		a.genCommand(),
		a.searchCommand(),
		a.matchCommand(),
		a.clauseCommand(),
		a.reindexCommand(),
		a.checkCommand(),
		a.backupCommand(),
		a.restoreCommand(),
		a.tokenCommand(),
		a.versionCommand(),
		a.helpCommand(root),
	}
	return root
}

// flagSet returns a flag set that reports errors to the caller instead of
// exiting, and writes usage text where fail can print it.
func (a *app) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(&a.flagOut)
	return fs
}

// options are the ff options every command parses its flags with.
func options() []ff.Option { return []ff.Option{ff.WithEnvVarPrefix("KOPPEL")} }

func dataFlag(fs *flag.FlagSet, cfg *Config) {
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (store and index); env KOPPEL_DATA")
}

func logFlags(fs *flag.FlagSet, cfg *Config) {
	fs.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "log level: debug, info, warn, error")
	fs.StringVar(&cfg.LogFormat, "log-format", cfg.LogFormat, "log format: text or json")
}

// newLogger returns the slog logger the configuration asks for.
func (cfg Config) newLogger() (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		return nil, usageErrorf("--log-level %q: use debug, info, warn or error", cfg.LogLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch cfg.LogFormat {
	case "text":
		return slog.New(slog.NewTextHandler(os.Stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(os.Stderr, opts)), nil
	}
	return nil, usageErrorf("--log-format %q: use text or json", cfg.LogFormat)
}

// usageWithExample is the usage text of a command: the default text plus
// an example.
func usageWithExample(example string) func(*ffcli.Command) string {
	return func(c *ffcli.Command) string {
		return ffcli.DefaultUsageFunc(c) + "\nEXAMPLE\n  " + strings.ReplaceAll(strings.TrimSpace(example), "\n", "\n  ") + "\n"
	}
}

func noArgs(name string, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q", name, strings.Join(args, " "))
	}
	return nil
}

func (a *app) versionCommand() *ffcli.Command {
	return &ffcli.Command{
		Name:       "version",
		ShortUsage: "koppel version",
		ShortHelp:  "Print the version of this koppel binary.",
		FlagSet:    a.flagSet("koppel version"),
		UsageFunc:  usageWithExample("koppel version"),
		Exec: func(_ context.Context, args []string) error {
			if err := noArgs("version", args); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "koppel %s\n", version)
			return nil
		},
	}
}

func (a *app) helpCommand(root *ffcli.Command) *ffcli.Command {
	return &ffcli.Command{
		Name:       "help",
		ShortUsage: "koppel help [command]",
		ShortHelp:  "Show the list of commands, or the help of one command.",
		FlagSet:    a.flagSet("koppel help"),
		UsageFunc:  usageWithExample("koppel help serve"),
		Exec: func(_ context.Context, args []string) error {
			c := root
			if len(args) > 0 {
				c = selectCommand(root, args)
				if c == root {
					return usageErrorf("unknown command %q; run 'koppel help' for the list", args[0])
				}
			}
			fmt.Fprintln(a.stdout, c.UsageFunc(c))
			return nil
		},
	}
}
