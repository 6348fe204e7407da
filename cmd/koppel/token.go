package main

import (
	"context"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peterbourgon/ff/v3/ffcli"

	"koppel"
)

func (a *app) tokenCommand() *ffcli.Command {
	return &ffcli.Command{
		Name:        "token",
		ShortUsage:  "koppel token <create|list|revoke> [flags]",
		ShortHelp:   "Create, list and revoke API tokens.",
		LongHelp:    "Tokens give access to the API and the web pages. Only a hash of each token is\nstored: the token itself is shown once, when it is created.",
		FlagSet:     a.flagSet("koppel token"),
		UsageFunc:   usageWithExample("koppel token create --role admin\nkoppel token create --role supplier --enterprise 0123.456.749\nkoppel token create --role buyer --buyer \"Stad Voorbeeld\" --expires 90d\nkoppel token list\nkoppel token revoke 3f9a1c2b7d4e"),
		Subcommands: []*ffcli.Command{a.tokenCreateCommand(), a.tokenListCommand(), a.tokenRevokeCommand()},
		Exec: func(context.Context, []string) error {
			return usageErrorf("token needs a subcommand: create, list or revoke")
		},
	}
}

func (a *app) tokenCreateCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel token create")
	dataFlag(fs, &cfg)
	role := fs.String("role", "", "admin, buyer or supplier (required)")
	enterprise := fs.String("enterprise", "", "company number (KBO) of the supplier; required for --role supplier")
	buyer := fs.String("buyer", "", "name of the buying organisation; required for --role buyer")
	buyerID := fs.String("buyer-id", "", "the buying organisation's identifier in its eForms notices (BT-501, e.g. its company number); lets the buyer import its own notices")
	expires := fs.String("expires", "", "lifetime, e.g. 90d or 12h; empty: no expiry")
	email := fs.String("email", "", "e-mail address where the buyer's alerts go (with --role buyer)")
	return &ffcli.Command{
		Name:       "create",
		ShortUsage: "koppel token create --role admin|buyer|supplier [--enterprise KBO] [--buyer NAME [--buyer-id ID] [--email ADDRESS]] [--expires 90d]",
		ShortHelp:  "Create a token and print it once.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel token create --role supplier --enterprise 0123.456.749 --expires 365d"),
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs("token create", args); err != nil {
				return err
			}
			t, err := newToken(*role, *enterprise, *buyer, *expires, time.Now())
			if err != nil {
				return err
			}
			if t.BuyerID = strings.TrimSpace(*buyerID); t.BuyerID != "" && t.Role != koppel.RoleBuyer {
				return usageErrorf("--buyer-id goes with --role buyer")
			}
			if t.Email = strings.TrimSpace(*email); t.Email != "" {
				if t.Role != koppel.RoleBuyer {
					return usageErrorf("--email goes with --role buyer")
				}
				if _, err := mail.ParseAddress(t.Email); err != nil {
					return usageErrorf("--email %q is not an e-mail address", t.Email)
				}
			}
			secret, id, err := koppel.NewTokenSecret()
			if err != nil {
				return err
			}
			t.ID, t.Hash = id, koppel.HashToken(secret)
			st, err := openStore(cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.PutToken(ctx, t); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, secret)
			fmt.Fprintf(a.stderr, "Token %s (%s) created. Keep it safe: it is shown only this once.\n", id, describe(t))
			return nil
		},
	}
}

// newToken checks the flags of token create and returns the token without
// its secret.
func newToken(role, enterprise, buyer, expires string, now time.Time) (*koppel.Token, error) {
	if role == "" {
		return nil, usageErrorf("--role is required: admin, buyer or supplier")
	}
	r, err := koppel.ParseRole(role)
	if err != nil {
		return nil, usageErrorf("--role %q: use admin, buyer or supplier", role)
	}
	t := &koppel.Token{Role: r, CreatedAt: now.UTC()}
	switch r {
	case koppel.RoleSupplier:
		if enterprise == "" {
			return nil, usageErrorf("--role supplier needs --enterprise KBO (the company number it may manage)")
		}
		if t.Enterprise, err = koppel.ParseKBO(enterprise); err != nil {
			return nil, usageErrorf("--enterprise: %s", koppel.ErrorMessage(err))
		}
	case koppel.RoleBuyer:
		if t.Buyer = strings.TrimSpace(buyer); t.Buyer == "" {
			return nil, usageErrorf("--role buyer needs --buyer NAME (the organisation whose tenders it manages)")
		}
	}
	if r != koppel.RoleSupplier && enterprise != "" || r != koppel.RoleBuyer && buyer != "" {
		return nil, usageErrorf("--enterprise goes with --role supplier, --buyer with --role buyer")
	}
	if expires != "" {
		d, err := parseLifetime(expires)
		if err != nil {
			return nil, err
		}
		t.ExpiresAt = now.Add(d).UTC()
	}
	return t, nil
}

// parseLifetime accepts Go durations (12h) and days (90d).
func parseLifetime(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err == nil && days > 0 {
			return time.Duration(days) * 24 * time.Hour, nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d, nil
	}
	return 0, usageErrorf("--expires %q: write a number of days (90d) or hours (12h)", s)
}

func describe(t *koppel.Token) string {
	switch t.Role {
	case koppel.RoleSupplier:
		return "supplier for " + t.Enterprise.String()
	case koppel.RoleBuyer:
		if t.BuyerID != "" {
			return "buyer for " + t.Buyer + " (" + t.BuyerID + ")"
		}
		return "buyer for " + t.Buyer
	}
	return string(t.Role)
}

func (a *app) tokenListCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel token list")
	dataFlag(fs, &cfg)
	return &ffcli.Command{
		Name:       "list",
		ShortUsage: "koppel token list [--data DIR]",
		ShortHelp:  "List tokens (IDs and roles; the tokens themselves are not stored).",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel token list"),
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs("token list", args); err != nil {
				return err
			}
			st, err := openStore(cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := st.FindTokens(ctx)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tROLE\tFOR\tCREATED\tEXPIRES\tSTATE")
			now := time.Now()
			for _, t := range list {
				state := "active"
				switch {
				case t.Revoked:
					state = "revoked"
				case !t.Active(now):
					state = "expired"
				}
				exp := "never"
				if !t.ExpiresAt.IsZero() {
					exp = t.ExpiresAt.Format("2006-01-02")
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Role, strings.TrimPrefix(strings.TrimPrefix(describe(t), "supplier for "), "buyer for "), t.CreatedAt.Format("2006-01-02"), exp, state)
			}
			return w.Flush()
		},
	}
}

func (a *app) tokenRevokeCommand() *ffcli.Command {
	cfg := DefaultConfig()
	fs := a.flagSet("koppel token revoke")
	dataFlag(fs, &cfg)
	return &ffcli.Command{
		Name:       "revoke",
		ShortUsage: "koppel token revoke [--data DIR] ID",
		ShortHelp:  "Revoke a token by its ID (see token list); its sessions end too. With the server running, use its token page (/beheer/tokens) or POST /api/v1/admin/tokens/ID/revoke instead.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel token revoke 3f9a1c2b7d4e"),
		Exec: func(ctx context.Context, args []string) error {
			if len(args) != 1 {
				return usageErrorf("token revoke needs one token ID (see koppel token list)")
			}
			st, err := openStore(cfg.DataDir, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			t, err := st.RevokeToken(ctx, args[0])
			if koppel.ErrorCode(err) == koppel.ENOTFOUND {
				return koppel.Errorf(koppel.ENOTFOUND, "no token with ID %q (see koppel token list)", args[0])
			} else if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Token %s (%s) revoked.\n", t.ID, describe(t))
			return nil
		},
	}
}
