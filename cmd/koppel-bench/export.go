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
// mark reset just before, through /proc/PID/clear_refs), beside its
// resident memory when idle. The peak is also split, sampled every 50 ms,
// into anonymous memory (Go's heap and runtime) and mapped files (the
// binary, the index segments and Badger's value log, whose pages an
// export reads once each; clean pages the kernel may drop, but counted in
// RSS).
func (b *bench) exportXLSX(ctx context.Context) error {
	srv, _, err := b.serve(ctx)
	if err != nil {
		return err
	}
	defer srv.stop()
	pid := srv.cmd.Process.Pid
	time.Sleep(2 * time.Second) // let the start-up's garbage be collected
	idle, _ := procMB(pid, "VmRSS")
	idleAnon, _ := procMB(pid, "RssAnon")
	b.log("export: server RSS idle %.0f MB (%.0f MB anonymous)", idle, idleAnon)
	var secs, peaks, anons, files []float64
	var rows, size int64
	for range b.runs {
		base, _ := procMB(pid, "VmRSS")
		if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
			b.log("cannot reset the peak RSS (%v): the figure is the peak since start", err)
		}
		req, err := http.NewRequestWithContext(ctx, "GET", srv.url+"/api/v1/offerings?format=xlsx", nil)
		if err != nil {
			return err
		}
		stopSampling, sampled := sampleRSS(pid)
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			close(stopSampling)
			return err
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		close(stopSampling)
		anon, file := <-sampled, <-sampled
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
		peaks, anons, files = append(peaks, peak), append(anons, anon), append(files, file)
		size = n
		rows = int64(min(b.size, 100000))
		b.log("export: %.1f s, %d bytes, server RSS %.0f MB before, peak %.0f MB (anonymous %.0f MB, mapped files %.0f MB)", secs[len(secs)-1], n, base, peak, anon, file)
	}
	s, p := median(secs), median(peaks)
	b.add(figure{Name: "export of the search as xlsx", Value: s, Unit: "s", Target: "-", Note: fmt.Sprintf("%d hits, %.1f MB file", rows, float64(size)/(1<<20))})
	b.add(figure{Name: "export of the search as xlsx, server peak RSS", Value: p, Unit: "MB", Target: "≤ 200 MB", Pass: pass(p, 200, true),
		Note: fmt.Sprintf("whole server process, index and caches included; %.0f MB idle", idle)})
	b.add(figure{Name: "  of which anonymous (heap)", Value: median(anons), Unit: "MB", Target: "-", Note: fmt.Sprintf("%.0f MB idle", idleAnon)})
	b.add(figure{Name: "  of which mapped files", Value: median(files), Unit: "MB", Target: "-", Note: "binary, index segments, Badger's value log"})
	return nil
}

// sampleRSS samples the anonymous and file-backed resident memory of
// process pid every 50 ms until stop is closed, then sends their highest
// values in MB, in that order.
func sampleRSS(pid int) (stop chan struct{}, peaks chan float64) {
	stop, peaks = make(chan struct{}), make(chan float64, 2)
	go func() {
		var anon, file float64
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if a, err := procMB(pid, "RssAnon"); err == nil {
				anon = max(anon, a)
			}
			if f, err := procMB(pid, "RssFile"); err == nil {
				file = max(file, f)
			}
			select {
			case <-stop:
				peaks <- anon
				peaks <- file
				return
			case <-t.C:
			}
		}
	}()
	return stop, peaks
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
