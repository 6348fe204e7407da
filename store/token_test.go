package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

func TestTokenRoundTrip(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	admin := &koppel.Token{ID: "t1", Hash: "aa11", Role: koppel.RoleAdmin, CreatedAt: t0}
	supplier := &koppel.Token{ID: "t2", Hash: "bb22", Role: koppel.RoleSupplier, Enterprise: testKBO(1), CreatedAt: t0.Add(1)}
	for _, tok := range []*koppel.Token{supplier, admin} {
		if err := s.PutToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.FindTokenByHash(ctx, "bb22")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(supplier, got, dateCmp); diff != "" {
		t.Errorf("token mismatch (-want +got):\n%s", diff)
	}
	list, err := s.FindTokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*koppel.Token{admin, supplier}, list, dateCmp); diff != "" {
		t.Errorf("tokens mismatch (-want +got):\n%s", diff)
	}
	_, err = s.FindTokenByHash(ctx, "cc33")
	wantCode(t, err, koppel.ENOTFOUND)
	wantCode(t, s.PutToken(ctx, &koppel.Token{ID: "x"}), koppel.EINVALID)
	if n := s.OutboxLen(); n != 0 {
		t.Errorf("got %d outbox entries for tokens, want 0", n)
	}
}

func TestImportReportRoundTrip(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	r := testImportReport("imp-1")
	if err := s.PutImportReport(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindImportReport(ctx, "imp-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, got, dateCmp); diff != "" {
		t.Errorf("report mismatch (-want +got):\n%s", diff)
	}
	_, err = s.FindImportReport(ctx, "imp-2")
	wantCode(t, err, koppel.ENOTFOUND)
	wantCode(t, s.PutImportReport(ctx, &koppel.ImportReport{}), koppel.EINVALID)
}

func testImportReport(id string) *koppel.ImportReport {
	return &koppel.ImportReport{
		ID: id, Kind: "catalogue", Enterprise: testKBO(1), File: "aanbod.xlsx", Mode: "replace",
		Rows: 3, Created: 2, Rejected: 1,
		Problems: []koppel.Problem{{File: "aanbod.xlsx", Sheet: "Aanbod", Row: 4, Column: "CPV", Value: "123",
			Severity: "error", Message: "CPV-code ongeldig", MessageEN: "invalid CPV code"}},
		IgnoredColumns: []string{"Opmerking"},
		StartedAt:      t0, FinishedAt: t0.Add(2e9),
	}
}
