package koppel

import (
	"strings"
	"testing"
)

// TestParseDateSaysWhatIsWrong: a date in the right form that does not
// exist is called so; a date in another form is "niet herkend".
func TestParseDateSaysWhatIsWrong(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"31/02/2027", "bestaat niet"},
		{"2027-02-30", "bestaat niet"},
		{"1/13/2027", "bestaat niet"},
		{"morgen", "niet herkend"},
		{"2027/02/01", "niet herkend"},
	} {
		_, err := ParseDate(c.in)
		if err == nil || !strings.Contains(ErrorMessage(err), c.want) {
			t.Errorf("ParseDate(%q) = %v, want an error saying %q", c.in, err, c.want)
		}
	}
	if d, err := ParseDate("28/02/2027"); err != nil || d.String() != "2027-02-28" {
		t.Errorf("ParseDate(28/02/2027) = %v, %v", d, err)
	}
}
