package main

import "testing"

func TestEFormsList(t *testing.T) {
	got := eformsList(map[string]any{"BT-775": []any{"opp", "work-cond"}, "BT-06": "soc-obj", "BT-71": "none"})
	if want := "BT-06 soc-obj; BT-71 none; BT-775 opp, work-cond"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
