package server_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel/server"
)

// TestNewTenderCPVWords checks that words typed in the CPV field of the
// Nieuwe opdracht form never end in a dead end: the form comes back with
// the words kept, an error beside the field and the codes they may mean.
func TestNewTenderCPVWords(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	tests := []struct {
		cpv, want, says string
	}{
		{"reiniging", "90911200-8", "is geen CPV-code"},
		{"90919200-4; ramen wassen", "90911300-9", `"ramen wassen" is geen CPV-code`},
		{"groenonderhoud", "77310000-6", "is geen CPV-code"},
		{"xyzzyplugh", "", "typ een ander woord"},
	}
	for _, tt := range tests {
		t.Run(tt.cpv, func(t *testing.T) {
			form := url.Values{"title": {"Schoonmaak"}, "buyer": {"Stad A"}, "lot1_title": {"Poetsen"}, "lot1_cpv": {tt.cpv}, "lot1_postcode": {"9000"}}
			resp, body := f.do(t, "buyerA", "POST", "/opdrachten/nieuw", "application/x-www-form-urlencoded", form.Encode())
			if resp.StatusCode != 400 {
				t.Fatalf("status %d, want 400", resp.StatusCode)
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			in := doc.Find("input#lot1_cpv")
			if v, _ := in.Attr("value"); v != tt.cpv {
				t.Errorf("field value %q, want %q kept", v, tt.cpv)
			}
			if d, _ := in.Attr("aria-describedby"); d != "lot1_cpv_error" {
				t.Errorf("field not tied to its error: %q", d)
			}
			msg := doc.Find("#lot1_cpv_error").Text()
			if !strings.Contains(msg, tt.says) || !strings.Contains(msg, tt.want) {
				t.Errorf("error beside the field %q, want %q and %q", msg, tt.says, tt.want)
			}
		})
	}
}

// TestCPVPickerDomain checks the picker's API on the social economy's
// words: their service codes first, services before goods.
func TestCPVPickerDomain(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for q, first := range map[string]string{"groenonderhoud": "77310000-6", "poetsen": "90911200-8", "fietsherstelling": "50100000-6", "maaien": "77314000-4", "klusjes": "50700000-2"} {
		_, body := f.do(t, "anonymous", "GET", "/api/v1/cpv?q="+url.QueryEscape(q), "", "")
		var hits []struct{ Code string }
		if err := json.Unmarshal([]byte(body), &hits); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if len(hits) == 0 || hits[0].Code != first {
			t.Errorf("%s: got %v, want %s first", q, hits, first)
		}
	}
}

// TestCPVPickerFrench checks the picker's API on French words: the labels
// it answers with hold the French and English names the picker shows on
// French and English pages, and the French words of the social economy
// lead to their service codes ("tonte" offered only "Laine de tonte").
func TestCPVPickerFrench(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tt := range []struct{ q, first, fr, en string }{
		{"tonte", "77314000-4", "Services d'entretien de terrains", "Grounds maintenance services"},
		{"tondre", "77314000-4", "Services d'entretien de terrains", "Grounds maintenance services"},
		{"nettoyage", "90911200-8", "Services de nettoyage de bâtiments", "Building-cleaning services"},
		{"espaces verts", "77310000-6", "Réalisation et entretien d'espaces verts", "Planting and maintenance services of green areas"},
		{"jardinage", "77310000-6", "Réalisation et entretien d'espaces verts", "Planting and maintenance services of green areas"},
	} {
		_, body := f.do(t, "anonymous", "GET", "/api/v1/cpv?lang=fr&q="+url.QueryEscape(tt.q), "", "")
		var hits []struct {
			Code string
			FR   string `json:"label_fr"`
			EN   string `json:"label_en"`
		}
		if err := json.Unmarshal([]byte(body), &hits); err != nil {
			t.Fatalf("%s: %v", tt.q, err)
		}
		if len(hits) == 0 || hits[0].Code != tt.first || hits[0].FR != tt.fr || hits[0].EN != tt.en {
			t.Errorf("%s: got %+v, want %s %q (%q) first", tt.q, hits, tt.first, tt.fr, tt.en)
		}
	}
}
