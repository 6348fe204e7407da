package ingest_test

import (
	"context"
	"strings"
	"testing"

	"koppel"
	"koppel/ingest"
	"koppel/refdata"
)

// TestCatalogueContradictionLanguages: the warning of a catalogue import
// about a declared recognition the register contradicts is written in
// Dutch, French and English.
func TestCatalogueContradictionLanguages(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	putEnterprise(t, st, "0123456749", koppel.Recognition{Form: koppel.Maatwerkbedrijf, Number: "MWB-9999"})
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	if _, err := im.Recognitions(ctx, st, ingest.RecognitionRequest{File: "wse.csv", Data: []byte("KBO;Werkvorm;Erkenningsnummer;Bron\n0123456749;MWB;MWB-0042;Departement WSE\n")}); err != nil {
		t.Fatal(err)
	}
	rep, err := im.Catalogue(ctx, ingest.CatalogueRequest{KBO: "0123456749", File: "aanbod.csv", Data: []byte("Code;Dienst\nP1;Poetsen\n"), Merge: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 1 {
		t.Fatalf("problems %+v, want one warning", rep.Problems)
	}
	p := rep.Problems[0]
	for lang, want := range map[string]string{
		"nl": "U vermeldt erkenningsnummer MWB-9999 als maatwerkbedrijf; het register van Departement WSE vermeldt MWB-0042. Koppel gebruikt voor de geschiktheid de erkenning uit het register; verbeter uw gegevens of neem contact op met de beheerder.",
		"fr": "Vous mentionnez le numéro d’agrément MWB-9999 comme entreprise de travail adapté (ETA)\u00a0; le registre de Departement WSE mentionne MWB-0042. Pour l’admissibilité, Koppel utilise l’agrément du registre\u00a0; corrigez vos données ou contactez l’administrateur.",
		"en": "You state recognition number MWB-9999 as sheltered workshop (maatwerkbedrijf); the register of Departement WSE lists MWB-0042. For eligibility Koppel uses the recognition in the register; correct your details or contact the administrator.",
	} {
		if got := p.In(lang); got != want || !p.Has(lang) {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if strings.Contains(p.In("en"), "register van") {
		t.Errorf("English warning in Dutch: %q", p.In("en"))
	}
}
