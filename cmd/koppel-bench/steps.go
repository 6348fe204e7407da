package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"time"

	"github.com/xuri/excelize/v2"
)

func (b *bench) data() string { return filepath.Join(b.dir, "data") }

// koppelOutput runs koppel to completion and returns what it printed.
func (b *bench) koppelOutput(ctx context.Context, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, b.koppel, args...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("koppel %v: %w\n%s", args, err, tail(out, 2000))
	}
	return string(out), nil
}

// koppelCmd runs koppel to completion and returns its wall time and peak
// resident memory in MB.
func (b *bench) koppelCmd(ctx context.Context, args ...string) (time.Duration, float64, error) {
	cmd := exec.CommandContext(ctx, b.koppel, args...)
	cmd.Stdout, cmd.Stderr = nil, nil
	out, err := os.CreateTemp(b.dir, "out-*")
	if err != nil {
		return 0, 0, err
	}
	defer os.Remove(out.Name())
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, out
	start := time.Now()
	err = cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		msg, _ := os.ReadFile(out.Name())
		return 0, 0, fmt.Errorf("koppel %v: %w\n%s", args, err, tail(msg, 2000))
	}
	rss := 0.0
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = float64(ru.Maxrss) / 1024 // Linux reports KB
	}
	return elapsed, rss, nil
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// dataset generates the benchmark dataset with koppel gen (stored and
// indexed).
func (b *bench) dataset(ctx context.Context) error {
	d, rss, err := b.koppelCmd(ctx, "gen", "--data", b.data(), "--offerings", fmt.Sprint(b.size))
	if err != nil {
		return err
	}
	b.add(figure{Name: "gen: store + index", Value: float64(b.size) / d.Seconds(), Unit: "offerings/s", Target: "-", Note: fmt.Sprintf("%.1f s, peak RSS %.0f MB", d.Seconds(), rss)})
	return nil
}

// benchKBO is the enterprise of the imported catalogue; it is not in the
// generated dataset's numbering.
const benchKBO = "0123456749"

// writeCatalogue writes an xlsx catalogue of n rows with excelize's stream
// writer, as an enterprise would upload it; edition is added to every
// title (a new edition changes every row).
func writeCatalogue(path string, n int, edition string) error {
	return writeCatalogueCPV(path, n, edition, "")
}

// writeCatalogueCPV is writeCatalogue with cpv, when not "", in every
// row's CPV column.
func writeCatalogueCPV(path string, n int, edition, cpv string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Onderneming"); err != nil {
		return err
	}
	for i, kv := range [][2]string{{"Ondernemingsnummer", "0123.456.749"}, {"Naam", "Benchmark Poetsploeg (fictief)"}, {"Werkvorm(en)", "Maatwerkbedrijf"}, {"Postcode", "9000"}, {"Werkgebied (km)", "40"}} {
		if err := f.SetSheetRow("Onderneming", fmt.Sprintf("A%d", i+1), &[]any{kv[0], kv[1]}); err != nil {
			return err
		}
	}
	if _, err := f.NewSheet("Aanbod"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Aanbod")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"Code", "Dienst", "Omschrijving", "Categorie", "CPV-codes", "Werkgebied", "Capaciteit", "Eenheid", "Prijs (indicatief)", "Trefwoorden", "Talen"}); err != nil {
		return err
	}
	cats := []struct{ cat, title, cpv, desc string }{
		{"Schoonmaak & poetsen", "Poetsdienst voor klaslokalen", "90911200-8; 90919200", "Dagelijkse schoonmaak van klaslokalen, gangen en sanitair met een vaste ploeg."},
		{"Groenonderhoud", "Groenonderhoud van speelplaatsen", "77310000", "Maaien, snoeien en haagscheren rond scholen en gemeentelijke gebouwen."},
		{"Catering & maaltijden", "Schoolmaaltijden", "55524000", "Warme maaltijden en soep voor scholen, dagelijks geleverd."},
		{"Fietsen (fietspunt, herstelling, stalling, verhuur)", "Fietspunt en fietsherstelling", "50100000", "Herstelling en onderhoud van fietsen aan het station en op school."},
	}
	for i := range n {
		c := cats[i%len(cats)]
		row := []any{fmt.Sprintf("B-%06d", i), fmt.Sprintf("%s %d%s", c.title, i, edition), c.desc, c.cat, cmp.Or(cpv, c.cpv), "Gent; Merelbeke", "2,5", "VTE", "31,50", "school; gemeente", "nl"}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// importXLSX imports a catalogue of size rows (at most 100,000, the
// target's size) into a copy of the dataset and reports rows/s and peak
// RSS of the whole import process (parse + store + index): the first
// import of the enterprise's catalogue, then replacing it with a file one
// row shorter (runs times), then with a file in which every row changed
// (runs times). The copy is removed afterwards, so that the later steps
// measure the dataset of --size offerings, not one with 100,000 more.
func (b *bench) importXLSX(ctx context.Context) error {
	n := min(b.size, 100000)
	path := filepath.Join(b.dir, "catalogue.xlsx")
	data := filepath.Join(b.dir, "import-data")
	if err := os.RemoveAll(data); err != nil {
		return err
	}
	if err := os.CopyFS(data, os.DirFS(b.data())); err != nil {
		return fmt.Errorf("copy the dataset: %w", err)
	}
	defer os.RemoveAll(data)
	imp := func(rows int, edition string) (float64, float64, error) {
		if err := writeCatalogue(path, rows, edition); err != nil {
			return 0, 0, fmt.Errorf("write catalogue: %w", err)
		}
		d, m, err := b.koppelCmd(ctx, "import", "catalogue", "--data", data, "--enterprise", benchKBO, path)
		return d.Seconds(), m, err
	}
	report := func(what string, rows int, secs, rss []float64) {
		s, m := median(secs), median(rss)
		b.add(figure{Name: "xlsx import, " + what, Value: s, Unit: "s", Target: "≤ 30 s for 100,000 rows", Pass: pass(s, 30, true), Note: fmt.Sprintf("%d rows, %.0f rows/s", rows, float64(rows)/s)})
		b.add(figure{Name: "xlsx import, " + what + ", peak RSS", Value: m, Unit: "MB", Target: "≤ 400 MB", Pass: pass(m, 400, true)})
	}
	s, m, err := imp(n, "")
	if err != nil {
		return err
	}
	report("first (one run)", n, []float64{s}, []float64{m})
	var secs, rss []float64
	for r := range b.runs {
		s, m, err := imp(n-r-1, "")
		if err != nil {
			return err
		}
		secs, rss = append(secs, s), append(rss, m)
	}
	report("replace, 1 row fewer", n-1, secs, rss)
	secs, rss = nil, nil
	for r := range b.runs {
		s, m, err := imp(n, fmt.Sprintf(" (editie %d)", r+1))
		if err != nil {
			return err
		}
		secs, rss = append(secs, s), append(rss, m)
	}
	report("replace, every row changed", n, secs, rss)
	return nil
}

// annotate checks a catalogue of 100,000 rows (or --size, if smaller)
// with one error in every row (a 7-digit CPV code, the typo users make)
// in a dry run that writes the annotated workbook, and reports the time
// and peak RSS of the whole process. The report keeps the first 10,000
// problems, so the workbook gets 10,000 comments and a problem sheet; the
// file is read whole. Excelize's per-cell comments made this quadratic
// (3,000 rows: 57 s; 100,000: over 12 minutes and 1.8 GB).
func (b *bench) annotate(ctx context.Context) error {
	n := min(b.size, 100000)
	path := filepath.Join(b.dir, "fouten.xlsx")
	out := filepath.Join(b.dir, "fouten-geannoteerd.xlsx")
	data := filepath.Join(b.dir, "annotate-data")
	defer os.RemoveAll(data)
	if err := writeCatalogueCPV(path, n, "", "9091200"); err != nil {
		return fmt.Errorf("write catalogue: %w", err)
	}
	var secs, rss []float64
	for range b.runs {
		d, m, err := b.koppelCmd(ctx, "import", "catalogue", "--data", data, "--enterprise", benchKBO, "--dry-run", "--annotated", out, path)
		if err != nil {
			return err
		}
		if _, err := os.Stat(out); err != nil {
			return fmt.Errorf("no annotated workbook: %w", err)
		}
		secs, rss = append(secs, d.Seconds()), append(rss, m)
	}
	s, m := median(secs), median(rss)
	b.add(figure{Name: "annotate, an error in every row", Value: s, Unit: "s", Target: "≤ 30 s for 100,000 rows", Pass: pass(s, 30, true), Note: fmt.Sprintf("%d rows, dry run + annotated workbook", n)})
	b.add(figure{Name: "annotate, an error in every row, peak RSS", Value: m, Unit: "MB", Target: "≤ 500 MB", Pass: pass(m, 500, true)})
	return nil
}

// startup starts koppel serve on the dataset and times it until /readyz.
func (b *bench) startup(ctx context.Context) error {
	var secs []float64
	for range b.runs {
		srv, d, err := b.serve(ctx)
		if err != nil {
			return err
		}
		secs = append(secs, d.Seconds())
		srv.stop()
	}
	s := median(secs)
	b.add(figure{Name: "start-up to ready", Value: s, Unit: "s", Target: "≤ 2 s", Pass: pass(s, 2, true)})
	return nil
}

// server is a running koppel serve.
type server struct {
	cmd *exec.Cmd
	url string
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

var urlRE = regexp.MustCompile(`running on (http://127\.0\.0\.1:\d+)`)

// serve starts koppel serve on loopback with rate limits off and returns
// it once /readyz answers 200, with the time that took.
func (b *bench) serve(ctx context.Context, flags ...string) (*server, time.Duration, error) {
	start := time.Now()
	args := append([]string{"serve", "--data", b.data(), "--addr", "127.0.0.1:0", "--log-level", "warn", "--rate-search", "0", "--rate-write", "0"}, flags...)
	cmd := exec.CommandContext(ctx, b.koppel, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, 0, err
	}
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	s := &server{cmd: cmd}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := urlRE.FindStringSubmatch(sc.Text()); m != nil {
			s.url = m[1]
			break
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	if s.url == "" {
		s.stop()
		return nil, 0, fmt.Errorf("koppel serve printed no URL")
	}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, time.Since(start), nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.stop()
	return nil, 0, fmt.Errorf("koppel serve not ready within 2 minutes")
}
