package clauses_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"koppel"
	"koppel/clauses"
	"koppel/refdata"
)

// mwb returns a candidate maatwerkbedrijf with a capacity in FTE.
func mwb(i int, capacity float64) clauses.Candidate {
	return clauses.Candidate{Enterprise: &koppel.Enterprise{KBO: koppel.KBO(fmt.Sprintf("%010d", i)), Name: fmt.Sprintf("MWB %d", i),
		Recognitions: []koppel.Recognition{rec(koppel.Maatwerkbedrijf, d(2020, 1, 1), d(2032, 1, 1))}}, Offering: "Poetsdienst", CapacityFTE: capacity}
}

// doorstroom marks a candidate as running transition paths.
func doorstroom(c clauses.Candidate) clauses.Candidate {
	e := *c.Enterprise
	e.TransitionPaths = true
	c.Enterprise = &e
	return c
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
		{"none eligible, one with transition paths", lot(2), []clauses.Candidate{regular(1), doorstroom(regular(2))}, koppel.ClauseInternship, false, "1 van deze ondernemingen heeft doorstroomtrajecten"},
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

// TestRecommendInternship checks that transition paths in the market add
// the internship clause beside a reservation, and that without them it is
// not advised.
func TestRecommendInternship(t *testing.T) {
	ref := refdata.Load()
	today := d(2026, 11, 23)
	lot := &koppel.Lot{Title: "Schoonmaak basisschool", CPV: []koppel.CPV{"90911200"}, Postcode: "9000", VolumeFTE: 2}
	with := []clauses.Candidate{mwb(1, 3), doorstroom(mwb(2, 2)), doorstroom(mwb(3, 5)), regular(1)}
	scan := clauses.ScanLot(ref, lot, with, today)
	if scan.TransitionPaths != 2 {
		t.Errorf("scan counts %d enterprises with transition paths, want 2", scan.TransitionPaths)
	}
	if !scan.Best[1].TransitionPaths || scan.Best[0].TransitionPaths {
		t.Errorf("best candidates %+v: want the second and third marked", scan.Best)
	}
	got := clauses.Recommend(scan, clauses.DefaultThresholds())
	if got.Kind != koppel.ClauseReservedWS || len(got.Also) != 1 || got.Also[0].Kind != koppel.ClauseInternship || !strings.Contains(got.Also[0].Reason, "2 van deze ondernemingen hebben doorstroomtrajecten") {
		t.Errorf("got %+v, want a reservation with the internship clause beside it", got)
	}
	without := clauses.Recommend(clauses.ScanLot(ref, lot, []clauses.Candidate{mwb(1, 3), mwb(2, 2), mwb(3, 5)}, today), clauses.DefaultThresholds())
	if len(without.Also) != 0 || without.Kind != koppel.ClauseReservedWS {
		t.Errorf("without transition paths: %+v, want the reservation alone", without)
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
	in, err := lib.DraftClause(ref, koppel.ClauseInternship, cleaning, clauses.TemplateParams{Buyer: "Stad Gent", Object: "perceel 1"})
	if err != nil || !strings.Contains(in.TextNL, "2 stageplaatsen") || !strings.Contains(in.TextFR, "2 places de stage") || !strings.Contains(strings.Join(in.ToDecide, " "), "aantal stageplaatsen (nu 2)") {
		t.Errorf("internship draft without places = %+v, %v; want 2 places and the number to decide", in, err)
	}
	// Missing parameters get a default and an item to decide.
	d, err := lib.DraftClause(ref, koppel.ClauseExecutionCondition, cleaning, clauses.TemplateParams{})
	if err != nil || !strings.Contains(d.TextNL, "10 %") || len(d.ToDecide) < 2 {
		t.Errorf("draft without parameters = %+v, %v; want defaults and things to decide", d, err)
	}
}

// TestFrenchClauseGrammar fills every French text the way the server does
// (le marché « … ») and without parameters: French contracts à le and de
// le, and a draft without buyer or lot has no Dutch words in its French
// text; every sentence of both texts starts with a capital.
func TestFrenchClauseGrammar(t *testing.T) {
	ref := refdata.Load()
	lib := clauses.Load()
	cleaning := &koppel.Lot{Title: "Schoonmaak", CPV: []koppel.CPV{"90911200"}}
	meals := &koppel.Lot{Title: "Maaltijden aan huis", CPV: []koppel.CPV{"85320000"}}
	for _, k := range koppel.ClauseKinds {
		lot := cleaning
		if k.Kind == koppel.ClauseReservedPubSer {
			lot = meals
		}
		for _, p := range []clauses.TemplateParams{
			{Buyer: "Stad Gent", Object: `de opdracht "Schoonmaak"`, ObjectFR: "le marché « Schoonmaak »"},
			{},
		} {
			d, err := lib.DraftClause(ref, k.Kind, lot, p)
			if err != nil {
				t.Fatalf("%s: %v", k.Kind, err)
			}
			for _, wrong := range []string{"à le ", "de le ", "à les ", "de les ", "deze opdracht", "aanbestedende", "'"} {
				if strings.Contains(d.TextFR, wrong) {
					t.Errorf("%s with %+v: French text has %q: %s", k.Kind, p, wrong, d.TextFR)
				}
			}
			for _, text := range []string{d.TextNL, d.TextFR} {
				for _, s := range strings.Split(text, ". ") {
					if r := []rune(s)[0]; r != unicode.ToUpper(r) {
						t.Errorf("%s with %+v: sentence starts in lower case: %q", k.Kind, p, s)
					}
				}
			}
		}
	}
	res, err := lib.DraftClause(ref, koppel.ClauseReservedWS, cleaning, clauses.TemplateParams{Buyer: "Stad Gent", Object: "x", ObjectFR: "le marché « Schoonmaak »"})
	if err != nil || !strings.Contains(res.TextFR, "réserve la participation au marché « Schoonmaak »") {
		t.Errorf("reserved participation in French = %q, %v; want 'la participation au marché'", res.TextFR, err)
	}
	exe, err := lib.DraftClause(ref, koppel.ClauseReservedExecution, cleaning, clauses.TemplateParams{Buyer: "Stad Gent", Object: "x", ObjectFR: "le marché « Schoonmaak »"})
	if err != nil || !strings.Contains(exe.TextFR, "réserve l’exécution du marché « Schoonmaak »") {
		t.Errorf("reserved execution in French = %q, %v; want 'l’exécution du marché'", exe.TextFR, err)
	}
}
