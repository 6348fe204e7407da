package ingest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/ingest"
	"koppel/refdata"
)

// uploadWithProfile is a workbook with an Onderneming sheet (label, value
// rows) and an Aanbod sheet (code, service, CPV codes).
func uploadWithProfile(t *testing.T, profile [][2]string, offerings [][3]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Onderneming"); err != nil {
		t.Fatal(err)
	}
	for i, r := range profile {
		if err := f.SetSheetRow("Onderneming", fmt.Sprintf("A%d", i+1), &[]any{r[0], r[1]}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.NewSheet("Aanbod"); err != nil {
		t.Fatal(err)
	}
	for i, r := range append([][3]string{{"Code", "Dienst", "CPV-codes"}}, offerings...) {
		if err := f.SetSheetRow("Aanbod", fmt.Sprintf("A%d", i+1), &[]any{r[0], r[1], r[2]}); err != nil {
			t.Fatal(err)
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestProblemsSayWhatHappened: each error of a catalogue upload says, in
// Dutch, French and English, what the import did about it: an Onderneming
// sheet with an error keeps the stored profile (naming its postcode), or
// creates no enterprise when none is stored; a row with an error is not
// imported.
func TestProblemsSayWhatHappened(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	ref := refdata.Load()
	stored := &koppel.Enterprise{KBO: kbo, Name: "De Fictieve Poetsploeg", Address: koppel.Address{Postcode: "8500"}}
	if err := stored.Validate(ref); err != nil {
		t.Fatal(err)
	}
	if err := st.PutEnterprise(ctx, stored); err != nil {
		t.Fatal(err)
	}
	im := &ingest.Importer{Ref: ref, Store: st}
	data := uploadWithProfile(t,
		[][2]string{{"Ondernemingsnummer", string(kbo)}, {"Naam", "De Fictieve Poetsploeg"}, {"Postcode", "850"}},
		[][3]string{{"P1", "Poetsen van kantoren", "90911200"}, {"P2", "Ramen wassen", "123"}})
	rep, err := im.Catalogue(ctx, ingest.CatalogueRequest{KBO: kbo, File: "aanbod.xlsx", Data: data, Merge: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != "imported" || rep.Created != 1 || rep.Rejected != 1 {
		t.Fatalf("report: status %s, %d created, %d rejected; want imported, 1, 1", rep.Status, rep.Created, rep.Rejected)
	}
	if e, err := st.FindEnterpriseByKBO(ctx, kbo); err != nil || e.Address.Postcode != "8500" {
		t.Fatalf("stored profile: %+v, %v; want postcode 8500 kept", e, err)
	}
	city := stored.Address.City
	want := map[string][3]string{
		"Onderneming": {
			"is geen Belgische postcode. Het profiel op dit blad is daarom niet overgenomen: het vorige blijft, met de vorige postcode (8500 " + city + ").",
			"n’est pas un code postal belge. Le profil de cet onglet n’a donc pas été repris\u00a0: le précédent reste, avec le code postal précédent (8500 " + city + ").",
			"is not a Belgian postcode. The profile on this sheet was therefore not taken over: the previous one stays, with the previous postcode (8500 " + city + ").",
		},
		"Aanbod": {
			"(8 cijfers verwacht). Deze dienst is niet ingelezen; een bestaande dienst met code P2 blijft zoals hij was.",
			"(8 chiffres attendus). Ce service n’a pas été importé\u00a0; un service existant avec le code P2 reste tel quel.",
			"(8 digits expected). This service was not imported; an existing service with code P2 stays as it was.",
		},
	}
	if len(rep.Problems) != 2 {
		t.Fatalf("problems %+v, want 2", rep.Problems)
	}
	for _, p := range rep.Problems {
		w := want[p.Sheet]
		if got := [3]string{p.Message, p.MessageFR, p.MessageEN}; !strings.HasSuffix(got[0], w[0]) || !strings.HasSuffix(got[1], w[1]) || !strings.HasSuffix(got[2], w[2]) {
			t.Errorf("%s: %q, want the endings %q", p.Sheet, got, w)
		}
	}

	// No profile stored: the enterprise cannot be created, nothing is.
	other := koppel.KBO("0200000043")
	data = uploadWithProfile(t,
		[][2]string{{"Ondernemingsnummer", string(other)}, {"Naam", "Nieuw"}, {"Postcode", "850"}},
		[][3]string{{"P1", "Poetsen van kantoren", "90911200"}})
	rep, err = im.Catalogue(ctx, ingest.CatalogueRequest{KBO: other, File: "aanbod.xlsx", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	var said bool
	for _, p := range rep.Problems {
		if p.Sheet == "Onderneming" && strings.HasPrefix(p.Value, "850") {
			said = strings.HasSuffix(p.Message, "De onderneming kan daarom niet aangemaakt worden, en er is niets ingelezen.") &&
				strings.HasSuffix(p.MessageEN, "The enterprise therefore cannot be created, and nothing was imported.")
		}
	}
	if rep.Status != "rejected" || !said {
		t.Errorf("new enterprise with a bad postcode: status %s, problems %+v; want rejected, the postcode's problem saying nothing was imported", rep.Status, rep.Problems)
	}
}
