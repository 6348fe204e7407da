package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

func TestEnterpriseRoundTrip(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	e := testEnterprise(1)
	if err := s.PutEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindEnterpriseByKBO(ctx, e.KBO)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(e, got, dateCmp); diff != "" {
		t.Errorf("enterprise mismatch (-want +got):\n%s", diff)
	}

	// Replacing without timestamps keeps CreatedAt and sets UpdatedAt.
	e2 := testEnterprise(1)
	e2.Name = "Nieuwe naam"
	e2.CreatedAt, e2.UpdatedAt = time.Time{}, time.Time{}
	if err := s.PutEnterprise(ctx, e2); err != nil {
		t.Fatal(err)
	}
	got, err = s.FindEnterpriseByKBO(ctx, e.KBO)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Nieuwe naam" || !got.CreatedAt.Equal(t0) || !got.UpdatedAt.After(t0) {
		t.Errorf("got name %q created %v updated %v, want the new name, created %v and a later update", got.Name, got.CreatedAt, got.UpdatedAt, t0)
	}
}

func TestEnterpriseNotFound(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	_, err := s.FindEnterpriseByKBO(ctx, testKBO(9))
	wantCode(t, err, koppel.ENOTFOUND)
	wantCode(t, s.DeleteEnterprise(ctx, testKBO(9)), koppel.ENOTFOUND)
	_, err = s.FindOfferingsByEnterprise(ctx, testKBO(9))
	wantCode(t, err, koppel.ENOTFOUND)
	_, err = s.FindEnterpriseByKBO(ctx, "")
	wantCode(t, err, koppel.EINVALID)
	wantCode(t, s.PutEnterprise(ctx, &koppel.Enterprise{}), koppel.EINVALID)
}

func TestFindEnterprises(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	for i := range 7 {
		e := testEnterprise(i)
		if i%2 == 1 {
			e.Recognitions[0].Form = koppel.LokaleDiensteneconomie
		}
		if i == 6 {
			e.Address.Place.Province = "Antwerpen"
		}
		if i%3 == 0 {
			e.TargetGroups = []koppel.TargetGroup{koppel.TargetArt60, koppel.TargetPsychosocial}
			e.TransitionPaths = i > 0
		}
		if err := s.PutEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name      string
		f         koppel.EnterpriseFilter
		wantKBO   []koppel.KBO
		wantTotal int
	}{
		{"all", koppel.EnterpriseFilter{}, []koppel.KBO{testKBO(0), testKBO(1), testKBO(2), testKBO(3), testKBO(4), testKBO(5), testKBO(6)}, 7},
		{"page", koppel.EnterpriseFilter{Offset: 2, Limit: 2}, []koppel.KBO{testKBO(2), testKBO(3)}, 7},
		{"past the end", koppel.EnterpriseFilter{Offset: 10}, []koppel.KBO{}, 7},
		{"form", koppel.EnterpriseFilter{Form: koppel.LokaleDiensteneconomie}, []koppel.KBO{testKBO(1), testKBO(3), testKBO(5)}, 3},
		{"province", koppel.EnterpriseFilter{Province: "antwerpen"}, []koppel.KBO{testKBO(6)}, 1},
		{"form and province", koppel.EnterpriseFilter{Form: koppel.Maatwerkbedrijf, Province: "Oost-Vlaanderen", Limit: 1}, []koppel.KBO{testKBO(0)}, 3},
		{"target group", koppel.EnterpriseFilter{TargetGroup: koppel.TargetArt60}, []koppel.KBO{testKBO(0), testKBO(3), testKBO(6)}, 3},
		{"target group not declared", koppel.EnterpriseFilter{TargetGroup: koppel.TargetDisability}, []koppel.KBO{}, 0},
		{"transition paths", koppel.EnterpriseFilter{TransitionPaths: true}, []koppel.KBO{testKBO(3), testKBO(6)}, 2},
		{"transition paths and form", koppel.EnterpriseFilter{TransitionPaths: true, Form: koppel.LokaleDiensteneconomie}, []koppel.KBO{testKBO(3)}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := s.FindEnterprises(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			got := []koppel.KBO{}
			for _, e := range list {
				got = append(got, e.KBO)
			}
			if diff := cmp.Diff(tt.wantKBO, got, dateCmp); diff != "" || total != tt.wantTotal {
				t.Errorf("got total %d, want %d; KBO mismatch (-want +got):\n%s", total, tt.wantTotal, diff)
			}
		})
	}
}

func TestDeleteEnterprise(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	e := testEnterprise(1)
	if err := s.PutEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b"} {
		if err := s.PutOffering(ctx, testOffering(e.KBO, id)); err != nil {
			t.Fatal(err)
		}
	}
	other := testEnterprise(2)
	if err := s.PutEnterprise(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := s.PutOffering(ctx, testOffering(other.KBO, "a")); err != nil {
		t.Fatal(err)
	}
	seq := s.OutboxSeq()
	if err := s.DeleteEnterprise(ctx, e.KBO); err != nil {
		t.Fatal(err)
	}
	_, err := s.FindEnterpriseByKBO(ctx, e.KBO)
	wantCode(t, err, koppel.ENOTFOUND)
	_, err = s.FindOffering(ctx, e.KBO, "a")
	wantCode(t, err, koppel.ENOTFOUND)
	if n, err := s.CountOfferings(ctx); err != nil || n != 1 {
		t.Errorf("got %d offerings (err %v), want 1 (the other enterprise's)", n, err)
	}
	changes, err := s.PendingChanges(ctx, seq, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []koppel.IndexChange{{Seq: seq + 1, Kind: koppel.DocCatalogue, ID: string(e.KBO)}}
	if diff := cmp.Diff(want, changes, dateCmp); diff != "" {
		t.Errorf("outbox mismatch (-want +got):\n%s", diff)
	}

	// Putting the enterprise again starts with an empty catalogue.
	if err := s.PutEnterprise(ctx, testEnterprise(1)); err != nil {
		t.Fatal(err)
	}
	list, err := s.FindOfferingsByEnterprise(ctx, e.KBO)
	if err != nil || len(list) != 0 {
		t.Errorf("got %d offerings (err %v), want none", len(list), err)
	}
}
