package clauses

import (
	"koppel"
	"koppel/i18n"
)

// recognitionLabel names a recognition in an eligibility reason in l with
// its number and where it comes from: "Maatwerkbedrijf (MWB-0123;
// geverifieerd in register Departement WSE van 4/12/2026)" or
// "Maatwerkbedrijf (MWB-0123; volgens eigen opgave)".
func recognitionLabel(l i18n.Lang, rec koppel.Recognition) string {
	label := inSentence(l, rec.Form) + " ("
	if rec.Number != "" {
		label += rec.Number + inLang(l, "; ", "\u00a0; ", "; ")
	}
	return label + provenance(l, rec) + ")"
}

// provenance says in l where rec comes from: the register (which one, of
// when), or the enterprise's own declaration.
func provenance(l i18n.Lang, rec koppel.Recognition) string {
	if v := rec.Verified; v != nil {
		return i18n.T(l, "eligibility.verified", "Source", v.Source, "Date", koppel.DateOf(v.RegisterAt).Dutch())
	}
	return i18n.T(l, "eligibility.self_declared")
}

// shareLabel names the work form in a reason about the declared figures:
// with its provenance when the register verified it, else only with its
// number, since the sentence already says the figures are the enterprise's
// own ("volgens de eigen opgave" once, not twice).
func shareLabel(l i18n.Lang, rec koppel.Recognition) string {
	if rec.Verified != nil {
		return recognitionLabel(l, rec)
	}
	if rec.Number == "" {
		return formLabel(l, rec.Form)
	}
	return formLabel(l, rec.Form) + " (" + rec.Number + ")"
}

// inSentence names a work form after "als" / "comme" / "as": Dutch keeps
// its label ("Erkenning als Maatwerkbedrijf"), French and English lower
// its first letter.
func inSentence(l i18n.Lang, f koppel.WorkForm) string {
	if l == i18n.NL {
		return f.Label()
	}
	return lowerForm(l, f)
}
