package koppel

import (
	"strings"
)

// CPV is a code of the Common Procurement Vocabulary (CPV 2008) in canonical
// form: eight digits without the check digit, e.g. "90911200". The hierarchy
// is in the digits: division (2), group (3), class (4), category (5), then
// finer; trailing zeros pad the code.
type CPV string

// ParseCPV accepts "90911200-8", "90911200" or "90911200 8" and returns the
// eight-digit code and the check digit given (-1 when none was given). It
// checks the form only; whether the code exists and whether the check digit
// is right is for the vocabulary (see Reference), since the CPV check digit
// is defined by the published list rather than by a formula.
func ParseCPV(s string) (CPV, int, error) {
	raw := strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	t := strings.NewReplacer(" ", "", ".", "").Replace(raw)
	check := -1
	if i := strings.IndexByte(t, '-'); i >= 0 {
		if len(t) != i+2 || t[i+1] < '0' || t[i+1] > '9' {
			return "", -1, Errorf(EINVALID, "CPV-code %q: na het streepje hoort één controlecijfer (bv. 90911200-8)", raw).WithKey("error.cpv_dash", "Value", raw)
		}
		check = int(t[i+1] - '0')
		t = t[:i]
	} else if len(t) == 9 {
		check = int(t[8] - '0')
		t = t[:8]
	}
	if len(t) != 8 {
		return "", -1, Errorf(EINVALID, "CPV-code %q moet 8 cijfers hebben (bv. 90911200-8)", raw).WithKey("error.cpv_length", "Value", raw)
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return "", -1, Errorf(EINVALID, "CPV-code %q mag alleen cijfers bevatten (bv. 90911200-8)", raw).WithKey("error.cpv_digits", "Value", raw)
		}
	}
	return CPV(t), check, nil
}

// Significant returns the code without its padding zeros, keeping at least
// the two digits of the division: "90911200" → "909112", "90000000" → "90".
func (c CPV) Significant() string {
	s := strings.TrimRight(string(c), "0")
	if len(s) < 2 && len(c) >= 2 {
		return string(c)[:2]
	}
	return s
}

// Level is the depth of the code in the hierarchy: 1 for a division
// (90000000), 2 for a group (90900000), 3 for a class, 4 for a category and
// up to 7 for the finest codes.
func (c CPV) Level() int {
	n := len(c.Significant())
	if n <= 2 {
		return 1
	}
	return n - 1
}

// Prefixes returns the hierarchy of the code from its division down to the
// code itself, as significant prefixes: "90911200" → 90, 909, 9091, 90911,
// 909112. The index stores them so a query for a class finds its categories.
func (c CPV) Prefixes() []string {
	sig := c.Significant()
	out := make([]string, 0, len(sig))
	for i := 2; i <= len(sig); i++ {
		out = append(out, sig[:i])
	}
	return out
}

// Parent returns the code one level up, padded with zeros, or "" for a
// division.
func (c CPV) Parent() CPV {
	sig := c.Significant()
	if len(sig) <= 2 {
		return ""
	}
	p := sig[:len(sig)-1]
	return CPV(p + strings.Repeat("0", 8-len(p)))
}

// SharedPrefix returns the number of leading significant digits two codes
// share, or 8 for equal codes: 90911200 and 90919200 share "9091", 4.
// The matcher weighs closeness by it.
func SharedPrefix(a, b CPV) int {
	sa, sb := a.Significant(), b.Significant()
	n := 0
	for n < len(sa) && n < len(sb) && sa[n] == sb[n] {
		n++
	}
	if n == len(sa) && n == len(sb) {
		return 8
	}
	return n
}
