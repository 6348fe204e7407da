package koppel

import (
	"strings"
	"testing"
	"time"
)

func testRegister() *RecognitionRegister {
	reg := &RecognitionRegister{File: "wse.xlsx", ImportedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), Entries: []RegisteredRecognition{
		{KBO: "0400040767", Form: LokaleDiensteneconomie, Number: "LDE-77", ValidFrom: NewDate(2022, 1, 1), ValidTo: NewDate(2027, 12, 31), Source: "Departement WSE"},
		{KBO: "0123456749", Form: Maatwerkbedrijf, Number: "MWB-0042", ValidFrom: NewDate(2019, 1, 1), ValidTo: NewDate(2029, 12, 31), Source: "Departement WSE"},
	}}
	reg.Sort()
	return reg
}

func TestRegisterApply(t *testing.T) {
	reg := testRegister()
	declared := &Enterprise{KBO: "0123456749", Name: "Poetsploeg", Recognitions: []Recognition{
		{Form: Maatwerkbedrijf, Number: "MWB-9999", ValidTo: NewDate(2024, 1, 1)},
		{Form: Arbeidszorg, Number: "AZ-1"},
	}}
	got := reg.Apply(declared)
	if len(got.Recognitions) != 2 {
		t.Fatalf("got %d recognitions, want 2: %+v", len(got.Recognitions), got.Recognitions)
	}
	mwb := got.Recognitions[0]
	if mwb.Form != Maatwerkbedrijf || mwb.Number != "MWB-0042" || !mwb.ValidTo.Equal(NewDate(2029, 12, 31)) || mwb.Verified == nil {
		t.Errorf("maatwerkbedrijf = %+v, want the register's, verified", mwb)
	}
	if want := (Verification{Source: "Departement WSE", RegisterAt: reg.ImportedAt}); mwb.Verified != nil && *mwb.Verified != want {
		t.Errorf("verified by %+v, want %+v", *mwb.Verified, want)
	}
	if az := got.Recognitions[1]; az.Form != Arbeidszorg || az.Verified != nil {
		t.Errorf("arbeidszorg = %+v, want the declared one, unverified", az)
	}
	if declared.Recognitions[0].Number != "MWB-9999" {
		t.Errorf("Apply changed the enterprise it was given")
	}
	other := &Enterprise{KBO: "0202239951", Recognitions: []Recognition{{Form: Maatwerkbedrijf}}}
	if reg.Apply(other) != other {
		t.Errorf("an enterprise not in the register should come back as it is")
	}
	var none *RecognitionRegister
	if none.Apply(other) != other || none.Conflicts(other) != nil {
		t.Errorf("a nil register should change nothing")
	}
}

func TestRegisterConflicts(t *testing.T) {
	reg := testRegister()
	tests := []struct {
		name string
		recs []Recognition
		want []string // a fragment of each conflict's message, in order
	}{
		{"same as the register", []Recognition{{Form: Maatwerkbedrijf, Number: "mwb 0042", ValidFrom: NewDate(2019, 1, 1), ValidTo: NewDate(2029, 12, 31)}}, nil},
		{"number only, same", []Recognition{{Form: Maatwerkbedrijf, Number: "MWB-0042"}}, nil},
		{"nothing declared", nil, nil},
		{"other number", []Recognition{{Form: Maatwerkbedrijf, Number: "MWB-9999"}}, []string{"erkenningsnummer MWB-9999"}},
		{"other end date", []Recognition{{Form: Maatwerkbedrijf, Number: "MWB-0042", ValidTo: NewDate(2031, 12, 31)}}, []string{"geldig tot 31/12/2031; volgens het register van Departement WSE is ze geldig van 01/01/2019 tot 31/12/2029"}},
		{"a form the register does not list", []Recognition{{Form: Maatwerkbedrijf}, {Form: LokaleDiensteneconomie, Number: "LDE-1"}}, []string{"erkenning als lokale diensteneconomie, maar het register"}},
		{"a form without recognition is no conflict", []Recognition{{Form: SocialeOnderneming}}, nil},
		{"a form outside the register is no conflict", []Recognition{{Form: Maatwerkbedrijf}, {Form: Arbeidszorg, Number: "AZ-1"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := reg.Conflicts(&Enterprise{KBO: "0123456749", Name: "Poetsploeg", Recognitions: tt.recs})
			if len(got) != len(tt.want) {
				t.Fatalf("got %d conflicts %+v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i].Message, w) {
					t.Errorf("conflict %q, want it to contain %q", got[i].Message, w)
				}
			}
		})
	}
	if got := reg.Conflicts(&Enterprise{KBO: "0202239951", Recognitions: []Recognition{{Form: Maatwerkbedrijf, Number: "X"}}}); got != nil {
		t.Errorf("an enterprise not in the register has no conflicts, got %+v", got)
	}
}

func TestValidateClearsVerified(t *testing.T) {
	e := &Enterprise{KBO: "0123456749", Name: "X", Recognitions: []Recognition{{Form: Maatwerkbedrijf, Verified: &Verification{Source: "zelf"}}}}
	if err := e.Validate(nil); err != nil {
		t.Fatal(err)
	}
	if e.Recognitions[0].Verified != nil {
		t.Errorf("Validate kept a self-made verification: only the register verifies")
	}
}
