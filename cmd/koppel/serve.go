package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/peterbourgon/ff/v3/ffcli"

	"koppel"
	"koppel/demo"
	"koppel/match"
	"koppel/search"
	"koppel/server"
)

func (a *app) serveCommand() *ffcli.Command {
	cfg := DefaultConfig()
	var loadDemo bool
	limits := server.DefaultRateLimits()
	fs := a.flagSet("koppel serve")
	dataFlag(fs, &cfg)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "address to listen on; env KOPPEL_ADDR")
	fs.BoolVar(&loadDemo, "demo", false, "load the demo dataset when the store is empty")
	maxUpload := fs.Int64("max-upload-mb", server.DefaultMaxUploadBytes>>20, "largest file upload, in MB")
	fs.Float64Var(&limits.SearchPerSecond, "rate-search", limits.SearchPerSecond, "searches per second per client (0: no limit)")
	fs.IntVar(&limits.SearchBurst, "rate-search-burst", limits.SearchBurst, "burst of searches per client")
	fs.Float64Var(&limits.WritePerSecond, "rate-write", limits.WritePerSecond, "writes per second per client (0: no limit)")
	fs.IntVar(&limits.WriteBurst, "rate-write-burst", limits.WriteBurst, "burst of writes per client")
	resultCache := fs.Int("search-cache", search.DefaultResultCacheSize, "offering search results kept in memory (0: none); emptied whenever the index changes")
	postingsCache := fs.Int("postings-cache-mb", search.DefaultPostingsCacheBytes>>20, "memory for the decoded postings of the words searched, in MB (0: none)")
	fs.DurationVar(&cfg.ReportRetention, "report-retention", cfg.ReportRetention, "how long import reports and their annotated workbooks are kept (a dry run's: 1h)")
	fs.IntVar(&cfg.MaxImports, "max-imports", cfg.MaxImports, "imports that run at once; a few more wait, beyond that uploads get 503")
	trusted := fs.String("trusted-proxies", "", "comma-separated IP addresses or CIDR ranges of reverse proxies whose X-Forwarded-Proto (Secure cookies) and X-Forwarded-For (client address) to believe, e.g. 127.0.0.1; empty: none")
	fs.StringVar(&cfg.DebugAddr, "debug-addr", "", "also serve Go's profiler (/debug/pprof/) on this address, e.g. 127.0.0.1:6060; keep it on loopback")
	var alerts alertConfig
	alertFlags(fs, &alerts)
	notices := noticeFlags(fs)
	logFlags(fs, &cfg)
	return &ffcli.Command{
		Name:       "serve",
		ShortUsage: "koppel serve [--data DIR] [--addr HOST:PORT] [--demo]",
		ShortHelp:  "Run the Koppel server (API and web pages).",
		LongHelp:   "Serves the API and the web pages until stopped with Ctrl-C (SIGINT) or SIGTERM,\nthen finishes running requests and closes the index and the store cleanly.",
		FlagSet:    fs,
		Options:    options(),
		UsageFunc:  usageWithExample("koppel serve --data ./koppel-data --addr 127.0.0.1:8080 --demo"),
		Exec: func(ctx context.Context, args []string) error {
			if err := noArgs("serve", args); err != nil {
				return err
			}
			if *maxUpload < 1 {
				return usageErrorf("--max-upload-mb must be at least 1")
			}
			if cfg.ReportRetention < time.Hour || cfg.MaxImports < 1 {
				return usageErrorf("--report-retention must be at least 1h and --max-imports at least 1")
			}
			if *resultCache < 0 || *postingsCache < 0 {
				return usageErrorf("--search-cache and --postings-cache-mb cannot be negative")
			}
			cfg.ResultCache, cfg.PostingsCacheBytes = *resultCache, *postingsCache<<20
			proxies, err := server.ParseTrustedProxies(*trusted)
			if err != nil {
				return usageErrorf("--trusted-proxies: %s", koppel.ErrorMessage(err))
			}
			cfg.TrustedProxies = proxies
			if alerts.Interval <= 0 || alerts.Backoff <= 0 {
				return usageErrorf("--alert-interval and --alert-backoff must be positive")
			}
			if err := notices.check(); err != nil {
				return err
			}
			cfg.Notices = *notices
			return a.serve(ctx, cfg, loadDemo, limits, *maxUpload<<20, alerts)
		},
	}
}

func (a *app) serve(ctx context.Context, cfg Config, loadDemo bool, limits server.RateLimits, maxUpload int64, alerts alertConfig) error {
	log, err := cfg.newLogger()
	if err != nil {
		return err
	}
	e, err := openEnv(ctx, cfg.DataDir, log)
	if err != nil {
		return err
	}
	defer e.Close()
	if loadDemo {
		n, _, err := e.store.FindEnterprises(ctx, koppel.EnterpriseFilter{Limit: 1})
		if err != nil {
			return err
		}
		if len(n) == 0 {
			fmt.Fprintln(a.stdout, "Loading the demo dataset (fictional enterprises and tenders)…")
			if err := e.loadDemo(ctx, demo.DefaultOptions(), a.stdout); err != nil {
				return err
			}
		}
	}

	key, err := server.LoadSessionKey(filepath.Join(cfg.DataDir, "session.key"))
	if err != nil {
		return err
	}
	var ready atomic.Bool
	searcher := search.New(e.index, e.store)
	searcher.ResultCacheSize, searcher.PostingsCacheBytes = cfg.ResultCache, cfg.PostingsCacheBytes
	m := match.New(searcher, e.store, e.ref) // one cache of postings and filters
	srv := &server.Server{
		Addr:           cfg.Addr,
		Version:        version,
		Logger:         log,
		MaxUploadBytes: maxUpload,
		Limits:         limits,
		SessionKey:     key,
		Sessions:       e.store,
		TrustedProxies: cfg.TrustedProxies,
		Reference:      e.ref,
		CodeLists:      e.ref,
		CPVs:           e.ref,
		Search:         searcher,
		Matcher:        m,
		Backup:         e.store,
		Candidates:     m,
		Enterprises:    e.store,
		Offerings:      e.store,
		Tenders:        e.store,
		Tokens:         e.store,
		Imports:        e.store,
		Importer:       e.serverImporter(cfg),
		Recognitions:   e.store,
		Needs:          e.store,
		Internships:    e.store,
		Outcomes:       e.store,
		NoticeReports:  e.store,
		Shortlists:     e.store,
		Spend:          e.store,
		IndexLag:       e.store.OutboxLen,
		Sync:           e.sync,
		SyncTenders:    e.syncTenders,
		Ready: func(context.Context) error {
			if !ready.Load() {
				return koppel.Errorf(koppel.EUNAVAILABLE, "de zoekindex wordt bijgewerkt")
			}
			return nil
		},
	}
	svc, err := e.newAlerts(alerts, m, srv, key)
	if err != nil {
		return err
	}
	srv.Notifier, srv.Alerts, srv.Access = svc, svc, e.store
	nf := e.noticeFeed(cfg.Notices, srv.Importer, srv.Notifier, log)
	if nf != nil {
		srv.NoticeFeed = nf
	}
	if err := srv.Open(); err != nil {
		return err
	}
	if cfg.DebugAddr != "" {
		stop, err := serveDebug(cfg.DebugAddr, log)
		if err != nil {
			srv.Close(context.Background())
			return err
		}
		defer stop()
	}
	ready.Store(true)
	fmt.Fprintf(a.stdout, "Koppel is running on %s (data: %s). Stop with Ctrl-C.\n", srv.URL(), cfg.DataDir)
	log.Info("serving", "url", srv.URL(), "data", cfg.DataDir, "version", version)

	loopDone, cleanDone, closeDone, alertsDone := make(chan struct{}), make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() { svc.Run(ctx); close(alertsDone) }()
	go func() { e.applyLoop(ctx); close(loopDone) }()
	go func() { e.cleanupLoop(ctx, cfg.ReportRetention); close(cleanDone) }()
	go func() { e.closeLoop(ctx); close(closeDone) }()
	feedDone := make(chan struct{})
	go func() {
		if nf != nil {
			nf.Run(ctx)
		}
		close(feedDone)
	}()
	<-ctx.Done()
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// The HTTP server first, so no request uses the index or store after
	// they close (deferred above: index, then store).
	err = srv.Close(sctx)
	<-loopDone
	<-cleanDone
	<-closeDone
	<-alertsDone
	<-feedDone
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// applyLoop keeps the index in step with the store for changes that did not
// apply it themselves.
func (e *env) applyLoop(ctx context.Context) {
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := e.index.Apply(ctx, e.store); err != nil && ctx.Err() == nil {
				e.log.Error("apply outbox", "err", err)
			}
		}
	}
}

// serveDebug serves net/http/pprof's handlers on addr until stop is called.
func serveDebug(addr string, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--debug-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	log.Info("profiler", "url", "http://"+ln.Addr().String()+"/debug/pprof/")
	return func() { hs.Close() }, nil
}
