package koppel_test

import (
	"strings"
	"testing"

	"koppel"
	"koppel/refdata"
)

func validInternship() koppel.Internship {
	return koppel.Internship{Host: "Basisschool De Linde", Title: "Stage in de poetsploeg", Work: "Poetsen en schoonmaak", Address: koppel.Address{Postcode: "9000"},
		Start: koppel.NewDate(2027, 2, 1), End: koppel.NewDate(2027, 4, 30), Places: 2, Contact: koppel.InternshipContact{Phone: "09 123 45 67"}}
}

func TestInternshipValidate(t *testing.T) {
	in := validInternship()
	if err := in.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	if in.Work != "poetsen" || in.Status != koppel.InternshipOpen || in.Address.Place == nil || in.Address.City != "Gent" || in.Free() != 2 {
		t.Errorf("validated %+v: want work poetsen, open, the place of 9000", in)
	}
	in.Filled = 2
	if err := in.Validate(refdata.Load()); err != nil || in.Status != koppel.InternshipFilled || in.Free() != 0 {
		t.Errorf("all places taken: %v, status %s", err, in.Status)
	}
	for name, tt := range map[string]struct {
		edit  func(*koppel.Internship)
		field string
		msg   string
	}{
		"no title":        {func(in *koppel.Internship) { in.Title = " " }, "title", "titel"},
		"unknown work":    {func(in *koppel.Internship) { in.Work = "raketbouw" }, "work", "soort werk"},
		"no postcode":     {func(in *koppel.Internship) { in.Address.Postcode = "" }, "postcode", "ontbreekt"},
		"no places":       {func(in *koppel.Internship) { in.Places = 0 }, "places", "tussen 1 en 50"},
		"too many filled": {func(in *koppel.Internship) { in.Filled = 3 }, "filled", "ingevulde plaatsen"},
		"end first":       {func(in *koppel.Internship) { in.End = koppel.NewDate(2027, 1, 1) }, "end", "voor de begindatum"},
		"no contact":      {func(in *koppel.Internship) { in.Contact = koppel.InternshipContact{Name: "An"} }, "contact", "e-mailadres of telefoonnummer"},
		"bad email":       {func(in *koppel.Internship) { in.Contact.Email = "an@" }, "email", "ongeldig"},
		"bad status":      {func(in *koppel.Internship) { in.Status = "weg" }, "status", "ongeldig"},
	} {
		in := validInternship()
		tt.edit(&in)
		ps := in.Problems(refdata.Load())
		if len(ps) != 1 || ps[0].Field != tt.field || !strings.Contains(ps[0].Message, tt.msg) || ps[0].Key == "" {
			t.Errorf("%s: problems %+v, want one on %s saying %q, with its catalogue key", name, ps, tt.field, tt.msg)
		}
		if err := in.Validate(refdata.Load()); koppel.ErrorCode(err) != koppel.EINVALID {
			t.Errorf("%s: Validate = %v, want EINVALID", name, err)
		}
	}
	// Every problem at once, for a form.
	empty := koppel.Internship{}
	if ps := empty.Problems(refdata.Load()); len(ps) < 6 {
		t.Errorf("empty offer: %d problems %+v, want one per missing field", len(ps), ps)
	}
}
