package i18n

import (
	"errors"

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
	case e.Key == "":
		return koppel.ErrorMessage(err)
	}
	return KeyText(l, e.Key, e.Args...)
}

// Localized is an argument of KeyText written differently per language,
// such as a number: func(l Lang) string { return Number(l, 2.5, 1) }.
type Localized func(Lang) string

// KeyText says key in l with args (name/value pairs, as T). An argument
// that is an error is said in l too (ErrorText), a Localized one is called
// with l, and an int argument named N picks the plural form (as N).
func KeyText(l Lang, key string, args ...any) string {
	args = append([]any(nil), args...)
	count := -1
	for i := 0; i+1 < len(args); i += 2 {
		switch v := args[i+1].(type) {
		case error:
			args[i+1] = ErrorText(l, v)
		case Localized:
			args[i+1] = v(l)
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

// Problem returns p with its messages (Dutch, French, English) said from
// key with args (as KeyText): an import report is stored, and read later
// in its reader's language.
func Problem(p koppel.Problem, key string, args ...any) koppel.Problem {
	p.Message, p.MessageFR, p.MessageEN = KeyText(NL, key, args...), KeyText(FR, key, args...), KeyText(EN, key, args...)
	return p
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
