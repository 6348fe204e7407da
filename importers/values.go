package importers

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"koppel"
	"koppel/i18n"
)

// The catalogue template's lists (the dropdowns) and the catalogue export
// write the values of work forms, categories, target groups, languages and
// yes/no in the template's language, as the pages name them; the importer
// reads the names of every language (a test checks each of them).

// workFormName is the name of work form f in lang ("Maatwerkbedrijf",
// "Entreprise de travail adapté (ETA)").
func workFormName(lang i18n.Lang, f koppel.WorkForm) string {
	return i18n.TermText(lang, f.Term())
}

// categoryName is the name of category c in lang ("Schoonmaak & poetsen",
// "Nettoyage").
func categoryName(lang i18n.Lang, c koppel.Category) string {
	return i18n.TermText(lang, c.Term())
}

// targetGroupName is the name of target group g in lang.
func targetGroupName(lang i18n.Lang, g koppel.TargetGroup) string {
	return i18n.TermText(lang, g.Term())
}

// languageName is the name of a language code in lang: the Dutch name of
// languageNames in Dutch ("Frans"), the pages' name elsewhere
// ("français", "French"), else the Dutch name, else the code.
func languageName(lang i18n.Lang, code string) string {
	if lang != i18n.NL && i18n.Has(lang, "display.language."+code) {
		return i18n.T(lang, "display.language."+code)
	}
	if n, ok := languageNames[code]; ok {
		return n
	}
	return code
}

// languageListIn writes language codes as names in lang, joined with ", ",
// the first with a capital: "Nederlands, Frans", "Néerlandais, français",
// "Dutch, French".
func languageListIn(lang i18n.Lang, codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = languageName(lang, c)
	}
	s := strings.Join(names, ", ")
	if lang == i18n.NL || s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// targetGroupNamesIn are the names of the target groups in lang, joined
// with "; " as parseTargetGroups reads them.
func targetGroupNamesIn(lang i18n.Lang, gs []koppel.TargetGroup) string {
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = targetGroupName(lang, g)
	}
	return strings.Join(names, "; ")
}
