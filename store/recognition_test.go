package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"koppel"
	"koppel/store"
)

func register(file string, n int) *koppel.RecognitionRegister {
	reg := &koppel.RecognitionRegister{File: file, ImportedAt: time.Now().UTC().Truncate(time.Second), Rows: n}
	for i := range n {
		reg.Entries = append(reg.Entries, koppel.RegisteredRecognition{
			KBO: testKBO(i), Form: koppel.Maatwerkbedrijf, Number: fmt.Sprintf("%s-%d", file, i),
			ValidFrom: koppel.NewDate(2020, 1, 1), ValidTo: koppel.NewDate(2030, 12, 31), Source: "Departement WSE",
		})
	}
	return reg
}

// wholeRegister checks that reg is exactly one of the registers written:
// its file name decides which, and every entry must belong to it.
func wholeRegister(reg *koppel.RecognitionRegister, sizes map[string]int) error {
	n, ok := sizes[reg.File]
	if !ok {
		return fmt.Errorf("register %q was never written", reg.File)
	}
	if len(reg.Entries) != n {
		return fmt.Errorf("register %q has %d entries, want %d", reg.File, len(reg.Entries), n)
	}
	for _, e := range reg.Entries {
		if len(e.Number) <= len(reg.File) || e.Number[:len(reg.File)] != reg.File {
			return fmt.Errorf("register %q holds entry %s of another register", reg.File, e.Number)
		}
	}
	return nil
}

// TestRecognitionRegisterReplace: a new register replaces the old one
// whole, also across a restart; an empty store has an empty register.
func TestRecognitionRegisterReplace(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := s.RecognitionRegister(ctx)
	if err != nil || !reg.ImportedAt.IsZero() || len(reg.Entries) != 0 {
		t.Fatalf("empty store: got %+v, %v, want an empty register", reg, err)
	}
	if err := s.ReplaceRecognitionRegister(ctx, register("a", 300)); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceRecognitionRegister(ctx, register("b", 5)); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.ReplaceRecognitionRegister(cancelled, register("c", 7)); err == nil {
		t.Errorf("a cancelled replace succeeded")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = mustOpenDir(t, dir)
	reg, err = s.RecognitionRegister(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := wholeRegister(reg, map[string]int{"b": 5}); err != nil {
		t.Error(err)
	}
	if got := reg.For(testKBO(3)); len(got) != 1 || got[0].Number != "b-3" {
		t.Errorf("For(%s) = %+v, want b-3", testKBO(3), got)
	}
	if got := reg.For(testKBO(100)); len(got) != 0 {
		t.Errorf("an enterprise of the replaced register is still in it: %+v", got)
	}
}

// TestRecognitionRegisterReplaceIsAtomic: readers running while registers
// of different sizes replace each other always see one whole register.
func TestRecognitionRegisterReplaceIsAtomic(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	sizes := map[string]int{"a": 400, "b": 3}
	if err := s.ReplaceRecognitionRegister(ctx, register("a", sizes["a"])); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	done := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				reg, err := s.RecognitionRegister(ctx)
				if err == nil {
					err = wholeRegister(reg, sizes)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 40 {
		name := "ab"[i%2 : i%2+1]
		if err := s.ReplaceRecognitionRegister(ctx, register(name, sizes[name])); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
