package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportNoticePackage imports a zip of example notices and a
// directory of them: the summary counts results and refusals, and the
// second import finds everything unchanged.
func TestImportNoticePackage(t *testing.T) {
	dir := t.TempDir()
	data, pkg, notices := filepath.Join(dir, "data"), filepath.Join(dir, "pakket.zip"), filepath.Join(dir, "berichten")
	os.Mkdir(notices, 0o755)
	f, err := os.Create(pkg)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, name := range []string{"cn_flemish_synthetic.xml", "pin-rtl_24.xml", "cn_24_open.xml"} {
		b, err := os.ReadFile(filepath.Join("../../importers/eforms/testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create("20260123/" + name)
		w.Write(b)
		os.WriteFile(filepath.Join(notices, name), b, 0o644)
	}
	zw.Close()
	f.Close()

	code, out, stderr := runCLI(t, "import", "tenders", "--data", data, pkg)
	if code != 0 || !strings.Contains(out, "3 bestanden: 1 opgenomen, 2 geweigerd") || !strings.Contains(out, "1 nieuw") ||
		!strings.Contains(out, "geweigerd (no-place)") || !strings.Contains(out, "20260123/cn_24_open.xml") {
		t.Errorf("package: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = runCLI(t, "import", "tenders", "--data", data, notices)
	if code != 0 || !strings.Contains(out, "1 ongewijzigd") || strings.Contains(out, "nieuw") {
		t.Errorf("directory of the same notices: exit %d\n%s%s", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "import", "tenders", "--data", data, "--nuts", "Vlaanderen", pkg); code != 2 || !strings.Contains(stderr, "NUTS") {
		t.Errorf("--nuts Vlaanderen: exit %d, %q", code, stderr)
	}
	// A package cut short reports what it read and fails.
	b, _ := os.ReadFile(pkg)
	os.WriteFile(pkg, b[:len(b)-30], 0o644)
	if code, out, _ := runCLI(t, "import", "tenders", "--data", data, pkg); code != 1 || !strings.Contains(out, "NIET helemaal gelezen") {
		t.Errorf("broken zip: exit %d\n%s", code, out)
	}
}
