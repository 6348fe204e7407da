package clauses_test

import (
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/clauses"
	"koppel/i18n"
	"koppel/refdata"
)

func ptr[T any](v T) *T { return &v }

func d(y int, m time.Month, day int) koppel.Date { return koppel.NewDate(y, m, day) }

func rec(f koppel.WorkForm, from, to koppel.Date) koppel.Recognition {
	return koppel.Recognition{Form: f, Number: "ERK-1", ValidFrom: from, ValidTo: to}
}

func TestEligibility(t *testing.T) {
	ref := refdata.Load()
	today := d(2026, 11, 23)
	lot := &koppel.Lot{ID: "1", Title: "Schoonmaak", CPV: []koppel.CPV{"90911200"}, Start: d(2027, 1, 1), End: d(2028, 12, 31)}
	social := &koppel.Lot{ID: "2", Title: "Maaltijden aan huis", CPV: []koppel.CPV{"85320000"}, Start: d(2027, 1, 1), End: d(2028, 12, 31)}
	valid := func(f koppel.WorkForm) koppel.Recognition { return rec(f, d(2020, 1, 1), d(2030, 12, 31)) }
	tests := []struct {
		name     string
		e        koppel.Enterprise
		lot      *koppel.Lot
		kind     koppel.ClauseKind
		want     koppel.Eligibility
		wantRule string
		reason   string
	}{
		{"MWB qualifies without FTE figures", koppel.Enterprise{Name: "MWB", Recognitions: []koppel.Recognition{valid(koppel.Maatwerkbedrijf)}}, lot, koppel.ClauseReservedWS, koppel.Eligible, "res-ws/maatwerkbedrijf", "geldig van 01/01/2020 tot 31/12/2030"},
		{"LDE with 50% target group", koppel.Enterprise{Name: "LDE", Recognitions: []koppel.Recognition{valid(koppel.LokaleDiensteneconomie)}, FTETotal: ptr(10.0), FTETarget: ptr(5.0)}, lot, koppel.ClauseReservedWS, koppel.Eligible, "res-ws/doelgroep-30", "5 van 10 VTE doelgroepwerknemers = 50 %"},
		{"cooperative with 20%", koppel.Enterprise{Name: "Coop", Recognitions: []koppel.Recognition{valid(koppel.Cooperatie)}, FTETotal: ptr(20.0), FTETarget: ptr(4.0)}, lot, koppel.ClauseReservedWS, koppel.NotEligible, "res-ws/doelgroep-30", "minder dan de vereiste 30 %"},
		{"LDE without FTE figures", koppel.Enterprise{Name: "LDE", Recognitions: []koppel.Recognition{valid(koppel.LokaleDiensteneconomie)}}, lot, koppel.ClauseReservedWS, koppel.ToVerify, "res-ws/doelgroep-30", "VTE-cijfers"},
		{"MWB recognition expired before the start, figures unknown", koppel.Enterprise{Name: "MWB", Recognitions: []koppel.Recognition{rec(koppel.Maatwerkbedrijf, d(2015, 1, 1), d(2026, 6, 30))}}, lot, koppel.ClauseReservedWS, koppel.ToVerify, "res-ws/doelgroep-30", "niet geldig bij de start"},
		{"MWB recognition expired before the start, share too low", koppel.Enterprise{Name: "MWB", Recognitions: []koppel.Recognition{rec(koppel.Maatwerkbedrijf, d(2015, 1, 1), d(2026, 6, 30))}, FTETotal: ptr(10.0), FTETarget: ptr(1.0)}, lot, koppel.ClauseReservedWS, koppel.NotEligible, "", ""},
		{"MWB recognition ends during the contract", koppel.Enterprise{Name: "MWB", Recognitions: []koppel.Recognition{rec(koppel.Maatwerkbedrijf, d(2015, 1, 1), d(2027, 6, 30))}}, lot, koppel.ClauseReservedWS, koppel.ToVerify, "res-ws/maatwerkbedrijf", "vraag naar de verlenging"},
		{"MWB recognition without dates", koppel.Enterprise{Name: "MWB", Recognitions: []koppel.Recognition{{Form: koppel.Maatwerkbedrijf}}}, lot, koppel.ClauseReservedWS, koppel.ToVerify, "res-ws/maatwerkbedrijf", "zonder geldigheidsdata"},
		{"no recognition at all", koppel.Enterprise{Name: "Gewoon bedrijf", FTETotal: ptr(10.0), FTETarget: ptr(9.0)}, lot, koppel.ClauseReservedWS, koppel.NotEligible, "", "geen erkenning"},
		{"reserved execution needs an MWB", koppel.Enterprise{Name: "LDE", Recognitions: []koppel.Recognition{valid(koppel.LokaleDiensteneconomie)}, FTETotal: ptr(10.0), FTETarget: ptr(9.0)}, lot, koppel.ClauseReservedExecution, koppel.NotEligible, "reserved-execution/beschutte-arbeid", "maatwerkbedrijf"},
		{"reserved execution for an MWB", koppel.Enterprise{Name: "MWB", Recognitions: []koppel.Recognition{valid(koppel.Maatwerkbedrijf)}}, lot, koppel.ClauseReservedExecution, koppel.Eligible, "reserved-execution/beschutte-arbeid", ""},
		{"res-pub-ser outside the social-service list", koppel.Enterprise{Name: "Vzw", PublicServiceMission: ptr(true)}, lot, koppel.ClauseReservedPubSer, koppel.ToVerify, "res-pub-ser/openbare-dienst", "90911200"},
		{"res-pub-ser for a mission organisation", koppel.Enterprise{Name: "Vzw", PublicServiceMission: ptr(true)}, social, koppel.ClauseReservedPubSer, koppel.Eligible, "res-pub-ser/openbare-dienst", ""},
		{"res-pub-ser, mission unknown", koppel.Enterprise{Name: "Vzw"}, social, koppel.ClauseReservedPubSer, koppel.ToVerify, "res-pub-ser/openbare-dienst", "Niet bekend"},
		{"res-pub-ser, no mission", koppel.Enterprise{Name: "Bv", PublicServiceMission: ptr(false)}, social, koppel.ClauseReservedPubSer, koppel.NotEligible, "res-pub-ser/openbare-dienst", ""},
		{"execution condition is open, strong partner", koppel.Enterprise{Name: "LDE", FTETotal: ptr(10.0), FTETarget: ptr(8.0)}, lot, koppel.ClauseExecutionCondition, koppel.Eligible, "open/sterke-partner", "sterke partner"},
		{"award criterion is open", koppel.Enterprise{Name: "Bv"}, lot, koppel.ClauseAwardCriterion, koppel.Eligible, "open/sterke-partner", "Iedereen mag inschrijven"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clauses.Check(ref, &tt.e, tt.lot, tt.kind, today)
			if got.Verdict != tt.want || tt.wantRule != "" && got.Rule != tt.wantRule {
				t.Errorf("got %s by rule %q (%s), want %s by rule %q", got.Verdict, got.Rule, got.Reason, tt.want, tt.wantRule)
			}
			if !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("reason %q, want it to contain %q", got.Reason, tt.reason)
			}
			if got.Verdict != koppel.NotApplicable && got.LegalBasis == "" {
				t.Errorf("verdict without legal basis")
			}
		})
	}
}

func TestCheckLotIn(t *testing.T) {
	ref := refdata.Load()
	e := &koppel.Enterprise{Name: "Coop", Recognitions: []koppel.Recognition{{Form: koppel.Cooperatie, ValidFrom: d(2020, 1, 1)}}, FTETotal: ptr(10.0), FTETarget: ptr(1.0)}
	open := &koppel.Lot{Clauses: []koppel.Clause{{Kind: koppel.ClauseAwardCriterion}}}
	reserved := &koppel.Lot{Clauses: []koppel.Clause{{Kind: koppel.ClauseAwardCriterion}, {Kind: koppel.ClauseReservedWS}}}
	none := &koppel.Lot{}
	today := d(2026, 11, 23)
	if got := clauses.CheckLotIn(i18n.NL, ref, e, none, today).Verdict; got != koppel.NotApplicable {
		t.Errorf("lot without clauses: %s, want not_applicable", got)
	}
	if got := clauses.CheckLotIn(i18n.NL, ref, e, open, today).Verdict; got != koppel.Eligible {
		t.Errorf("open lot: %s, want eligible", got)
	}
	if got := clauses.CheckLotIn(i18n.NL, ref, e, reserved, today); got.Verdict != koppel.NotEligible || got.Clause != koppel.ClauseReservedWS {
		t.Errorf("reserved lot: %s by %s, want not_eligible by res-ws", got.Verdict, got.Clause)
	}
}

func TestCatalogueTemplates(t *testing.T) {
	lib := clauses.Load()
	if len(lib.Clauses) != len(koppel.ClauseKinds) {
		t.Fatalf("library has %d model clauses, want %d", len(lib.Clauses), len(koppel.ClauseKinds))
	}
	p := clauses.TemplateParams{Buyer: "Stad Gent", Object: "perceel 1 (schoonmaak)", Percent: 12.5, Weight: 15, Places: 3}
	wantBT := map[koppel.ClauseKind]map[string]any{
		koppel.ClauseReservedWS:         {"BT-71": "res-ws", "BT-736": "no", "BT-06": "soc-obj"},
		koppel.ClauseReservedPubSer:     {"BT-71": "res-pub-ser"},
		koppel.ClauseReservedExecution:  {"BT-71": "none", "BT-736": "yes"},
		koppel.ClauseExecutionCondition: {"BT-71": "none", "BT-06": "soc-obj"},
		koppel.ClauseAwardCriterion:     {"BT-06": "soc-obj", "BT-541": "15"},
		koppel.ClauseSubcontracting:     {"BT-06": "soc-obj"},
		koppel.ClauseInternship:         {"BT-71": "none", "BT-736": "no", "BT-06": "soc-obj"},
	}
	for _, cl := range lib.Clauses {
		for _, lang := range []string{"nl", "fr"} {
			text, err := cl.Text(lang, p)
			if err != nil {
				t.Errorf("%s %s: %v", cl.Kind, lang, err)
				continue
			}
			if strings.Contains(text, "{{") || strings.Contains(text, "<no value>") || !strings.Contains(text, "Stad Gent") {
				t.Errorf("%s %s: text not filled in: %s", cl.Kind, lang, text)
			}
		}
		codes := cl.EFormsCodes(p)
		for k, v := range wantBT[cl.Kind] {
			if codes[k] != v {
				t.Errorf("%s: %s = %v, want %v", cl.Kind, k, codes[k], v)
			}
		}
		if bt775, ok := codes["BT-775"].([]any); !ok || len(bt775) == 0 || bt775[0] != "opp" {
			t.Errorf("%s: BT-775 = %v, want [opp]", cl.Kind, codes["BT-775"])
		}
	}
	// The internship clause names the number of places, the three months,
	// the transition path and the lawful placement, in both languages.
	in, _ := lib.Clause(koppel.ClauseInternship)
	for lang, want := range map[string][]string{
		"nl": {"3 stageplaatsen van drie maanden", "doorstroomtraject", "toegelaten terbeschikkingstelling", "doorstroombegeleider", "Stad Gent kan zelf als gastwerkgever"},
		"fr": {"3 places de stage de trois mois", "parcours de transition", "mise à disposition autorisée", "accompagnateur de transition"},
	} {
		text, err := in.Text(lang, p)
		for _, w := range want {
			if err != nil || !strings.Contains(text, w) {
				t.Errorf("internship %s: %q (%v), want it to contain %q", lang, text, err, w)
			}
		}
	}
	if !strings.Contains(in.LegalBasis, "art. 87 wet van 17 juni 2016") || !strings.Contains(in.LegalBasis, "art. 70 richtlijn 2014/24/EU") {
		t.Errorf("internship legal basis %q, want art. 87 of the law and art. 70 of the directive", in.LegalBasis)
	}
	if _, err := in.Text("nl", clauses.TemplateParams{Buyer: "Stad Gent", Object: "x"}); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("internship without places: %v, want EINVALID", err)
	}
	// Missing parameters are refused, never filled with a hole.
	cl, _ := lib.Clause(koppel.ClauseExecutionCondition)
	if _, err := cl.Text("nl", clauses.TemplateParams{Buyer: "Stad Gent", Object: "x"}); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("template without percent: %v, want EINVALID", err)
	}
	if _, err := cl.Text("nl", clauses.TemplateParams{Object: "x", Percent: 5}); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("template without buyer: %v, want EINVALID", err)
	}
}
