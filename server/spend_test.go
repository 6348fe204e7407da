package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
	"koppel/server"
)

func init() {
	buyers := statuses(401, 403, 403, 200, 200, 403)
	const csv = "Leverancier;Bedrag;Datum\nBakkerij;100;01/01/2025\n"
	const form = "application/x-www-form-urlencoded"
	for k, v := range map[string]matrixCase{
		"GET /api/v1/spend":                {path: "/api/v1/spend", want: buyers},
		"POST /api/v1/spend":               {path: "/api/v1/spend", contentType: "text/csv", body: csv, want: buyers},
		"POST /api/v1/spend/links":         {path: "/api/v1/spend/links", contentType: "application/json", body: `{"name":"Fictieve onderneming","kbo":"` + string(kboB) + `","decision":"rejected"}`, want: buyers},
		"PUT /api/v1/spend/target":         {path: "/api/v1/spend/target", contentType: "application/json", body: `{"target_percent":12.5}`, want: buyers},
		"GET /mijn-aankopen":               {path: "/mijn-aankopen", want: buyers},
		"POST /mijn-aankopen":              {path: "/mijn-aankopen", contentType: "text/csv", body: csv, want: buyers},
		"POST /mijn-aankopen/koppelen":     {path: "/mijn-aankopen/koppelen", contentType: form, body: "name=Fictieve+onderneming&kbo=" + string(kboB) + "&decision=rejected", want: statuses(401, 403, 403, 303, 303, 403)},
		"POST /mijn-aankopen/streefcijfer": {path: "/mijn-aankopen/streefcijfer", contentType: form, body: "target=12,5", want: statuses(401, 403, 403, 303, 303, 403)},
	} {
		matrix[k] = v
	}
}

// kboKring is a third enterprise of the spend tests, of the local service
// economy, that spend files name without its number.
const kboKring = koppel.KBO("0202239951")

// putKringwinkel stores De Kringwinkel (LDE) in the fixture's directory.
func putKringwinkel(t *testing.T, f *fixture) {
	t.Helper()
	e := &koppel.Enterprise{KBO: kboKring, Name: "De Kringwinkel", Address: koppel.Address{Postcode: "2000"},
		Recognitions: []koppel.Recognition{{Form: koppel.LokaleDiensteneconomie}}}
	if err := e.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	if err := f.st.PutEnterprise(context.Background(), e); err != nil {
		t.Fatal(err)
	}
}

// multipartFile is a multipart body with the file in field "file".
func multipartFile(t *testing.T, name, content string) (contentType, body string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(content))
	w.Close()
	return w.FormDataContentType(), buf.String()
}

// spendCSV is a spend file: € 1.000 to the MWB by its number, € 500 to De
// Kringwinkel by name, € 2.500 to a bakery, and one bad row.
const spendCSV = "Ondernemingsnummer;Leverancier;Bedrag;Datum;Omschrijving\n" +
	"BE0400.040.767;Fictieve onderneming;1.000,00;15/03/2025;Poetsen\n" +
	";DE KRINGWINKEL vzw;€ 500;2025-04-01;Kringloop\n" +
	";Bakkerij Peeters;2.500;01/05/2025;Broodjes\n" +
	";Bakkerij Peeters;veel;02/05/2025;Broodjes\n"

// TestSpendAPI walks the spend analysis over the API on a real server:
// upload with a bad row, a proposal by name confirmed, the target, a new
// upload that keeps the confirmation, the exports, and a file without one
// good row that changes nothing.
func TestSpendAPI(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	putKringwinkel(t, f)
	get := func(who, path string) server.SpendResponse {
		t.Helper()
		resp, body := f.do(t, who, "GET", path, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s = %d: %s", path, resp.StatusCode, body)
		}
		var r server.SpendResponse
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := get("buyerA", "/api/v1/spend"); r.File != nil || r.Analysis.All.Total != 0 {
		t.Fatalf("before upload: %+v", r)
	}

	ct, body := multipartFile(t, "aankopen.csv", spendCSV)
	resp, out := f.do(t, "buyerA", "POST", "/api/v1/spend", ct, body)
	if resp.StatusCode != 200 {
		t.Fatalf("upload = %d: %s", resp.StatusCode, out)
	}
	var rep koppel.SpendFile
	json.Unmarshal([]byte(out), &rep)
	if rep.Rows != 4 || rep.Rejected != 1 || len(rep.Problems) != 1 {
		t.Fatalf("report %+v, want 4 rows, 1 rejected with its problem", rep)
	}
	if p := rep.Problems[0]; p.File != "aankopen.csv" || p.Row != 5 || p.Column != "Bedrag (C)" || p.Severity != "error" || !strings.Contains(p.Message, "geen bedrag") {
		t.Errorf("problem %+v, want row 5, column Bedrag (C), in Dutch", p)
	}

	r := get("buyerA", "/api/v1/spend")
	if r.Analysis.All.Total != 400000 || r.Analysis.All.Social != 100000 || r.Analysis.All.Share != 0.25 {
		t.Errorf("before confirming: all = %+v, want € 1.000 of € 4.000", r.Analysis.All)
	}
	if len(r.Proposals) != 1 || r.Proposals[0].KBO != kboKring || r.Proposals[0].Name != "DE KRINGWINKEL vzw" || r.Proposals[0].Cents != 50000 {
		t.Fatalf("proposals %+v, want De Kringwinkel", r.Proposals)
	}
	link := `{"name":"DE KRINGWINKEL vzw","kbo":"` + string(kboKring) + `","decision":"confirmed"}`
	if resp, out := f.do(t, "buyerA", "POST", "/api/v1/spend/links", "application/json", link); resp.StatusCode != 200 {
		t.Fatalf("confirm = %d: %s", resp.StatusCode, out)
	}
	if resp, _ := f.do(t, "buyerA", "POST", "/api/v1/spend/links", "application/json", `{"name":"x","kbo":"0000000097","decision":"confirmed"}`); resp.StatusCode != 404 {
		t.Errorf("confirming an enterprise not in the directory = %d, want 404", resp.StatusCode)
	}
	if resp, _ := f.do(t, "buyerA", "PUT", "/api/v1/spend/target", "application/json", `{"target_percent":40}`); resp.StatusCode != 200 {
		t.Errorf("target = %d", resp.StatusCode)
	}
	if resp, _ := f.do(t, "buyerA", "PUT", "/api/v1/spend/target", "application/json", `{"target_percent":140}`); resp.StatusCode != 400 {
		t.Errorf("target 140 = %d, want 400", resp.StatusCode)
	}
	r = get("buyerA", "/api/v1/spend?year=2025")
	if r.Analysis.All.Social != 150000 || r.Analysis.Target != 40 || len(r.Proposals) != 0 || len(r.Confirmed) != 1 {
		t.Errorf("after confirming: all %+v, target %v, proposals %+v, confirmed %+v", r.Analysis.All, r.Analysis.Target, r.Proposals, r.Confirmed)
	}
	forms := map[string]int64{}
	for _, fg := range r.Analysis.Forms {
		forms[fg.Key] = fg.Social
	}
	if forms["maatwerkbedrijf"] != 100000 || forms["lde"] != 50000 {
		t.Errorf("forms %+v", r.Analysis.Forms)
	}
	if len(r.Analysis.Categories) != 2 || r.Analysis.Categories[0].Key != "schoonmaak" || r.Analysis.Categories[1].Key != string(koppel.NoCategory) {
		t.Errorf("categories %+v, want schoonmaak (its offering) and none", r.Analysis.Categories)
	}
	list := get("buyerA", "/api/v1/spend?form=lde")
	if len(list.Purchases) != 1 || list.Purchases[0].Row != 3 || list.Purchases[0].Enterprise != kboKring || list.Purchases[0].How != koppel.LinkedByConfirmed {
		t.Errorf("the list behind LDE = %+v", list.Purchases)
	}

	// Another buyer sees nothing of it.
	if r := get("buyerB", "/api/v1/spend"); r.File != nil || len(r.Confirmed) != 0 {
		t.Errorf("buyer B sees %+v", r)
	}

	// The export of the list behind LDE, and of everything as CSV.
	resp, out = f.do(t, "buyerA", "GET", "/api/v1/spend?form=lde&format=xlsx", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("export = %d: %s", resp.StatusCode, out)
	}
	_, _, rows := openXLSX(t, out)
	if len(rows) != 2 || rows[1][2] != "DE KRINGWINKEL vzw" || rows[1][4] != "500" || rows[1][11] != "Lokale diensteneconomie" {
		t.Errorf("xlsx rows %q", rows)
	}
	// The list of social purchases says its yes/no cells and filter line
	// in the reader's language.
	for _, tc := range []struct{ lang, filter, yes string }{{"nl", "Alleen sociale economie", "ja"}, {"fr", "Uniquement l’économie sociale", "oui"}, {"en", "Social economy only", "yes"}} {
		resp, out := f.doWith(t, "buyerA", "GET", "/api/v1/spend?list=social&format=xlsx", "", map[string]string{"Accept-Language": tc.lang})
		if resp.StatusCode != 200 {
			t.Fatalf("%s export = %d: %s", tc.lang, resp.StatusCode, out)
		}
		ab, rows := xlsxIn(t, out)
		for _, r := range rows[1:] {
			if len(r) < 11 || r[10] != tc.yes {
				t.Errorf("%s social list row %q, want %q", tc.lang, r, tc.yes)
			}
		}
		found := false
		for _, r := range ab {
			found = found || len(r) >= 2 && r[0] == tc.filter && r[1] == tc.yes
		}
		if len(rows) < 2 || !found {
			t.Errorf("%s about sheet %q, want %q: %q", tc.lang, ab, tc.filter, tc.yes)
		}
	}
	resp, out = f.do(t, "buyerA", "GET", "/api/v1/spend?format=csv", "", "")
	if resp.StatusCode != 200 || strings.Count(out, "\n") != 4 || !strings.Contains(out, "Bakkerij Peeters") {
		t.Errorf("csv = %d:\n%s", resp.StatusCode, out)
	}

	// A new file with the same supplier name keeps the confirmation.
	ct, body = multipartFile(t, "aankopen-2026.csv", "Fournisseur;Montant;Date\nDe Kringwinkel;300;01/01/2026\nBakkerij Peeters;700;02/01/2026\n")
	if resp, out := f.do(t, "buyerA", "POST", "/api/v1/spend", ct, body); resp.StatusCode != 200 {
		t.Fatalf("second upload = %d: %s", resp.StatusCode, out)
	}
	r = get("buyerA", "/api/v1/spend")
	if r.File.File != "aankopen-2026.csv" || r.Analysis.All.Total != 100000 || r.Analysis.All.Social != 30000 || len(r.Proposals) != 0 {
		t.Errorf("after the new file: %s, all %+v, proposals %+v", r.File.File, r.Analysis.All, r.Proposals)
	}

	// A file without one good row is refused and changes nothing.
	ct, body = multipartFile(t, "fout.csv", "Leverancier;Bedrag;Datum\nX;veel;01/01/2026\n")
	if resp, out := f.do(t, "buyerA", "POST", "/api/v1/spend", ct, body); resp.StatusCode != 422 || !strings.Contains(out, `"rejected":1`) {
		t.Errorf("file of bad rows = %d: %s", resp.StatusCode, out)
	}
	ct, body = multipartFile(t, "fout.csv", "Leverancier;Datum\nX;01/01/2026\n")
	if resp, out := f.do(t, "buyerA", "POST", "/api/v1/spend", ct, body); resp.StatusCode != 400 || !strings.Contains(out, "Bedrag") {
		t.Errorf("file without amounts = %d: %s", resp.StatusCode, out)
	}
	if r := get("buyerA", "/api/v1/spend"); r.File.File != "aankopen-2026.csv" {
		t.Errorf("refused uploads replaced the file: %s", r.File.File)
	}
	// The register of verified recognitions decides: De Kringwinkel's
	// recognition ended before its purchase of 2026.
	reg := "Ondernemingsnummer;Werkvorm;Erkenningsnummer;Bron;Geldig vanaf;Geldig tot\n" + string(kboKring) + ";Lokale diensteneconomie;LDE-1;Departement WSE;01/01/2020;31/12/2025\n"
	if resp, out := f.do(t, "admin", "POST", "/api/v1/admin/recognitions", "text/csv", reg); resp.StatusCode != 200 {
		t.Fatalf("register = %d: %s", resp.StatusCode, out)
	}
	if r := get("buyerA", "/api/v1/spend"); r.Analysis.All.Social != 0 || r.Analysis.All.Total != 100000 {
		t.Errorf("after the register: all %+v, want nothing social", r.Analysis.All)
	}
	for _, q := range []string{"year=12", "form=onbekend", "list=x", "format=pdf"} {
		if resp, _ := f.do(t, "buyerA", "GET", "/api/v1/spend?"+q, "", ""); resp.StatusCode != 400 {
			t.Errorf("?%s = %d, want 400", q, resp.StatusCode)
		}
	}
}

// TestSpendPage checks the page: the report with the bad row, the
// shares in Dutch formats, a proposal to confirm, the list behind a
// figure and a wrong target shown beside its field.
func TestSpendPage(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	putKringwinkel(t, f)
	page := func(resp int, body string, want int) *goquery.Document {
		t.Helper()
		if resp != want {
			t.Fatalf("status %d, want %d: %.500s", resp, want, body)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	resp, body := f.do(t, "buyerA", "GET", "/mijn-aankopen", "", "")
	doc := page(resp.StatusCode, body, 200)
	if doc.Find("form.spend-upload input[type=file]#file").Length() != 1 || doc.Find("label[for=file]").Length() != 1 {
		t.Errorf("no upload form")
	}
	ct, mp := multipartFile(t, "aankopen.csv", spendCSV)
	resp, body = f.do(t, "buyerA", "POST", "/mijn-aankopen", ct, mp)
	doc = page(resp.StatusCode, body, 200)
	if got := doc.Find("#share-all").Text(); got != "25 %" {
		t.Errorf("share = %q, want 25 %%", got)
	}
	if got := doc.Find("table.spend-problems td[data-label=Rij]").Text(); got != "5" {
		t.Errorf("problem row = %q, want 5", got)
	}
	if got := doc.Find("p[role=status]").Text(); !strings.Contains(got, "3 aankopen gelezen; 1 rij niet meegeteld") {
		t.Errorf("notice = %q", got)
	}
	if doc.Find("table.proposals button.confirm-link").Length() != 1 {
		t.Fatalf("no proposal to confirm")
	}
	resp, _ = f.do(t, "buyerA", "POST", "/mijn-aankopen/koppelen", "application/x-www-form-urlencoded",
		url.Values{"name": {"DE KRINGWINKEL vzw"}, "kbo": {string(kboKring)}, "decision": {"confirmed"}}.Encode())
	if resp.StatusCode != 303 {
		t.Fatalf("confirm = %d", resp.StatusCode)
	}
	resp, body = f.do(t, "buyerA", "GET", "/mijn-aankopen?year=2025&form=lde", "", "")
	doc = page(resp.StatusCode, body, 200)
	if got := doc.Find("#share-all").Text(); got != "37,5 %" {
		t.Errorf("share after confirming = %q, want 37,5 %%", got)
	}
	if got := doc.Find("section.spend-list table.purchases td[data-label=Leverancier]").Text(); got != "DE KRINGWINKEL vzw" {
		t.Errorf("the list behind LDE = %q", got)
	}
	if got := doc.Find("table.confirmed td[data-label='Onderneming in Koppel'] a").Text(); got != "De Kringwinkel" {
		t.Errorf("confirmed = %q", got)
	}
	if got := doc.Find("table.spend-figures td[data-label=Werkvorm]").First().Text(); got != "Maatwerkbedrijf" {
		t.Errorf("first work form = %q", got)
	}
	if got := doc.Find("table.spend-figures td[data-label='Naar sociale economie']").First().Text(); got != "€ 1.500" {
		t.Errorf("social spend of 2025 = %q, want € 1.500", got)
	}
	resp, body = f.do(t, "buyerA", "GET", "/mijn-aankopen?list=all", "", "")
	doc = page(resp.StatusCode, body, 200)
	if n := doc.Find("section.spend-list table.purchases tbody tr").Length(); n != 3 || doc.Find("a[href='/mijn-aankopen?list=all#lijst']").Length() != 1 {
		t.Errorf("the list of all purchases has %d rows, want the 3 counted", n)
	}
	resp, body = f.do(t, "buyerA", "POST", "/mijn-aankopen/streefcijfer", "application/x-www-form-urlencoded", "target=veel")
	doc = page(resp.StatusCode, body, 400)
	if got := doc.Find("#target_error").Text(); !strings.Contains(got, "percentage tussen 0 en 100") {
		t.Errorf("target error = %q", got)
	}
	if v, _ := doc.Find("input#target").Attr("aria-invalid"); v != "true" {
		t.Errorf("target field not marked invalid")
	}
	resp, _ = f.do(t, "buyerA", "POST", "/mijn-aankopen/streefcijfer", "application/x-www-form-urlencoded", "target=40")
	if resp.StatusCode != 303 {
		t.Fatalf("target = %d", resp.StatusCode)
	}
	resp, body = f.do(t, "buyerA", "GET", "/mijn-aankopen", "", "")
	doc = page(resp.StatusCode, body, 200)
	if got := doc.Find("table.spend-figures td[data-label=Streefcijfer]").Text(); got != "nog 2,5 procentpunt" {
		t.Errorf("against the target = %q", got)
	}
	if got := doc.Find("figure#aandeel-per-jaar figcaption").Text(); !strings.Contains(got, "2025: 37,5 %") || !strings.Contains(got, "streefcijfer is 40 %") {
		t.Errorf("chart caption = %q", got)
	}
	if doc.Find("figure#aandeel-per-jaar svg.chart-svg").Length() != 1 {
		t.Errorf("no chart of the share per year")
	}
	if v, _ := doc.Find("input#target").Attr("value"); v != "40" {
		t.Errorf("target field = %q, want 40", v)
	}
	ct, mp = multipartFile(t, "leeg.csv", "Leverancier;Bedrag\nX;1\n")
	resp, body = f.do(t, "buyerA", "POST", "/mijn-aankopen", ct, mp)
	doc = page(resp.StatusCode, body, 400)
	if got := doc.Find("#file_error").Text(); !strings.Contains(got, "Datum") {
		t.Errorf("file error = %q", got)
	}
	if doc.Find("#share-all").Text() != "37,5 %" {
		t.Errorf("a refused file changed the figures")
	}

	// In French and English: the page's own words, amounts and shares in
	// the language's formats, and the importer's problem messages.
	for _, tc := range []struct {
		lang                 i18n.Lang
		share, head, problem string
	}{{i18n.FR, "37,5\u00a0%", "Part de l’économie sociale", "n’est pas un montant"}, {i18n.EN, "37.5%", "Share of the social economy", "is not an amount"}} {
		resp, body = f.do(t, "buyerA", "GET", "/mijn-aankopen?list=social&lang="+string(tc.lang), "", "")
		doc = page(resp.StatusCode, body, 200)
		if got := doc.Find("#share-all").Text(); got != tc.share {
			t.Errorf("%s: share = %q, want %q", tc.lang, got, tc.share)
		}
		if got := doc.Find("section.spend-share h2").Text(); got != tc.head {
			t.Errorf("%s: heading = %q, want %q", tc.lang, got, tc.head)
		}
		if got := doc.Find("table.spend-problems").Text(); !strings.Contains(got, tc.problem) {
			t.Errorf("%s: the problem is not in the page's language: %q", tc.lang, got)
		}
		if n := doc.Find("table.spend-problems [lang=nl]").Length(); n != 0 {
			t.Errorf("%s: %d problems still marked Dutch", tc.lang, n)
		}
		if w := dutchLeft(doc, tc.lang); w != "" {
			t.Errorf("%s: Dutch left on the page: %q", tc.lang, w)
		}
	}
}
