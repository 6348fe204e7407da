package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/refdata"
)

func testInternship(t *testing.T, id, owner string, work koppel.InternshipWork) *koppel.Internship {
	t.Helper()
	in := &koppel.Internship{ID: id, Owner: owner, Host: owner, Title: "Stage " + id, Work: work, Address: koppel.Address{Postcode: "9000"},
		Start: koppel.NewDate(2027, 2, 1), End: koppel.NewDate(2027, 4, 30), Places: 2, Contact: koppel.InternshipContact{Email: "stage@school.example"}}
	if err := in.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	return in
}

func TestInternshipRoundTrip(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	in := testInternship(t, "S-1", "Basisschool De Linde", "poetsen")
	if err := s.PutInternship(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindInternshipByID(ctx, "S-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, got, dateCmp); diff != "" {
		t.Errorf("internship mismatch (-want +got):\n%s", diff)
	}
	_, err = s.FindInternshipByID(ctx, "S-9")
	wantCode(t, err, koppel.ENOTFOUND)
	_, err = s.UpdateInternship(ctx, "S-9", func(*koppel.Internship) error { return nil })
	wantCode(t, err, koppel.ENOTFOUND)
	wantCode(t, s.PutInternship(ctx, &koppel.Internship{}), koppel.EINVALID)

	// An error of fn stores nothing.
	_, err = s.UpdateInternship(ctx, "S-1", func(in *koppel.Internship) error {
		in.Filled = 2
		return koppel.Errorf(koppel.ECONFLICT, "nee")
	})
	wantCode(t, err, koppel.ECONFLICT)
	if got, _ := s.FindInternshipByID(ctx, "S-1"); got.Filled != 0 {
		t.Errorf("filled %d after a failed update, want 0", got.Filled)
	}
}

// TestInternshipConcurrentInterest: enterprises that register interest at
// the same time are all kept (read-modify-write in one transaction).
func TestInternshipConcurrentInterest(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	if err := s.PutInternship(ctx, testInternship(t, "S-1", "Stad Gent", "groen")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			_, err := s.UpdateInternship(ctx, "S-1", func(in *koppel.Internship) error {
				in.Interests = append(in.Interests, koppel.InternshipInterest{Enterprise: testKBO(i), Name: fmt.Sprint("LDE ", i), At: time.Now()})
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := s.FindInternshipByID(ctx, "S-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Interests) != 20 {
		t.Errorf("%d interests kept, want 20", len(got.Interests))
	}
}

func TestFindInternships(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	for i, x := range []struct {
		owner string
		work  koppel.InternshipWork
		st    koppel.InternshipStatus
	}{{"Stad Gent", "groen", koppel.InternshipOpen}, {"Basisschool De Linde", "poetsen", koppel.InternshipOpen}, {"Stad Gent", "poetsen", koppel.InternshipClosed}} {
		in := testInternship(t, fmt.Sprint("S-", i), x.owner, x.work)
		in.Status = x.st
		in.CreatedAt = t0.Add(time.Duration(i) * time.Hour)
		if err := s.PutInternship(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	for name, tt := range map[string]struct {
		f    koppel.InternshipFilter
		want []string
	}{
		"all, newest first": {koppel.InternshipFilter{}, []string{"S-2", "S-1", "S-0"}},
		"open":              {koppel.InternshipFilter{Status: koppel.InternshipOpen}, []string{"S-1", "S-0"}},
		"owner":             {koppel.InternshipFilter{Owner: "Stad Gent"}, []string{"S-2", "S-0"}},
		"work":              {koppel.InternshipFilter{Work: "poetsen", Status: koppel.InternshipOpen}, []string{"S-1"}},
	} {
		list, err := s.FindInternships(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, in := range list {
			got = append(got, in.ID)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}
