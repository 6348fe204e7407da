package server_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/export"
	"koppel/i18n"
	"koppel/server"
)

// exportSheets fetches an xlsx export as who and returns its sheet names.
func exportSheets(t *testing.T, f *fixture, who, path string) []string {
	t.Helper()
	resp, body := f.do(t, who, "GET", path, "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %.200s", path, resp.StatusCode, body)
	}
	x, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	return x.GetSheetList()
}

// TestExportSheetNamesLanguage: the data sheet of every export is named
// in the export's language (the matches of a tender too: "Matches",
// "Entreprises par lot"), within Excel's 31 characters.
func TestExportSheetNamesLanguage(t *testing.T) {
	f, d := demoFixture(t)
	tender := firstPublished(d)
	want := map[i18n.Lang]map[string]string{
		i18n.NL: {"matches": "Matches", "offerings": "Aanbod", "enterprises": "Ondernemingen", "scan": "Marktverkenning"},
		i18n.FR: {"matches": "Entreprises par lot", "offerings": "Offre", "enterprises": "Entreprises", "scan": "Analyse du marché"},
		i18n.EN: {"matches": "Matches", "offerings": "Offerings", "enterprises": "Enterprises", "scan": "Market scan"},
	}
	for lang, sheets := range want {
		for kind, path := range map[string]string{
			"matches":     "/api/v1/tenders/" + tender + "/matches?format=xlsx",
			"offerings":   "/api/v1/offerings?category=schoonmaak&format=xlsx",
			"enterprises": "/api/v1/enterprises?format=xlsx",
			"scan":        "/api/v1/tenders/" + tender + "/clauses?format=xlsx",
		} {
			got := exportSheets(t, f, "buyerA", path+"&lang="+string(lang))
			if len(got) != 2 || got[1] != sheets[kind] || len([]rune(got[1])) > 31 {
				t.Errorf("%s %s: sheets %q, want the data sheet %q", lang, kind, got, sheets[kind])
			}
		}
	}
}

// TestSpendExportLanguage: the spend export says how a purchase was
// linked, its work form, its category (also "no category") and the
// filter line of a work form or category in the export's language.
func TestSpendExportLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	putKringwinkel(t, f)
	ct, body := multipartFile(t, "aankopen.csv", spendCSV)
	if resp, out := f.do(t, "buyerA", "POST", "/api/v1/spend", ct, body); resp.StatusCode != 200 {
		t.Fatalf("upload = %d: %s", resp.StatusCode, out)
	}
	link := `{"name":"DE KRINGWINKEL vzw","kbo":"` + string(kboKring) + `","decision":"confirmed"}`
	if resp, out := f.do(t, "buyerA", "POST", "/api/v1/spend/links", "application/json", link); resp.StatusCode != 200 {
		t.Fatalf("confirm = %d: %s", resp.StatusCode, out)
	}
	type want struct{ formFilter, catFilter, how, form, cat string }
	for _, tc := range []struct {
		lang             i18n.Lang
		byName, byNumber want // the purchase linked by name (De Kringwinkel, LDE) and by number (the MWB, cleaning)
	}{
		{i18n.NL, want{"Lokale diensteneconomie", "Zonder categorie", "naam (bevestigd)", "Lokale diensteneconomie", "Zonder categorie"},
			want{"Maatwerkbedrijf", "Schoonmaak & poetsen", "ondernemingsnummer", "Maatwerkbedrijf", "Schoonmaak & poetsen"}},
		{i18n.FR, want{"Économie locale de services", "Sans catégorie", "nom (confirmé)", "Économie locale de services", "Sans catégorie"},
			want{"Entreprise de travail adapté (ETA)", "Nettoyage", "numéro d’entreprise", "Entreprise de travail adapté (ETA)", "Nettoyage"}},
		{i18n.EN, want{"Local service economy", "No category", "name (confirmed)", "Local service economy", "No category"},
			want{"Sheltered workshop (maatwerkbedrijf)", "Cleaning", "company number", "Sheltered workshop (maatwerkbedrijf)", "Cleaning"}},
	} {
		for _, q := range []struct {
			query, filter string // the selection and its filter line's name
			w             want
			filterValue   string
		}{
			{"form=lde", "Werkvorm", tc.byName, tc.byName.formFilter},
			{"category=zonder-categorie", "Categorie", tc.byName, tc.byName.catFilter},
			{"form=maatwerkbedrijf", "Werkvorm", tc.byNumber, tc.byNumber.formFilter},
			{"category=schoonmaak", "Categorie", tc.byNumber, tc.byNumber.catFilter},
		} {
			path := "/api/v1/spend?" + q.query + "&format=xlsx&lang=" + string(tc.lang)
			resp, out := f.do(t, "buyerA", "GET", path, "", "")
			if resp.StatusCode != 200 {
				t.Fatalf("%s = %d: %.200s", path, resp.StatusCode, out)
			}
			ab, rows := xlsxIn(t, out)
			if len(rows) != 2 || len(rows[1]) != 13 {
				t.Fatalf("%s: rows %q, want one purchase", path, rows)
			}
			if r := rows[1]; r[9] != q.w.how || r[11] != q.w.form || r[12] != q.w.cat {
				t.Errorf("%s: linked on %q, work form %q, category %q; want %q, %q, %q", path, r[9], r[11], r[12], q.w.how, q.w.form, q.w.cat)
			}
			found := false
			for _, r := range ab {
				found = found || len(r) >= 2 && r[0] == export.Header(tc.lang, q.filter) && r[1] == q.filterValue
			}
			if !found {
				t.Errorf("%s: about sheet %q, want the line %q: %q", path, ab, export.Header(tc.lang, q.filter), q.filterValue)
			}
		}
	}
}

// TestExportCellsLanguage: the cells of an export that hold Koppel's own
// words — work forms, provinces, categories, eligibility verdicts, the
// recommended clause — and the filter values on "Over deze export" are in
// the export's language; names and texts people wrote stay as written.
func TestExportCellsLanguage(t *testing.T) {
	f, d := demoFixture(t)
	tender := firstPublished(d)
	for _, lang := range []i18n.Lang{i18n.FR, i18n.EN} {
		// dutch are the Dutch names of the values these columns hold, where
		// lang names them otherwise.
		dutch := map[string]bool{}
		for _, k := range i18n.Keys(i18n.NL) {
			for _, prefix := range []string{"workform.", "category.", "verdict.", "display.province.", "clausekind."} {
				if strings.HasPrefix(k, prefix) && i18n.T(i18n.NL, k) != i18n.T(lang, k) {
					dutch[i18n.T(i18n.NL, k)] = true
				}
			}
		}
		for _, ex := range []struct {
			path    string
			cols    []string // Dutch names of the columns of Koppel's words
			filters int      // filter lines of wantAbout on "Over deze export"
		}{
			{"/api/v1/offerings?category=schoonmaak&province=oost-vlaanderen&sort=distance&postcode=9000", []string{"Werkvormen", "Provincie", "Categorie"}, 3},
			{"/api/v1/enterprises?form=maatwerkbedrijf", []string{"Werkvormen", "Provincie"}, 1},
			{"/api/v1/tenders/" + tender + "/matches?page=1&include_ineligible=true", []string{"Werkvormen", "Geschiktheid"}, 1},
			{"/api/v1/tenders/" + tender + "/clauses?page=1", []string{"Werkvormen", "Voorbehouden opdracht (sociale werkplaatsen)", "Aanbevolen clausule"}, 0},
		} {
			path := ex.path + "&format=xlsx&lang=" + string(lang)
			resp, body := f.do(t, "buyerA", "GET", path, "", "")
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %.200s", path, resp.StatusCode, body)
			}
			about, rows := xlsxIn(t, body)
			if len(rows) < 2 {
				t.Fatalf("%s: %d rows, want a header and data", path, len(rows))
			}
			checked := 0
			for _, name := range ex.cols {
				col := slices.Index(rows[0], export.Header(lang, name))
				if col < 0 {
					t.Fatalf("%s: no column %q in %q", path, export.Header(lang, name), rows[0])
				}
				for _, r := range rows[1:] {
					if col >= len(r) || r[col] == "" {
						continue
					}
					checked++
					if w := i18n.DutchLeft(lang, r[col]); w != "" {
						t.Errorf("%s: column %s says %q (%s)", path, rows[0][col], r[col], w)
					}
					for _, part := range strings.Split(r[col], ", ") {
						if dutch[part] {
							t.Errorf("%s: column %s says %q in Dutch", path, rows[0][col], part)
						}
					}
				}
			}
			if checked == 0 {
				t.Errorf("%s: no cell of %q filled in", path, ex.cols)
			}
			wantAbout := map[string]string{
				i18n.T(lang, "imports.export_f.category"):           i18n.T(lang, "category.schoonmaak"),
				i18n.T(lang, "imports.export_f.form"):               i18n.T(lang, "workform.maatwerkbedrijf"),
				i18n.T(lang, "imports.export_f.province"):           i18n.T(lang, "display.province.oost_vlaanderen"),
				i18n.T(lang, "imports.export_f.sort"):               i18n.T(lang, "imports.export_sort.distance"),
				i18n.T(lang, "imports.export_f.include_ineligible"): i18n.T(lang, "display.yes"),
			}
			filters := 0
			for _, r := range about {
				if len(r) < 2 {
					continue
				}
				if want, ok := wantAbout[r[0]]; ok {
					filters++
					if r[1] != want {
						t.Errorf("%s: about sheet says %s %q, want %q", path, r[0], r[1], want)
					}
				}
			}
			if filters != ex.filters {
				t.Errorf("%s: %d filter lines in %q, want %d", path, filters, about, ex.filters)
			}
		}
	}
}

// TestRecognitionConflictLanguage: a declared recognition the register
// contradicts is said in the reader's language on Mijn aanbod, on the
// admin's register page and in the API's message (message_nl stays
// Dutch).
func TestRecognitionConflictLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	declareOtherNumber(t, f)
	data := registerWorkbook(t, [][]any{{kboA.String(), "Maatwerkbedrijf", "MWB-0043", "01/01/2019", "31/12/2029", "Departement WSE"}})
	if resp, body := upload(t, f, "admin", "/api/v1/admin/recognitions", "wse.xlsx", data); resp.StatusCode != 200 {
		t.Fatalf("admin upload: %d %s", resp.StatusCode, body)
	}
	want := map[string]string{
		"nl": "U vermeldt erkenningsnummer MWB-9999 als maatwerkbedrijf; het register van Departement WSE vermeldt MWB-0043.",
		"fr": "Vous mentionnez le numéro d’agrément MWB-9999 comme entreprise de travail adapté (ETA)\u00a0; le registre de Departement WSE mentionne MWB-0043.",
		"en": "You state recognition number MWB-9999 as sheltered workshop (maatwerkbedrijf); the register of Departement WSE lists MWB-0043.",
	}
	for lang, w := range want {
		_, page := f.do(t, "supplierA", "GET", "/mijn-aanbod?lang="+lang, "", "")
		if got := parse(t, page).Find(".conflicts li").Text(); got != w {
			t.Errorf("%s: Mijn aanbod says %q, want %q", lang, got, w)
		}
		_, page = f.do(t, "admin", "GET", "/beheer/erkenningen?lang="+lang, "", "")
		if !strings.Contains(plain(page), plain(w)) {
			t.Errorf("%s: the register page lacks %q", lang, w)
		}
		_, body := f.do(t, "admin", "GET", "/api/v1/admin/recognitions?lang="+lang, "", "")
		var view struct {
			Conflicts []struct {
				Dutch string `json:"message_nl"`
				Text  string `json:"message"`
			}
		}
		if err := json.Unmarshal([]byte(body), &view); err != nil {
			t.Fatal(err)
		}
		if len(view.Conflicts) != 1 || view.Conflicts[0].Text != w || view.Conflicts[0].Dutch != want["nl"] {
			t.Errorf("%s: API conflicts %+v, want %q", lang, view.Conflicts, w)
		}
	}
}

// declareOtherNumber makes enterprise A declare itself a maatwerkbedrijf
// with recognition number MWB-9999.
func declareOtherNumber(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	a, err := f.st.FindEnterpriseByKBO(ctx, kboA)
	if err != nil {
		t.Fatal(err)
	}
	a.Recognitions = []koppel.Recognition{{Form: koppel.Maatwerkbedrijf, Number: "MWB-9999"}}
	if err := f.st.PutEnterprise(ctx, a); err != nil {
		t.Fatal(err)
	}
}

// TestExportFileNamesLanguage: a downloaded export's file name is in the
// export's language; the Dutch names stay as they were.
func TestExportFileNamesLanguage(t *testing.T) {
	f, d := demoFixture(t)
	tender := firstPublished(d)
	for lang, want := range map[string][]string{
		"nl": {"koppel-aanbod-", "koppel-ondernemingen-", "koppel-matches-" + tender + "-", "koppel-marktverkenning-" + tender + "-"},
		"fr": {"koppel-offre-", "koppel-entreprises-", "koppel-entreprises-par-lot-" + tender + "-", "koppel-analyse-du-marche-" + tender + "-"},
		"en": {"koppel-offerings-", "koppel-enterprises-", "koppel-matches-" + tender + "-", "koppel-market-scan-" + tender + "-"},
	} {
		for i, path := range []string{
			"/api/v1/offerings?category=schoonmaak",
			"/api/v1/enterprises?form=maatwerkbedrijf",
			"/api/v1/tenders/" + tender + "/matches?page=1",
			"/api/v1/tenders/" + tender + "/clauses?page=1",
		} {
			resp, body := f.do(t, "buyerA", "GET", path+"&format=csv&lang="+lang, "", "")
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %.200s", path, resp.StatusCode, body)
			}
			if got := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(got, `attachment; filename="`+want[i]) || !strings.HasSuffix(got, `.csv"`) {
				t.Errorf("%s %s: %s, want the file name %s…", lang, path, got, want[i])
			}
		}
	}
}
