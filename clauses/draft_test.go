package clauses_test

import (
	"fmt"
	"strings"
	"testing"

	"koppel"
	"koppel/clauses"
	"koppel/refdata"
)

// mwb returns a candidate maatwerkbedrijf with a capacity in FTE.
func mwb(i int, capacity float64) clauses.Candidate {
	return clauses.Candidate{Enterprise: &koppel.Enterprise{KBO: koppel.KBO(fmt.Sprintf("%010d", i)), Name: fmt.Sprintf("MWB %d", i),
		Recognitions: []koppel.Recognition{rec(koppel.Maatwerkbedrijf, d(2020, 1, 1), d(2032, 1, 1))}}, Offering: "Poetsdienst", CapacityFTE: capacity}
}

// regular returns a candidate that is not eligible for a reserved lot.
func regular(i int) clauses.Candidate {
	return clauses.Candidate{Enterprise: &koppel.Enterprise{KBO: koppel.KBO(fmt.Sprintf("%010d", 1000+i)), Name: fmt.Sprintf("Coop %d", i),
		Recognitions: []koppel.Recognition{rec(koppel.Cooperatie, d(2020, 1, 1), d(2032, 1, 1))}, FTETotal: ptr(10.0), FTETarget: ptr(1.0)}, Offering: "Poetsdienst"}
}

func TestRecommend(t *testing.T) {
	ref := refdata.Load()
	today := d(2026, 11, 23)
	lot := func(fte float64) *koppel.Lot {
		return &koppel.Lot{Title: "Schoonmaak basisschool", CPV: []koppel.CPV{"90911200"}, Postcode: "9000", Start: d(2027, 9, 1), End: d(2029, 8, 31), VolumeFTE: fte}
	}
	tests := []struct {
		name      string
		lot       *koppel.Lot
		cands     []clauses.Candidate
		want      koppel.ClauseKind
		wantSplit bool
		reason    string
	}{
		{"enough eligible, each can carry", lot(2), []clauses.Candidate{mwb(1, 3), mwb(2, 2), mwb(3, 5), regular(1)}, koppel.ClauseReservedWS, false, "behoud de opdracht voor"},
		{"enough eligible, none can carry alone", lot(12), []clauses.Candidate{mwb(1, 3), mwb(2, 4), mwb(3, 5)}, koppel.ClauseReservedWS, true, "Verdeel de opdracht in percelen"},
		{"few eligible", lot(2), []clauses.Candidate{mwb(1, 3), mwb(2, 1), regular(1)}, koppel.ClauseReservedWS, false, "behoud één perceel voor"},
		{"few eligible, too little capacity", lot(10), []clauses.Candidate{mwb(1, 3), mwb(2, 1)}, koppel.ClauseReservedWS, true, "behoud één perceel voor"},
		{"none eligible, some social economy", lot(2), []clauses.Candidate{regular(1), regular(2), mwb(3, 1)}, koppel.ClauseExecutionCondition, false, "uitvoeringsvoorwaarde"},
		{"none at all", lot(2), nil, koppel.ClauseAwardCriterion, false, "gunningscriterium"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scan := clauses.ScanLot(ref, tt.lot, tt.cands, today)
			got := clauses.Recommend(scan, clauses.DefaultThresholds())
			if got.Kind != tt.want || (got.Split != nil) != tt.wantSplit {
				t.Errorf("got %s (split %+v): %s; want %s, split %v", got.Kind, got.Split, got.Reason, tt.want, tt.wantSplit)
			}
			if !strings.Contains(got.Reason, tt.reason) || !strings.Contains(got.Reason, fmt.Sprint(scan.Candidates)) {
				t.Errorf("reason %q, want it to contain %q and the numbers", got.Reason, tt.reason)
			}
		})
	}
	scan := clauses.ScanLot(ref, lot(12), []clauses.Candidate{mwb(1, 3), mwb(2, 4), mwb(3, 5)}, today)
	if split := clauses.Recommend(scan, clauses.DefaultThresholds()).Split; split == nil || split.Lots < 3 || split.FTEPerLot > 5 {
		t.Errorf("split advice %+v, want at least 3 lots of at most 5 FTE for 12 FTE over capacities 3, 4, 5", split)
	}
	if pub := scan.ByKind[koppel.ClauseReservedPubSer]; pub.Allowed {
		t.Errorf("res-pub-ser allowed for a cleaning lot: %+v", pub)
	}
}

func TestDraftClause(t *testing.T) {
	ref := refdata.Load()
	lib := clauses.Load()
	cleaning := &koppel.Lot{Title: "Schoonmaak", CPV: []koppel.CPV{"90911200"}}
	for _, k := range koppel.ClauseKinds {
		lot := cleaning
		if k.Kind == koppel.ClauseReservedPubSer {
			lot = &koppel.Lot{Title: "Maaltijden aan huis", CPV: []koppel.CPV{"85320000"}}
		}
		d, err := lib.DraftClause(ref, k.Kind, lot, clauses.TemplateParams{Buyer: "Stad Gent", Object: "perceel 1"})
		if err != nil {
			t.Errorf("%s: %v", k.Kind, err)
			continue
		}
		for _, text := range []string{d.TextNL, d.TextFR} {
			if strings.Contains(text, "{{") || strings.Contains(text, "<no value>") {
				t.Errorf("%s: unfilled placeholder in %q", k.Kind, text)
			}
		}
		if d.LegalBasis == "" || len(d.ToDecide) == 0 || d.EForms["BT-06"] != "soc-obj" {
			t.Errorf("%s: draft %+v lacks legal basis, decisions or BT-06", k.Kind, d)
		}
	}
	if _, err := lib.DraftClause(ref, koppel.ClauseReservedPubSer, cleaning, clauses.TemplateParams{}); koppel.ErrorCode(err) != koppel.EINVALID || !strings.Contains(koppel.ErrorMessage(err), "90911200") {
		t.Errorf("res-pub-ser for cleaning: %v, want EINVALID naming the CPV", err)
	}
	// Missing parameters get a default and an item to decide.
	d, err := lib.DraftClause(ref, koppel.ClauseExecutionCondition, cleaning, clauses.TemplateParams{})
	if err != nil || !strings.Contains(d.TextNL, "10 %") || len(d.ToDecide) < 2 {
		t.Errorf("draft without parameters = %+v, %v; want defaults and things to decide", d, err)
	}
}
