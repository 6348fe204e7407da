package i18n

import (
	"errors"
	"strings"

	"koppel"
)

// ErrorText is err's message for a user in l: a *koppel.Error with a Key is
// said from the catalogue (locales/messages.*.json), one without in its
// Dutch Message; an internal error never shows its cause.
func ErrorText(l Lang, err error) string {
	var e *koppel.Error
	switch {
	case err == nil:
		return ""
	case !errors.As(err, &e) || e.Code == koppel.EINTERNAL:
		return T(l, "error.internal")
	case e.Key == "" && l != NL && koppel.FieldErrorListOf(err) != nil:
		return JoinFieldErrors(l, FieldErrors(l, koppel.FieldErrorListOf(err)))
	case e.Key == "":
		return koppel.ErrorMessage(err)
	}
	return KeyText(l, e.Key, e.Args...)
}

// FieldErrors returns a copy of fes with each message in l (from the
// catalogue when it has a key, else its Dutch message), a lot's prefixed
// "Lot 1: " in l by its Error: a document's problems, such as a tender's
// that an import refuses, read in l.
func FieldErrors(l Lang, fes koppel.FieldErrorList) koppel.FieldErrorList {
	if fes == nil {
		return nil
	}
	out := make(koppel.FieldErrorList, len(fes))
	for i, e := range fes {
		if e.Key != "" {
			e.Message = KeyText(l, e.Key, e.Args...)
		}
		if e.Lot != "" {
			e.LotLabel = T(l, "form.lot", "Lot", e.Lot)
		}
		out[i] = e
	}
	return out
}

// JoinFieldErrors says fes as one text in l: the messages joined with l's
// semicolon, a lot's prefixed with its label and l's colon (display.colon,
// display.semicolon: French spaces them with a no-break space).
func JoinFieldErrors(l Lang, fes koppel.FieldErrorList) string {
	return fes.Join(T(l, "display.colon"), T(l, "display.semicolon"))
}

// Localized is an argument of KeyText written differently per language,
// such as a number: func(l Lang) string { return Number(l, 2.5, 1) }.
type Localized func(Lang) string

// KeyText says key in l with args (name/value pairs, as T). An argument
// that is an error is said in l too (ErrorText), a Localized one is called
// with l, a koppel.Term or koppel.Terms is said in l, and an int argument
// named N picks the plural form (as N).
func KeyText(l Lang, key string, args ...any) string {
	args = append([]any(nil), args...)
	count := -1
	for i := 0; i+1 < len(args); i += 2 {
		switch v := args[i+1].(type) {
		case error:
			args[i+1] = ErrorText(l, v)
		case Localized:
			args[i+1] = v(l)
		case koppel.Term:
			args[i+1] = TermText(l, v)
		case koppel.Terms:
			args[i+1] = termsText(l, v)
		case int:
			if args[i] == "N" {
				count = v
			}
		}
	}
	if count >= 0 {
		return N(l, key, count, args...)
	}
	return T(l, key, args...)
}

// Label is the catalogue's text of key in l, or dutch when l's catalogue
// lacks it: the name of a value of a list Koppel knows (a work form, a
// category, a status), where a value from an import that Koppel keeps as
// it came has only its Dutch label.
func Label(l Lang, key, dutch string) string {
	if !Has(l, key) {
		return dutch
	}
	return T(l, key)
}

// TermText is t in l, or its Dutch text when l's catalogue lacks it:
// i18n.TermText(l, f.Term()) names work form f in l.
func TermText(l Lang, t koppel.Term) string { return Label(l, t.Key, t.Dutch) }

// termsText joins ts in l: with l's semicolon (display.semicolon), or
// with l's "or" (domain.or).
func termsText(l Lang, ts koppel.Terms) string {
	words := make([]string, len(ts.List))
	for i, t := range ts.List {
		words[i] = TermText(l, t)
	}
	sep := T(l, "display.semicolon")
	if ts.Or {
		sep = " " + T(l, "domain.or") + " "
	}
	return strings.Join(words, sep)
}

// Problem returns p with its messages (Dutch, French, English) said from
// key with args (as KeyText): an import report is stored, and read later
// in its reader's language.
func Problem(p koppel.Problem, key string, args ...any) koppel.Problem {
	p.Message, p.MessageFR, p.MessageEN = KeyTexts(key, args...)
	return p
}

// KeyTexts says key with args (as KeyText) in Dutch, French and English:
// for a text that is stored, and read later in its reader's language.
func KeyTexts(key string, args ...any) (nl, fr, en string) {
	return KeyText(NL, key, args...), KeyText(FR, key, args...), KeyText(EN, key, args...)
}

// ErrorTexts is err's message for users in Dutch, French and English, for
// a text stored and read later in its reader's language: fr and en are
// empty when Koppel has the message only in Dutch (an error without a
// key).
func ErrorTexts(err error) (nl, fr, en string) {
	var e *koppel.Error
	if errors.As(err, &e) && e.Key != "" && e.Code != koppel.EINTERNAL {
		return ErrorText(NL, err), ErrorText(FR, err), ErrorText(EN, err)
	}
	return ErrorText(NL, err), "", ""
}
