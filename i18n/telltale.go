package i18n

import (
	"regexp"
	"strings"
)

// dutchWords are words that give away Dutch text left in a French or
// English page: whole words (not inside a code such as 02de93), lower case (a proper name such as "De Vlijt"
// or "Het Anker" starts with a capital). French keeps "de" and "en", its
// own words.
var dutchWords = map[Lang]*regexp.Regexp{
	FR: tellTales("het", "een", "van", "voor", "niet", "geen", "zoeken", "opdracht", "opdrachten", "onderneming", "ondernemingen", "dienst", "diensten", "perceel", "percelen", "gevonden", "aanvragen", "wordt", "zijn"),
	EN: tellTales("de", "het", "een", "van", "voor", "niet", "geen", "zoeken", "opdracht", "opdrachten", "onderneming", "ondernemingen", "dienst", "diensten", "perceel", "percelen", "gevonden", "aanvragen", "wordt", "zijn"),
}

func tellTales(words ...string) *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[^\p{L}\p{N}])(` + strings.Join(words, "|") + `)(?:[^\p{L}\p{N}]|$)`)
}

// DutchLeft returns the first Dutch tell-tale word in text meant to be in
// lang, with some text around it, or "" (always "" for Dutch). The page
// tests use it to find text not yet translated.
func DutchLeft(lang Lang, text string) string {
	re, ok := dutchWords[lang]
	if !ok {
		return ""
	}
	loc := re.FindStringSubmatchIndex(text)
	if loc == nil {
		return ""
	}
	from, to := max(0, loc[2]-40), min(len(text), loc[3]+40)
	return strings.Join(strings.Fields(text[from:to]), " ")
}
