package importers

import (
	"strings"

	"koppel"
	"koppel/i18n"
)

// cellError is a problem with one cell value, in Dutch, French and
// English: the import report is read in the user's language, and the
// report is stored, so every language is said when the problem is found.
// The texts are in i18n/locales/messages.*.json (keys "import.…").
type cellError struct {
	nl, fr, en string
}

func (e *cellError) Error() string { return e.nl }

// problemf says the catalogue message key with its fields (name/value
// pairs, as i18n.KeyText) in each language.
func problemf(key string, args ...any) *cellError {
	e := &cellError{}
	e.nl, e.fr, e.en = i18n.KeyTexts(key, args...)
	return e
}

// errorProblem is a domain error (an invalid company number, a work form
// that does not exist) as a cell problem, in each language.
func errorProblem(err error) *cellError {
	return &cellError{nl: i18n.ErrorText(i18n.NL, err), fr: i18n.ErrorText(i18n.FR, err), en: i18n.ErrorText(i18n.EN, err)}
}

// then adds the catalogue message key after e, joined with "; " as one
// sentence: "'x' is geen datum; de datum is weggelaten".
func (e *cellError) then(key string, args ...any) *cellError {
	more := problemf(key, args...)
	return &cellError{nl: e.nl + "; " + more.nl, fr: e.fr + " ; " + more.fr, en: e.en + "; " + more.en}
}

// problem is a koppel.Problem with e's texts.
func (e *cellError) problem(p koppel.Problem) koppel.Problem {
	p.Message, p.MessageFR, p.MessageEN = e.nl, e.fr, e.en
	return p
}

// after adds e, a sentence of its own, after the texts of p: what the
// import did about the problem ("… (8 cijfers verwacht). Deze dienst is
// niet ingelezen.").
func (e *cellError) after(p koppel.Problem) koppel.Problem {
	p.Message = sentences(p.Message, e.nl)
	p.MessageFR = sentences(p.MessageFR, e.fr)
	p.MessageEN = sentences(p.MessageEN, e.en)
	return p
}

// sentences joins a message and the sentence that follows it.
func sentences(msg, next string) string {
	msg = strings.TrimRight(msg, " ")
	if msg == "" {
		return next
	}
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg + " " + next
}
