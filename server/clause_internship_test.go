package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"koppel"
	"koppel/clauses"
	"koppel/refdata"
	"koppel/server"
)

// putCleaner stores a maatwerkbedrijf in Gent with a cleaning offering,
// with or without transition paths (and then people with an
// arbeidshandicap among its target groups), and brings the index up to date.
func (f *fixture) putCleaner(t *testing.T, kbo koppel.KBO, name string, transition bool) {
	t.Helper()
	ctx := context.Background()
	e := &koppel.Enterprise{KBO: kbo, Name: name, Address: koppel.Address{Postcode: "9000"}, ServiceArea: koppel.ServiceArea{RadiusKm: 30},
		Recognitions:    []koppel.Recognition{{Form: koppel.Maatwerkbedrijf, Number: "MWB-" + string(kbo), ValidFrom: koppel.NewDate(2020, 1, 1), ValidTo: koppel.NewDate(2032, 12, 31)}},
		TransitionPaths: transition, TargetGroups: []koppel.TargetGroup{koppel.TargetLongTerm}}
	if transition {
		e.TargetGroups = append(e.TargetGroups, koppel.TargetDisability)
	}
	if err := e.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	o := &koppel.Offering{ID: "P1", Enterprise: kbo, Title: "Poetsen van scholen en kantoren", Category: "schoonmaak", CPV: []koppel.CPV{"90911200"}, Capacity: 3, Unit: "VTE"}
	if _, err := f.st.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) { yield(o, nil) }, "replace"); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Sync(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestClauseDraftRecommendsInternship: for a cleaning lot where
// maatwerkbedrijven with transition paths work, the assistant advises the
// reservation and, beside it, the internship clause with its text in both
// languages and its eForms codes; the page shows both.
func TestClauseDraftRecommendsInternship(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	f.putCleaner(t, "0202239951", "Poetsploeg Doorstroom vzw", true)
	f.putCleaner(t, "0203201340", "Schoonmaak Schetsbeek vzw", true)
	f.putCleaner(t, "0200065765", "Net Verzinselgem vzw", false)
	const lot = `{"buyer":"Stad A","lot":{"title":"Schoonmaak basisschool","cpv":["90911200-8"],"postcode":"9000","volume_fte":2}}`
	resp, body := f.do(t, "buyerA", "POST", "/api/v1/clauses/draft", "application/json", lot)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("draft: %d %s", resp.StatusCode, body)
	}
	var got server.DraftResponse
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Scan.TransitionPaths != 2 {
		t.Errorf("scan counts %d enterprises with transition paths, want 2", got.Scan.TransitionPaths)
	}
	if got.Recommendation.Kind != koppel.ClauseReservedWS || len(got.Recommendation.Also) != 1 || got.Recommendation.Also[0].Kind != koppel.ClauseInternship {
		t.Fatalf("recommendation %+v, want res-ws with the internship clause beside it", got.Recommendation)
	}
	if len(got.Also) != 1 {
		t.Fatalf("%d drafts beside the main one, want the internship clause", len(got.Also))
	}
	in := got.Also[0]
	bt775, _ := in.EForms["BT-775"].([]any)
	if in.Kind != koppel.ClauseInternship || in.EForms["BT-06"] != "soc-obj" || len(bt775) != 1 || bt775[0] != "opp" {
		t.Errorf("internship draft codes %v, want BT-06 soc-obj and BT-775 [opp]", in.EForms)
	}
	for _, w := range []string{"Stad A", "stageplaatsen van drie maanden", "Schoonmaak basisschool", "doorstroombegeleider"} {
		if !strings.Contains(in.TextNL, w) {
			t.Errorf("Dutch text %q lacks %q", in.TextNL, w)
		}
	}
	if !strings.Contains(in.TextFR, "places de stage de trois mois") {
		t.Errorf("French text %q lacks the places", in.TextFR)
	}
	cl, _ := clauses.Load().Clause(koppel.ClauseInternship)
	if in.LegalBasis != cl.LegalBasis || len(in.ToDecide) == 0 {
		t.Errorf("legal basis %q, to decide %v", in.LegalBasis, in.ToDecide)
	}

	// The page shows the advice beside the reservation and the text.
	resp, page := f.do(t, "buyerA", "POST", "/clausule", "application/x-www-form-urlencoded",
		"buyer=Stad+A&title=Schoonmaak+basisschool&cpv=90911200-8&postcode=9000&volume_fte=2")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("page: %d", resp.StatusCode)
	}
	if strings.Contains(page, "[opp]") {
		t.Errorf("clause page shows BT-775 as a raw list")
	}
	for _, w := range []string{"2 daarvan hebben doorstroomtrajecten", "Ook aangeraden", `id="ook-internship"`, "places de stage de trois mois",
		// BT-775 as its label with the code beside it, never as a raw list.
		"Werkgelegenheidskansen voor langdurig werklozen, kansarmen en/of personen met een handicap <code>opp</code>", `lang="fr"`} {
		if !strings.Contains(page, w) {
			t.Errorf("clause page lacks %q", w)
		}
	}
}
