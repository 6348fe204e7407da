package server_test

import (
	"encoding/json"
	"html"
	"os"
	"strings"
	"testing"

	"koppel/ingest"
	"koppel/refdata"
	"koppel/server"
)

// TestSocialObjectiveLabel: the BT-775 codes of the SDK's cn-social_25
// (opp, acc-all; no BT-06) are shown as "Sociale doelstelling" with the
// Dutch labels of the eForms code list, on the tender page and in the
// list, never as "Sociale uitvoeringsvoorwaarde".
func TestSocialObjectiveLabel(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	data, err := os.ReadFile("../importers/eforms/testdata/cn-social_25.xml")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := f.do(t, "admin", "POST", "/api/v1/tenders/import", "application/xml", string(data))
	var res ingest.TenderResult
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &res) != nil || len(res.Tenders) != 1 {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}
	f.sync(t)
	ref := refdata.Load()
	opp, _ := ref.Code(refdata.ListSocialObjective, "opp")
	acc, _ := ref.Code(refdata.ListSocialObjective, "acc-all")
	if opp.NL == "" || acc.NL == "" {
		t.Fatal("the code list has no Dutch labels for opp and acc-all")
	}
	want := "Sociale doelstelling: " + opp.NL + "; " + acc.NL
	_, page := f.do(t, "anonymous", "GET", "/opdrachten/"+res.Tenders[0].ID, "", "")
	_, list := f.do(t, "anonymous", "GET", "/opdrachten", "", "")
	for name, html := range map[string]string{"tender page": page, "tender list": list} {
		if !strings.Contains(html, want) {
			t.Errorf("%s lacks %q", name, want)
		}
		if strings.Contains(html, "Sociale uitvoeringsvoorwaarde") {
			t.Errorf("%s calls the social objective an execution condition", name)
		}
	}
	// French: the labels joined by French's semicolon, a no-break space
	// before it.
	fr := func(c refdata.Code) string { return html.EscapeString(firstOf(c.FR, c.NL)) }
	wantFR := "Objectif social\u00a0: " + fr(opp) + "\u00a0; " + fr(acc)
	if _, page := f.doWith(t, "anonymous", "GET", "/opdrachten/"+res.Tenders[0].ID, "", map[string]string{"Accept-Language": "fr"}); !strings.Contains(page, wantFR) {
		t.Errorf("French tender page lacks %q", wantFR)
	}
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
