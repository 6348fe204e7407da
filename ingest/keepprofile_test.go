package ingest_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/importers"
	"koppel/ingest"
	"koppel/refdata"
)

// templateWith is the catalogue template with the Onderneming rows of
// values filled in (by their label) and one service on Aanbod.
func templateWith(t *testing.T, values map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := importers.WriteCatalogueTemplate(&buf, refdata.Load()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Onderneming")
	if err != nil {
		t.Fatal(err)
	}
	set := 0
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		if v, ok := values[r[0]]; ok {
			if err := f.SetCellStr("Onderneming", "B"+strconv.Itoa(i+1), v); err != nil {
				t.Fatal(err)
			}
			set++
		}
	}
	if set != len(values) {
		t.Fatalf("template: %d of the rows %v found", set, values)
	}
	if err := f.SetSheetRow("Aanbod", "A3", &[]any{"SCH-9", "Poetsdienst voor scholen", "Dagelijkse schoonmaak van klaslokalen.", "Schoonmaak & poetsen"}); err != nil {
		t.Fatal(err)
	}
	out, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestTemplateKeepsStoredProfile: an enterprise that fills in only the
// required rows of the template (company number, name, postcode) and one
// service keeps its e-mail, phone, recognition number and dates, FTE,
// description, target groups and transition paths; the report names the
// rows kept, in the dry run too; a "-" clears a row. (Every optional row
// was wiped by such an upload, the recognition too.)
func TestTemplateKeepsStoredProfile(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	ref := refdata.Load()
	total, target, yes := 42.5, 31.0, true
	full := &koppel.Enterprise{
		KBO: kbo, Name: "De Fictieve Poetsploeg",
		Recognitions: []koppel.Recognition{{Form: koppel.Maatwerkbedrijf, Number: "MWB-0042",
			ValidFrom: koppel.NewDate(2020, 1, 1), ValidTo: koppel.NewDate(2030, 12, 31)}},
		Address:              koppel.Address{Street: "Stationsstraat 12", Postcode: "9000"},
		ServiceArea:          koppel.ServiceArea{RadiusKm: 30},
		Contact:              koppel.Contact{Email: "info@poetsploeg.be", Phone: "09 123 45 67", Website: "www.poetsploeg.be"},
		FTETotal:             &total,
		FTETarget:            &target,
		PublicServiceMission: &yes,
		Languages:            []string{"nl", "fr"},
		Certifications:       []string{"VCA"},
		Description:          "Poetsdiensten voor scholen en gemeenten.",
		TargetGroups:         []koppel.TargetGroup{koppel.TargetDisability},
		TransitionPaths:      true,
	}
	if err := full.Validate(ref); err != nil {
		t.Fatal(err)
	}
	if err := st.PutEnterprise(ctx, full); err != nil {
		t.Fatal(err)
	}
	im := &ingest.Importer{Ref: ref, Store: st}
	data := templateWith(t, map[string]string{"Ondernemingsnummer": kbo.String(), "Naam": "De Fictieve Poetsploeg", "Postcode": "9000", "Website": "-"})

	dry, err := im.Catalogue(ctx, ingest.CatalogueRequest{KBO: kbo, File: "sjabloon.xlsx", Data: data, Merge: true, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := im.Catalogue(ctx, ingest.CatalogueRequest{KBO: kbo, File: "sjabloon.xlsx", Data: data, Merge: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*koppel.ImportReport{dry, rep} {
		var kept *koppel.Problem
		for i, p := range r.Problems {
			if strings.Contains(p.Message, "houdt de gegevens die Koppel al had") {
				kept = &r.Problems[i]
			}
		}
		if kept == nil {
			t.Fatalf("%s report: no problem says which rows were kept: %+v", r.Status, r.Problems)
		}
		for _, row := range []string{"Werkvorm(en)", "E-mail", "Telefoon", "VTE totaal", "Omschrijving", "Doelgroepen", "Doorstroomtrajecten", "Straat en nummer", "Werkgebied (km)"} {
			if !strings.Contains(kept.Message, row) {
				t.Errorf("%s report: %q does not name the row %s", r.Status, kept.Message, row)
			}
		}
		if strings.Contains(kept.Message, "Website") {
			t.Errorf("%s report: %q names Website, which the file cleared with -", r.Status, kept.Message)
		}
		if !strings.Contains(kept.MessageFR, "\u00a0: ") || kept.MessageEN == "" {
			t.Errorf("%s report: French %q, English %q", r.Status, kept.MessageFR, kept.MessageEN)
		}
	}
	got, err := st.FindEnterpriseByKBO(ctx, kbo)
	if err != nil {
		t.Fatal(err)
	}
	want := *full
	want.Contact.Website = ""
	if len(got.Recognitions) != 1 || got.Recognitions[0].Number != "MWB-0042" || got.Recognitions[0].ValidTo != koppel.NewDate(2030, 12, 31) ||
		got.Recognitions[0].ValidFrom != koppel.NewDate(2020, 1, 1) {
		t.Errorf("recognitions = %+v, want the stored MWB-0042 2020–2030", got.Recognitions)
	}
	if got.Contact != want.Contact || got.Address.Street != want.Address.Street || got.ServiceArea.RadiusKm != 30 ||
		got.FTETotal == nil || *got.FTETotal != total || got.FTETarget == nil || *got.FTETarget != target ||
		got.PublicServiceMission == nil || !*got.PublicServiceMission || got.Description != full.Description ||
		strings.Join(got.Languages, ",") != "nl,fr" || strings.Join(got.Certifications, ",") != "VCA" ||
		len(got.TargetGroups) != 1 || !got.TransitionPaths {
		t.Errorf("profile after the upload = %+v, want the stored one with the website cleared", got)
	}
	if offs, err := st.FindOfferingsByEnterprise(ctx, kbo); err != nil || len(offs) != 1 || offs[0].ID != "SCH-9" {
		t.Errorf("the services after the upload: %d, %v; want SCH-9", len(offs), err)
	}
}
