package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"koppel"
	"koppel/search"
	"koppel/server"
)

// TestOfferingTargetGroupFacet filters the offering search by target
// group (repeated, comma-separated, by name) and by transition paths,
// counts the facets, follows a change of an enterprise's profile (a
// catalogue upload that only changes its groups, and a profile saved on
// its own), and shows the facet as checkboxes on the search page.
func TestOfferingTargetGroupFacet(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	f.putCleaner(t, "0202239951", "Poetsploeg Doorstroom vzw", true)  // langdurig werkzoekend + arbeidshandicap, transition paths
	f.putCleaner(t, "0203201340", "Schoonmaak Schetsbeek vzw", false) // langdurig werkzoekend
	find := func(query string) search.OfferingResult {
		t.Helper()
		resp, body := f.do(t, "anonymous", "GET", "/api/v1/offerings?"+query, "", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", query, resp.StatusCode, body)
		}
		var r search.OfferingResult
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	names := func(r search.OfferingResult) string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.Enterprise.Name)
		}
		return strings.Join(out, ", ")
	}
	count := func(fs []search.FacetValue, value string) int {
		for _, v := range fs {
			if v.Value == value {
				return v.Count
			}
		}
		return 0
	}
	r := find("q=poetsen")
	if got := count(r.Facets.TargetGroup, "langdurig-werkzoekend"); got != 2 {
		t.Errorf("facet langdurig-werkzoekend counts %d, want 2", got)
	}
	if got := count(r.Facets.TargetGroup, "arbeidshandicap"); got != 1 {
		t.Errorf("facet arbeidshandicap counts %d, want 1", got)
	}
	if got := count(r.Facets.Transition, "ja"); got != 1 {
		t.Errorf("facet transition counts %d, want 1", got)
	}
	for _, fv := range r.Facets.TargetGroup {
		if fv.Label != koppel.TargetGroup(fv.Value).Label() {
			t.Errorf("facet %s labelled %q, want its Dutch name", fv.Value, fv.Label)
		}
	}
	for query, want := range map[string]string{
		"q=poetsen&target_group=arbeidshandicap":                             "Poetsploeg Doorstroom vzw",
		"q=poetsen&target_group=Mensen+met+een+arbeidshandicap":              "Poetsploeg Doorstroom vzw",
		"q=poetsen&target_group=langdurig-werkzoekend&target_group=handicap": "Poetsploeg Doorstroom vzw",
		"q=poetsen&target_group=langdurig-werkzoekend,arbeidshandicap":       "Poetsploeg Doorstroom vzw",
		"q=poetsen&transition=ja":                                            "Poetsploeg Doorstroom vzw",
		"q=poetsen&target_group=art60":                                       "",
	} {
		if got := names(find(query)); got != want {
			t.Errorf("%s: got %q, want %q", query, got, want)
		}
	}
	// The export holds what the filter keeps and names the groups.
	_, xlsx := f.do(t, "anonymous", "GET", "/api/v1/offerings?q=poetsen&target_group=handicap&target_group=langdurig-werkzoekend&transition=ja&format=xlsx", "", "")
	x, _, rows := openXLSX(t, xlsx)
	if len(rows) != 2 || !strings.Contains(strings.Join(rows[1], "|"), "Poetsploeg Doorstroom vzw") {
		t.Errorf("export rows %v, want the header and Poetsploeg Doorstroom vzw", rows)
	}
	ab := about(t, x)
	if ab["Doelgroepen (alle)"] != "Mensen met een arbeidshandicap; Langdurig werkzoekenden" || ab["Doorstroomtrajecten"] == "" {
		t.Errorf("Over deze export = %v, want the target groups and transition paths named", ab)
	}
	resp, body := f.do(t, "anonymous", "GET", "/api/v1/offerings?target_group=astronauten", "", "")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Doelgroep") {
		t.Errorf("unknown target group: %d %s, want 400 naming the doelgroep", resp.StatusCode, body)
	}

	// The profile changes: a catalogue upload that changes only the
	// groups re-indexes the enterprise's offerings, as does a profile
	// saved on its own.
	ctx := context.Background()
	e, err := f.st.FindEnterpriseByKBO(ctx, "0203201340")
	if err != nil {
		t.Fatal(err)
	}
	o, err := f.st.FindOffering(ctx, "0203201340", "P1")
	if err != nil {
		t.Fatal(err)
	}
	e.TargetGroups = append(e.TargetGroups, koppel.TargetDisability)
	if _, err := f.st.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) { yield(o, nil) }, "merge"); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if got := find("q=poetsen&target_group=arbeidshandicap").Total; got != 2 {
		t.Errorf("after the upload that adds arbeidshandicap: %d offerings, want 2", got)
	}
	e.TargetGroups, e.TransitionPaths = nil, true
	if err := f.st.PutEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if got := names(find("q=poetsen&target_group=arbeidshandicap")); got != "Poetsploeg Doorstroom vzw" {
		t.Errorf("after the profile drops its groups: %q, want only Poetsploeg Doorstroom vzw", got)
	}
	if got := find("q=poetsen&transition=ja").Total; got != 2 {
		t.Errorf("after the profile declares transition paths: %d offerings, want 2", got)
	}

	// The page: the groups as checkboxes with their counts; ticking one
	// keeps the others' links adding to it, and the form keeps it.
	_, page := f.do(t, "anonymous", "GET", "/?q=poetsen", "", "")
	for _, want := range []string{"<h2>Doelgroep</h2>", "☐</span>Langdurig werkzoekenden</a> <span class=\"muted\">(1)</span>", "<h2>Doorstroomtrajecten</h2>", "☐</span>Met doorstroomtrajecten</a> <span class=\"muted\">(2)</span>"} {
		if !strings.Contains(page, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	// In French the facet speaks French.
	_, page = f.do(t, "anonymous", "GET", "/?q=poetsen&target_group=arbeidshandicap&lang=fr", "", "")
	for _, want := range []string{"<h2>Groupe cible</h2>", "coché\u00a0: </span>Personnes avec un handicap au travail", "<h2>Parcours de transition</h2>", "Avec parcours de transition</a>"} {
		if !strings.Contains(page, want) {
			t.Errorf("French search page lacks %q", want)
		}
	}
	_, page = f.do(t, "anonymous", "GET", "/?q=poetsen&target_group=arbeidshandicap", "", "")
	if !strings.Contains(page, "Poetsploeg Doorstroom vzw") || strings.Contains(page, "Schoonmaak Schetsbeek vzw") {
		t.Errorf("search page with target_group=arbeidshandicap does not show only the enterprise with that group")
	}
	add := "/?" + url.Values{"q": {"poetsen"}, "target_group": {"arbeidshandicap,langdurig-werkzoekend"}}.Encode()
	for _, want := range []string{`<span class="visually-hidden">aangevinkt: </span>Mensen met een arbeidshandicap`, `href="` + strings.ReplaceAll(add, "&", "&amp;") + `"`, `<input type="hidden" name="target_group" value="arbeidshandicap">`, "1 actief"} {
		if !strings.Contains(page, want) {
			t.Errorf("search page with a group ticked lacks %q", want)
		}
	}
}
