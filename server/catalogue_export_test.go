package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/refdata"
	"koppel/server"
)

func ptr[T any](v T) *T { return &v }

// putRichCatalogue stores a profile and n offerings for kboA that use every
// field the importer reads.
func putRichCatalogue(t *testing.T, f *fixture, n int) {
	t.Helper()
	ctx := context.Background()
	e := &koppel.Enterprise{
		KBO: kboA, Name: "De Fictieve Poetsploeg vzw",
		Recognitions: []koppel.Recognition{
			{Form: koppel.Maatwerkbedrijf, Number: "MWB-77", ValidFrom: koppel.NewDate(2019, 3, 1), ValidTo: koppel.NewDate(2028, 2, 29)},
			{Form: koppel.Arbeidszorg, Number: "AZ-3", ValidFrom: koppel.NewDate(2022, 1, 1), ValidTo: koppel.NewDate(2026, 12, 31)},
		},
		Address:              koppel.Address{Street: "Kerkstraat 1", Postcode: "2000"},
		ServiceArea:          koppel.ServiceArea{RadiusKm: 25, Municipalities: []string{"Antwerpen", "Mechelen"}, Provinces: []string{"Limburg"}},
		Contact:              koppel.Contact{Email: "info@poetsploeg.be", Phone: "032251234", Website: "https://poetsploeg.be"},
		FTETotal:             ptr(18.5),
		FTETarget:            ptr(12.25),
		PublicServiceMission: ptr(true),
		Languages:            []string{"nl", "en"},
		Certifications:       []string{"VCA"},
		Description:          "Poetsen en strijken.",
	}
	if err := e.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	offs := func(yield func(*koppel.Offering, error) bool) {
		for i := range n {
			o := &koppel.Offering{ID: fmt.Sprintf("S%03d", i), Enterprise: kboA, Title: fmt.Sprintf("Dienst %d", i),
				Description: "Omschrijving", Category: "was-strijk", CPV: []koppel.CPV{"98310000", "98311000"},
				ServiceArea: koppel.ServiceArea{RadiusKm: 7.5, Municipalities: []string{"Luik", "Gent"}, Provinces: []string{"Namen"}},
				Capacity:    2.5, Unit: "kg", Price: ptr(float64(i) + 0.99), LeadTime: "1 week",
				Keywords: []string{"strijk", "was"}, Languages: []string{"nl", "fr"}}
			if !yield(o, nil) {
				return
			}
		}
	}
	if _, err := f.st.ReplaceCatalogue(ctx, e, offs, "replace"); err != nil {
		t.Fatal(err)
	}
}

func exportCatalogue(t *testing.T, f *fixture, identity string, kbo koppel.KBO) []byte {
	t.Helper()
	resp, body := f.do(t, identity, "GET", "/api/v1/enterprises/"+string(kbo)+"/catalogue.xlsx", "", "")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("export = %d %s: %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	return []byte(body)
}

func uploadReport(t *testing.T, f *fixture, identity, mode string, data []byte) koppel.ImportReport {
	t.Helper()
	resp, body := upload(t, f, identity, "/api/v1/enterprises/"+string(kboA)+"/catalogue?mode="+mode, "aanbod.xlsx", data)
	var rep koppel.ImportReport
	if err := json.Unmarshal([]byte(body), &rep); err != nil || resp.StatusCode != 200 {
		t.Fatalf("upload = %d %s", resp.StatusCode, body)
	}
	return rep
}

// TestCatalogueExportRoundTrip downloads the catalogue and uploads it again:
// unchanged, every row is unchanged and so is the profile; with one cell
// edited, one offering is updated.
func TestCatalogueExportRoundTrip(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	const n = 40
	putRichCatalogue(t, f, n)
	before := apiCatalogue(t, f, kboA)
	data := exportCatalogue(t, f, "supplierA", kboA)
	for _, mode := range []string{"replace", "merge"} {
		rep := uploadReport(t, f, "supplierA", mode, data)
		if rep.Status != "imported" || rep.Rows != n || rep.Unchanged != n || rep.Created+rep.Updated+rep.Removed+rep.Rejected != 0 ||
			rep.Profile != "unchanged" || len(rep.Problems) != 0 {
			t.Errorf("%s of the unchanged export: report %+v, want %d unchanged rows and an unchanged profile", mode, rep, n)
		}
		if diff := cmp.Diff(before, apiCatalogue(t, f, kboA)); diff != "" {
			t.Errorf("%s of the unchanged export changed the catalogue (-before +after):\n%s", mode, diff)
		}
	}

	x, err := excelize.OpenReader(bytes.NewReader(exportCatalogue(t, f, "admin", kboA)))
	if err != nil {
		t.Fatal(err)
	}
	if err := x.SetCellStr("Aanbod", "B5", "Strijken van werkkledij"); err != nil {
		t.Fatal(err)
	}
	var edited bytes.Buffer
	if err := x.Write(&edited); err != nil {
		t.Fatal(err)
	}
	rep := uploadReport(t, f, "supplierA", "replace", edited.Bytes())
	if rep.Updated != 1 || rep.Unchanged != n-1 || rep.Created+rep.Removed+rep.Rejected != 0 || rep.Profile != "unchanged" {
		t.Errorf("upload with one cell edited: report %+v, want 1 updated", rep)
	}
	o, err := f.st.FindOffering(context.Background(), kboA, "S003")
	if err != nil || o.Title != "Strijken van werkkledij" {
		t.Errorf("S003 = %+v, %v; want the edited title", o, err)
	}
}

func TestCatalogueExportAccess(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tt := range []struct {
		identity string
		kbo      koppel.KBO
		want     int
	}{
		{"supplierA", kboA, 200},
		{"supplierB", kboA, 403},
		{"buyerA", kboA, 403},
		{"anonymous", kboA, 401},
		{"admin", "0203201340", 404},
		{"admin", "123", 400},
	} {
		resp, body := f.do(t, tt.identity, "GET", "/api/v1/enterprises/"+string(tt.kbo)+"/catalogue.xlsx", "", "")
		if resp.StatusCode != tt.want {
			t.Errorf("%s exporting %s: %d, want %d (%.200s)", tt.identity, tt.kbo, resp.StatusCode, tt.want, body)
		}
		if tt.want != 200 && resp.Header.Get("Content-Disposition") != "" {
			t.Errorf("%s exporting %s: an error answer with Content-Disposition", tt.identity, tt.kbo)
		}
	}
}

// The routes of catalogue export and undo in the authorization matrix.
func init() {
	matrix["GET /api/v1/enterprises/:kbo/catalogue.xlsx"] = matrixCase{path: "/api/v1/enterprises/" + string(kboA) + "/catalogue.xlsx", want: statuses(401, 200, 403, 403, 403, 200)}
}
