package eforms

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"koppel/refdata"
)

// TestTenderLanguage checks that an imported tender carries the language
// of the texts it shows, which matching analyses them in.
func TestTenderLanguage(t *testing.T) {
	read := func(t *testing.T, name string, edit func(string) string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		n, err := Read(strings.NewReader(edit(string(b))), Options{Ref: refdata.Load(), File: name})
		if err != nil {
			t.Fatalf("Read %s: %v", name, err)
		}
		return n.Tender.Language
	}
	same := func(s string) string { return s }
	for _, tc := range []struct {
		name, file string
		edit       func(string) string
		want       string
	}{
		{"English notice", "cn_24_open.xml", same, "en"},
		{"Flemish notice", "cn_flemish_synthetic.xml", same, "nl"},
		{"French notice", "cn_24_open.xml", func(s string) string {
			s = strings.ReplaceAll(s, `languageID="ENG"`, `languageID="FRA"`)
			return strings.Replace(s, "<cbc:NoticeLanguageCode>ENG<", "<cbc:NoticeLanguageCode>FRA<", 1)
		}, "fr"},
		{"German notice", "cn_24_open.xml", func(s string) string {
			s = strings.ReplaceAll(s, `languageID="ENG"`, `languageID="DEU"`)
			return strings.Replace(s, "<cbc:NoticeLanguageCode>ENG<", "<cbc:NoticeLanguageCode>DEU<", 1)
		}, "de"},
		{"Dutch texts beside English ones", "cn_24_open.xml", func(s string) string {
			return strings.Replace(s, `<cbc:Name languageID="ENG">`, `<cbc:Name languageID="NLD">Titel</cbc:Name><cbc:Name languageID="ENG">`, -1)
		}, "nl"},
		{"a language Koppel does not analyse", "cn_24_open.xml", func(s string) string {
			s = strings.ReplaceAll(s, `languageID="ENG"`, `languageID="SPA"`)
			return strings.Replace(s, "<cbc:NoticeLanguageCode>ENG<", "<cbc:NoticeLanguageCode>SPA<", 1)
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := read(t, tc.file, tc.edit); got != tc.want {
				t.Errorf("got language %q, want %q", got, tc.want)
			}
		})
	}
}
