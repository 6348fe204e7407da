package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"koppel"
	"koppel/i18n"
)

// ConflictText says a declared recognition that contradicts the register
// in l (the imports.recognition_conflict_* keys): in Dutch it is c.Message. A conflict
// without a Kind (made before it had one) is said as its Message.
func ConflictText(l i18n.Lang, c koppel.RecognitionConflict) string {
	form := formInSentence(l, c.Form)
	switch c.Kind {
	case koppel.ConflictNotListed:
		return i18n.T(l, "imports.recognition_conflict_not_listed", "Form", form, "Source", c.Source, "KBO", c.KBO.String())
	case koppel.ConflictNumber:
		registered := i18n.T(l, "imports.recognition_no_number")
		if len(c.Registered) > 0 {
			registered = strings.Join(c.Registered, " "+i18n.T(l, "domain.or")+" ")
		}
		return i18n.T(l, "imports.recognition_conflict_number", "Number", c.Number, "Form", form, "Source", c.Source, "Registered", registered)
	case koppel.ConflictPeriod:
		return i18n.T(l, "imports.recognition_conflict_period", "Form", form, "Source", c.Source,
			"Declared", periodIn(l, c.Declared), "InRegister", periodIn(l, c.InRegister))
	}
	return c.Message
}

// Localize sets the Text of each conflict to its message in l, for a
// page or the API's message.
func Localize(l i18n.Lang, cs []koppel.RecognitionConflict) []koppel.RecognitionConflict {
	for i := range cs {
		cs[i].Text = ConflictText(l, cs[i])
	}
	return cs
}

// formInSentence names a work form inside a sentence in l: "maatwerkbedrijf",
// "entreprise de travail adapté (ETA)", "sheltered workshop (maatwerkbedrijf)".
func formInSentence(l i18n.Lang, f koppel.WorkForm) string {
	if l == i18n.NL {
		return strings.ToLower(f.Label())
	}
	s := i18n.TermText(l, f.Term())
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// periodIn says the period p (from, to; zero when open) in l: "van
// 01/01/2020 tot 31/12/2030", "à partir du 01/01/2020", "without dates".
func periodIn(l i18n.Lang, p [2]koppel.Date) string {
	from, to := p[0], p[1]
	switch {
	case from.IsZero() && to.IsZero():
		return i18n.T(l, "imports.recognition_period_none")
	case from.IsZero():
		return i18n.T(l, "imports.recognition_period_to", "To", to.Dutch())
	case to.IsZero():
		return i18n.T(l, "imports.recognition_period_from", "From", from.Dutch())
	}
	return i18n.T(l, "imports.recognition_period_from_to", "From", from.Dutch(), "To", to.Dutch())
}
