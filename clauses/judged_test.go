package clauses_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"koppel"
	"koppel/clauses"
	"koppel/i18n"
	"koppel/refdata"
)

var update = flag.Bool("update", false, "rewrite testdata/verdicts_baseline.json")

// judgedVerdict is one hand-judged case of testdata/verdicts.json: an
// enterprise, the clauses of a cleaning lot, the verdict a procurement
// officer would sign and what its reason must (not) say.
type judgedVerdict struct {
	ID         string              `json:"id"`
	Why        string              `json:"why"`
	Enterprise koppel.Enterprise   `json:"enterprise"`
	Clauses    []koppel.ClauseKind `json:"clauses"`
	Want       koppel.Eligibility  `json:"want"`
	ReasonHas  []string            `json:"reason_has"`
	ReasonNot  []string            `json:"reason_not"`
}

// TestJudgedVerdicts measures the share of right verdicts over the judged
// cases (a verdict is right when it and its reason are as judged) and
// fails below the baseline in testdata/verdicts_baseline.json.
func TestJudgedVerdicts(t *testing.T) {
	ref := refdata.Load()
	b, err := os.ReadFile("testdata/verdicts.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []judgedVerdict
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	today := d(2026, 11, 23)
	right := 0
	report := ""
	for _, c := range cases {
		lot := &koppel.Lot{ID: c.ID, Title: "Schoonmaak", CPV: []koppel.CPV{"90911200"}, Start: d(2027, 1, 1), End: d(2028, 12, 31)}
		for _, k := range c.Clauses {
			lot.Clauses = append(lot.Clauses, koppel.Clause{Kind: k})
		}
		got := clauses.CheckLotIn(i18n.NL, ref, &c.Enterprise, lot, today)
		wrong := ""
		if got.Verdict != c.Want {
			wrong = fmt.Sprintf("verdict %s, want %s", got.Verdict, c.Want)
		}
		for _, s := range c.ReasonHas {
			if !strings.Contains(got.Reason, s) {
				wrong += fmt.Sprintf("; reason lacks %q", s)
			}
		}
		for _, s := range c.ReasonNot {
			if strings.Contains(got.Reason, s) {
				wrong += fmt.Sprintf("; reason says %q", s)
			}
		}
		if wrong == "" {
			right++
			report += fmt.Sprintf("%s right  %s: %s\n", c.ID, got.Verdict, got.Reason)
		} else {
			report += fmt.Sprintf("%s WRONG  %s (%s): %s\n", c.ID, got.Verdict, strings.TrimPrefix(wrong, "; "), got.Reason)
		}
	}
	share := float64(right) / float64(len(cases))
	t.Logf("per case:\n%s", report)
	t.Logf("right verdicts = %d/%d = %.4f", right, len(cases), share)
	if *update {
		writeBaseline(t, share)
		return
	}
	var base map[string]float64
	b, err = os.ReadFile("testdata/verdicts_baseline.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &base); err != nil {
		t.Fatal(err)
	}
	if share < base["right_verdicts"]-1e-9 {
		t.Errorf("right verdicts %.4f, below the baseline %.4f", share, base["right_verdicts"])
	}
}

func writeBaseline(t *testing.T, share float64) {
	t.Helper()
	b, _ := json.MarshalIndent(map[string]float64{"right_verdicts": share}, "", " ")
	if err := os.WriteFile("testdata/verdicts_baseline.json", append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
