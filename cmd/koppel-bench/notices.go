package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// noticeCount is the size of the benchmark's package of notices.
const noticeCount = 10000

// noticeTemplates are the example notices the package is made of
// (importers/eforms/testdata), and whether to move their places of
// performance into Flanders: most of a package's notices are elsewhere,
// but the benchmark's are mostly Flemish, so that most are stored.
var noticeTemplates = []struct {
	file     string
	flanders bool
}{
	{"cn_flemish_synthetic.xml", true},
	{"cn_24_minimal.xml", true},
	{"change-cn_24_void.xml", true}, // cancels cn_24_minimal of its group
	{"cn_24_open.xml", true},
	{"change-cn_24_open_dates.xml", true}, // changes cn_24_open of its group
	{"INVALID_change-cn_24_FRA_comments.xml", true},
	{"pin-rtl_81.xml", true}, // announces a reserved lot
	{"cn-social_25.xml", false},
	{"can_24_minimal.xml", true}, // an award notice
	{"pin-rtl_24.xml", false},
}

var (
	noticeIDRE = regexp.MustCompile(`schemeName="notice-id">([^<]+)<`)
	nutsRE     = regexp.MustCompile(`(listName="nuts">)[A-Z]{2}[0-9A-Z]{1,3}<`)
	// flemishNUTS are the NUTS3 regions of Flanders the notices are moved
	// to in turn.
	flemishNUTS = []string{"BE211", "BE212", "BE213", "BE221", "BE222", "BE223", "BE231", "BE232", "BE233", "BE234", "BE235", "BE236", "BE241", "BE242", "BE251", "BE252", "BE253", "BE254", "BE255", "BE256", "BE257", "BE258"}
)

// writeNoticePackage writes a .tar.gz of n notices made of the example
// notices with new notice IDs (consistent within a group of the
// templates, so that a change notice changes the notice of its group) and
// Flemish places of performance, as a day's package would hold them.
func writeNoticePackage(path string, n int) error {
	var templates [][]byte
	var ids []string
	for _, t := range noticeTemplates {
		b, err := os.ReadFile(filepath.Join("importers", "eforms", "testdata", t.file))
		if err != nil {
			return fmt.Errorf("read the example notices (run from the repository): %w", err)
		}
		templates = append(templates, b)
		for _, m := range noticeIDRE.FindAllSubmatch(b, -1) {
			if id := string(m[1]); !strings.Contains(strings.Join(ids, " "), id) {
				ids = append(ids, id)
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	for i := 0; i < n; i++ {
		g, k := i/len(templates), i%len(templates)
		b := templates[k]
		for j, id := range ids {
			b = bytes.ReplaceAll(b, []byte(id), []byte(fmt.Sprintf("%08x-%04x-4000-8000-000000000000", g, j)))
		}
		if noticeTemplates[k].flanders {
			nuts := flemishNUTS[i%len(flemishNUTS)]
			b = nutsRE.ReplaceAll(b, []byte("${1}"+nuts+"<"))
		}
		name := fmt.Sprintf("bench/%05d_%s", i, noticeTemplates[k].file)
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		if _, err := tw.Write(b); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

var packageCountsRE = regexp.MustCompile(`(\d+) bestanden: (\d+) opgenomen, (\d+) geweigerd`)

// notices times the import of a package of 10,000 notices into an empty
// data directory (koppel import tenders), and its import again, when
// every notice is unchanged.
func (b *bench) notices(ctx context.Context) error {
	path := filepath.Join(b.dir, "notices.tar.gz")
	if err := writeNoticePackage(path, noticeCount); err != nil {
		return err
	}
	var secs, rss, again []float64
	var counts string
	for r := range b.runs {
		data := filepath.Join(b.dir, fmt.Sprintf("notices-data-%d", r))
		d, m, err := b.koppelCmd(ctx, "import", "tenders", "--data", data, path)
		if err != nil {
			return err
		}
		secs, rss = append(secs, d.Seconds()), append(rss, m)
		out, err := b.koppelOutput(ctx, "import", "tenders", "--data", data, path)
		if err != nil {
			return err
		}
		if !strings.Contains(out, "ongewijzigd") || strings.Contains(out, " nieuw\n") {
			return fmt.Errorf("the second import changed something:\n%s", out)
		}
		counts = packageCountsRE.FindString(out)
		d2, _, err := b.koppelCmd(ctx, "import", "tenders", "--data", data, path)
		if err != nil {
			return err
		}
		again = append(again, d2.Seconds())
		os.RemoveAll(data)
	}
	s, m := median(secs), median(rss)
	b.add(figure{Name: "notice package import (10,000 notices)", Value: s, Unit: "s", Target: "≤ 60 s", Pass: pass(s, 60, true),
		Note: fmt.Sprintf("%.0f notices/s; %s", noticeCount/s, counts)})
	b.add(figure{Name: "notice package import, peak RSS", Value: m, Unit: "MB", Target: "≤ 300 MB", Pass: pass(m, 300, true)})
	b.add(figure{Name: "notice package again (all unchanged)", Value: median(again), Unit: "s", Target: "-"})
	return nil
}
