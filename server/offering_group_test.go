package server_test

import (
	"encoding/json"
	"testing"

	"koppel/search"
	"koppel/server"
)

// TestOfferingSearchPerEnterprise checks the API's per_enterprise and
// enterprise parameters: the grouped answer's counts, and a clear 400 for
// a value it cannot use.
func TestOfferingSearchPerEnterprise(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for path, want := range map[string]int{
		"/api/v1/offerings?per_enterprise=abc":         400,
		"/api/v1/offerings?per_enterprise=-1":          400,
		"/api/v1/offerings?per_enterprise=101":         400,
		"/api/v1/offerings?enterprise=12ab":            400,
		"/api/v1/offerings?per_enterprise=2":           200,
		"/api/v1/offerings?enterprise=" + string(kboB): 200,
	} {
		resp, body := f.do(t, "anonymous", "GET", path, "", "")
		if resp.StatusCode != want {
			t.Errorf("%s: status %d, want %d: %s", path, resp.StatusCode, want, body)
		}
	}
	_, body := f.do(t, "anonymous", "GET", "/api/v1/offerings?per_enterprise=1", "", "")
	var r search.OfferingResult
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	ents := map[string]int{}
	for _, h := range r.Hits {
		ents[string(h.Enterprise.KBO)]++
	}
	if r.Total == 0 || r.Enterprises != len(ents) || r.Listed != len(r.Hits) || r.Listed != r.Enterprises {
		t.Errorf("per_enterprise=1: total %d, listed %d, enterprises %d, hits of %d enterprises %v", r.Total, r.Listed, r.Enterprises, len(ents), ents)
	}
	_, body = f.do(t, "anonymous", "GET", "/api/v1/offerings?enterprise="+string(kboB), "", "")
	r = search.OfferingResult{}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	for _, h := range r.Hits {
		if h.Enterprise.KBO != kboB {
			t.Errorf("enterprise=%s gave a hit of %s", kboB, h.Enterprise.KBO)
		}
	}
	if r.Total == 0 {
		t.Errorf("enterprise=%s found nothing", kboB)
	}
}
