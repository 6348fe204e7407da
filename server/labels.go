package server

import (
	"strings"
)

// facts joins the non-empty parts with " · ", so that a missing first
// part (an offering without category) leaves no stray separator.
func facts(parts ...any) string {
	var keep []string
	for _, p := range parts {
		if s, ok := p.(string); ok && s != "" {
			keep = append(keep, s)
		}
	}
	return strings.Join(keep, " · ")
}
