package importers

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// exportFixture is a profile and offerings that use every field the
// importer reads, including the awkward values: decimals, several CPV
// codes, municipalities named like a province, several work forms with
// numbers and dates.
func exportFixture(t testing.TB) (*koppel.Enterprise, []*koppel.Offering) {
	t.Helper()
	ref := refdata.Load()
	e := &koppel.Enterprise{
		KBO: validKBO, Name: "De Poetsploeg vzw",
		Recognitions: []koppel.Recognition{
			{Form: koppel.Maatwerkbedrijf, Number: "MWB-123", ValidFrom: koppel.NewDate(2020, 1, 1), ValidTo: koppel.NewDate(2029, 12, 31)},
			{Form: koppel.LokaleDiensteneconomie, Number: "LDE-9", ValidFrom: koppel.NewDate(2021, 7, 1), ValidTo: koppel.NewDate(2027, 6, 30)},
		},
		Address:        koppel.Address{Street: "Stationsstraat 12", Postcode: "9000", City: "Gent"},
		ServiceArea:    koppel.ServiceArea{RadiusKm: 12.5, Municipalities: []string{"Merelbeke", "Antwerpen"}, Provinces: []string{"Oost-Vlaanderen", "Namen"}},
		Contact:        koppel.Contact{Email: "info@poetsploeg.be", Phone: "092251234", Website: "www.poetsploeg.be"},
		FTETotal:       ptr(42.75),
		FTETarget:      ptr(31.0),
		Languages:      []string{"nl", "fr", "sgn"},
		Certifications: []string{"VCA", "ISO 9001"},
		Description:    "Schoonmaak en groen\nmet doelgroepwerknemers.",
		// Written in an order of its own and by code: Validate puts them in
		// the list's order, which the export writes and reads back.
		TargetGroups:    []koppel.TargetGroup{koppel.TargetPsychosocial, "art. 60", koppel.TargetDisability},
		TransitionPaths: true,
	}
	if err := e.Validate(ref); err != nil {
		t.Fatal(err)
	}
	offs := []*koppel.Offering{
		{ID: "P-001", Enterprise: validKBO, Title: "Poetsen van klaslokalen", Description: "Na de schooluren; ook sanitair.",
			Category: "schoonmaak", CPV: []koppel.CPV{"90911200", "90919300", "09332000"},
			ServiceArea: koppel.ServiceArea{RadiusKm: 7.5, Municipalities: []string{"Gent", "Luik", "Brussel"}, Provinces: []string{"Antwerpen", "Limburg"}},
			Capacity:    3.5, Unit: "VTE", Price: ptr(32.75), LeadTime: "2 weken",
			Keywords: []string{"poetsen", "Schoonmaak", "scholen"}, Languages: []string{"nl", "fr", "en", "de"}},
		{ID: "0042", Enterprise: validKBO, Title: "Groenonderhoud", Category: "groenonderhoud", CPV: []koppel.CPV{"77310000"},
			Price: ptr(0.0)},
		{ID: "fiets", Enterprise: validKBO, Title: "=Fietspunt (geen formule)", Price: ptr(1250.5), Capacity: 120, Unit: "uur/week"},
	}
	return e, offs
}

func exportXLSX(t testing.TB, e *koppel.Enterprise, offs []*koppel.Offering) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := WriteCatalogue(&buf, refdata.Load(), e, func(fn func(*koppel.Offering) error) error {
		for _, o := range offs {
			if err := fn(o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteCatalogueRoundTrip(t *testing.T) {
	e, offs := exportFixture(t)
	data := exportXLSX(t, e, offs)
	res := mustRead(t, "export.xlsx", data, Options{KBO: validKBO})
	if len(res.problems) != 0 {
		t.Errorf("problems reading the export back: %+v", res.problems)
	}
	if diff := cmp.Diff(e, res.cat.Enterprise, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("profile changed by export and import (-exported +read):\n%s", diff)
	}
	if diff := cmp.Diff(offs, res.offerings, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("offerings changed by export and import (-exported +read):\n%s", diff)
	}
}

// TestWriteCatalogueKeepsTemplate checks that the export is the template:
// the Uitleg sheet, the dropdowns, the header; and no example row.
func TestWriteCatalogueKeepsTemplate(t *testing.T) {
	e, offs := exportFixture(t)
	f, err := excelize.OpenReader(bytes.NewReader(exportXLSX(t, e, offs)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{i18n.T(i18n.NL, "template.sheet_enterprise"), SheetOfferings, i18n.T(i18n.NL, "template.sheet_help"), i18n.T(i18n.NL, "template.sheet_lists")}; !cmp.Equal(got, want) {
		t.Errorf("sheets %v, want %v", got, want)
	}
	dvs, err := f.GetDataValidations(SheetOfferings)
	if err != nil {
		t.Fatal(err)
	}
	lists := 0
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists++
		}
	}
	if lists != 2 {
		t.Errorf("%d dropdowns on the Aanbod sheet, want 2 (Categorie, Talen)", lists)
	}
	rows, err := f.GetRows(SheetOfferings)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(offs) {
		t.Fatalf("%d rows on the Aanbod sheet, want the header and %d offerings", len(rows), len(offs))
	}
	if rows[0][0] != "Code" || rows[0][len(aanbodColumns)] != leadTimeHeader || rows[1][0] != "P-001" {
		t.Errorf("header %q, first row %q", rows[0], rows[1])
	}
	if v, _ := f.GetCellValue(i18n.T(i18n.NL, "template.sheet_enterprise"), "B2"); v != "0123.456.749" {
		t.Errorf("company number %q, want 0123.456.749", v)
	}
	if fm, _ := f.GetCellFormula(SheetOfferings, "B4"); fm != "" {
		t.Errorf("a title starting with = became the formula %q", fm)
	}
}

// TestWriteCatalogueEditOneCell changes one cell of the export; reading it
// back changes that offering only.
func TestWriteCatalogueEditOneCell(t *testing.T) {
	e, offs := exportFixture(t)
	f, err := excelize.OpenReader(bytes.NewReader(exportXLSX(t, e, offs)))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellFloat(SheetOfferings, "I2", 35.1, -1, 64); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res := mustRead(t, "bewerkt.xlsx", buf.Bytes(), Options{KBO: validKBO})
	want := offs
	want[0].Price = ptr(35.1)
	if diff := cmp.Diff(want, res.offerings, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// BenchmarkWriteCatalogue measures the export of a large catalogue; its
// allocations per offering stay flat as the catalogue grows (streaming).
func BenchmarkWriteCatalogue(b *testing.B) {
	e, offs := exportFixture(b)
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				var buf bytes.Buffer
				err := WriteCatalogue(&buf, refdata.Load(), e, func(fn func(*koppel.Offering) error) error {
					for i := range n {
						o := *offs[i%len(offs)]
						o.ID = fmt.Sprintf("o%06d", i)
						if err := fn(&o); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
