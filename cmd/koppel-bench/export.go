package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// exportXLSX downloads the whole dataset's offering search (up to 100,000
// hits) as xlsx from a running koppel serve: the time until the last byte,
// and the server's peak resident memory during the export (its high-water
// mark reset just before, through /proc/PID/clear_refs).
func (b *bench) exportXLSX(ctx context.Context) error {
	srv, _, err := b.serve(ctx)
	if err != nil {
		return err
	}
	defer srv.stop()
	pid := srv.cmd.Process.Pid
	var secs, peaks []float64
	var rows, size int64
	for range b.runs {
		base, _ := procMB(pid, "VmRSS")
		if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
			b.log("cannot reset the peak RSS (%v): the figure is the peak since start", err)
		}
		start := time.Now()
		req, err := http.NewRequestWithContext(ctx, "GET", srv.url+"/api/v1/offerings?format=xlsx", nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("export answered %d", resp.StatusCode)
		}
		secs = append(secs, time.Since(start).Seconds())
		peak, err := procMB(pid, "VmHWM")
		if err != nil {
			return err
		}
		peaks = append(peaks, peak)
		size = n
		rows = int64(min(b.size, 100000))
		b.log("export: %.1f s, %d bytes, server RSS %.0f MB before, peak %.0f MB", secs[len(secs)-1], n, base, peak)
	}
	s, p := median(secs), median(peaks)
	b.add(figure{Name: "export of the search as xlsx", Value: s, Unit: "s", Target: "-", Note: fmt.Sprintf("%d hits, %.1f MB file", rows, float64(size)/(1<<20))})
	b.add(figure{Name: "export of the search as xlsx, server peak RSS", Value: p, Unit: "MB", Target: "≤ 200 MB", Pass: pass(p, 200, true), Note: "whole server process, index and caches included"})
	return nil
}

// procMB reads a "kB" field of /proc/PID/status in MB.
func procMB(pid int, field string) (float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}
