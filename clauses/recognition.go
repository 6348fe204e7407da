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
