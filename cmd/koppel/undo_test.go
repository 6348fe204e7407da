package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

var reportID = regexp.MustCompile(`Verslag (\S+)`)

// TestImportUndo imports two catalogues, undoes the second (the catalogue
// is the first again, exactly) and then the undo.
func TestImportUndo(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	e, err := openEnv(t.Context(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.PutEnterprise(t.Context(), mustEnterprise(t)); err != nil {
		t.Fatal(err)
	}
	e.Close()
	catalogue := func() []*koppel.Offering {
		t.Helper()
		e, err := openEnv(t.Context(), data, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		offs, err := e.store.FindOfferingsByEnterprise(t.Context(), "0123456749")
		if err != nil {
			t.Fatal(err)
		}
		return offs
	}
	importCSV := func(body string) string {
		t.Helper()
		path := filepath.Join(dir, "aanbod.csv")
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, stderr := runCLI(t, "import", "catalogue", "--data", data, "--enterprise", "0123456749", path)
		m := reportID.FindStringSubmatch(out)
		if code != 0 || m == nil {
			t.Fatalf("import: exit %d: %q %q", code, out, stderr)
		}
		return m[1]
	}
	importCSV("Code;Dienst;Prijs\nA;Poetsen;12,5\nB;Groen;\n")
	first := catalogue()
	second := importCSV("Code;Dienst\nC;Fietsen\n")
	after := catalogue()

	code, out, stderr := runCLI(t, "import", "undo", "--data", data, second)
	m := reportID.FindStringSubmatch(out)
	if code != 0 || m == nil || !strings.Contains(out, "Teruggezet") || !strings.Contains(out, "2 nieuw, 0 gewijzigd, 0 ongewijzigd, 1 verwijderd") {
		t.Fatalf("undo: exit %d: %q %q", code, out, stderr)
	}
	if diff := cmp.Diff(first, catalogue()); diff != "" {
		t.Errorf("after the undo (-before the second import +got):\n%s", diff)
	}
	if code, out, stderr := runCLI(t, "import", "undo", "--data", data, m[1]); code != 0 {
		t.Fatalf("undo of the undo: exit %d: %q %q", code, out, stderr)
	}
	if diff := cmp.Diff(after, catalogue()); diff != "" {
		t.Errorf("after the undo of the undo (-after the second import +got):\n%s", diff)
	}
	if code, _, stderr := runCLI(t, "import", "undo", "--data", data, "20260101-0000000000000000"); code != 1 || !strings.Contains(stderr, "niet gevonden") {
		t.Errorf("undo of an unknown report: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "import", "undo", "--data", data); code != 2 || !strings.Contains(stderr, "REPORT_ID") {
		t.Errorf("undo without an ID: exit %d, %q", code, stderr)
	}
}
