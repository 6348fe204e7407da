package clauses_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/clauses"
)

// TestLotClauseAndEForms: a clause put on a lot carries the catalogue's
// social objectives and, for an award criterion, its weight; its eForms
// codes are those of its kind that set something, in term order.
func TestLotClauseAndEForms(t *testing.T) {
	cat := clauses.Load()
	tests := []struct {
		kind   koppel.ClauseKind
		weight float64
		want   []clauses.EFormsCode
	}{
		{koppel.ClauseReservedWS, 0, []clauses.EFormsCode{{"BT-06", "soc-obj"}, {"BT-71", "res-ws"}, {"BT-775", "opp"}}},
		{koppel.ClauseReservedExecution, 0, []clauses.EFormsCode{{"BT-06", "soc-obj"}, {"BT-736", "yes"}, {"BT-775", "opp"}}},
		{koppel.ClauseAwardCriterion, 12.5, []clauses.EFormsCode{{"BT-06", "soc-obj"}, {"BT-539", "quality"}, {"BT-541", "12,5"}, {"BT-775", "opp"}}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			cl, err := cat.LotClause(tt.kind, "  De tekst.  ", tt.weight)
			if err != nil {
				t.Fatal(err)
			}
			if cl.Kind != tt.kind || cl.Text != "De tekst." || strings.Join(cl.SocialObjectives, ",") != "opp" || cl.Weight != tt.weight {
				t.Errorf("clause %+v", cl)
			}
			if diff := cmp.Diff(tt.want, cat.EFormsOf(cl)); diff != "" {
				t.Errorf("eForms codes (-want +got):\n%s", diff)
			}
		})
	}
	// A social objective from a notice shows its own codes.
	obj := koppel.Clause{Kind: koppel.ClauseExecutionCondition, Objective: true, SocialObjectives: []string{"et-eq", "work-cond"}}
	if diff := cmp.Diff([]clauses.EFormsCode{{"BT-06", "soc-obj"}, {"BT-775", "et-eq, work-cond"}}, cat.EFormsOf(obj)); diff != "" {
		t.Errorf("objective (-want +got):\n%s", diff)
	}
	for name, call := range map[string]func() error{
		"unknown kind": func() error { _, err := cat.LotClause("vrijwilligers", "", 0); return err },
		"weight":       func() error { _, err := cat.LotClause(koppel.ClauseAwardCriterion, "", 120); return err },
		"long text": func() error {
			_, err := cat.LotClause(koppel.ClauseReservedWS, strings.Repeat("a", koppel.MaxClauseText+1), 0)
			return err
		},
	} {
		if err := call(); koppel.ErrorCode(err) != koppel.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
}

// TestAttachClauseReplacesSameKind: a lot keeps one clause per kind; a
// social objective read from a notice stays beside an added condition.
func TestAttachClauseReplacesSameKind(t *testing.T) {
	l := koppel.Lot{Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS}, {Kind: koppel.ClauseExecutionCondition, Objective: true}}}
	l.AttachClause(koppel.Clause{Kind: koppel.ClauseReservedWS, Text: "nieuw"})
	l.AttachClause(koppel.Clause{Kind: koppel.ClauseExecutionCondition, Text: "voorwaarde"})
	var got []string
	for _, c := range l.Clauses {
		got = append(got, string(c.Kind)+":"+c.Text)
	}
	if want := "res-ws:nieuw execution-condition: execution-condition:voorwaarde"; strings.Join(got, " ") != want {
		t.Errorf("clauses %v, want %s", got, want)
	}
}
