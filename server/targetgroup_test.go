package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"koppel"
	"koppel/server"
)

// TestDirectoryTargetGroupFilter filters the directory by target group and
// by transition paths, with and without search words, in the API and on
// the page; the enterprise page names the groups.
func TestDirectoryTargetGroupFilter(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	f.putCleaner(t, "0202239951", "Poetsploeg Doorstroom vzw", true) // arbeidshandicap, transition paths
	f.putCleaner(t, "0203201340", "Schoonmaak Schetsbeek vzw", false)
	names := func(path string) []string {
		t.Helper()
		resp, body := f.do(t, "anonymous", "GET", path, "", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
		}
		var list server.EnterpriseList
		if err := json.Unmarshal([]byte(body), &list); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range list.Enterprises {
			out = append(out, e.Name)
		}
		if list.Total != len(out) {
			t.Errorf("%s: total %d for %d enterprises", path, list.Total, len(out))
		}
		return out
	}
	for path, want := range map[string]string{
		"/api/v1/enterprises?target_group=arbeidshandicap":                "Poetsploeg Doorstroom vzw",
		"/api/v1/enterprises?target_group=Mensen+met+een+arbeidshandicap": "Poetsploeg Doorstroom vzw",
		"/api/v1/enterprises?transition=ja":                               "Poetsploeg Doorstroom vzw",
		"/api/v1/enterprises?q=poetsen&transition=ja":                     "Poetsploeg Doorstroom vzw",
		"/api/v1/enterprises?q=poetsen&target_group=art60":                "",
	} {
		got := strings.Join(names(path), ", ")
		if got != want {
			t.Errorf("%s: got %q, want %q", path, got, want)
		}
	}
	if got := names("/api/v1/enterprises?q=poetsen"); len(got) < 2 {
		t.Errorf("without the filter the search finds %v, want both cleaners", got)
	}
	resp, body := f.do(t, "anonymous", "GET", "/api/v1/enterprises?target_group=astronauten", "", "")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Doelgroep") {
		t.Errorf("unknown target group: %d %s, want 400 naming the doelgroep", resp.StatusCode, body)
	}
	_, page := f.do(t, "anonymous", "GET", "/ondernemingen?q=poetsen&transition=ja", "", "")
	if !strings.Contains(page, "Poetsploeg Doorstroom vzw") || strings.Contains(page, "Schoonmaak Schetsbeek vzw") || !strings.Contains(page, `name="transition" value="ja" checked`) {
		t.Errorf("directory page with the transition filter does not show only the enterprise with transition paths")
	}
	_, page = f.do(t, "anonymous", "GET", "/ondernemingen/0202239951", "", "")
	if !strings.Contains(page, koppel.TargetDisability.Label()) || !strings.Contains(page, `href="/stages?kbo=0202.239.951"`) {
		t.Errorf("enterprise page lacks its target group or the link to the internship places")
	}
}

// TestSectorContext: the home page and the clause assistant cite the
// sector's figures with their source, and name the buyers' guide.
func TestSectorContext(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for path, who := range map[string]string{"/": "anonymous", "/clausule": "buyerA"} {
		_, page := f.do(t, who, "GET", path, "", "")
		for _, want := range []string{"140 maatwerkbedrijven met 19.493 VTE", "20 maatwerkafdelingen met 89,5 VTE", "180 projecten van lokale diensteneconomie (LDE) met 2.148 VTE", "Bron: Vlaamse overheid", "<cite>Gids sociale aankopen</cite>"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", path, want)
			}
		}
	}
}
