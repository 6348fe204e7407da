package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

func TestOfferingRoundTrip(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	e := testEnterprise(1)
	if err := s.PutEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
	o := testOffering(e.KBO, "SCH-01")
	if err := s.PutOffering(ctx, o); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindOffering(ctx, e.KBO, "SCH-01")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(o, got, dateCmp); diff != "" {
		t.Errorf("offering mismatch (-want +got):\n%s", diff)
	}
	o2 := testOffering(e.KBO, "GRN-01")
	if err := s.PutOffering(ctx, o2); err != nil {
		t.Fatal(err)
	}
	list, err := s.FindOfferingsByEnterprise(ctx, e.KBO)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*koppel.Offering{o2, o}, list, dateCmp); diff != "" {
		t.Errorf("offerings mismatch (-want +got):\n%s", diff)
	}
	if err := s.DeleteOffering(ctx, e.KBO, "SCH-01"); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindOffering(ctx, e.KBO, "SCH-01")
	wantCode(t, err, koppel.ENOTFOUND)
	wantCode(t, s.DeleteOffering(ctx, e.KBO, "SCH-01"), koppel.ENOTFOUND)
}

func TestOfferingErrors(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	_, err := s.FindOffering(ctx, testKBO(1), "x")
	wantCode(t, err, koppel.ENOTFOUND)
	wantCode(t, s.DeleteOffering(ctx, testKBO(1), "x"), koppel.ENOTFOUND)
	wantCode(t, s.PutOffering(ctx, testOffering(testKBO(1), "x")), koppel.ENOTFOUND)
	wantCode(t, s.PutOffering(ctx, testOffering(testKBO(1), "")), koppel.EINVALID)
	wantCode(t, s.PutOffering(ctx, testOffering("", "x")), koppel.EINVALID)
	_, err = s.FindOffering(ctx, testKBO(1), "")
	wantCode(t, err, koppel.EINVALID)
	// A write refused by the store queues no index change.
	if n := s.OutboxLen(); n != 0 {
		t.Errorf("got %d outbox entries after refused writes, want 0", n)
	}
	if seq := s.OutboxSeq(); seq != 0 {
		t.Errorf("got outbox sequence %d after refused writes, want 0", seq)
	}
}

func TestForEachOffering(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	var want []string
	for i := range 3 {
		e := testEnterprise(i)
		if err := s.PutEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"a", "b", "c"}[:i+1] {
			if err := s.PutOffering(ctx, testOffering(e.KBO, id)); err != nil {
				t.Fatal(err)
			}
			want = append(want, string(e.KBO)+"/"+id)
		}
	}
	// An old generation of enterprise 0 left by a replace must not show.
	if _, err := s.ReplaceCatalogue(ctx, testEnterprise(0), offeringSeq(testOffering(testKBO(0), "a")), "replace"); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := s.ForEachOffering(ctx, func(o *koppel.Offering) error {
		got = append(got, o.Key())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, dateCmp); diff != "" {
		t.Errorf("offerings mismatch (-want +got):\n%s", diff)
	}
	if n, err := s.CountOfferings(ctx); err != nil || n != len(want) {
		t.Errorf("got count %d (err %v), want %d", n, err, len(want))
	}
	stop := errors.New("stop")
	n := 0
	err = s.ForEachOffering(ctx, func(*koppel.Offering) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("got %d calls and error %v, want 1 call and the callback's error", n, err)
	}
}
