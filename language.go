package koppel

import "strings"

// Languages Koppel analyses a tender's texts in (ISO 639-1). A tender
// without a language is in Dutch.
const (
	LanguageDutch   = "nl"
	LanguageFrench  = "fr"
	LanguageEnglish = "en"
	LanguageGerman  = "de"
)

// TextLanguages lists the languages a tender's texts may be written in.
var TextLanguages = []string{LanguageDutch, LanguageFrench, LanguageEnglish, LanguageGerman}

// languageCodes maps the codes people and notices write (ISO 639-1, the
// three-letter codes of eForms' BT-702 and cbc:languageID, the English,
// Dutch and French names) to the ISO 639-1 code.
var languageCodes = map[string]string{
	"nl": "nl", "nld": "nl", "dut": "nl", "nederlands": "nl", "dutch": "nl", "neerlandais": "nl", "vlaams": "nl",
	"fr": "fr", "fra": "fr", "fre": "fr", "frans": "fr", "french": "fr", "francais": "fr",
	"en": "en", "eng": "en", "engels": "en", "english": "en", "anglais": "en",
	"de": "de", "deu": "de", "ger": "de", "duits": "de", "german": "de", "deutsch": "de", "allemand": "de",
}

// ParseLanguage returns the ISO 639-1 code of one of the TextLanguages
// written as a code or a name (case and accents do not matter), and false
// for any other language.
func ParseLanguage(s string) (string, bool) {
	c, ok := languageCodes[Normalize(strings.TrimSpace(s))]
	return c, ok
}

// TextLanguage returns the language of the tender's texts: its Language,
// else Dutch.
func (t *Tender) TextLanguage() string {
	if t == nil || t.Language == "" {
		return LanguageDutch
	}
	return t.Language
}
