package demo_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"koppel"
	"koppel/demo"
	"koppel/importers"
	"koppel/refdata"
)

// TestGenerateSpendCSV reads the demo spend file as an upload: the same
// file for the same options, one row reported (the one without a date),
// and purchases from the directory by number and by name only.
func TestGenerateSpendCSV(t *testing.T) {
	o := demo.DefaultOptions()
	var dir []*koppel.Enterprise
	demo.Stream(o, func(e *koppel.Enterprise, _ []*koppel.Offering) error {
		if len(dir) < 40 {
			dir = append(dir, e)
		}
		return nil
	})
	data := demo.GenerateSpendCSV(o, dir)
	if !bytes.Equal(data, demo.GenerateSpendCSV(o, dir)) {
		t.Fatal("same options, different files")
	}
	f, err := importers.ReadSpend(context.Background(), refdata.Load(), "aankopen-demo.csv", bytes.NewReader(data), importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Rows != 400 || f.Rejected != 1 || len(f.Problems) != 1 || f.Problems[0].Column != "Factuurdatum (D)" {
		t.Errorf("rows %d, rejected %d, problems %+v; want 400, 1 and the missing date", f.Rows, f.Rejected, f.Problems)
	}
	known := map[koppel.KBO]bool{}
	names := map[string]bool{}
	for _, e := range dir {
		known[e.KBO] = true
		names[koppel.SupplierKey(e.Name)] = true
	}
	byKBO, byName := 0, 0
	for _, p := range f.Purchases {
		switch {
		case known[p.KBO]:
			byKBO++
		case p.KBO == "" && names[koppel.SupplierKey(p.Supplier)]:
			byName++
		}
	}
	if byKBO < 20 || byName < 20 {
		t.Errorf("%d purchases from the directory by number, %d by name; want both", byKBO, byName)
	}
}

// TestSpendSupplierNamesOneLegalForm checks that the names the demo spend
// file writes for enterprises of the directory carry at most one legal
// form ("… VZW VZW" and "… CV VZW" were written before), and still fold
// to the enterprise's name.
func TestSpendSupplierNamesOneLegalForm(t *testing.T) {
	o := demo.DefaultOptions()
	var dir []*koppel.Enterprise
	demo.Stream(o, func(e *koppel.Enterprise, _ []*koppel.Offering) error {
		dir = append(dir, e)
		return nil
	})
	f, err := importers.ReadSpend(context.Background(), refdata.Load(), "aankopen-demo.csv", bytes.NewReader(demo.GenerateSpendCSV(o, dir)), importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range dir {
		names[koppel.SupplierKey(e.Name)] = true
	}
	byName := 0
	for _, p := range f.Purchases {
		if p.KBO != "" || !names[koppel.SupplierKey(p.Supplier)] {
			continue
		}
		byName++
		forms := 0
		for _, w := range strings.Fields(p.Supplier) {
			if koppel.SupplierKey("x "+w) == "x" {
				forms++
			}
		}
		if forms > 1 {
			t.Errorf("supplier %q has %d legal forms", p.Supplier, forms)
		}
	}
	if byName == 0 {
		t.Error("no purchase by name only")
	}
}
