package eforms

import (
	"slices"
	"strings"
	"testing"

	"koppel"
)

// TestReadAnnouncedPIN: prior information notices that announce a reserved
// lot (the SDK's pin-rtl_81 with res-ws, pin-only_24_maximal with a
// res-pub-ser part) are kept as announced with their lots and clauses; one
// without a reserved lot (pin-rtl_24, BT-71 none) is refused as before.
func TestReadAnnouncedPIN(t *testing.T) {
	for name, kind := range map[string]koppel.ClauseKind{"pin-rtl_81.xml": koppel.ClauseReservedWS, "pin-only_24_maximal.xml": koppel.ClauseReservedPubSer} {
		n := mustRead(t, name)
		tn := n.Tender
		if tn.Status != koppel.TenderAnnounced || len(tn.Lots) != 1 {
			t.Errorf("%s: status %s with %d lots, want announced with 1", name, tn.Status, len(tn.Lots))
			continue
		}
		if !slices.ContainsFunc(tn.Lots[0].Clauses, func(c koppel.Clause) bool { return c.Kind == kind }) {
			t.Errorf("%s: clauses %+v, want %s", name, tn.Lots[0].Clauses, kind)
		}
		if !slices.ContainsFunc(n.Problems, func(p koppel.Problem) bool { return strings.Contains(p.Message, "aangekondigd") }) {
			t.Errorf("%s: no warning says the tender is announced: %+v", name, n.Problems)
		}
	}
	_, err := readFile(t, "pin-rtl_24.xml")
	if RefusalReason(err) != "planning" || !strings.Contains(koppel.ErrorMessage(err), "voorbehouden perceel") {
		t.Errorf("pin-rtl_24 without a reserved lot: %v, want refused as planning, naming what Koppel keeps", err)
	}
}
