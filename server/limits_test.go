package server_test

import (
	"fmt"
	"strings"
	"testing"

	"koppel"
	"koppel/server"
)

// manyLotsJSON is a tender of n lots as JSON.
func manyLotsJSON(n int, description string) string {
	lots := make([]string, n)
	for i := range lots {
		lots[i] = fmt.Sprintf(`{"title":"Perceel %d","cpv":["77310000"],"postcode":"9000","description":%q}`, i+1, description)
	}
	return `{"title":"Groot","buyer":{"name":"X"},"lots":[` + strings.Join(lots, ",") + `]}`
}

// manyLotsNotice is noticeXML with n small lots instead of its own.
func manyLotsNotice(n int) string {
	start := strings.Index(noticeXML, "<cac:ProcurementProjectLot>")
	end := strings.LastIndex(noticeXML, "</cac:ProcurementProjectLot>") + len("</cac:ProcurementProjectLot>")
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<cac:ProcurementProjectLot><cbc:ID schemeName="Lot">LOT-%04d</cbc:ID><cac:ProcurementProject><cbc:Name languageID="NLD">Perceel %d</cbc:Name>`+
			`<cac:MainCommodityClassification><cbc:ItemClassificationCode listName="cpv">90911200</cbc:ItemClassificationCode></cac:MainCommodityClassification></cac:ProcurementProject></cac:ProcurementProjectLot>`, i+1, i+1)
	}
	return noticeXML[:start] + b.String() + noticeXML[end:]
}

// manyLotsCSV is a tender spreadsheet (CSV) of one tender with n lots.
func manyLotsCSV(n int) string {
	var b strings.Builder
	b.WriteString("Opdracht;Aankoper;Titel opdracht;Perceel;Titel perceel;CPV-codes;Postcode\n")
	for i := range n {
		fmt.Fprintf(&b, "GROOT-1;Stad A;Groot;%d;Perceel %d;77310000;9000\n", i+1, i+1)
	}
	return b.String()
}

// TestTenderSizeLimits checks that a tender beyond koppel.MaxLots lots, or
// with a lot description beyond koppel.MaxLotDescriptionLines lines, is
// refused with 413 and a Dutch message naming the limit, however it comes
// in; and that one at the limits is taken.
func TestTenderSizeLimits(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	limit := fmt.Sprintf("hoogstens %d", koppel.MaxLots)
	lines := strings.Repeat("regel\n", koppel.MaxLotDescriptionLines)
	for _, tc := range []struct {
		name, path, contentType, body, want string
	}{
		{"JSON, 12,000 lots", "/api/v1/tenders", "application/json", manyLotsJSON(12000, ""), limit},
		{"JSON, MaxLots+1 lots", "/api/v1/tenders", "application/json", manyLotsJSON(koppel.MaxLots+1, ""), limit},
		{"JSON, a long description", "/api/v1/tenders", "application/json", manyLotsJSON(1, lines+"één te veel"), fmt.Sprintf("hoogstens %d regels", koppel.MaxLotDescriptionLines)},
		{"spreadsheet", "/api/v1/tenders/import", "text/csv", manyLotsCSV(koppel.MaxLots + 1), limit},
		{"eForms notice", "/api/v1/tenders/import", "application/xml", manyLotsNotice(koppel.MaxLots + 1), limit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.do(t, "buyerA", "POST", tc.path, tc.contentType, tc.body)
			if resp.StatusCode != 413 || !strings.Contains(body, tc.want) {
				t.Errorf("got %d %.300s; want 413 saying %q", resp.StatusCode, body, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		name, path, contentType, body string
	}{
		{"JSON at the limits", "/api/v1/tenders", "application/json", manyLotsJSON(koppel.MaxLots, strings.TrimSuffix(lines, "\n"))},
		{"spreadsheet at the limit", "/api/v1/tenders/import", "text/csv", manyLotsCSV(koppel.MaxLots)},
		{"eForms notice at the limit", "/api/v1/tenders/import", "application/xml", manyLotsNotice(koppel.MaxLots)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if resp, body := f.do(t, "buyerA", "POST", tc.path, tc.contentType, tc.body); resp.StatusCode != 201 {
				t.Errorf("got %d %.300s; want 201", resp.StatusCode, body)
			}
		})
	}
}
