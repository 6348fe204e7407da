package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/store"
)

// mustOpen opens a store in a new temporary directory and closes it when
// the test ends.
func mustOpen(t *testing.T) *store.Store {
	t.Helper()
	return mustOpenDir(t, t.TempDir())
}

// mustOpenDir opens the store in dir and closes it when the test ends.
func mustOpenDir(t *testing.T, dir string) *store.Store {
	t.Helper()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

// testKBO returns the i-th valid company number.
func testKBO(i int) koppel.KBO {
	f := 2000000 + i
	return koppel.KBO(fmt.Sprintf("%08d%02d", f, koppel.KBOCheckDigits(f)))
}

var t0 = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

func fptr(f float64) *float64 { return &f }

func testEnterprise(i int) *koppel.Enterprise {
	return &koppel.Enterprise{
		KBO:  testKBO(i),
		Name: fmt.Sprintf("Maatwerkbedrijf %d", i),
		Recognitions: []koppel.Recognition{{
			Form: koppel.Maatwerkbedrijf, Number: "MWB-12", ValidFrom: koppel.NewDate(2020, 1, 1),
		}},
		Address: koppel.Address{Street: "Kerkstraat 1", Postcode: "9000", City: "Gent", Place: &koppel.Place{
			Postcode: "9000", Name: "Gent", Municipality: "Gent", Province: "Oost-Vlaanderen", Region: "Vlaanderen", Lat: 51.05, Lon: 3.72,
		}},
		ServiceArea: koppel.ServiceArea{RadiusKm: 30},
		Contact:     koppel.Contact{Email: "info@example.be"},
		FTETotal:    fptr(100),
		FTETarget:   fptr(70),
		Languages:   []string{"nl", "fr"},
		CreatedAt:   t0,
		UpdatedAt:   t0,
	}
}

func testOffering(kbo koppel.KBO, id string) *koppel.Offering {
	return &koppel.Offering{
		ID: id, Enterprise: kbo, Title: "Schoonmaak van schoolgebouwen " + id,
		Category: "schoonmaak", CPV: []koppel.CPV{"90911200"}, Capacity: 3, Unit: "VTE",
		Price: fptr(32.5), Keywords: []string{"poetsen"}, UpdatedAt: t0,
	}
}

func testTender(id, notice string) *koppel.Tender {
	return &koppel.Tender{
		ID: id, Buyer: koppel.Buyer{Name: "Stad Gent", LegalType: "la", Postcode: "9000"},
		Title: "Schoonmaak scholen " + id,
		Lots: []koppel.Lot{{ID: "1", Title: "Perceel 1", CPV: []koppel.CPV{"90919200"}, Postcode: "9000",
			Start: koppel.NewDate(2026, 9, 1), End: koppel.NewDate(2027, 8, 31), VolumeFTE: 2,
			Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS}}}},
		Deadline: koppel.NewDate(2026, 6, 1), Status: koppel.TenderPublished,
		Source:    koppel.TenderSource{Kind: "eforms", NoticeID: notice},
		Owner:     "stad-gent",
		CreatedAt: t0, UpdatedAt: t0,
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := koppel.ErrorCode(err); got != code {
		t.Fatalf("got error %v (code %q), want code %q", err, got, code)
	}
}

func TestOpenLocked(t *testing.T) {
	dir := t.TempDir()
	mustOpenDir(t, dir)
	// Badger's flock is per open file description, so a second Open in the
	// same process sees the lock as another process would.
	s, err := store.Open(dir, store.Options{})
	if err == nil {
		s.Close()
		t.Fatal("second open succeeded, want ELOCKED")
	}
	wantCode(t, err, koppel.ELOCKED)
	msg := koppel.ErrorMessage(err)
	if !strings.Contains(msg, dir) || !strings.Contains(msg, "in use by another running koppel") {
		t.Errorf("got message %q, want it to name %q and say it is in use", msg, dir)
	}
}

func TestOpenBadDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(filepath.Join(file, "data"), store.Options{})
	wantCode(t, err, koppel.EINVALID)
	if !strings.Contains(koppel.ErrorMessage(err), file) {
		t.Errorf("got message %q, want it to name the directory", koppel.ErrorMessage(err))
	}
	_, err = store.Open("", store.Options{})
	wantCode(t, err, koppel.EINVALID)
}

func TestSchemaVersion(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// The version written by Open.
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte("meta/schema"))
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if string(v) != "1" {
			t.Errorf("got schema version %q, want %q", v, "1")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A newer koppel wrote the store.
	if err := db.Update(func(txn *badger.Txn) error { return txn.Set([]byte("meta/schema"), []byte("2")) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(dir, store.Options{})
	if err == nil {
		s.Close()
		t.Fatal("open of a newer store succeeded")
	}
	wantCode(t, err, koppel.EINVALID)
	if msg := koppel.ErrorMessage(err); !strings.Contains(msg, "newer koppel") {
		t.Errorf("got message %q, want it to say a newer koppel wrote it", msg)
	}
}

func TestInMemory(t *testing.T) {
	s, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.PutEnterprise(ctx, testEnterprise(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindEnterpriseByKBO(ctx, testKBO(1)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestCanceledContext(t *testing.T) {
	s := mustOpen(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.PutEnterprise(ctx, testEnterprise(1)); err == nil {
		t.Error("put with a canceled context succeeded")
	}
	if _, err := s.FindEnterpriseByKBO(ctx, testKBO(1)); err == nil {
		t.Error("find with a canceled context succeeded")
	}
}

// dateCmp compares koppel.Date values, which cmp cannot look into: Date
// has an unexported field and no Equal method.
var dateCmp = cmp.Comparer(func(a, b koppel.Date) bool { return a.Time().Equal(b.Time()) })

func TestGCRunsAndStops(t *testing.T) {
	s, err := store.Open(t.TempDir(), store.Options{GCInterval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutEnterprise(context.Background(), testEnterprise(1)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
}
