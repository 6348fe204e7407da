package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// queries are what facility managers type, with and without a place.
var queries = []string{
	"poetsdienst scholen", "groenonderhoud", "fietspunt", "klusjesdienst", "catering school",
	"schoonmaak kantoren", "maaien snoeien", "fietsherstelling", "was en strijk", "kringloop meubilair",
	"schoolmaaltijden", "onderhoud speelplaats", "digitalisering archief", "verpakking mailing", "sporthal onderhoud",
	"poetsen", "groenzorg", "nettoyage bureaux", "cleaning", "ramen wassen",
}

var places = []string{"", "9000", "2000", "3000", "8000", "3500"}

// searchURL returns the i-th search of the mix.
func searchURL(base string, i int) string {
	v := url.Values{"q": {queries[i%len(queries)]}}
	if p := places[i%len(places)]; p != "" {
		v.Set("postcode", p)
		v.Set("radius_km", "30")
	}
	return base + "/api/v1/offerings?" + v.Encode()
}

// load runs clients concurrent clients against url(i) for d and returns
// the latencies and the number of failed requests. It stops by itself.
func load(ctx context.Context, clients int, d time.Duration, url func(i int) string) ([]time.Duration, int) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	failed := 0
	var wg sync.WaitGroup
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; ctx.Err() == nil; i += clients {
				start := time.Now()
				resp, err := client.Get(url(i))
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				el := time.Since(start)
				mu.Lock()
				if err != nil || resp.StatusCode != http.StatusOK {
					if ctx.Err() == nil {
						failed++
					}
				} else {
					lat = append(lat, el)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	tr.CloseIdleConnections()
	return lat, failed
}

// httpSearch measures offering search over HTTP with 8 concurrent clients:
// as Koppel runs by default (repeated searches answered from the result
// cache), and with the result cache off, so that every search runs.
func (b *bench) httpSearch(ctx context.Context) error {
	for _, v := range []struct {
		name  string
		flags []string
	}{
		{"", nil},
		{", no result cache", []string{"--search-cache", "0"}},
	} {
		if err := b.httpSearchWith(ctx, v.name, v.flags...); err != nil {
			return err
		}
	}
	return nil
}

func (b *bench) httpSearchWith(ctx context.Context, name string, flags ...string) error {
	srv, _, err := b.serve(ctx, flags...)
	if err != nil {
		return err
	}
	defer srv.stop()
	load(ctx, 2, 3*time.Second, func(i int) string { return searchURL(srv.url, i) }) // warm up
	var p50s, p99s []float64
	total := 0
	for range b.runs {
		lat, failed := load(ctx, 8, 10*time.Second, func(i int) string { return searchURL(srv.url, i) })
		if failed > 0 {
			return fmt.Errorf("%d searches failed", failed)
		}
		p50s, p99s = append(p50s, percentile(lat, 50)), append(p99s, percentile(lat, 99))
		total += len(lat)
	}
	p50, p99 := median(p50s), median(p99s)
	b.add(figure{Name: "search over HTTP, 8 clients" + name + ", p50", Value: p50, Unit: "ms", Target: "≤ 5 ms", Pass: pass(p50, 5, true), Note: fmt.Sprintf("%d searches", total)})
	b.add(figure{Name: "search over HTTP, 8 clients" + name + ", p99", Value: p99, Unit: "ms", Target: "≤ 30 ms", Pass: pass(p99, 30, true)})
	return nil
}

var rateRE = regexp.MustCompile(`\(([0-9]+) offerings/s\)`)

// reindex runs koppel reindex on the dataset.
func (b *bench) reindex(ctx context.Context) error {
	var rates []float64
	for range b.runs {
		out, err := b.koppelOutput(ctx, "reindex", "--data", b.data())
		if err != nil {
			return err
		}
		m := rateRE.FindStringSubmatch(out)
		if m == nil {
			return fmt.Errorf("koppel reindex printed no rate: %s", out)
		}
		r, _ := strconv.ParseFloat(m[1], 64)
		rates = append(rates, r)
	}
	r := median(rates)
	b.add(figure{Name: "full reindex", Value: r, Unit: "offerings/s", Target: "≥ 5,000/s", Pass: pass(r, 5000, false)})
	return nil
}

// threeLotTender finds a published demo tender with three lots.
func threeLotTender(base string) (string, error) {
	resp, err := http.Get(base + "/api/v1/tenders?size=100")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var res struct {
		Hits []struct {
			Tender struct {
				ID   string            `json:"id"`
				Lots []json.RawMessage `json:"lots"`
			} `json:"tender"`
		} `json:"hits"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		return "", err
	}
	for _, h := range res.Hits {
		if len(h.Tender.Lots) == 3 {
			return h.Tender.ID, nil
		}
	}
	return "", fmt.Errorf("no published tender with 3 lots in the dataset")
}
