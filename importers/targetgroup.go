package importers

import (
	"strings"

	"koppel"
)

// parseTargetGroups reads the Doelgroepen cell: names or codes separated
// by a semicolon (or a line break); it returns the groups it knows and the
// items it does not.
func parseTargetGroups(v string) (groups []koppel.TargetGroup, unknown []string) {
	for _, item := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '\n' || r == '|' }) {
		item = cleanCell(item)
		if item == "" || isBlankWord(item) {
			continue
		}
		g, err := koppel.ParseTargetGroup(item)
		if err != nil {
			unknown = append(unknown, item)
			continue
		}
		groups = append(groups, g)
	}
	return groups, unknown
}

// yesWords and noWords are how people answer a yes/no cell, in Dutch,
// French and English.
var (
	yesWords = map[string]bool{"ja": true, "j": true, "yes": true, "y": true, "oui": true, "x": true, "1": true, "waar": true, "true": true, "wel": true}
	noWords  = map[string]bool{"nee": true, "neen": true, "n": true, "no": true, "non": true, "0": true, "onwaar": true, "false": true, "niet": true, "geen": true}
)

// parseYesNo reads a yes/no cell; ok is false when it is neither.
func parseYesNo(v string) (yes, ok bool) {
	n := koppel.Normalize(v)
	switch {
	case yesWords[n]:
		return true, true
	case noWords[n]:
		return false, true
	}
	return false, false
}
