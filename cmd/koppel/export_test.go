package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"koppel/refdata"
)

// TestExportCatalogue exports a catalogue and imports the file again: the
// import reports every row unchanged.
func TestExportCatalogue(t *testing.T) {
	dir := t.TempDir()
	data, csv, xlsx := filepath.Join(dir, "data"), filepath.Join(dir, "aanbod.csv"), filepath.Join(dir, "export.xlsx")
	e, err := openEnv(t.Context(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	ent := mustEnterprise(t)
	if err := ent.Validate(refdata.Load()); err != nil { // with its place, as an import stores it
		t.Fatal(err)
	}
	if err := e.store.PutEnterprise(t.Context(), ent); err != nil {
		t.Fatal(err)
	}
	e.Close()
	if err := os.WriteFile(csv, []byte("Code;Dienst;Categorie;CPV-codes;Werkgebied;Prijs\nP1;Poetsen;Schoonmaak;90911200-8;12,5 km; 32,50\nP2;Groen;Groenonderhoud;77310000;Antwerpen;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := runCLI(t, "import", "catalogue", "--data", data, "--enterprise", "0123456749", csv); code != 0 {
		t.Fatalf("import: exit %d: %s %s", code, out, stderr)
	}
	if code, out, stderr := runCLI(t, "export", "catalogue", "--data", data, "--enterprise", "0123.456.749", xlsx); code != 0 || !strings.Contains(out, xlsx) {
		t.Fatalf("export: exit %d: %q %q", code, out, stderr)
	}
	code, out, stderr := runCLI(t, "import", "catalogue", "--data", data, "--enterprise", "0123456749", xlsx)
	if code != 0 || !strings.Contains(out, "0 nieuw, 0 gewijzigd, 2 ongewijzigd, 0 verwijderd, 0 geweigerd") || !strings.Contains(out, "Profiel van de onderneming: ongewijzigd") {
		t.Errorf("import of the export: exit %d: %q %q", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "export", "catalogue", "--data", data, "--enterprise", "0203201340", filepath.Join(dir, "x.xlsx")); code == 0 || !strings.Contains(stderr, "0203") {
		t.Errorf("export of an unknown enterprise: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.xlsx")); !os.IsNotExist(err) {
		t.Errorf("a failed export left a file: %v", err)
	}
	if code, _, stderr := runCLI(t, "export", "catalogue", "--data", data, xlsx); code != 2 || !strings.Contains(stderr, "--enterprise") {
		t.Errorf("export without --enterprise: exit %d, %q", code, stderr)
	}
}
