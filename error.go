package koppel

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer. The server maps each code to one HTTP
// status in one table; anything that is not an *Error is EINTERNAL.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ETOOLARGE     = "too_large"
	ELOCKED       = "locked"
	EUNAVAILABLE  = "unavailable"
)

// Error is the application error. Message is meant for users and is safe to
// show; Err, when set, is the underlying cause and is only logged.
type Error struct {
	Code    string
	Message string
	Err     error
	// Key names the message in the catalogues (i18n/locales/messages.*.json)
	// so that the server can say it in the user's language; Args are the
	// message's fields as name/value pairs ("Value", v). An argument that
	// is an error is said in the user's language too. Message stays the
	// Dutch text: for logs, the command line and an error without a key.
	Key  string
	Args []any
}

// WithKey sets the catalogue key of e's message and its fields (name/value
// pairs) and returns e:
//
//	koppel.Errorf(koppel.ENOTFOUND, "opdracht %q bestaat niet", id).WithKey("error.tender_not_found", "ID", id)
func (e *Error) WithKey(key string, args ...any) *Error {
	e.Key, e.Args = key, args
	return e
}

// Error implements the error interface. It returns Message when set (which
// Errorf builds to include the cause), else the cause's text.
func (e *Error) Error() string {
	switch {
	case e.Message != "":
		return e.Message
	case e.Err != nil:
		return e.Err.Error()
	}
	return e.Code
}

// Unwrap returns the cause, so errors.Is and errors.As see through an Error.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
// A %w verb in format also records the wrapped error as the cause.
func Errorf(code, format string, args ...any) *Error {
	wrapped := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: wrapped.Error(), Err: errors.Unwrap(wrapped)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// EINTERNAL when there is none. It returns "" for a nil error.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Internal errors get a
// generic message so that no internal detail reaches a user.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e) && e.Code != EINTERNAL:
		if e.Message != "" {
			return e.Message
		}
		return e.Error()
	}
	return "Internal error."
}
