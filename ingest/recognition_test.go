package ingest_test

import (
	"context"
	"strings"
	"testing"

	"koppel"
	"koppel/ingest"
	"koppel/refdata"
)

func putEnterprise(t *testing.T, st interface {
	PutEnterprise(context.Context, *koppel.Enterprise) error
}, kbo koppel.KBO, recs ...koppel.Recognition) {
	t.Helper()
	e := &koppel.Enterprise{KBO: kbo, Name: "Onderneming " + string(kbo), Address: koppel.Address{Postcode: "9000"}, Recognitions: recs}
	if err := e.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	if err := st.PutEnterprise(context.Background(), e); err != nil {
		t.Fatal(err)
	}
}

// TestRecognitionImport: rows of enterprises Koppel knows are taken up,
// a row with an unknown company number is reported with its row and
// column, a re-import replaces the register, a file that cannot be read
// leaves it as it was, and the declarations that contradict it are listed.
func TestRecognitionImport(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	putEnterprise(t, st, "0123456749", koppel.Recognition{Form: koppel.Maatwerkbedrijf, Number: "MWB-9999"})
	putEnterprise(t, st, "0400040767")
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	csv := "Ondernemingsnummer;Werkvorm;Erkenningsnummer;Begin;Einde;Bron\n" +
		"0123.456.749;MWB;MWB-0042;1/1/2019;31/12/2029;Departement WSE\n" +
		"0202.239.951;MWB;MWB-0050;1/1/2019;31/12/2029;Departement WSE\n" +
		"0400.040.767;LDE;LDE-77;1/1/2022;;Departement WSE\n" +
		"0400.040.767;LDE;LDE-78;1/1/2022;morgen;Departement WSE\n"
	reg, err := im.Recognitions(ctx, st, ingest.RecognitionRequest{File: "wse.csv", Data: []byte(csv)})
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Entries) != 2 || reg.Rows != 4 || reg.Rejected != 2 {
		t.Errorf("got %d entries of %d rows, %d rejected; want 2 of 4, 2 rejected", len(reg.Entries), reg.Rows, reg.Rejected)
	}
	if len(reg.Problems) != 2 {
		t.Fatalf("problems %+v, want 2", reg.Problems)
	}
	if p := reg.Problems[0]; p.Row != 3 || p.Column != "Ondernemingsnummer (A)" || !strings.Contains(p.Message, "niet gekend in Koppel") {
		t.Errorf("problem %+v, want the unknown company number on row 3, column A", p)
	}
	if p := reg.Problems[1]; p.Row != 5 || !strings.Contains(p.Column, "Einde") {
		t.Errorf("problem %+v, want the bad end date on row 5", p)
	}
	stored, err := st.RecognitionRegister(ctx)
	if err != nil || len(stored.Entries) != 2 || stored.File != "wse.csv" {
		t.Fatalf("stored register %+v, %v", stored, err)
	}
	conflicts, err := ingest.RegisterConflicts(ctx, st, stored)
	if err != nil {
		t.Fatal(err)
	}
	if len(conflicts) != 1 || conflicts[0].KBO != "0123456749" || !strings.Contains(conflicts[0].Message, "MWB-9999") {
		t.Errorf("conflicts %+v, want the declared MWB-9999 of 0123456749", conflicts)
	}

	// A file that cannot be read changes nothing.
	if _, err := im.Recognitions(ctx, st, ingest.RecognitionRequest{File: "x.csv", Data: []byte("Naam\nX\n")}); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("bad file: got %v, want EINVALID", err)
	}
	if stored, _ := st.RecognitionRegister(ctx); len(stored.Entries) != 2 || stored.File != "wse.csv" {
		t.Errorf("a refused file changed the register: %+v", stored)
	}
	// A re-import replaces the register.
	_, err = im.Recognitions(ctx, st, ingest.RecognitionRequest{File: "wse2.csv", Data: []byte("KBO;Werkvorm;Bron\n0400040767;LDE;Departement WSE\n")})
	if err != nil {
		t.Fatal(err)
	}
	if stored, _ := st.RecognitionRegister(ctx); len(stored.Entries) != 1 || stored.File != "wse2.csv" || len(stored.For("0123456749")) != 0 {
		t.Errorf("re-import: register %+v, want only the new file's entry", stored)
	}
}

// TestCatalogueImportFlagsContradiction: an enterprise whose declared
// recognition contradicts the register gets a warning in its import
// report.
func TestCatalogueImportFlagsContradiction(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	putEnterprise(t, st, "0123456749", koppel.Recognition{Form: koppel.Maatwerkbedrijf, Number: "MWB-9999"})
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	catalogue := []byte("Code;Dienst;Categorie\nP1;Poetsen van kantoren;was en strijk\n")
	rep, err := im.Catalogue(ctx, ingest.CatalogueRequest{KBO: "0123456749", File: "aanbod.csv", Data: catalogue, Merge: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 0 {
		t.Errorf("without a register: problems %+v, want none", rep.Problems)
	}
	if _, err := im.Recognitions(ctx, st, ingest.RecognitionRequest{File: "wse.csv", Data: []byte("KBO;Werkvorm;Erkenningsnummer;Bron\n0123456749;MWB;MWB-0042;Departement WSE\n")}); err != nil {
		t.Fatal(err)
	}
	rep, err = im.Catalogue(ctx, ingest.CatalogueRequest{KBO: "0123456749", File: "aanbod.csv", Data: catalogue, Merge: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 1 || rep.Problems[0].Severity != koppel.SeverityWarning || rep.Problems[0].Sheet != "Onderneming" ||
		!strings.Contains(rep.Problems[0].Message, "erkenningsnummer MWB-9999") || !strings.Contains(rep.Problems[0].Message, "MWB-0042") {
		t.Errorf("problems %+v, want one warning naming MWB-9999 and MWB-0042", rep.Problems)
	}
}
