package search_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/indexer"
	"koppel/search"
)

// TestOfferingTargetGroups checks the target-group filter and facet
// against the demo data: the counts are those of the offerings whose
// enterprise declared the group, worked out from the source.
func TestOfferingTargetGroups(t *testing.T) {
	src := demoSource()
	s := mustSearcher(t, src, indexer.Options{})
	// What the data says: per group, the offerings of enterprises with it;
	// with arbeidshandicap, per other group, those with both.
	per := map[string]int{}
	withDisability := map[string]int{}
	transition, disabilityTransition := 0, 0
	for _, o := range src.Offerings {
		e := src.Enterprises[o.Enterprise]
		for _, g := range e.TargetGroups {
			per[string(g)]++
			if e.HasTargetGroup(koppel.TargetDisability) {
				withDisability[string(g)]++
			}
		}
		if e.TransitionPaths {
			transition++
			if e.HasTargetGroup(koppel.TargetDisability) {
				disabilityTransition++
			}
		}
	}
	if len(per) < 4 || transition == 0 {
		t.Fatalf("the demo data declares too few target groups to test: %v, %d with transition paths", per, transition)
	}
	counts := func(fs []search.FacetValue) map[string]int {
		m := map[string]int{}
		for _, f := range fs {
			m[f.Value] = f.Count
			if f.Label != koppel.TargetGroup(f.Value).Label() && f.Value != indexer.TransitionYes {
				t.Errorf("facet value %s labelled %q", f.Value, f.Label)
			}
		}
		return m
	}

	all := mustSearch(t, s, search.OfferingQuery{})
	if diff := cmp.Diff(per, counts(all.Facets.TargetGroup)); diff != "" {
		t.Errorf("target-group facet (-data +search):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{indexer.TransitionYes: transition}, counts(all.Facets.Transition)); diff != "" {
		t.Errorf("transition facet (-data +search):\n%s", diff)
	}

	// The filter keeps the offerings of enterprises with the group, by
	// code or by name; the facets then count within them.
	for _, name := range []string{"arbeidshandicap", "Mensen met een arbeidshandicap", " handicap ,"} {
		r := mustSearch(t, s, search.OfferingQuery{TargetGroups: name, Size: search.MaxSize})
		if r.Total != per["arbeidshandicap"] {
			t.Errorf("%q: %d offerings, want %d", name, r.Total, per["arbeidshandicap"])
		}
		for _, h := range r.Hits {
			if !src.Enterprises[h.Enterprise.KBO].HasTargetGroup(koppel.TargetDisability) {
				t.Errorf("%q: hit %s of %s, which does not work with people with an arbeidshandicap", name, h.Offering.Code, h.Enterprise.Name)
			}
		}
		if diff := cmp.Diff(withDisability, counts(r.Facets.TargetGroup)); diff != "" {
			t.Errorf("%q: target-group facet (-data +search):\n%s", name, diff)
		}
	}
	// Several groups: enterprises with all of them.
	r := mustSearch(t, s, search.OfferingQuery{TargetGroups: "arbeidshandicap,psychosociaal"})
	if r.Total != withDisability["psychosociaal"] {
		t.Errorf("arbeidshandicap and psychosociaal: %d offerings, want %d", r.Total, withDisability["psychosociaal"])
	}
	r = mustSearch(t, s, search.OfferingQuery{TargetGroups: "arbeidshandicap", Transition: true})
	if r.Total != disabilityTransition {
		t.Errorf("arbeidshandicap with transition paths: %d offerings, want %d", r.Total, disabilityTransition)
	}
	if _, err := s.Offerings(context.Background(), search.OfferingQuery{TargetGroups: "arbeidshandicap,astronauten"}); koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("unknown target group: error %v, want EINVALID", err)
	}
}
