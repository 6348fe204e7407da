package clauses_test

import (
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/clauses"
	"koppel/refdata"
)

// TestEligibilityUsesRegister: an enterprise that declares an expired
// recognition but is in the register with a valid one is eligible, and the
// reason says the register decided; without the register the declaration
// decides (an ended recognition leaves the aim to verify) and the reason
// says so.
func TestEligibilityUsesRegister(t *testing.T) {
	lot := &koppel.Lot{ID: "1", Title: "Schoonmaak", CPV: []koppel.CPV{"90911200"}, Start: d(2027, 1, 1), End: d(2028, 12, 31)}
	e := &koppel.Enterprise{KBO: "0123456749", Name: "Poetsploeg", Recognitions: []koppel.Recognition{
		{Form: koppel.Maatwerkbedrijf, Number: "MWB-OUD", ValidFrom: d(2015, 1, 1), ValidTo: d(2026, 6, 30)},
	}}
	reg := &koppel.RecognitionRegister{ImportedAt: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), Entries: []koppel.RegisteredRecognition{
		{KBO: "0123456749", Form: koppel.Maatwerkbedrijf, Number: "MWB-0042", ValidFrom: d(2019, 1, 1), ValidTo: d(2029, 12, 31), Source: "Departement WSE"},
	}}
	today := d(2026, 12, 4)

	declared := clauses.Check(refdata.Load(), e, lot, koppel.ClauseReservedWS, today)
	if declared.Verdict != koppel.ToVerify || !strings.Contains(declared.Reason, "MWB-OUD; volgens eigen opgave") {
		t.Errorf("declared: got %s (%s), want to verify by the declared recognition, said so", declared.Verdict, declared.Reason)
	}
	verified := clauses.Check(refdata.Load(), reg.Apply(e), lot, koppel.ClauseReservedWS, today)
	want := "Maatwerkbedrijf (MWB-0042; geverifieerd in register Departement WSE van 01/12/2026) geldig van 01/01/2019 tot 31/12/2029"
	if verified.Verdict != koppel.Eligible || !strings.Contains(verified.Reason, want) {
		t.Errorf("verified: got %s (%s), want eligible with %q", verified.Verdict, verified.Reason, want)
	}
}
