package koppel

import (
	"strings"
)

// KBO is a Belgian company number (ondernemingsnummer) in its canonical
// form: ten digits without separators, e.g. "0123456749".
type KBO string

// ParseKBO accepts a company number as people write it — "0123.456.749",
// "0123 456 749", "0123456749", "BE0123456749", or the older nine-digit form
// — and returns it in canonical form. The number is valid when
// 97 - (first eight digits mod 97) equals the last two digits.
// Returns EINVALID with a plain reason otherwise.
func ParseKBO(s string) (KBO, error) {
	raw := strings.TrimSpace(s)
	t := strings.ToUpper(raw)
	t = strings.TrimPrefix(t, "BE")
	var b strings.Builder
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '.' || r == ' ' || r == '-' || r == '/' || r == '\u00a0':
		default:
			return "", Errorf(EINVALID, "ondernemingsnummer %q bevat een ongeldig teken %q", raw, string(r)).WithKey("error.kbo_char", "Value", raw, "Char", string(r))
		}
	}
	d := b.String()
	if len(d) == 9 {
		d = "0" + d
	}
	if len(d) != 10 {
		return "", Errorf(EINVALID, "ondernemingsnummer %q moet 10 cijfers hebben (bv. 0123.456.749)", raw).WithKey("error.kbo_length", "Value", raw)
	}
	if d[0] != '0' && d[0] != '1' {
		return "", Errorf(EINVALID, "ondernemingsnummer %q moet beginnen met 0 of 1", raw).WithKey("error.kbo_first_digit", "Value", raw)
	}
	var n int
	for _, c := range d[:8] {
		n = n*10 + int(c-'0')
	}
	check := int(d[8]-'0')*10 + int(d[9]-'0')
	if 97-n%97 != check {
		want := itoa(97 - n%97)
		if len(want) == 1 {
			want = "0" + want
		}
		return "", Errorf(EINVALID, "ondernemingsnummer %q klopt niet: de laatste twee cijfers (het controlegetal) moeten %s zijn; kijk het nummer na", raw, want).WithKey("error.kbo_check", "Value", raw, "Want", want)
	}
	return KBO(d), nil
}

// KBOCheckDigits returns the two check digits for the first eight digits of
// a company number; the generators use it to make valid numbers.
func KBOCheckDigits(first8 int) int { return 97 - first8%97 }

// String formats the number as 0123.456.749, the way it is printed on
// invoices and in the KBO register.
func (k KBO) String() string {
	s := string(k)
	if len(s) != 10 {
		return s
	}
	return s[:4] + "." + s[4:7] + "." + s[7:]
}
