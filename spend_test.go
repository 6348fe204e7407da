package koppel_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

func TestSupplierKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"De Kringwinkel vzw", "de kringwinkel"},
		{"VZW De Kringwinkel", "de kringwinkel"},
		{"de kringwinkel v.z.w.", "de kringwinkel"},
		{"DE KRINGWINKEL, VZW", "de kringwinkel"},
		{"Groep Intro B.V.B.A.", "groep intro"},
		{"Coopérative Été SCRL", "cooperative ete"},
		{"Werkplaats 't Atelier cv", "werkplaats t atelier"},
		{"Ateliers Réunis S.A.", "ateliers reunis"},
		{"nv", "nv"},
		{"J.M. Peeters BV", "jm peeters"},
	}
	for _, tt := range tests {
		if got := koppel.SupplierKey(tt.in); got != tt.want {
			t.Errorf("SupplierKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLinkAndAnalyzeSpend links a small file — by company number, by a
// confirmed name, a proposal, a rejected one and an unknown supplier —
// and checks the shares per year, work form and category.
func TestLinkAndAnalyzeSpend(t *testing.T) {
	mwb := &koppel.SpendSupplier{KBO: "0123456749", Name: "De Kringwinkel vzw",
		Recognitions: []koppel.Recognition{{Form: koppel.Maatwerkbedrijf, ValidFrom: koppel.NewDate(2025, 1, 1)}},
		Categories:   []koppel.Category{"kringloop", "schoonmaak"}}
	lde := &koppel.SpendSupplier{KBO: "0400040767", Name: "Groep Intro",
		Recognitions: []koppel.Recognition{{Form: koppel.LokaleDiensteneconomie}}}
	other := &koppel.SpendSupplier{KBO: "0202239951", Name: "Groep Intro BV"}
	dir := koppel.SpendLinks{
		ByKBO:  map[koppel.KBO]*koppel.SpendSupplier{mwb.KBO: mwb, lde.KBO: lde, other.KBO: other},
		ByName: map[string][]*koppel.SpendSupplier{"groep intro": {lde, other}, "de kringwinkel": {mwb}},
	}
	d := koppel.NewDate
	ps := []koppel.Purchase{
		{Row: 2, KBO: mwb.KBO, Cents: 10000, Date: d(2025, 3, 1), CPV: []koppel.CPV{"90911200"}}, // MWB, schoonmaak by its CPV
		{Row: 3, KBO: mwb.KBO, Cents: 5000, Date: d(2024, 6, 1)},                                 // before its recognition: not social
		{Row: 4, Supplier: "GROEP INTRO vzw", Cents: 20000, Date: d(2025, 4, 1)},                 // proposed twice: lde and other
		{Row: 5, Supplier: "De Kringwinkel", Cents: 30000, Date: d(2025, 5, 1)},                  // confirmed: MWB, main category
		{Row: 6, Supplier: "Bakkerij Peeters", Cents: 35000, Date: d(2025, 5, 2)},                // nobody
		{Row: 7, KBO: "0202239951", Cents: 1000, Date: d(2025, 5, 3)},                            // in the directory, no work form
	}
	decisions := []koppel.SupplierLink{
		{Name: "de kringwinkel", KBO: mwb.KBO, Decision: koppel.LinkConfirmed},
		{Name: "groep intro", KBO: other.KBO, Decision: koppel.LinkRejected},
	}
	lines, props := koppel.LinkSpend(ps, dir, decisions)
	if len(props) != 1 || props[0].Candidate != lde || props[0].Name != "GROEP INTRO vzw" || props[0].Cents != 20000 {
		t.Fatalf("proposals %+v, want Groep Intro (LDE) once", props)
	}
	type lineSum struct {
		How      koppel.LinkHow
		Social   bool
		Form     koppel.WorkForm
		Category koppel.Category
	}
	var got []lineSum
	for _, l := range lines {
		got = append(got, lineSum{l.How, l.Social, l.Form, l.Category})
	}
	want := []lineSum{
		{koppel.LinkedByKBO, true, koppel.Maatwerkbedrijf, "schoonmaak"},
		{koppel.LinkedByKBO, false, "", ""},
		{koppel.NotLinked, false, "", ""},
		{koppel.LinkedByConfirmed, true, koppel.Maatwerkbedrijf, "kringloop"},
		{koppel.NotLinked, false, "", ""},
		{koppel.LinkedByKBO, false, "", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("lines (-want +got):\n%s", diff)
	}

	// Confirm the proposal: Groep Intro counts, with no category.
	decisions = append(decisions, koppel.SupplierLink{Name: "groep intro", KBO: lde.KBO, Decision: koppel.LinkConfirmed})
	lines, props = koppel.LinkSpend(ps, dir, decisions)
	if len(props) != 0 {
		t.Errorf("proposals after confirming: %+v", props)
	}
	a := koppel.AnalyzeSpend(lines, 2025, 10)
	if a.All.Total != 101000 || a.All.Social != 60000 || a.All.Purchases != 3 {
		t.Errorf("all = %+v", a.All)
	}
	years := map[string][2]int64{}
	for _, y := range a.Years {
		years[y.Key] = [2]int64{y.Social, y.Total}
	}
	if diff := cmp.Diff(map[string][2]int64{"2024": {0, 5000}, "2025": {60000, 96000}}, years); diff != "" {
		t.Errorf("years (-want +got):\n%s", diff)
	}
	forms := map[string]float64{}
	for _, f := range a.Forms {
		forms[f.Key] = f.Share
		if f.Total != 96000 {
			t.Errorf("form %s total %d, want the 2025 spend 96000", f.Key, f.Total)
		}
	}
	if diff := cmp.Diff(map[string]float64{"maatwerkbedrijf": 40000.0 / 96000, "lde": 20000.0 / 96000}, forms); diff != "" {
		t.Errorf("forms (-want +got):\n%s", diff)
	}
	var cats []string
	for _, c := range a.Categories {
		cats = append(cats, c.Label)
	}
	if diff := cmp.Diff([]string{"Schoonmaak & poetsen", "Kringloop & hergebruik", "Zonder categorie"}, cats); diff != "" {
		t.Errorf("categories (-want +got):\n%s", diff)
	}
	// The list behind the LDE figure is the one purchase of Groep Intro.
	n := 0
	for i := range lines {
		if a.Forms[1].Selection.Matches(&lines[i]) {
			n++
			if lines[i].Row != 4 {
				t.Errorf("LDE list has row %d", lines[i].Row)
			}
		}
	}
	if n != 1 || a.Forms[1].Key != "lde" {
		t.Errorf("LDE list has %d purchases (figure %+v)", n, a.Forms[1])
	}
}

// FuzzSupplierKey: folding a folded name changes nothing, so that a key
// stored with a decision is found again.
func FuzzSupplierKey(f *testing.F) {
	for _, s := range []string{"De Kringwinkel v.z.w.", "VZW", "a.b.c", "Coopérative Été SCRL", " . . ", "nv sa"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := koppel.SupplierKey(s)
		if k2 := koppel.SupplierKey(k); k2 != k {
			t.Errorf("SupplierKey(%q) = %q, and again %q", s, k, k2)
		}
	})
}
