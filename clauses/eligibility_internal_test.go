package clauses

import (
	"slices"
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// pathCase is one path through one rule: the verdict, whether the
// enterprise is a strong partner, and what the reason must and must not
// say.
type pathCase struct {
	name   string
	kind   koppel.ClauseKind
	rule   string
	e      koppel.Enterprise
	lot    *koppel.Lot
	want   koppel.Eligibility
	strong bool
	has    []string
	not    []string
}

// TestRulePaths runs every rule of the table on its own through every
// path to a verdict: each condition met, failing and unknown, and the
// combinations the issue named (a known failure beside an unknown, an
// enterprise with two work forms). It fails when a rule of the table has
// no case, or a non-open rule does not reach all three verdicts.
func TestRulePaths(t *testing.T) {
	ref := refdata.Load()
	today := koppel.NewDate(2026, 11, 23)
	d := func(y int, m time.Month, day int) koppel.Date { return koppel.NewDate(y, m, day) }
	f := func(v float64) *float64 { return &v }
	b := func(v bool) *bool { return &v }
	valid := func(form koppel.WorkForm, n string) koppel.Recognition {
		return koppel.Recognition{Form: form, Number: n, ValidFrom: d(2020, 1, 1), ValidTo: d(2030, 12, 31)}
	}
	expired := func(form koppel.WorkForm) koppel.Recognition {
		return koppel.Recognition{Form: form, Number: "OUD-1", ValidFrom: d(2015, 1, 1), ValidTo: d(2026, 6, 30)}
	}
	ending := func(form koppel.WorkForm) koppel.Recognition {
		return koppel.Recognition{Form: form, Number: "EIND-1", ValidFrom: d(2015, 1, 1), ValidTo: d(2027, 6, 30)}
	}
	undated := func(form koppel.WorkForm) koppel.Recognition { return koppel.Recognition{Form: form, Number: "ZD-1"} }
	nodata := func(form koppel.WorkForm) koppel.Recognition { return koppel.Recognition{Form: form} }
	recs := func(r ...koppel.Recognition) []koppel.Recognition { return r }
	cleaning := &koppel.Lot{ID: "1", CPV: []koppel.CPV{"90911200"}, Start: d(2027, 1, 1), End: d(2028, 12, 31)}
	social := &koppel.Lot{ID: "2", CPV: []koppel.CPV{"85320000"}, Start: d(2027, 1, 1), End: d(2028, 12, 31)}

	const (
		mwb   = "res-ws/maatwerkbedrijf"
		share = "res-ws/doelgroep-30"
		pub   = "res-pub-ser/openbare-dienst"
		exec  = "reserved-execution/beschutte-arbeid"
		open  = "open/sterke-partner"
	)
	tests := []pathCase{
		{"MWB: valid recognition", koppel.ClauseReservedWS, mwb, koppel.Enterprise{Name: "A", Recognitions: recs(valid(koppel.Maatwerkbedrijf, "MWB-1"))}, cleaning, koppel.Eligible, false, []string{"Maatwerkbedrijf (MWB-1; volgens eigen opgave) geldig van 01/01/2020 tot 31/12/2030"}, nil},
		{"MWB: also arbeidszorg, cites the MWB recognition", koppel.ClauseReservedWS, mwb, koppel.Enterprise{Name: "A", Recognitions: recs(valid(koppel.Arbeidszorg, "AZ-1"), valid(koppel.Maatwerkbedrijf, "MWB-1")), FTETotal: f(8.7), FTETarget: f(6.1)}, cleaning, koppel.Eligible, false, []string{"MWB-1"}, []string{"AZ-1"}},
		{"MWB: no such work form", koppel.ClauseReservedWS, mwb, koppel.Enterprise{Name: "A", Recognitions: recs(valid(koppel.LokaleDiensteneconomie, "LDE-1"))}, cleaning, koppel.NotEligible, false, []string{"geen erkenning als maatwerkbedrijf"}, nil},
		{"MWB: expired before the start", koppel.ClauseReservedWS, mwb, koppel.Enterprise{Name: "A", Recognitions: recs(expired(koppel.Maatwerkbedrijf))}, cleaning, koppel.NotEligible, false, []string{"niet geldig bij de start"}, nil},
		{"MWB: no dates", koppel.ClauseReservedWS, mwb, koppel.Enterprise{Name: "A", Recognitions: recs(undated(koppel.Maatwerkbedrijf))}, cleaning, koppel.ToVerify, false, []string{"zonder geldigheidsdata", "erkenningsbesluit"}, nil},
		{"MWB: ends during the contract", koppel.ClauseReservedWS, mwb, koppel.Enterprise{Name: "A", Recognitions: recs(ending(koppel.Maatwerkbedrijf))}, cleaning, koppel.ToVerify, false, []string{"verlenging"}, nil},
		{"MWB: lot without dates uses today", koppel.ClauseReservedWS, mwb, koppel.Enterprise{Name: "A", Recognitions: recs(expired(koppel.Maatwerkbedrijf))}, &koppel.Lot{ID: "3"}, koppel.NotEligible, false, []string{"vandaag, 23/11/2026, niet geldig", "geen startdatum"}, []string{"bij de start van de opdracht"}},

		{"30 %: LDE declares 50 %", koppel.ClauseReservedWS, share, koppel.Enterprise{Name: "A", Recognitions: recs(valid(koppel.LokaleDiensteneconomie, "LDE-1")), FTETotal: f(10), FTETarget: f(5)}, cleaning, koppel.Eligible, false, []string{"Lokale diensteneconomie (LDE-1)", "5 van 10 VTE doelgroepwerknemers = 50 % volgens de eigen opgave"}, nil},
		{"30 %: MWB without dates declares 75 %", koppel.ClauseReservedWS, share, koppel.Enterprise{Name: "A", Recognitions: recs(undated(koppel.Maatwerkbedrijf)), FTETotal: f(80), FTETarget: f(60)}, cleaning, koppel.Eligible, false, []string{"Maatwerkbedrijf (ZD-1)", "volgens de eigen opgave"}, []string{"erkenningsbesluit"}},
		{"30 %: MWB and arbeidszorg, the MWB's figure decides", koppel.ClauseReservedWS, share, koppel.Enterprise{Name: "A", Recognitions: recs(valid(koppel.Arbeidszorg, "AZ-1"), undated(koppel.Maatwerkbedrijf)), FTETotal: f(8.7), FTETarget: f(6.1)}, cleaning, koppel.Eligible, false, []string{"Maatwerkbedrijf"}, []string{"Arbeidszorg", "arbeidszorg"}},
		{"30 %: declared share below, dates unknown", koppel.ClauseReservedWS, share, koppel.Enterprise{Name: "A", Recognitions: recs(undated(koppel.LokaleDiensteneconomie)), FTETotal: f(20), FTETarget: f(2)}, cleaning, koppel.NotEligible, false, []string{"10 % volgens de eigen opgave: minder dan de vereiste 30 %"}, []string{"erkenningsbesluit"}},
		{"30 %: no such work form", koppel.ClauseReservedWS, share, koppel.Enterprise{Name: "A", FTETotal: f(10), FTETarget: f(9)}, cleaning, koppel.NotEligible, false, []string{"geen erkenning"}, nil},
		{"30 %: figures unknown", koppel.ClauseReservedWS, share, koppel.Enterprise{Name: "A", Recognitions: recs(valid(koppel.Invoegbedrijf, "IB-1"))}, cleaning, koppel.ToVerify, false, []string{"VTE-cijfers van A zijn niet bekend"}, nil},
		{"30 %: arbeidszorg only", koppel.ClauseReservedWS, share, koppel.Enterprise{Name: "A", Recognitions: recs(valid(koppel.Arbeidszorg, "AZ-1")), FTETotal: f(8.7), FTETarget: f(6.1)}, cleaning, koppel.ToVerify, false, []string{"arbeidszorg werken zonder arbeidsovereenkomst"}, []string{"= 70,1 %"}},
		{"30 %: sociale onderneming declares 50 %", koppel.ClauseReservedWS, share, koppel.Enterprise{Name: "A", Recognitions: recs(nodata(koppel.SocialeOnderneming)), FTETotal: f(10), FTETarget: f(5)}, cleaning, koppel.ToVerify, false, []string{"volgens de eigen opgave", "hoofddoel"}, []string{"erkenningsbesluit", "rkenning als"}},
		{"30 %: sociale onderneming, figures unknown", koppel.ClauseReservedWS, share, koppel.Enterprise{Name: "A", Recognitions: recs(nodata(koppel.SocialeOnderneming))}, cleaning, koppel.ToVerify, false, []string{"VTE-cijfers"}, []string{"erkenningsbesluit"}},
		{"30 %: coöperatie declares 20 %", koppel.ClauseReservedWS, share, koppel.Enterprise{Name: "A", Recognitions: recs(nodata(koppel.Cooperatie)), FTETotal: f(20), FTETarget: f(4)}, cleaning, koppel.NotEligible, false, []string{"20 %"}, nil},
		{"30 %: recognition ended, 75 % declared", koppel.ClauseReservedWS, share, koppel.Enterprise{Name: "A", Recognitions: recs(expired(koppel.Maatwerkafdeling)), FTETotal: f(8), FTETarget: f(6)}, cleaning, koppel.ToVerify, false, []string{"niet geldig bij de start", "hoofddoel"}, nil},

		{"pub-ser: mission on the social-service list", koppel.ClauseReservedPubSer, pub, koppel.Enterprise{Name: "A", PublicServiceMission: b(true)}, social, koppel.Eligible, false, nil, nil},
		{"pub-ser: lot outside the list", koppel.ClauseReservedPubSer, pub, koppel.Enterprise{Name: "A", PublicServiceMission: b(true)}, cleaning, koppel.ToVerify, false, []string{"90911200"}, nil},
		{"pub-ser: mission unknown", koppel.ClauseReservedPubSer, pub, koppel.Enterprise{Name: "A"}, social, koppel.ToVerify, false, []string{"Niet bekend"}, nil},
		{"pub-ser: no mission", koppel.ClauseReservedPubSer, pub, koppel.Enterprise{Name: "A", PublicServiceMission: b(false)}, social, koppel.NotEligible, false, []string{"geen organisatie"}, nil},
		{"pub-ser: no mission decides over the doubtful list", koppel.ClauseReservedPubSer, pub, koppel.Enterprise{Name: "A", PublicServiceMission: b(false)}, cleaning, koppel.NotEligible, false, []string{"geen organisatie"}, nil},

		{"execution: valid MWB", koppel.ClauseReservedExecution, exec, koppel.Enterprise{Name: "A", Recognitions: recs(valid(koppel.Maatwerkbedrijf, "MWB-1"))}, cleaning, koppel.Eligible, false, []string{"MWB-1"}, nil},
		{"execution: LDE is no MWB", koppel.ClauseReservedExecution, exec, koppel.Enterprise{Name: "A", Recognitions: recs(valid(koppel.LokaleDiensteneconomie, "LDE-1")), FTETotal: f(10), FTETarget: f(9)}, cleaning, koppel.NotEligible, false, []string{"maatwerkbedrijf"}, nil},
		{"execution: expired MWB", koppel.ClauseReservedExecution, exec, koppel.Enterprise{Name: "A", Recognitions: recs(expired(koppel.Maatwerkbedrijf))}, cleaning, koppel.NotEligible, false, []string{"niet geldig"}, nil},
		{"execution: MWB without dates", koppel.ClauseReservedExecution, exec, koppel.Enterprise{Name: "A", Recognitions: recs(undated(koppel.Maatwerkbedrijf))}, cleaning, koppel.ToVerify, false, []string{"erkenningsbesluit"}, nil},
		{"execution: MWB ending during the contract", koppel.ClauseReservedExecution, exec, koppel.Enterprise{Name: "A", Recognitions: recs(ending(koppel.Maatwerkbedrijf))}, cleaning, koppel.ToVerify, false, []string{"verlenging"}, nil},
	}
	for _, k := range []koppel.ClauseKind{koppel.ClauseExecutionCondition, koppel.ClauseAwardCriterion, koppel.ClauseSubcontracting} {
		tests = append(tests,
			pathCase{"open " + string(k) + ": strong partner", k, open, koppel.Enterprise{Name: "A", Recognitions: recs(valid(koppel.LokaleDiensteneconomie, "L")), FTETotal: f(10), FTETarget: f(8)}, cleaning, koppel.Eligible, true, []string{"sterke partner", "volgens de eigen opgave"}, nil},
			pathCase{"open " + string(k) + ": share below", k, open, koppel.Enterprise{Name: "A", FTETotal: f(10), FTETarget: f(1)}, cleaning, koppel.Eligible, false, []string{"10 %"}, []string{"sterke partner"}},
			pathCase{"open " + string(k) + ": share unknown", k, open, koppel.Enterprise{Name: "A"}, cleaning, koppel.Eligible, false, []string{"niet bekend"}, nil},
			pathCase{"open " + string(k) + ": arbeidszorg only", k, open, koppel.Enterprise{Name: "A", Recognitions: recs(valid(koppel.Arbeidszorg, "AZ")), FTETotal: f(8.7), FTETarget: f(6.1)}, cleaning, koppel.Eligible, false, []string{"arbeidszorg"}, []string{"sterke partner"}},
		)
	}
	const transition = "open/doorstroom-partner"
	tests = append(tests,
		pathCase{"internship: enterprise with transition paths", koppel.ClauseInternship, transition, koppel.Enterprise{Name: "LDE Doorstroom", Recognitions: recs(valid(koppel.LokaleDiensteneconomie, "L")), TransitionPaths: true}, cleaning, koppel.Eligible, true, []string{"doorstroomtrajecten", "LDE Doorstroom"}, nil},
		pathCase{"internship: strong partner by share", koppel.ClauseInternship, transition, koppel.Enterprise{Name: "A", FTETotal: f(10), FTETarget: f(8)}, cleaning, koppel.Eligible, true, []string{"sterke partner"}, []string{"doorstroomtrajecten"}},
		pathCase{"internship: regular firm", koppel.ClauseInternship, transition, koppel.Enterprise{Name: "Bv"}, cleaning, koppel.Eligible, false, []string{"Iedereen mag inschrijven"}, []string{"doorstroomtrajecten"}},
	)
	reached := map[string][]koppel.Eligibility{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r *Rule
			for _, x := range Rules() {
				if x.ID == tt.rule && x.Clause == tt.kind {
					r = &x
				}
			}
			if r == nil {
				t.Fatalf("no rule %s for %s", tt.rule, tt.kind)
			}
			got, _ := r.check(i18n.NL, ref, &tt.e, tt.lot, today)
			key := string(tt.kind) + " " + tt.rule
			reached[key] = append(reached[key], got.Verdict)
			if got.Verdict != tt.want || got.StrongPartner != tt.strong {
				t.Errorf("got %s (strong partner %v): %s; want %s (strong partner %v)", got.Verdict, got.StrongPartner, got.Reason, tt.want, tt.strong)
			}
			for _, s := range tt.has {
				if !strings.Contains(got.Reason, s) {
					t.Errorf("reason %q, want it to contain %q", got.Reason, s)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(got.Reason, s) {
					t.Errorf("reason %q, want it without %q", got.Reason, s)
				}
			}
			if got.Rule != tt.rule || got.LegalBasis == "" || got.Reason == "" {
				t.Errorf("rule %q, legal basis %q, reason %q: want rule %q with both", got.Rule, got.LegalBasis, got.Reason, tt.rule)
			}
			// The same path in French and English: the same verdict, a
			// reason and legal basis of its own with no Dutch left.
			for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
				in, _ := r.check(l, ref, &tt.e, tt.lot, today)
				if in.Verdict != got.Verdict || in.StrongPartner != got.StrongPartner {
					t.Errorf("%s: got %s (strong partner %v), want %s (strong partner %v) as in Dutch", l, in.Verdict, in.StrongPartner, got.Verdict, got.StrongPartner)
				}
				if in.Reason == "" || in.Reason == got.Reason || in.LegalBasis == "" || in.LegalBasis == got.LegalBasis {
					t.Errorf("%s: reason %q, legal basis %q: want them in %s", l, in.Reason, in.LegalBasis, l)
				}
				if left := i18n.DutchLeft(l, in.Reason+" "+in.LegalBasis); left != "" {
					t.Errorf("%s: Dutch left in %q: %q", l, in.Reason, left)
				}
			}
		})
	}
	for _, r := range Rules() {
		key := string(r.Clause) + " " + r.ID
		want := []koppel.Eligibility{koppel.Eligible, koppel.ToVerify, koppel.NotEligible}
		if r.Open {
			want = want[:1]
		}
		for _, v := range want {
			if !slices.Contains(reached[key], v) {
				t.Errorf("rule %s: no case reaches %s", key, v)
			}
		}
	}
}
