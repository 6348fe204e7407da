package ingest

import (
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/i18n"
)

// TestConflictTextLanguages: a declared recognition that contradicts the
// register is said in Dutch exactly as its Message, and in French and
// English in those languages, for each kind of conflict.
func TestConflictTextLanguages(t *testing.T) {
	reg := &koppel.RecognitionRegister{File: "wse.xlsx", ImportedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), Entries: []koppel.RegisteredRecognition{
		{KBO: "0400040767", Form: koppel.LokaleDiensteneconomie, Number: "LDE-77", ValidFrom: koppel.NewDate(2022, 1, 1), ValidTo: koppel.NewDate(2027, 12, 31), Source: "Departement WSE"},
		{KBO: "0123456749", Form: koppel.Maatwerkbedrijf, Number: "MWB-0042", ValidFrom: koppel.NewDate(2019, 1, 1), ValidTo: koppel.NewDate(2029, 12, 31), Source: "Departement WSE"},
	}}
	reg.Sort()
	for _, tc := range []struct {
		name   string
		recs   []koppel.Recognition
		fr, en string
	}{
		{"other number", []koppel.Recognition{{Form: koppel.Maatwerkbedrijf, Number: "MWB-9999"}},
			"Vous mentionnez le numéro d’agrément MWB-9999 comme entreprise de travail adapté (ETA)\u00a0; le registre de Departement WSE mentionne MWB-0042.",
			"You state recognition number MWB-9999 as sheltered workshop (maatwerkbedrijf); the register of Departement WSE lists MWB-0042."},
		{"other dates", []koppel.Recognition{{Form: koppel.Maatwerkbedrijf, Number: "MWB-0042", ValidTo: koppel.NewDate(2031, 12, 31)}},
			"Vous mentionnez l’agrément comme entreprise de travail adapté (ETA) valable jusqu’au 31/12/2031\u00a0; selon le registre de Departement WSE, il est valable du 01/01/2019 au 31/12/2029.",
			"You state the recognition as sheltered workshop (maatwerkbedrijf) as valid until 31/12/2031; according to the register of Departement WSE it is valid from 01/01/2019 to 31/12/2029."},
		{"not listed", []koppel.Recognition{{Form: koppel.Maatwerkbedrijf}, {Form: koppel.LokaleDiensteneconomie, Number: "LDE-1"}},
			"Vous mentionnez un agrément comme économie locale de services, mais le registre de Departement WSE ne le mentionne pas pour 0123.456.749.",
			"You state a recognition as local service economy, but the register of Departement WSE does not list it for 0123.456.749."},
	} {
		cs := reg.Conflicts(&koppel.Enterprise{KBO: "0123456749", Name: "Poetsploeg", Recognitions: tc.recs})
		if len(cs) != 1 {
			t.Fatalf("%s: %d conflicts %+v, want 1", tc.name, len(cs), cs)
		}
		c := cs[0]
		if got := ConflictText(i18n.NL, c); got != c.Message {
			t.Errorf("%s: Dutch %q, want the Message %q", tc.name, got, c.Message)
		}
		if got := ConflictText(i18n.FR, c); got != tc.fr {
			t.Errorf("%s: French %q, want %q", tc.name, got, tc.fr)
		}
		if got := ConflictText(i18n.EN, c); got != tc.en {
			t.Errorf("%s: English %q, want %q", tc.name, got, tc.en)
		}
		if got := Localize(i18n.FR, cs)[0].Text; got != tc.fr || strings.Contains(got, "register van") {
			t.Errorf("%s: Localize %q", tc.name, got)
		}
	}
}
