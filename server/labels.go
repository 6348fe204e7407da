package server

import (
	"strings"
)

// languageNames are the Dutch names of the languages enterprises list
// (ISO 639-1 codes).
var languageNames = map[string]string{
	"nl": "Nederlands", "fr": "Frans", "en": "Engels", "de": "Duits",
	"ar": "Arabisch", "tr": "Turks", "es": "Spaans", "it": "Italiaans",
	"pl": "Pools", "ro": "Roemeens", "ru": "Russisch", "uk": "Oekraïens",
	"pt": "Portugees", "so": "Somalisch", "fa": "Perzisch",
}

// languageName is the Dutch name of a language code, or the code itself
// when Koppel does not know it.
func languageName(code string) string {
	if n, ok := languageNames[strings.ToLower(code)]; ok {
		return n
	}
	return code
}

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
