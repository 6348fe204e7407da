package clauses

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestFrenchTransitionPathData checks that the French texts of the clause
// data (every field ending in _fr) name the transition path as the site
// does, "parcours de transition", never "trajet(s) de transition".
func TestFrenchTransitionPathData(t *testing.T) {
	names := []string{"data/library.json", "data/eligibility.json", "data/sector.json"}
	var walk func(name, key string, v any)
	n := 0
	walk = func(name, key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(name, k, x)
			}
		case []any:
			for _, x := range v {
				walk(name, key, x)
			}
		case string:
			if !strings.HasSuffix(key, "_fr") {
				return
			}
			n++
			if low := strings.ToLower(v); strings.Contains(low, "trajet de transition") || strings.Contains(low, "trajets de transition") {
				t.Errorf("%s: %s %q says trajet de transition; the site says parcours de transition", name, key, v)
			}
		}
	}
	for _, name := range names {
		buf, err := dataFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(buf, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		walk(name, "", v)
	}
	if n == 0 {
		t.Fatal("no French text read")
	}
}
