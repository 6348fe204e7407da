package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"koppel"
	"koppel/importers/archive"
	"koppel/ingest"
)

// isPackage reports whether path is a directory or an archive of notices
// (by its first bytes), not one notice or spreadsheet.
func isPackage(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	switch archive.Sniff(head[:n]) {
	case archive.KindGzip, archive.KindTar:
		return true
	case archive.KindZip:
		// An xlsx is a zip too: a tender spreadsheet, not a package.
		return !strings.HasSuffix(strings.ToLower(path), ".xlsx")
	}
	return false
}

// importNotices imports a package of notices and prints its summary.
func (a *app) importNotices(ctx context.Context, data, path, nuts string) error {
	regions, err := ingest.ParseRegions(nuts)
	if err != nil {
		return usageErrorf("--nuts: %s", koppel.ErrorMessage(err))
	}
	batchMemory()
	e, err := openEnv(ctx, data, nil)
	if err != nil {
		return err
	}
	defer e.Close()
	req := ingest.NoticesRequest{Path: path, Origin: "cli", Regions: regions}
	bar := a.terminalProgress() != nil
	req.Progress = noticeProgress(a.stderr, bar)
	rep, err := e.importer().Notices(ctx, e.store, req)
	if bar {
		fmt.Fprint(a.stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	printNoticeReport(a.stdout, rep)
	if rep.Status == "failed" {
		return koppel.Errorf(koppel.EINVALID, "het pakket is niet helemaal gelezen: %s", rep.Error)
	}
	return nil
}

// noticeProgress draws a bar of the package read, with the counts so far,
// at most 10 times a second on a terminal (bar); elsewhere (a log) it
// writes a plain line every 1,000 files.
func noticeProgress(w io.Writer, bar bool) func(*koppel.NoticeReport) {
	var last time.Time
	return func(r *koppel.NoticeReport) {
		counts := fmt.Sprintf("%d bestanden, %d opgenomen, %d geweigerd", r.Files, r.Imported(), r.Refused)
		if !bar {
			if r.Files%1000 == 0 {
				fmt.Fprintln(w, counts)
			}
			return
		}
		if time.Since(last) < 100*time.Millisecond {
			return
		}
		last = time.Now()
		if r.BytesTotal > 0 {
			width := 30
			filled := min(int(int64(width)*r.BytesRead/r.BytesTotal), width)
			fmt.Fprintf(w, "\r[%s%s] %3d%% %s", strings.Repeat("#", filled), strings.Repeat(".", width-filled), 100*r.BytesRead/r.BytesTotal, counts)
			return
		}
		fmt.Fprintf(w, "\r%s", counts)
	}
}

// resultNames are the Dutch words of the tender import's results; a
// result not listed is shown by its own name.
var resultNames = map[string]string{
	"created": "nieuw", "updated": "bijgewerkt", "unchanged": "ongewijzigd",
	"older": "ouder dan de opgeslagen versie", "outcome": "uitslag", "outcomes": "uitslagen",
}

// printNoticeReport writes a package's summary for people, in Dutch.
func printNoticeReport(w io.Writer, r *koppel.NoticeReport) {
	what := "Pakket gelezen"
	if r.Status == "failed" {
		what = "Pakket NIET helemaal gelezen"
	}
	fmt.Fprintf(w, "%s: %s (regio's %s)\n", what, r.File, strings.Join(r.Regions, ", "))
	if r.Error != "" {
		fmt.Fprintf(w, "  FOUT – %s\n", r.Error)
	}
	fmt.Fprintf(w, "  %d bestanden: %d opgenomen, %d geweigerd\n", r.Files, r.Imported(), r.Refused)
	for _, k := range sortedResults(r.Results) {
		name := resultNames[k]
		if name == "" {
			name = k
		}
		fmt.Fprintf(w, "  %6d %s\n", r.Results[k], name)
	}
	for _, k := range r.Reasons {
		files := strings.Join(k.Files, ", ")
		if k.Count > len(k.Files) {
			files += fmt.Sprintf(" en %d meer", k.Count-len(k.Files))
		}
		fmt.Fprintf(w, "  %6d geweigerd (%s): %s\n         %s\n", k.Count, k.Reason, k.Message, files)
	}
	if r.Warnings > 0 {
		fmt.Fprintf(w, "  %d waarschuwingen over weggelaten waarden (onbekende CPV-code, buitenlandse postcode …)\n", r.Warnings)
	}
	fmt.Fprintf(w, "Verslag %s\n", r.ID)
}

// sortedResults orders the result kinds: the usual ones first, then the
// others by name.
func sortedResults(m map[string]int) []string {
	order := []string{"created", "updated", "unchanged", "older"}
	var keys []string
	for _, k := range order {
		if _, ok := m[k]; ok {
			keys = append(keys, k)
		}
	}
	var rest []string
	for k := range m {
		if !slices.Contains(order, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(keys, rest...)
}
