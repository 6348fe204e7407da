package ingest_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"koppel"
	"koppel/ingest"
	"koppel/refdata"
)

// packageFile is one file of a test package.
type packageFile struct {
	name string
	data []byte
}

// writePackage writes files as a .tar.gz in a temp dir, in their order.
func writePackage(t *testing.T, files []packageFile) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(f.data)
	}
	tw.Close()
	zw.Close()
	p := filepath.Join(t.TempDir(), "pakket.tar.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// inFlanders moves an SDK example's places of performance to Antwerpen
// (NUTS BE211).
func inFlanders(b []byte) []byte {
	for _, nuts := range []string{"FRD22", "LU000", "EL303", "EL301"} {
		b = bytes.ReplaceAll(b, []byte(">"+nuts+"<"), []byte(">BE211<"))
	}
	return b
}

// outsideFlanders is the synthetic Gent notice moved to France, with a
// notice ID of its own.
func outsideFlanders(t *testing.T) []byte {
	return movedTo(t, "FRD22", "0f0f0f0f-1111-4222-8333-444444444444")
}

// movedTo is the synthetic Gent notice performed in NUTS region nuts, with
// notice ID id.
func movedTo(t *testing.T, nuts, id string) []byte {
	b := readNotice(t, "cn_flemish_synthetic.xml")
	b = bytes.ReplaceAll(b, []byte(">BE234<"), []byte(">"+nuts+"<"))
	return bytes.ReplaceAll(b, []byte(noticeID(t, b)), []byte(id))
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<ContractNotice>&lol2;</ContractNotice>`

// mixedPackage is a day's package with a mix of kinds: a change (a
// cancellation) before the notice it changes, a notice outside Flanders,
// an award notice, a corrupt file, an XML bomb, a nested archive and a
// file that is no notice.
func mixedPackage(t *testing.T) string {
	cn := readNotice(t, "cn_24_minimal.xml")
	return writePackage(t, []packageFile{
		{"2026/change-void.xml", inFlanders(readNotice(t, "change-cn_24_void.xml"))},
		{"2026/cn-minimal.xml", inFlanders(cn)},
		{"2026/gent.xml", readNotice(t, "cn_flemish_synthetic.xml")},
		{"2026/frankrijk.xml", outsideFlanders(t)},
		{"2026/luxemburg.xml", readNotice(t, "cn_24_open.xml")},
		{"2026/award.xml", inFlanders(readNotice(t, "can_24_minimal.xml"))},
		{"2026/cut.xml", cn[:len(cn)/2]},
		{"2026/bomb.xml", []byte(billionLaughs)},
		{"2026/inner.tar.gz", []byte("\x1f\x8b\x08\x00rest")},
		{"2026/LEESMIJ.txt", []byte("dagpakket")},
	})
}

func TestNoticesPackage(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	path := mixedPackage(t)
	var progress int
	var events []koppel.Event
	rep, err := im.Notices(ctx, st, ingest.NoticesRequest{Path: path, Origin: "cli", Progress: func(r *koppel.NoticeReport) { progress = r.Files },
		Notify: func(_ context.Context, e koppel.Event) { events = append(events, e) }})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != "done" || rep.Files != 10 || progress != 10 {
		t.Fatalf("report %+v (progress %d), want done with 10 files", rep, progress)
	}
	if rep.Results["created"] != 2 || rep.Results["older"] != 1 || rep.Results["updated"] != 0 {
		t.Errorf("results %v, want 2 created (the cancellation, Gent) and the original older", rep.Results)
	}
	refused := map[string][]string{}
	for _, k := range rep.Reasons {
		if k.Count != len(k.Files) {
			t.Errorf("reason %s: count %d, files %v", k.Reason, k.Count, k.Files)
		}
		refused[k.Reason] = k.Files
	}
	for reason, file := range map[string]string{
		"outside-region": "2026/frankrijk.xml", "no-place": "2026/luxemburg.xml", "doctype": "2026/bomb.xml",
		"nested-archive": "2026/inner.tar.gz", "not-xml": "2026/LEESMIJ.txt",
	} {
		if !slices.Contains(refused[reason], file) {
			t.Errorf("refused for %s: %v, want %s", reason, refused[reason], file)
		}
	}
	// The corrupt file is refused for itself, as no readable XML.
	if !slices.Contains(refused["not-xml"], "2026/cut.xml") {
		t.Errorf("the corrupt file is not among the refused: %+v", rep.Reasons)
	}
	// Every file is either a result or a refusal: the award notice too,
	// whatever the tender import makes of it.
	if got := rep.Imported() + rep.Refused; got != rep.Files {
		t.Errorf("%d results and refusals for %d files", got, rep.Files)
	}

	// The cancellation closed the procedure, and the original, later in
	// the package, did not reopen it.
	tn, err := st.FindTenderByNotice(ctx, noticeID(t, readNotice(t, "cn_24_minimal.xml")))
	if err != nil {
		t.Fatal(err)
	}
	if tn.Status != koppel.TenderClosed || tn.Owner != "" {
		t.Errorf("procedure: status %s owner %q, want closed and no owner", tn.Status, tn.Owner)
	}
	// Only the published tender is announced: the cancelled one is closed.
	if len(events) != 1 || events[0].Kind != koppel.EventTenderPublished || events[0].Subject != "eforms-"+noticeID(t, readNotice(t, "cn_flemish_synthetic.xml")) {
		t.Errorf("events %+v, want the Gent tender published", events)
	}
	stored, err := st.FindNoticeReport(ctx, rep.ID)
	if err != nil || stored.Status != "done" || stored.Imported() != rep.Imported() {
		t.Errorf("stored report %+v, %v", stored, err)
	}

	// The same package again changes nothing.
	again, err := im.Notices(ctx, st, ingest.NoticesRequest{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if again.Results["created"] != 0 || again.Results["updated"] != 0 || again.Results["unchanged"] != 2 || again.Refused != rep.Refused {
		t.Errorf("second import: results %v, %d refused; want 2 unchanged, nothing created or updated, %d refused", again.Results, again.Refused, rep.Refused)
	}
	if _, n, _ := st.FindTenders(ctx, koppel.TenderFilter{}); n != 2 {
		t.Errorf("%d tenders, want 2", n)
	}
}

func TestNoticesRegions(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	brussels := movedTo(t, "BE100", "0e0e0e0e-1111-4222-8333-444444444444")
	path := writePackage(t, []packageFile{{"bxl.xml", brussels}, {"gent.xml", readNotice(t, "cn_flemish_synthetic.xml")}})
	rep, err := im.Notices(ctx, st, ingest.NoticesRequest{Path: path})
	if err != nil || rep.Results["created"] != 1 || len(rep.Reasons) != 1 || rep.Reasons[0].Reason != "outside-region" {
		t.Fatalf("Flanders only: %+v, %v; want Gent created and Brussels outside", rep, err)
	}
	regions, err := ingest.ParseRegions("be2, BE1")
	if err != nil {
		t.Fatal(err)
	}
	rep, err = im.Notices(ctx, st, ingest.NoticesRequest{Path: path, Regions: regions})
	if err != nil || rep.Results["created"] != 1 || rep.Results["unchanged"] != 1 || rep.Refused != 0 {
		t.Fatalf("with Brussels: %+v, %v; want Brussels created", rep, err)
	}
	tn, err := st.FindTenderByNotice(ctx, noticeID(t, brussels))
	if err != nil || tn.Lots[0].NUTS != "BE100" {
		t.Errorf("Brussels notice: %v, %v", tn, err)
	}
	for _, bad := range []string{"", "B", "BE-2", "Vlaanderen"} {
		if _, err := ingest.ParseRegions(bad); koppel.ErrorCode(err) != koppel.EINVALID {
			t.Errorf("ParseRegions(%q) = %v, want EINVALID", bad, err)
		}
	}
}

func TestNoticesBrokenPackage(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	b, _ := os.ReadFile(mixedPackage(t))
	p := filepath.Join(t.TempDir(), "kapot.tgz")
	os.WriteFile(p, b[:len(b)*2/3], 0o644)
	rep, err := im.Notices(ctx, st, ingest.NoticesRequest{Path: p})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != "failed" || rep.Error == "" || rep.Files == 0 {
		t.Errorf("cut package: %+v; want failed with a reason, after the files before the damage", rep)
	}
}

// noticeID is the notice ID (BT-701) of an eForms notice.
func noticeID(t *testing.T, b []byte) string {
	t.Helper()
	s := string(b)
	i := strings.Index(s, `schemeName="notice-id">`)
	if i < 0 {
		t.Fatal("no notice ID")
	}
	s = s[i+len(`schemeName="notice-id">`):]
	return s[:strings.Index(s, "<")]
}
