package eforms

import (
	"strings"
	"testing"
)

// TestWarningsInThreeLanguages: a notice's warnings carry their French
// text too (the report is read in the reader's language), with the same
// facts as the Dutch and English ones.
func TestWarningsInThreeLanguages(t *testing.T) {
	n := mustRead(t, "pin-rtl_81.xml")
	found := false
	for _, p := range n.Problems {
		if !strings.Contains(p.Message, "aangekondigd") {
			continue
		}
		found = true
		if !strings.Contains(p.MessageFR, "avis de préinformation annonce un lot réservé") || !strings.Contains(p.MessageEN, "prior information notice announces a reserved lot") {
			t.Errorf("warning in nl %q, fr %q, en %q; want all three", p.Message, p.MessageFR, p.MessageEN)
		}
	}
	if !found {
		t.Fatalf("no warning that the tender is announced: %+v", n.Problems)
	}
}
