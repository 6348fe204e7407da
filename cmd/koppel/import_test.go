package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel/importers/hostile"
)

func TestTemplateAndImport(t *testing.T) {
	dir := t.TempDir()
	data, tmpl, csv := filepath.Join(dir, "data"), filepath.Join(dir, "sjabloon.xlsx"), filepath.Join(dir, "aanbod.csv")
	if code, _, stderr := runCLI(t, "template", tmpl); code != 0 {
		t.Fatalf("template: exit %d: %s", code, stderr)
	}
	// The empty template is rejected for an unknown enterprise, clearly.
	code, out, _ := runCLI(t, "import", "catalogue", "--data", data, "--enterprise", "0123.456.749", tmpl)
	if code != 1 || !strings.Contains(out, "nog niet gekend") {
		t.Errorf("import of the empty template: exit %d, output %q", code, out)
	}
	// A CSV has no Onderneming sheet: it needs a known enterprise.
	e, err := openEnv(t.Context(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.PutEnterprise(t.Context(), mustEnterprise(t)); err != nil {
		t.Fatal(err)
	}
	e.Close()
	if err := os.WriteFile(csv, []byte("Code;Dienst;Categorie;CPV-codes\nP1;Poetsen van klaslokalen;Schoonmaak;90911200-8\nP2;Fout;Schoonmaak;123\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "import", "catalogue", "--data", data, "--enterprise", "0123456749", "--dry-run", csv)
	if code != 0 || !strings.Contains(out, "Proef") || !strings.Contains(out, "1 nieuw") || !strings.Contains(out, "rij 3") {
		t.Errorf("dry run: exit %d, %q %q", code, out, stderr)
	}
	code, out, _ = runCLI(t, "import", "catalogue", "--data", data, "--enterprise", "0123456749", csv)
	if code != 0 || !strings.Contains(out, "Geïmporteerd") || !strings.Contains(out, "1 nieuw") || !strings.Contains(out, "1 geweigerd") {
		t.Errorf("import: exit %d, %q", code, out)
	}
	// A replace by a file without services would remove them all: refused
	// unless --allow-empty; a dry run names what would go.
	empty := filepath.Join(dir, "leeg.csv")
	if err := os.WriteFile(empty, []byte("Code;Dienst;Categorie\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = runCLI(t, "import", "catalogue", "--data", data, "--enterprise", "0123456749", empty)
	if code != 1 || !strings.Contains(stderr, "de enige dienst") || !strings.Contains(stderr, "--allow-empty") {
		t.Errorf("emptying import: exit %d, %q %q", code, out, stderr)
	}
	code, out, _ = runCLI(t, "import", "catalogue", "--data", data, "--enterprise", "0123456749", "--dry-run", empty)
	if code != 0 || !strings.Contains(out, "LET OP – 1 dienst zou verwijderd worden:\n    P1  Poetsen van klaslokalen\n") {
		t.Errorf("emptying dry run: exit %d, %q", code, out)
	}
	code, out, stderr = runCLI(t, "import", "catalogue", "--data", data, "--enterprise", "0123456749", "--allow-empty", empty)
	if code != 0 || !strings.Contains(out, "1 verwijderd") || !strings.Contains(out, "LET OP – 1 dienst verwijderd:\n    P1  Poetsen van klaslokalen\n") {
		t.Errorf("emptying import with --allow-empty: exit %d, %q %q", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "import", "catalogue", "--data", data, csv); code != 2 || !strings.Contains(stderr, "--enterprise") {
		t.Errorf("import without --enterprise: exit %d, %q", code, stderr)
	}
}

// TestImportDryRunWithoutStyles: a dry run of a workbook without a styles
// part, with --annotated, writes the annotated workbook (it crashed with a
// nil pointer).
func TestImportDryRunWithoutStyles(t *testing.T) {
	dir := t.TempDir()
	data, in, out := filepath.Join(dir, "data"), filepath.Join(dir, "aanbod.xlsx"), filepath.Join(dir, "fouten.xlsx")
	b, err := hostile.Catalogue(5, nil)
	if err == nil {
		b, err = hostile.WithoutStyles(b)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := openEnv(t.Context(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.PutEnterprise(t.Context(), mustEnterprise(t)); err != nil {
		t.Fatal(err)
	}
	e.Close()
	code, stdout, stderr := runCLI(t, "import", "catalogue", "--data", data, "--enterprise", "0123456749", "--dry-run", "--annotated", out, in)
	if code != 0 || !strings.Contains(stdout, "5 geweigerd") {
		t.Fatalf("dry run: exit %d, %q %q", code, stdout, stderr)
	}
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if comments, _ := x.GetComments("Aanbod"); len(comments) != 5 {
		t.Errorf("annotated workbook has %d comments, want 5", len(comments))
	}
}
