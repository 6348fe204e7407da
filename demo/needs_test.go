package demo

import (
	"testing"

	"koppel"
	"koppel/refdata"
)

// TestDemoWishes: some demo lots and every demo need wish a target
// group, valid, and each need belongs to the buyer of a demo tender.
func TestDemoWishes(t *testing.T) {
	o := DefaultOptions()
	ref := refdata.Load()
	buyers := map[string]bool{}
	wishes := 0
	for _, tn := range GenerateTenders(o) {
		buyers[tn.Buyer.Name] = true
		if err := tn.Validate(ref); err != nil {
			t.Fatalf("demo tender %s: %v", tn.ID, err)
		}
		for _, l := range tn.Lots {
			if len(l.TargetGroups) > 0 {
				wishes++
			}
		}
	}
	if wishes < 2 {
		t.Errorf("%d demo lots wish a target group, want at least 2", wishes)
	}
	today := koppel.NewDate(2026, 12, 4)
	needs := GenerateNeeds(o, today)
	if len(needs) != len(needPlans) {
		t.Fatalf("%d demo needs, want %d", len(needs), len(needPlans))
	}
	for _, n := range needs {
		if err := n.Validate(ref, today); err != nil {
			t.Errorf("demo need %s: %v", n.ID, err)
		}
		if len(n.TargetGroups) == 0 || !buyers[n.Owner] || n.Sent() {
			t.Errorf("demo need %s: groups %v, owner %q (a demo buyer: %v), sent %v", n.ID, n.TargetGroups, n.Owner, buyers[n.Owner], n.Sent())
		}
	}
}
