package koppel_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/refdata"
)

// TestValidateAllFields: Validate reports every field's problem, not only
// the first, each under its JSON path with its lot, and its message joins
// them as the single message did before.
func TestValidateAllFields(t *testing.T) {
	tender := &koppel.Tender{Buyer: koppel.Buyer{Name: "Stad A"}, Status: "open", Lots: []koppel.Lot{
		{Title: "Poetsen", CPV: []koppel.CPV{"9091120", "90911200"}, Postcode: "12"},
		{Title: " ", Start: koppel.NewDate(2027, 9, 1), End: koppel.NewDate(2027, 8, 1), VolumeFTE: -1},
	}}
	err := tender.Validate(refdata.Load())
	if koppel.ErrorCode(err) != koppel.EINVALID {
		t.Fatalf("code %q, want invalid", koppel.ErrorCode(err))
	}
	var got []string
	for _, fe := range koppel.FieldErrorListOf(err) {
		got = append(got, fe.Field+"@"+fe.Lot)
	}
	want := []string{"title@", "status@", "lots[0].cpv@1", "lots[0].postcode@1", "lots[1].title@2", "lots[1].end@2", "lots[1].volume_fte@2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	msg := koppel.ErrorMessage(err)
	for _, part := range []string{"titel van de opdracht ontbreekt; ", "Perceel 1: postcode \"12\" is geen Belgische postcode", "Perceel 2: titel ontbreekt"} {
		if !strings.Contains(msg, part) {
			t.Errorf("message %q lacks %q", msg, part)
		}
	}
	if tender.Lots[0].CPV[1] != "90911200" {
		t.Errorf("the good code was not kept: %v", tender.Lots[0].CPV)
	}

	one := &koppel.Tender{Buyer: koppel.Buyer{Name: "Stad A"}, Lots: []koppel.Lot{{Title: "Poetsen"}}}
	if err := one.Validate(nil); koppel.ErrorMessage(err) != "titel van de opdracht ontbreekt" {
		t.Errorf("one problem: %q, want the message alone", koppel.ErrorMessage(err))
	}
	one.Title = "Schoonmaak"
	if err := one.Validate(nil); err != nil || koppel.FieldErrorListOf(err) != nil {
		t.Errorf("a valid tender: %v", err)
	}
}

func TestParseLotField(t *testing.T) {
	for _, tt := range []struct {
		field string
		i     int
		name  string
		ok    bool
	}{
		{koppel.LotField(3, "cpv"), 3, "cpv", true},
		{"title", 0, "", false},
		{"lots", 0, "", false},
		{"lots[x].cpv", 0, "", false},
		{"lots[-1].cpv", 0, "", false},
	} {
		i, name, ok := koppel.ParseLotField(tt.field)
		if i != tt.i || name != tt.name || ok != tt.ok {
			t.Errorf("ParseLotField(%q) = %d, %q, %v; want %d, %q, %v", tt.field, i, name, ok, tt.i, tt.name, tt.ok)
		}
	}
}

// TestFieldErrorListMerge: a form's own problems stay first; Validate's
// are added only for the other fields, in their order.
func TestFieldErrorListMerge(t *testing.T) {
	form := koppel.FieldErrorList{{Field: "postcode", Message: "form"}, {Field: "budget_eur", Message: "form"}}
	got := form.Merge(koppel.FieldErrorList{{Field: "title", Message: "validate"}, {Field: "postcode", Message: "validate"}, {Field: "title", Message: "validate 2"}})
	want := koppel.FieldErrorList{{Field: "postcode", Message: "form"}, {Field: "budget_eur", Message: "form"}, {Field: "title", Message: "validate"}, {Field: "title", Message: "validate 2"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Merge (-want +got):\n%s", diff)
	}
	if err := (koppel.FieldErrorList{}).Err(); err != nil {
		t.Errorf("no problems: Err() = %v, want nil", err)
	}
	if fe := koppel.FieldErrorListOf(got.Err()); len(fe) != 4 || koppel.ErrorCode(got.Err()) != koppel.EINVALID {
		t.Errorf("Err() carries %+v (%s), want the 4 problems, invalid", fe, koppel.ErrorCode(got.Err()))
	}
}
