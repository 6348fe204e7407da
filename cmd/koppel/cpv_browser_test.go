package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"koppel/i18n"
)

// TestCPVPickerInPageLanguage: on the tender form, words typed in the CPV
// field offer codes named in the page's language, French words find the
// French labels ("tonte" offered only "Laine de tonte"), and the Dutch
// page keeps the Dutch ones. Real koppel serve
// and Chromium: the picker is the script in server/static.
func TestCPVPickerInPageLanguage(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	site := serveSite(t, nil, map[string][]string{"buyer": {"--role", "buyer", "--buyer", "Stad Voorbeeld"}})
	for _, tt := range []struct {
		lang       i18n.Lang
		typed      string
		first, not string // the first choice offered, and a text no choice may hold
	}{
		{i18n.FR, "maaien", "77314000-4 Services d'entretien de terrains", "Onderhoud van terreinen"},
		{i18n.FR, "tonte", "77314000-4 Services d'entretien de terrains", "Onderhoud van terreinen"},
		{i18n.FR, "nettoyage", "90911200-8 Services de nettoyage de bâtiments", "Reiniging van gebouwen"},
		{i18n.EN, "maaien", "77314000-4 Grounds maintenance services", "Onderhoud van terreinen"},
		{i18n.NL, "maaien", "77314000-4 Onderhoud van terreinen", "Services d'entretien de terrains"},
	} {
		t.Run(string(tt.lang)+" "+tt.typed, func(t *testing.T) {
			s := site.open(t, 1100, 900)
			ctx := s.ctx
			// One input event with the whole word: typing key by key would
			// fill the list for "ma" and "maa" first.
			browse(t, ctx, "type in the CPV field",
				s.signIn("buyer", "/opdrachten/nieuw"),
				chromedp.Navigate(site.url+"/opdrachten/nieuw?lang="+string(tt.lang)),
				chromedp.WaitVisible(chromedp.CSS("#lot1_cpv")),
				chromedp.Evaluate[chromedp.Void](`(() => { const f = document.getElementById("lot1_cpv"); f.value = `+strconv.Quote(tt.typed)+`; f.dispatchEvent(new Event("input")); })()`),
				chromedp.WaitReady(chromedp.CSS("#lot1_cpvlist option")),
			)
			got := read(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#lot1_cpvlist option")].map(o => o.label)`))
			if len(got) == 0 || got[0] != tt.first {
				t.Errorf("typing %q on the %s page offers %q, want %q first", tt.typed, tt.lang, got, tt.first)
			}
			for _, o := range got {
				if strings.Contains(o, tt.not) {
					t.Errorf("typing %q on the %s page offers %q", tt.typed, tt.lang, o)
				}
			}
		})
	}
}
