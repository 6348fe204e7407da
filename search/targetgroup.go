package search

import (
	"strings"

	"koppel"
)

// ParseTargetGroups reads a comma-separated list of target groups (codes
// or names, as koppel.ParseTargetGroup reads them), once each in the
// order of koppel.TargetGroups. Returns EINVALID for an unknown group.
func ParseTargetGroups(s string) ([]koppel.TargetGroup, error) {
	seen := map[koppel.TargetGroup]bool{}
	for _, v := range strings.Split(s, ",") {
		if strings.TrimSpace(v) == "" {
			continue
		}
		g, err := koppel.ParseTargetGroup(v)
		if err != nil {
			return nil, err
		}
		seen[g] = true
	}
	var out []koppel.TargetGroup
	for _, i := range koppel.TargetGroups {
		if seen[i.Group] {
			out = append(out, i.Group)
		}
	}
	return out, nil
}

// targetGroupLabel is the Dutch name of a target group's code, for facets.
func targetGroupLabel(v string) string { return koppel.TargetGroup(v).Label() }

// transitionLabel names the one value of the transition facet.
func transitionLabel(string) string { return "Met doorstroomtrajecten" }
