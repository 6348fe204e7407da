package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

func spendFile(buyer string, n int, cents int64) *koppel.SpendFile {
	f := &koppel.SpendFile{Buyer: buyer, File: fmt.Sprintf("%d.xlsx", n), Rows: n, Problems: []koppel.Problem{}}
	for i := range n {
		f.Purchases = append(f.Purchases, koppel.Purchase{Row: i + 2, Supplier: fmt.Sprintf("Leverancier %d", i), Cents: cents, Date: koppel.NewDate(2025, 1, 1+i%28)})
	}
	return f
}

// TestSpendFileReplace stores a file of several chunks, replaces it by a
// smaller one and checks that only the new one is read back, and that
// buyers do not see each other's.
func TestSpendFileReplace(t *testing.T) {
	st := mustOpen(t)
	ctx := context.Background()
	if _, err := st.FindSpendFile(ctx, "Stad A"); koppel.ErrorCode(err) != koppel.ENOTFOUND {
		t.Fatalf("before upload: got %v, want ENOTFOUND", err)
	}
	big := spendFile("Stad A", 4500, 100)
	if err := st.ReplaceSpendFile(ctx, big); err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceSpendFile(ctx, spendFile("Gemeente B", 3, 7)); err != nil {
		t.Fatal(err)
	}
	got, err := st.FindSpendFile(ctx, "Stad A")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(big, got, cmp.AllowUnexported(koppel.Date{})); diff != "" {
		t.Fatalf("read back (-want +got):\n%s", diff)
	}
	small := spendFile("Stad A", 10, 250)
	if err := st.ReplaceSpendFile(ctx, small); err != nil {
		t.Fatal(err)
	}
	got, err = st.FindSpendFile(ctx, "Stad A")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Purchases) != 10 || got.File != "10.xlsx" || got.Purchases[9].Cents != 250 {
		t.Errorf("after replace: %d purchases of %s, want the 10 of the new file", len(got.Purchases), got.File)
	}
	if b, err := st.FindSpendFile(ctx, "Gemeente B"); err != nil || len(b.Purchases) != 3 {
		t.Errorf("other buyer: %v, %v", b, err)
	}
	// An empty file replaces too.
	if err := st.ReplaceSpendFile(ctx, &koppel.SpendFile{Buyer: "Stad A", File: "leeg.csv"}); err != nil {
		t.Fatal(err)
	}
	if got, err := st.FindSpendFile(ctx, "Stad A"); err != nil || len(got.Purchases) != 0 || got.File != "leeg.csv" {
		t.Errorf("empty file: %+v, %v", got, err)
	}
	if err := st.ReplaceSpendFile(ctx, &koppel.SpendFile{}); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("no buyer: got %v, want EINVALID", err)
	}
}

// TestSpendFileReplaceConcurrent reads while files are replaced: every
// read is one whole file, never a mix of two.
func TestSpendFileReplaceConcurrent(t *testing.T) {
	st := mustOpen(t)
	ctx := context.Background()
	if err := st.ReplaceSpendFile(ctx, spendFile("Stad A", 5000, 1)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := st.ReplaceSpendFile(ctx, spendFile("Stad A", 2500+i*1000, int64(i+2))); err != nil {
				t.Error(err)
			}
		}()
	}
	for range 20 {
		f, err := st.FindSpendFile(ctx, "Stad A")
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Purchases) != f.Rows {
			t.Fatalf("read %d purchases of a file of %d rows", len(f.Purchases), f.Rows)
		}
		for _, p := range f.Purchases {
			if p.Cents != f.Purchases[0].Cents {
				t.Fatalf("a mix of two files: %d and %d cents", p.Cents, f.Purchases[0].Cents)
			}
		}
	}
	wg.Wait()
}

// TestSupplierLinks keeps a buyer's decisions: a confirmation replaces
// the previous confirmation of the same name, a rejection is kept beside
// it, and targets are checked.
func TestSupplierLinks(t *testing.T) {
	st := mustOpen(t)
	ctx := context.Background()
	put := func(name string, kbo koppel.KBO, d koppel.LinkDecision) error {
		return st.PutSupplierLink(ctx, "Stad A", koppel.SupplierLink{Name: name, KBO: kbo, Decision: d})
	}
	if err := put("kringwinkel", "0123456749", koppel.LinkConfirmed); err != nil {
		t.Fatal(err)
	}
	if err := put("kringwinkel", "0400040767", koppel.LinkConfirmed); err != nil {
		t.Fatal(err)
	}
	if err := put("kringwinkel", "0123.456.749", koppel.LinkRejected); err != nil {
		t.Fatal(err)
	}
	if err := put("intro", "0400040767", koppel.LinkRejected); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []error{put("", "0123456749", koppel.LinkConfirmed), put("x", "0123456748", koppel.LinkConfirmed), put("x", "0123456749", "maybe")} {
		if koppel.ErrorCode(bad) != koppel.EINVALID {
			t.Errorf("got %v, want EINVALID", bad)
		}
	}
	links, err := st.FindSupplierLinks(ctx, "Stad A")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]koppel.LinkDecision{}
	for _, l := range links {
		got[l.Name+" "+string(l.KBO)] = l.Decision
	}
	want := map[string]koppel.LinkDecision{
		"kringwinkel 0400040767": koppel.LinkConfirmed,
		"kringwinkel 0123456749": koppel.LinkRejected,
		"intro 0400040767":       koppel.LinkRejected,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
	if other, _ := st.FindSupplierLinks(ctx, "Gemeente B"); len(other) != 0 {
		t.Errorf("other buyer sees %+v", other)
	}

	if v, err := st.FindSpendTarget(ctx, "Stad A"); err != nil || v != 0 {
		t.Errorf("target before = %v, %v; want 0", v, err)
	}
	if err := st.PutSpendTarget(ctx, "Stad A", 12.5); err != nil {
		t.Fatal(err)
	}
	if v, _ := st.FindSpendTarget(ctx, "Stad A"); v != 12.5 {
		t.Errorf("target = %v, want 12.5", v)
	}
	if err := st.PutSpendTarget(ctx, "Stad A", 101); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("101 %%: got %v, want EINVALID", err)
	}
}
