package koppel

import (
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Date is a calendar day without time or zone, written "2006-01-02" in JSON.
// The zero Date means "not given".
type Date struct{ t time.Time }

// NewDate returns the date of year, month and day.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date { return NewDate(t.Date()) }

// ParseDate accepts "2026-09-01", "01/09/2026", "1-9-2026" and "01.09.2026".
func ParseDate(s string) (Date, error) {
	outOfRange := false
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006", "02-01-2006", "2-1-2006", "02.01.2006", "2.1.2006"} {
		t, err := time.Parse(layout, s)
		if err == nil {
			return Date{t}, nil
		}
		// The form was right but the day or month does not exist
		// (31/02/2027, 12/13/2027): say so, not "niet herkend".
		var pe *time.ParseError
		outOfRange = outOfRange || errors.As(err, &pe) && strings.Contains(pe.Message, "out of range")
	}
	if outOfRange {
		return Date{}, Errorf(EINVALID, "datum %q bestaat niet: kijk de dag en de maand na", s).WithKey("error.date_impossible", "Value", s)
	}
	return Date{}, Errorf(EINVALID, "datum %q niet herkend; schrijf dd/mm/jjjj, bv. 01/09/2026", s).WithKey("error.date_unknown", "Value", s)
}

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time { return d.t }

// Equal reports whether d and e are the same day (go-cmp uses it too).
func (d Date) Equal(e Date) bool { return d.t.Equal(e.t) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// String formats the date as 2006-01-02, or "" for the zero date.
func (d Date) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Dutch formats the date as users in Flanders write it: 01/09/2026.
func (d Date) Dutch() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format("02/01/2006")
}

// MarshalJSON writes the date as "2006-01-02", or null when not given.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads the forms ParseDate accepts, null and "".
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EINVALID, "datum moet tekst zijn, bv. \"2026-09-01\"").WithKey("error.domain_date_not_text")
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
