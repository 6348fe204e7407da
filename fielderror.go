package koppel

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// FieldError is what is wrong with one field of a document, such as a
// tender: forms show it beside the field, the API lists it in the problem
// document's errors.
type FieldError struct {
	// Field is the field's JSON path: "title", "buyer.name", "deadline",
	// or a lot's field as "lots[0].cpv" (lots counted from 0).
	Field string `json:"field"`
	// Lot is the ID of the lot the field belongs to, "" for the tender's
	// own fields.
	Lot string `json:"lot,omitempty"`
	// Message says in Dutch what is wrong, without naming the lot.
	Message string `json:"message"`
	// Key and Args say Message in the catalogues (see Error.Key), so that
	// a form or the API can say it in the user's language.
	Key  string `json:"-"`
	Args []any  `json:"-"`
	// LotLabel names the lot in Error in the reader's language ("Lot 2");
	// "Perceel ID" when empty.
	LotLabel string `json:"-"`
}

// FieldErrorList are all the problems of one document, in the order of its
// fields. As an error it reads as every message, each with its lot.
type FieldErrorList []FieldError

// Error joins the messages with "; ", each prefixed with "Perceel ID: "
// when it is a lot's.
func (fe FieldErrorList) Error() string { return fe.Join(": ", "; ") }

// Join joins the messages with semicolon, each prefixed with its lot's
// label and colon when it is a lot's: the one place a list of problems is
// said as one text, so that French can space its ":" and ";" (" : ",
// " ; " with a no-break space).
func (fe FieldErrorList) Join(colon, semicolon string) string {
	msgs := make([]string, len(fe))
	for i, e := range fe {
		msgs[i] = e.Message
		switch {
		case e.LotLabel != "":
			msgs[i] = e.LotLabel + colon + e.Message
		case e.Lot != "":
			msgs[i] = "Perceel " + e.Lot + colon + e.Message
		}
	}
	return strings.Join(msgs, semicolon)
}

// addKey adds a problem whose message has a catalogue key; msg is its
// Dutch text.
func (fe *FieldErrorList) addKey(field, lot, msg, key string, args ...any) {
	*fe = append(*fe, FieldError{Field: field, Lot: lot, Message: msg, Key: key, Args: args})
}

// addErr adds err as the problem of field: its message, and its key when
// it has one.
func (fe *FieldErrorList) addErr(field, lot string, err error) {
	f := FieldErrorOf(field, err)
	f.Lot = lot
	*fe = append(*fe, f)
}

// FieldErrorOf is err as the problem of field: its message, and its
// catalogue key when it has one. A form adds what it could not read to
// the problems Validate finds.
func FieldErrorOf(field string, err error) FieldError {
	f := FieldError{Field: field, Message: ErrorMessage(err)}
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		f.Key, f.Args = e.Key, e.Args
	}
	return f
}

// Merge returns fe with the problems of more whose field has none in fe:
// what a form could not read comes first and stays, what Validate finds
// in the other fields is added.
func (fe FieldErrorList) Merge(more FieldErrorList) FieldErrorList {
	own := len(fe)
	for _, e := range more {
		if !slices.ContainsFunc(fe[:own], func(f FieldError) bool { return f.Field == e.Field }) {
			fe = append(fe, e)
		}
	}
	return fe
}

// Err returns nil when there are no problems, else the EINVALID error
// carrying fe (see asError).
func (fe FieldErrorList) Err() error { return fe.asError() }

// asError returns nil when there are no problems, else an EINVALID *Error
// whose message is fe's and whose cause is fe, so that errors.As (and
// FieldErrorListOf) find the list.
func (fe FieldErrorList) asError() error {
	if len(fe) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: fe.Error(), Err: fe}
}

// LotField is the Field of field name of the lot at index i (from 0):
// LotField(0, "cpv") is "lots[0].cpv".
func LotField(i int, name string) string {
	return "lots[" + strconv.Itoa(i) + "]." + name
}

// ParseLotField splits a Field made by LotField into the lot's index and
// the field's name; ok is false for a field of the tender itself.
func ParseLotField(field string) (i int, name string, ok bool) {
	rest, found := strings.CutPrefix(field, "lots[")
	if !found {
		return 0, "", false
	}
	idx, name, found := strings.Cut(rest, "].")
	if !found {
		return 0, "", false
	}
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 {
		return 0, "", false
	}
	return i, name, true
}

// FieldErrorListOf returns the field errors err carries, or nil.
func FieldErrorListOf(err error) FieldErrorList {
	var fe FieldErrorList
	if errors.As(err, &fe) {
		return fe
	}
	return nil
}
