package ingest_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"koppel"
	"koppel/i18n"
	"koppel/importers"
	"koppel/ingest"
	"koppel/refdata"
	"koppel/store"
)

// TestCatalogueContradictionLanguages: the warning of a catalogue import
// about a declared recognition the register contradicts is written in
// Dutch, French and English.
func TestCatalogueContradictionLanguages(t *testing.T) {
	ctx := context.Background()
	_, im := contradictedEnterprise(t)
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

// TestContradictionWhereTheFileHasIt: in a French workbook the warning
// points at the file's own sheet and row of the work forms (Entreprise,
// "Formes d'emploi … (B)"), not at the Dutch names.
func TestContradictionWhereTheFileHasIt(t *testing.T) {
	ctx := context.Background()
	st, im := contradictedEnterprise(t)
	e, err := st.FindEnterpriseByKBO(ctx, "0123456749")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := importers.WriteCatalogueIn(&buf, refdata.Load(), e, i18n.FR, func(func(*koppel.Offering) error) error { return nil }); err != nil {
		t.Fatal(err)
	}
	rep, err := im.Catalogue(ctx, ingest.CatalogueRequest{KBO: "0123456749", File: "offre.xlsx", Data: buf.Bytes(), Merge: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 1 {
		t.Fatalf("problems %+v, want one warning", rep.Problems)
	}
	label := i18n.T(i18n.FR, "template.e_forms")
	if p := rep.Problems[0]; p.Sheet != "Entreprise" || p.Column != label+" (B)" || p.Row < 2 {
		t.Errorf("warning at %s, row %d, column %q; want Entreprise, the row of %q", p.Sheet, p.Row, p.Column, label)
	}
}

// contradictedEnterprise is a store with enterprise 0123456749, which
// declares maatwerkbedrijf MWB-9999, and a register that says MWB-0042.
func contradictedEnterprise(t *testing.T) (*store.Store, *ingest.Importer) {
	t.Helper()
	st := mustOpenStore(t)
	putEnterprise(t, st, "0123456749", koppel.Recognition{Form: koppel.Maatwerkbedrijf, Number: "MWB-9999"})
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	if _, err := im.Recognitions(context.Background(), st, ingest.RecognitionRequest{File: "wse.csv", Data: []byte("KBO;Werkvorm;Erkenningsnummer;Bron\n0123456749;MWB;MWB-0042;Departement WSE\n")}); err != nil {
		t.Fatal(err)
	}
	return st, im
}

// TestOutcomesWaitingLanguages: the warning of an award notice whose
// tender Koppel does not know yet is written in Dutch, French and
// English, with the plural of each ("3 uitslagen wachten").
func TestOutcomesWaitingLanguages(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	im := &ingest.Importer{Ref: refdata.Load(), Store: st}
	res, err := im.Tenders(ctx, st, ingest.TenderRequest{File: "can.xml", Data: readNotice(t, "can_flemish_synthetic.xml")})
	if err != nil {
		t.Fatal(err)
	}
	var p *koppel.Problem
	for i := range res.Problems {
		if res.Problems[i].Column == "BT-04-notice" {
			p = &res.Problems[i]
		}
	}
	if p == nil {
		t.Fatalf("problems %+v, want the warning about the waiting outcomes", res.Problems)
	}
	for lang, want := range map[string]string{
		"nl": "3 uitslagen wachten op hun opdracht: Koppel heeft nog geen aankondiging van procedure",
		"fr": "3 résultats attendent leur marché\u00a0: Koppel n’a pas encore d’avis de la procédure",
		"en": "3 outcomes wait for their tender: Koppel has no notice of procedure",
	} {
		if got := p.In(lang); !p.Has(lang) || !strings.HasPrefix(got, want) || !strings.Contains(got, p.Value) {
			t.Errorf("%s: %q, want %q… naming %s", lang, got, want, p.Value)
		}
	}
}
