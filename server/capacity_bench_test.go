package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"koppel"
	"koppel/demo"
	"koppel/refdata"
	"koppel/server"
	"koppel/store"
)

// BenchmarkCapacityMap asks a real server for the capacity map of a store
// of 3,000 enterprises with 100,000 offerings (the demo generator's):
// "computed" after a change to the store each time (one walk of the
// enterprises, offerings and tenders and the coverage of every service
// area), "cached" with no change in between.
//
//	go test ./server -run '^$' -bench BenchmarkCapacityMap -benchtime 5x
func BenchmarkCapacityMap(b *testing.B) {
	st, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	ref := refdata.Load()
	o := demo.Options{Seed: demo.DefaultSeed, Enterprises: 3000, Offerings: 100000, OfferingsPerEnterprise: 33, Tenders: 30}
	var first *koppel.Enterprise
	err = demo.Stream(o, func(e *koppel.Enterprise, offs []*koppel.Offering) error {
		if err := e.Validate(ref); err != nil {
			return err
		}
		if first == nil {
			first = e
		}
		_, err := st.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) {
			for _, off := range offs {
				if !yield(off, nil) {
					return
				}
			}
		}, "replace")
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, t := range demo.GenerateTenders(o) {
		if err := t.Validate(ref); err != nil {
			b.Fatal(err)
		}
		if err := st.PutTender(ctx, t); err != nil {
			b.Fatal(err)
		}
	}
	srv := &server.Server{Addr: "127.0.0.1:0", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Reference: ref, Enterprises: st, Offerings: st, Tenders: st, Needs: st}
	if err := srv.Open(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Close(ctx)
	}()
	get := func(b *testing.B) {
		resp, err := http.Get(srv.URL() + "/api/v1/capacity?category=schoonmaak")
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
		b.SetBytes(n)
	}
	b.Run("computed", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			if err := st.PutEnterprise(ctx, first); err != nil { // a change: the cache is stale
				b.Fatal(err)
			}
			b.StartTimer()
			get(b)
		}
	})
	b.Run("cached", func(b *testing.B) {
		get(b)
		for b.Loop() {
			get(b)
		}
	})
}
