package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/demo"
	"koppel/export"
	"koppel/i18n"
	"koppel/match"
	"koppel/refdata"
	"koppel/search"
	"koppel/server"
)

// loadDemo stores a small demo dataset (enterprises, offerings, tenders)
// in the fixture's store and indexes it.
func loadDemo(t *testing.T, f *fixture, o demo.Options) *demo.Dataset {
	t.Helper()
	ctx := context.Background()
	ref := refdata.Load()
	d := demo.Generate(o)
	byKBO := map[koppel.KBO][]*koppel.Offering{}
	for _, off := range d.Offerings {
		if err := off.Validate(ref); err != nil {
			t.Fatal(err)
		}
		byKBO[off.Enterprise] = append(byKBO[off.Enterprise], off)
	}
	for _, e := range d.Enterprises {
		if err := e.Validate(ref); err != nil {
			t.Fatal(err)
		}
		list := byKBO[e.KBO]
		if _, err := f.st.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) {
			for _, off := range list {
				if !yield(off, nil) {
					return
				}
			}
		}, "replace"); err != nil {
			t.Fatal(err)
		}
	}
	for _, tn := range demo.GenerateTenders(o) {
		if err := tn.Validate(ref); err != nil {
			t.Fatal(err)
		}
		if err := f.st.PutTender(ctx, tn); err != nil {
			t.Fatal(err)
		}
		d.Tenders = append(d.Tenders, tn)
	}
	if _, err := f.ix.Apply(ctx, f.st); err != nil {
		t.Fatal(err)
	}
	return d
}

func demoFixture(t *testing.T) (*fixture, *demo.Dataset) {
	t.Helper()
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6},
		func(s *server.Server) { s.Version = "v-test" })
	return f, loadDemo(t, f, demo.Options{Seed: demo.DefaultSeed, Enterprises: 60, OfferingsPerEnterprise: 6, Tenders: 10})
}

// openXLSX opens an exported workbook and returns its data sheet's rows
// (raw values) and the file.
func openXLSX(t *testing.T, body string) (*excelize.File, string, [][]string) {
	t.Helper()
	x, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	sheets := x.GetSheetList()
	if len(sheets) != 2 || sheets[0] != export.AboutSheetIn(i18n.NL) {
		t.Fatalf("sheets = %q, want %q and the data", sheets, export.AboutSheetIn(i18n.NL))
	}
	rows, err := x.GetRows(sheets[1], excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	panes, err := x.GetPanes(sheets[1])
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v (%v), want the header row frozen", panes, err)
	}
	return x, sheets[1], rows
}

// about returns the lines of the sheet "Over deze export" by name.
func about(t *testing.T, x *excelize.File) map[string]string {
	t.Helper()
	rows, err := x.GetRows(export.AboutSheetIn(i18n.NL))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			out[r[0]] = r[1]
		}
	}
	return out
}

func header(cols []string) string { return strings.Join(cols, "|") }

// checkNumber checks that a cell holds a number (not text) equal to want.
func checkNumber(t *testing.T, x *excelize.File, sheet string, col, row int, want float64) {
	t.Helper()
	cell, _ := excelize.CoordinatesToCellName(col, row)
	typ, err := x.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("cell %s has type %v, want a number", cell, typ)
	}
	v, _ := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	got, err := strconv.ParseFloat(v, 64)
	if err != nil || fmt.Sprintf("%.6f", got) != fmt.Sprintf("%.6f", want) {
		t.Errorf("cell %s = %q, want %v", cell, v, want)
	}
}

// TestExportOfferings compares the xlsx and CSV exports of a search with
// the API's JSON for the same query: headers, the hits in order, the types
// of the cells and the number of rows.
func TestExportOfferings(t *testing.T) {
	f, _ := demoFixture(t)
	for _, query := range []string{"q=poetsen&postcode=9000", "q=groenonderhoud&form=maatwerkbedrijf", "category=schoonmaak"} {
		t.Run(query, func(t *testing.T) {
			var all []search.OfferingHit
			total := -1
			for page := 1; total < 0 || len(all) < total; page++ {
				resp, body := f.do(t, "anonymous", "GET", "/api/v1/offerings?"+query+"&size=100&page="+strconv.Itoa(page), "", "")
				if resp.StatusCode != 200 {
					t.Fatalf("json: %d %s", resp.StatusCode, body)
				}
				var res search.OfferingResult
				if err := json.Unmarshal([]byte(body), &res); err != nil {
					t.Fatal(err)
				}
				total = res.Total
				if len(res.Hits) == 0 {
					break
				}
				all = append(all, res.Hits...)
			}
			if total == 0 {
				t.Fatalf("no hits for %s: the test needs some", query)
			}
			resp, body := f.do(t, "anonymous", "GET", "/api/v1/offerings?"+query+"&format=xlsx&page=3", "", "")
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != export.XLSX.ContentType() {
				t.Fatalf("xlsx: %d %s %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, ".xlsx") {
				t.Errorf("Content-Disposition = %q", cd)
			}
			x, sheet, rows := openXLSX(t, body)
			wantHeader := "Onderneming|Ondernemingsnummer|Werkvormen|Gemeente|Postcode|Provincie|Afstand (km)|Dienst|Code dienst|Categorie|CPV-codes|Omschrijving|Relevantie"
			if got := header(rows[0]); got != wantHeader {
				t.Errorf("header = %s, want %s", got, wantHeader)
			}
			if got := len(rows) - 1; got != total || got != len(all) {
				t.Fatalf("xlsx has %d rows, JSON total %d (%d hits)", got, total, len(all))
			}
			for i, h := range all {
				r := rows[i+1]
				if r[1] != string(h.Enterprise.KBO) || r[7] != h.Offering.Title || r[8] != h.Offering.Code {
					t.Fatalf("row %d = %q, want %s %s %s", i+2, r, h.Enterprise.KBO, h.Offering.Title, h.Offering.Code)
				}
				if h.DistanceKm != nil {
					checkNumber(t, x, sheet, 7, i+2, *h.DistanceKm)
				}
				checkNumber(t, x, sheet, 13, i+2, h.Score)
			}
			ab := about(t, x)
			if ab["Koppel-versie"] != "v-test" || ab["Aantal rijen"] != strconv.Itoa(total) || ab["Totaal gevonden"] != strconv.Itoa(total) || ab["Gemaakt op"] == "" {
				t.Errorf("Over deze export = %v", ab)
			}
			q, _ := url.ParseQuery(query)
			if ab["Zoekvraag"] != q.Get("q") {
				t.Errorf("Zoekvraag = %q, want %q", ab["Zoekvraag"], q.Get("q"))
			}

			resp, body = f.do(t, "anonymous", "GET", "/api/v1/offerings?"+query+"&format=csv", "", "")
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
				t.Fatalf("csv: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if !strings.HasPrefix(body, "\uFEFF") {
				t.Fatalf("CSV does not start with a byte-order mark: %q", body[:min(20, len(body))])
			}
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
			r.Comma = ';'
			recs, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if header(recs[0]) != wantHeader || len(recs)-1 != total {
				t.Errorf("CSV: header %s, %d rows; want %d", header(recs[0]), len(recs)-1, total)
			}
			for i, h := range all {
				// Relevance to 3 decimals, with the decimal comma of Excel in Belgium.
				if recs[i+1][1] != string(h.Enterprise.KBO) || recs[i+1][12] != strings.Replace(strconv.FormatFloat(h.Score, 'f', 3, 64), ".", ",", 1) {
					t.Fatalf("CSV row %d = %q", i+2, recs[i+1])
				}
			}
		})
	}
}

// TestExportDirectory checks the directory export against its JSON, with
// and without words, and the dates and numbers of its cells.
func TestExportDirectory(t *testing.T) {
	f, d := demoFixture(t)
	byKBO := map[koppel.KBO]*koppel.Enterprise{}
	for _, e := range d.Enterprises {
		byKBO[e.KBO] = e
	}
	for _, query := range []string{"form=maatwerkbedrijf", "q=poetsen", ""} {
		t.Run(query, func(t *testing.T) {
			resp, body := f.do(t, "anonymous", "GET", "/api/v1/enterprises?size=100&"+query, "", "")
			if resp.StatusCode != 200 {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			var list server.EnterpriseList
			if err := json.Unmarshal([]byte(body), &list); err != nil {
				t.Fatal(err)
			}
			if list.Total == 0 || list.Total > 100 {
				t.Fatalf("total %d: the test wants 1 to 100", list.Total)
			}
			resp, body = f.do(t, "anonymous", "GET", "/api/v1/enterprises?format=xlsx&"+query, "", "")
			if resp.StatusCode != 200 {
				t.Fatalf("%d %.300s", resp.StatusCode, body)
			}
			x, sheet, rows := openXLSX(t, body)
			if got := header(rows[0]); got != "Onderneming|Ondernemingsnummer|Werkvormen|Erkend tot|Straat|Postcode|Gemeente|Provincie|Telefoon|E-mail|Website|VTE totaal|VTE doelgroep|Omschrijving" {
				t.Errorf("header = %s", got)
			}
			if len(rows)-1 != list.Total {
				t.Fatalf("%d rows, JSON total %d", len(rows)-1, list.Total)
			}
			dates := 0
			for i, e := range list.Enterprises {
				if rows[i+1][1] != string(e.KBO) || rows[i+1][0] != e.Name {
					t.Fatalf("row %d = %q, want %s", i+2, rows[i+1], e.KBO)
				}
				if e.FTETotal != nil {
					checkNumber(t, x, sheet, 12, i+2, *e.FTETotal)
				}
				var until koppel.Date
				for _, r := range e.Recognitions {
					if r.ValidTo.After(until) {
						until = r.ValidTo
					}
				}
				if !until.IsZero() {
					dates++
					v, _ := x.GetCellValue(sheet, "D"+strconv.Itoa(i+2))
					if v != until.Dutch() {
						t.Errorf("Erkend tot of %s = %q, want %s (a date cell)", e.KBO, v, until.Dutch())
					}
					checkNumber(t, x, sheet, 4, i+2, float64(until.Time().Sub(koppel.NewDate(1899, 12, 30).Time()).Hours()/24))
				}
			}
			if query == "form=maatwerkbedrijf" && dates == 0 {
				t.Error("no recognition end dates: the date cells were not checked")
			}
		})
	}
}

// TestExportDirectoryAll exports a directory of more enterprises than a
// page of the store holds (500): all of them, in KBO order, with and
// without a filter, each total the JSON's.
func TestExportDirectoryAll(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 520 enterprises")
	}
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	loadDemo(t, f, demo.Options{Seed: demo.DefaultSeed, Enterprises: 520, OfferingsPerEnterprise: 1, Tenders: 1})
	var kbos []string
	if err := f.st.ForEachEnterprise(context.Background(), func(e *koppel.Enterprise) error {
		kbos = append(kbos, string(e.KBO))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(kbos) || len(kbos) <= 500 {
		t.Fatalf("%d enterprises, sorted %v: the test wants more than 500 in KBO order", len(kbos), slices.IsSorted(kbos))
	}
	for _, query := range []string{"", "form=maatwerkbedrijf"} {
		resp, body := f.do(t, "anonymous", "GET", "/api/v1/enterprises?"+query, "", "")
		var list server.EnterpriseList
		if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &list) != nil {
			t.Fatalf("%s: %d %.300s", query, resp.StatusCode, body)
		}
		resp, body = f.do(t, "anonymous", "GET", "/api/v1/enterprises?format=xlsx&"+query, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %.300s", query, resp.StatusCode, body)
		}
		x, _, rows := openXLSX(t, body)
		if len(rows)-1 != list.Total || about(t, x)["Totaal gevonden"] != strconv.Itoa(list.Total) {
			t.Errorf("%s: %d rows, Totaal gevonden %s; want the JSON's total %d", query, len(rows)-1, about(t, x)["Totaal gevonden"], list.Total)
		}
		if query == "" {
			var got []string
			for _, r := range rows[1:] {
				got = append(got, r[1])
			}
			if diff := cmp.Diff(kbos, got); diff != "" {
				t.Errorf("rows (-enterprises in KBO order +export):\n%s", diff)
			}
		}
	}
}

// matchesPage is the JSON of a tender's matches at path, as anyone sees it.
func matchesPage(t *testing.T, f *fixture, path string) server.TenderMatchesPage {
	t.Helper()
	resp, body := f.do(t, "anonymous", "GET", path, "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var res server.TenderMatchesPage
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// TestExportMatches checks the export of a tender's matches against the
// JSON of the same query: one row per match, with the score parts, the
// verdict, its rule and reason.
func TestExportMatches(t *testing.T) {
	f, d := demoFixture(t)
	checked := 0
	for _, tn := range d.Tenders {
		if tn.Status != koppel.TenderPublished {
			continue
		}
		path := "/api/v1/tenders/" + tn.ID + "/matches?include_ineligible=true&size=20"
		res := matchesPage(t, f, path)
		var want []match.Match
		var lots []string
		for _, l := range res.Lots {
			want = append(want, l.Matches...)
			for range l.Matches {
				lots = append(lots, l.LotID)
			}
		}
		resp, body := f.do(t, "anonymous", "GET", path+"&format=xlsx", "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%d %.300s", resp.StatusCode, body)
		}
		x, sheet, rows := openXLSX(t, body)
		if !strings.HasPrefix(header(rows[0]), "Perceel|Titel perceel|Rang|Onderneming|Ondernemingsnummer|Werkvormen|Gemeente|Afstand (km)|Score|Tekst|CPV|Afstand (deelscore)|Capaciteit|Erkenning|Doelgroep|Geschiktheid|Regel|Reden|Rechtsgrond|Waarom") {
			t.Errorf("header = %s", header(rows[0]))
		}
		if len(rows)-1 != len(want) {
			t.Fatalf("%s: %d rows, JSON %d matches", tn.ID, len(rows)-1, len(want))
		}
		for i, m := range want {
			r := rows[i+1]
			for len(r) < 20 {
				r = append(r, "")
			}
			if r[0] != lots[i] || r[4] != string(m.Enterprise.KBO) || r[16] != m.Eligibility.Rule || r[17] != m.Eligibility.Reason || r[19] != m.Explanation.Text {
				t.Fatalf("row %d = %q, want %s %s rule %q", i+2, r, lots[i], m.Enterprise.KBO, m.Eligibility.Rule)
			}
			checkNumber(t, x, sheet, 3, i+2, float64(m.Rank))
			checkNumber(t, x, sheet, 9, i+2, m.Score)
			for j, part := range []string{"text", "cpv", "distance", "capacity", "recognition"} {
				checkNumber(t, x, sheet, 10+j, i+2, m.Explanation.Parts[part])
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no matches in the demo tenders: nothing was compared")
	}
}

// TestExportScanAndErrors checks a tender's market scan export (buyers
// only, as its JSON), an unknown format and a hidden draft.
func TestExportScanAndErrors(t *testing.T) {
	f, d := demoFixture(t)
	var tn *koppel.Tender
	for _, x := range d.Tenders {
		if x.Status == koppel.TenderPublished {
			tn = x
			break
		}
	}
	path := "/api/v1/tenders/" + tn.ID + "/clauses"
	resp, body := f.do(t, "buyerA", "GET", path, "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var scans []server.DraftResponse
	if err := json.Unmarshal([]byte(body), &scans); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, s := range scans {
		want += max(1, len(s.Scan.Best))
	}
	resp, body = f.do(t, "buyerA", "GET", path+"?format=csv", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs)-1 != want || recs[0][0] != "Perceel" {
		t.Errorf("scan CSV: %d rows (header %q), want %d", len(recs)-1, recs[0], want)
	}
	draft := `{"lot":{"title":"Schoonmaak basisschool","cpv":["90911200-8"],"postcode":"9000","volume_fte":2}}`
	_, body = f.do(t, "buyerA", "POST", "/api/v1/clauses/draft", "application/json", draft)
	var one server.DraftResponse
	if err := json.Unmarshal([]byte(body), &one); err != nil {
		t.Fatal(err)
	}
	resp, body = f.do(t, "buyerA", "POST", "/api/v1/clauses/draft?format=xlsx", "application/json", draft)
	if resp.StatusCode != 200 {
		t.Fatalf("draft xlsx = %d %.200s", resp.StatusCode, body)
	}
	x, sheet, rows := openXLSX(t, body)
	if len(rows)-1 != max(1, len(one.Scan.Best)) || about(t, x)["Zoekvraag"] != "Schoonmaak basisschool" {
		t.Errorf("draft scan: %d rows, want %d", len(rows)-1, max(1, len(one.Scan.Best)))
	}
	for i, b := range one.Scan.Best {
		if rows[i+1][5] != string(b.KBO) {
			t.Errorf("scan row %d = %q, want %s", i+2, rows[i+1], b.KBO)
		}
		checkNumber(t, x, sheet, 3, i+2, float64(one.Scan.Candidates))
	}
	if resp, _ := f.do(t, "anonymous", "GET", path+"?format=xlsx", "", ""); resp.StatusCode != 401 {
		t.Errorf("anonymous scan export = %d, want 401", resp.StatusCode)
	}
	if resp, body := f.do(t, "anonymous", "GET", "/api/v1/offerings?q=poetsen&format=pdf", "", ""); resp.StatusCode != 400 || !strings.Contains(body, "xlsx of csv") {
		t.Errorf("format=pdf = %d %s, want 400", resp.StatusCode, body)
	}
	if resp, _ := f.do(t, "buyerB", "GET", "/api/v1/tenders/draft-A/matches?format=xlsx", "", ""); resp.StatusCode != 404 {
		t.Errorf("another buyer's draft exported: %d, want 404", resp.StatusCode)
	}
}

// TestCSVFormulaGuard checks that text a spreadsheet would run as a
// formula is written as text.
func TestCSVFormulaGuard(t *testing.T) {
	var b bytes.Buffer
	w, err := export.New(&b, export.CSV, export.About{}, []export.Column{{Name: "Naam"}, {Name: "Getal", Kind: export.Number}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Row("=HYPERLINK(\"x\")", -1.5); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "\uFEFFNaam;Getal\r\n\"'=HYPERLINK(\"\"x\"\")\";-1,5\r\n"; got != want {
		t.Errorf("CSV = %q, want %q", got, want)
	}
}

// TestPageDownloadLinks follows the "Download" links of the search page,
// the directory and a tender page, and the clause page's download form:
// each file holds the rows of the list the page shows, for the same
// query.
func TestPageDownloadLinks(t *testing.T) {
	f, d := demoFixture(t)
	link := func(t *testing.T, identity, page, text string) string {
		t.Helper()
		resp, body := f.do(t, identity, "GET", page, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", page, resp.StatusCode)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var href string
		doc.Find("p.download a").EachWithBreak(func(_ int, s *goquery.Selection) bool {
			if s.Text() == text {
				href, _ = s.Attr("href")
				return false
			}
			return true
		})
		if href == "" {
			t.Fatalf("%s has no download link %q", page, text)
		}
		return href
	}
	rowsOf := func(t *testing.T, identity, href string) int {
		t.Helper()
		resp, body := f.do(t, identity, "GET", href, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %.200s", href, resp.StatusCode, body)
		}
		_, _, rows := openXLSX(t, body)
		return len(rows) - 1
	}
	t.Run("search", func(t *testing.T) {
		href := link(t, "anonymous", "/?q=poetsen&postcode=Gent&radius_km=30&komt=0", "Excel")
		_, body := f.do(t, "anonymous", "GET", "/api/v1/offerings?q=poetsen&postcode=9000&radius_km=30", "", "")
		var res search.OfferingResult
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatal(err)
		}
		if got := rowsOf(t, "anonymous", href); got != res.Total || got == 0 {
			t.Errorf("%s: %d rows, the search finds %d", href, got, res.Total)
		}
		if csvHref := link(t, "anonymous", "/?q=poetsen", "CSV"); !strings.Contains(csvHref, "format=csv") {
			t.Errorf("CSV link %s", csvHref)
		}
	})
	t.Run("directory", func(t *testing.T) {
		href := link(t, "anonymous", "/ondernemingen?form=maatwerkbedrijf", "Excel")
		_, body := f.do(t, "anonymous", "GET", "/api/v1/enterprises?form=maatwerkbedrijf", "", "")
		var list server.EnterpriseList
		if err := json.Unmarshal([]byte(body), &list); err != nil {
			t.Fatal(err)
		}
		if got := rowsOf(t, "anonymous", href); got != list.Total {
			t.Errorf("%d rows, the directory lists %d", got, list.Total)
		}
	})
	t.Run("tender", func(t *testing.T) {
		var tn *koppel.Tender
		for _, x := range d.Tenders {
			if x.Status == koppel.TenderPublished {
				tn = x
				break
			}
		}
		href := link(t, "buyerA", "/opdrachten/"+tn.ID, "Excel")
		_, body := f.do(t, "anonymous", "GET", "/api/v1/tenders/"+tn.ID+"/matches?size=100", "", "")
		var res server.TenderMatchesPage
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, l := range res.Lots {
			want += len(l.Matches)
		}
		if got := rowsOf(t, "anonymous", href); got != want {
			t.Errorf("%d rows, the matches hold %d", got, want)
		}
		if resp, body := f.do(t, "anonymous", "GET", "/opdrachten/"+tn.ID, "", ""); resp.StatusCode != 200 || strings.Contains(body, "/clauses?") {
			t.Errorf("an anonymous visitor is offered the market scan (%d)", resp.StatusCode)
		}
		if _, body := f.do(t, "buyerA", "GET", "/opdrachten/"+tn.ID, "", ""); !strings.Contains(body, "/api/v1/tenders/"+tn.ID+"/clauses?format=xlsx") {
			t.Error("a buyer is not offered the market scan")
		}
	})
	t.Run("clause", func(t *testing.T) {
		cookie, csrf := f.signIn(t, "buyerA")
		form := url.Values{"csrf": {csrf}, "title": {"Poetsen van scholen"}, "cpv": {"90911200-8"}, "postcode": {"9000"}, "format": {"xlsx"}}
		resp, body := f.withCookie(t, cookie, "POST", "/clausule", "application/x-www-form-urlencoded", form.Encode())
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != export.XLSX.ContentType() {
			t.Fatalf("clause download = %d %s %.300s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		x, _, rows := openXLSX(t, body)
		if len(rows) < 2 || rows[0][0] != "Perceel" || about(t, x)["Zoekvraag"] != "Poetsen van scholen" {
			t.Errorf("scan rows %q", rows)
		}
		form.Del("format")
		resp, body = f.withCookie(t, cookie, "POST", "/clausule", "application/x-www-form-urlencoded", form.Encode())
		if resp.StatusCode != 200 || !strings.Contains(body, `name="format" value="xlsx"`) {
			t.Errorf("the clause page offers no download (%d)", resp.StatusCode)
		}
	})
}
