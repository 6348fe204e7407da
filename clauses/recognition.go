package clauses

import "koppel"

// recognitionLabel names a recognition in an eligibility reason with its
// number and where it comes from: "Maatwerkbedrijf (MWB-0123; geverifieerd
// in register Departement WSE van 4/12/2026)" or "Maatwerkbedrijf
// (MWB-0123; volgens eigen opgave)".
func recognitionLabel(rec koppel.Recognition) string {
	label := rec.Form.Label() + " ("
	if rec.Number != "" {
		label += rec.Number + "; "
	}
	return label + rec.Provenance() + ")"
}

// shareLabel names the work form in a reason about the declared figures:
// with its provenance when the register verified it, else only with its
// number, since the sentence already says the figures are the enterprise's
// own ("volgens de eigen opgave" once, not twice).
func shareLabel(rec koppel.Recognition) string {
	if rec.Verified != nil {
		return recognitionLabel(rec)
	}
	if rec.Number == "" {
		return rec.Form.Label()
	}
	return rec.Form.Label() + " (" + rec.Number + ")"
}
