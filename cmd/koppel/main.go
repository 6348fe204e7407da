// Command koppel is Koppel in one binary: the server, the importers and the
// maintenance commands. Run "koppel help" for the list.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/peterbourgon/ff/v3/ffcli"

	"koppel"
)

// timeNow is the commands' clock.
var timeNow = time.Now

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit code: 0 on success,
// 2 for a usage error, 1 for any other failure. Errors are printed as one
// line on stderr, never as a stack trace.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	root := app.rootCommand()
	app.current = selectCommand(root, args)
	if err := root.Parse(args); err != nil {
		return app.fail(err)
	}
	if err := root.Run(ctx); err != nil {
		return app.fail(err)
	}
	return 0
}

// app holds what the commands share: the output streams and the buffer the
// flag package writes its messages to (so that we print them our way).
type app struct {
	stdout, stderr io.Writer
	flagOut        strings.Builder
	current        *ffcli.Command
}

func newApp(stdout, stderr io.Writer) *app { return &app{stdout: stdout, stderr: stderr} }

// fail prints err as one line and returns the exit code.
func (a *app) fail(err error) int {
	switch {
	case errors.Is(err, flag.ErrHelp):
		// -h: the flag package wrote the usage into flagOut.
		fmt.Fprint(a.stdout, a.flagOut.String())
		return 0
	case errors.Is(err, errUsage) || isFlagError(err):
		name := "koppel"
		if a.current != nil && a.current.FlagSet != nil {
			name = a.current.FlagSet.Name()
		}
		fmt.Fprintf(a.stderr, "%s: %s (run '%s -h' for help)\n", name, oneLine(err.Error()), name)
		return 2
	}
	msg := koppel.ErrorMessage(err)
	if koppel.ErrorCode(err) == koppel.EINTERNAL {
		msg = err.Error()
	}
	fmt.Fprintf(a.stderr, "koppel: %s\n", oneLine(msg))
	return 1
}

// errUsage marks errors in the command line itself (exit code 2).
var errUsage = errors.New("usage")

func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

// isFlagError recognises the errors the flag package returns for unknown
// flags and bad values.
func isFlagError(err error) bool {
	s := err.Error()
	return strings.HasPrefix(s, "flag provided but not defined") ||
		strings.HasPrefix(s, "invalid value") ||
		strings.HasPrefix(s, "invalid boolean") ||
		strings.HasPrefix(s, "flag needs an argument") ||
		strings.HasPrefix(s, "bad flag syntax") ||
		strings.Contains(s, "error parsing commandline arguments")
}

func oneLine(s string) string {
	s = strings.TrimPrefix(s, errUsage.Error()+": ")
	s = strings.TrimPrefix(s, "error parsing commandline arguments: ")
	return strings.Join(strings.Fields(s), " ")
}

// selectCommand finds the command args select, for the hint after a usage
// error. It follows subcommand names and skips flags.
func selectCommand(root *ffcli.Command, args []string) *ffcli.Command {
	cur := root
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			continue
		}
		found := false
		for _, sub := range cur.Subcommands {
			if sub.Name == a {
				cur, found = sub, true
				break
			}
		}
		if !found {
			break
		}
	}
	return cur
}
