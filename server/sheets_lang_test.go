package server_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"koppel/server"
)

// TestWorkFormTargetGroupListsInLanguage: the API refuses an unknown work
// form or target group with the allowed values named in the request's
// language, and accepts the French names the French pages show.
func TestWorkFormTargetGroupListsInLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6})
	for _, tt := range []struct {
		path, want, notWant string
		status              int
	}{
		{"/api/v1/offerings?lang=fr&form=" + url.QueryEscape("fusée"), "Entreprise de travail adapté (ETA)", "Invoegbedrijf", 400},
		{"/api/v1/offerings?lang=en&form=" + url.QueryEscape("rocket"), "Work integration enterprise", "Invoegbedrijf", 400},
		{"/api/v1/offerings?lang=fr&target_group=astronautes", "Demandeurs d’emploi de longue durée", "Langdurig", 400},
		{"/api/v1/offerings?lang=en&target_group=astronauts", "Long-term jobseekers", "Langdurig", 400},
		{"/api/v1/offerings?lang=fr&form=" + url.QueryEscape("Entreprise de travail adapté (ETA)") + "&target_group=" + url.QueryEscape("Personnes avec un handicap au travail"), "", "", 200},
	} {
		resp, body := f.doWith(t, "anonymous", "GET", tt.path, "", nil)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.path, resp.StatusCode, body, tt.status)
			continue
		}
		if tt.status != 400 {
			continue
		}
		var p server.Problem
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if !strings.Contains(p.Detail, tt.want) || strings.Contains(p.Detail, tt.notWant) {
			t.Errorf("%s: detail %q, want %q and no %q", tt.path, p.Detail, tt.want, tt.notWant)
		}
	}
}
