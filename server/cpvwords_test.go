package server_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestCPVWordsOfferCodes: words typed in the CPV field of the tender form
// and of the need form come back beside the field as a sentence, with the
// codes they may mean listed by name in the reader's language; no Go
// value ("{", "false") leaks into the page.
func TestCPVWordsOfferCodes(t *testing.T) {
	f, _ := newNeedFixture(t)
	tender := url.Values{"title": {"Schoonmaak"}, "deadline": {"31/12/2027"}, "lot1_title": {"Poetsen"}, "lot1_cpv": {"poetsen"}, "lot1_postcode": {"3500"}}.Encode()
	need := url.Values{"title": {"Poetsdienst"}, "category": {"schoonmaak"}, "cpv": {"poetsen"}, "postcode": {"3500"}, "frequency": {"once"}}.Encode()
	for _, tt := range []struct {
		lang, sentence, label string
	}{
		{"nl", "bedoelt u een van deze?", "Reiniging van gebouwen"},
		{"fr", "pensiez-vous à l’un de ceux-ci", "Services de nettoyage de bâtiments"},
		{"en", "do you mean one of these?", "Building-cleaning services"},
	} {
		for _, form := range []struct{ name, path, body, id string }{
			{"tender form", "/opdrachten/nieuw", tender, "lot1_cpv"},
			{"need form", "/aanvragen/nieuw", need, "cpv"},
		} {
			resp, body := f.doWith(t, "buyerA", "POST", form.path+"?lang="+tt.lang, form.body, map[string]string{"Content-Type": formType})
			if resp.StatusCode != 400 {
				t.Errorf("%s %s: status %d, want 400", tt.lang, form.name, resp.StatusCode)
				continue
			}
			doc := parse(t, body)
			box := doc.Find("#" + form.id + "_error")
			text := box.Text()
			if !strings.Contains(text, `"poetsen"`) || !strings.Contains(text, tt.sentence) {
				t.Errorf("%s %s: the CPV field's message is not the sentence: %q", tt.lang, form.name, text)
			}
			if strings.Contains(text, "{") || strings.Contains(text, "}") || strings.Contains(text, "false") {
				t.Errorf("%s %s: a Go value shows beside the CPV field: %q", tt.lang, form.name, text)
			}
			var codes []string
			box.Find(".cpv-suggestions li").Each(func(_ int, li *goquery.Selection) { codes = append(codes, li.Text()) })
			found := false
			for _, c := range codes {
				if strings.Contains(c, "90911200") {
					found = true
					if !strings.Contains(c, tt.label) {
						t.Errorf("%s %s: 90911200 is offered as %q, want its name %q", tt.lang, form.name, c, tt.label)
					}
				}
			}
			if !found {
				t.Errorf("%s %s: 90911200 is not offered beside the CPV field: %q", tt.lang, form.name, codes)
			}
			if v, _ := doc.Find("#" + form.id).Attr("value"); v != "poetsen" {
				t.Errorf("%s %s: the typed words were not kept: %q", tt.lang, form.name, v)
			}
		}
	}
}
