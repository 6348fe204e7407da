package server_test

import (
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/demo"
	"koppel/export"
	"koppel/i18n"
	"koppel/server"
)

// TestExportNotesLanguage: the sheet "Over deze export" of an xlsx export
// is in the request's language: its name, its labels, the title, the
// filters and the notes.
func TestExportNotesLanguage(t *testing.T) {
	f, d := demoFixture(t)
	tender := firstPublished(d)
	for _, tc := range []struct {
		lang                                             i18n.Lang
		sheet, created, title, category, note, lotsLabel string
	}{
		{i18n.NL, "Over deze export", "Gemaakt op", "Zoekresultaten: aanbod", "Categorie", "resultaten (maximaal", "Percelen"},
		{i18n.FR, "À propos de cet export", "Créé le", "Résultats de recherche : offre", "Catégorie", "lignes au maximum par export", "Lots"},
		{i18n.EN, "About this export", "Made on", "Search results: offerings", "Category", "rows per export", "Lots"},
	} {
		read := func(path string) map[string][]string {
			t.Helper()
			resp, body := f.do(t, "buyerA", "GET", path+"&lang="+string(tc.lang), "", "")
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %.200s", path, resp.StatusCode, body)
			}
			x, err := excelize.OpenReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			if got := x.GetSheetList()[0]; got != tc.sheet || got != export.AboutSheetIn(tc.lang) {
				t.Fatalf("%s %s: first sheet %q, want %q", tc.lang, path, got, tc.sheet)
			}
			rows, _ := x.GetRows(tc.sheet)
			out := map[string][]string{}
			for _, r := range rows {
				if len(r) >= 2 {
					out[r[0]] = append(out[r[0]], r[1])
				}
			}
			return out
		}
		lines := read("/api/v1/offerings?category=schoonmaak&format=xlsx")
		notes := lines[i18n.T(tc.lang, "imports.export_note")]
		if len(lines[tc.created]) != 1 || len(lines[tc.category]) != 1 || len(notes) != 1 || !strings.Contains(notes[0], tc.note) ||
			plain(lines[i18n.T(tc.lang, "imports.export_content")][0]) != tc.title {
			t.Errorf("%s: offerings export lines %q", tc.lang, lines)
		}
		// The reading of a place word is said in the reader's language
		// ("comes to Gent"), as on the search page.
		lines = read("/api/v1/offerings?q=poetsen+gent&format=xlsx")
		want := map[i18n.Lang]string{i18n.NL: "komt naar Gent", i18n.FR: "Gand", i18n.EN: "comes to Gent"}[tc.lang]
		if got := lines[i18n.T(tc.lang, "imports.export_read_as")]; len(got) == 0 || !strings.Contains(plain(strings.Join(got, " ")), want) {
			t.Errorf("%s: offerings export reads the place as %q, want %q", tc.lang, got, want)
		}
		lines = read("/api/v1/tenders/" + tender + "/matches?format=xlsx")
		if len(lines[tc.lotsLabel]) != 1 || len(lines[i18n.T(tc.lang, "imports.export_note")]) != 1 {
			t.Errorf("%s: matches export lines %q", tc.lang, lines)
		}
		if tc.lang != i18n.NL {
			for k := range lines { // the labels; values hold the tenders' own texts
				if w := i18n.DutchLeft(tc.lang, k); w != "" {
					t.Errorf("%s: Dutch in the label %q: %s", tc.lang, k, w)
				}
			}
		}
	}
}

// TestCatalogueExportLanguage: "Download mijn huidige aanbod" gives the
// catalogue in the template of the request's language.
func TestCatalogueExportLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for lang, want := range map[string]string{"nl": "Onderneming,Aanbod,Uitleg,Lijsten", "fr": "Entreprise,Offre,Explication,Listes", "en": "Enterprise,Offerings,Instructions,Lists"} {
		resp, body := f.do(t, "supplierA", "GET", "/api/v1/enterprises/"+string(kboA)+"/catalogue.xlsx?lang="+lang, "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %.200s", lang, resp.StatusCode, body)
		}
		x, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(x.GetSheetList(), ","); got != want {
			t.Errorf("%s: sheets %s, want %s", lang, got, want)
		}
		x.Close()
	}
}

// TestExportErrorsLanguage: the errors of the export and import routes
// are the API's detail in the request's language.
func TestExportErrorsLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	for _, tc := range []struct{ who, path, fr, en string }{
		{"anonymous", "/api/v1/offerings?q=poetsen&format=pdf", "format « pdf » : choisissez xlsx ou csv", `format "pdf": choose xlsx or csv`},
		{"supplierB", "/api/v1/enterprises/" + string(kboA) + "/catalogue.xlsx", "vous ne pouvez pas télécharger le catalogue", "you may not download the catalogue of enterprise"},
	} {
		for lang, want := range map[string]string{"fr": tc.fr, "en": tc.en} {
			_, body := f.do(t, tc.who, "GET", tc.path+"&lang="+lang, "", "")
			if !strings.Contains(tc.path, "?") {
				_, body = f.do(t, tc.who, "GET", tc.path+"?lang="+lang, "", "")
			}
			var p struct{ Detail string }
			json.Unmarshal([]byte(body), &p)
			if !strings.Contains(strings.ToLower(plain(p.Detail)), strings.ToLower(want)) {
				t.Errorf("%s %s: %.300s, want %q", lang, tc.path, body, want)
			}
		}
	}
}

// firstPublished is the ID of the demo's first published tender.
func firstPublished(d *demo.Dataset) string {
	for _, tn := range d.Tenders {
		if tn.Status == koppel.TenderPublished {
			return tn.ID
		}
	}
	return ""
}

// TestExportColumnsLanguage: the header row of an export of search
// results and of a lot's matches is in the request's language (?lang= or
// Accept-Language), in xlsx and in CSV; Dutch keeps its names.
func TestExportColumnsLanguage(t *testing.T) {
	f, d := demoFixture(t)
	tender := firstPublished(d)
	offerings := map[i18n.Lang][]string{
		i18n.NL: {"Onderneming", "Ondernemingsnummer", "Werkvormen", "Gemeente", "Postcode", "Provincie", "Afstand (km)", "Dienst", "Code dienst", "Categorie", "CPV-codes", "Omschrijving", "Relevantie"},
		i18n.FR: {"Entreprise", "Numéro d’entreprise", "Formes d’emploi", "Commune", "Code postal", "Province", "Distance (km)", "Service", "Code du service", "Catégorie", "Codes CPV", "Description", "Pertinence"},
		i18n.EN: {"Enterprise", "Company number", "Work forms", "Municipality", "Postal code", "Province", "Distance (km)", "Service", "Service code", "Category", "CPV codes", "Description", "Relevance"},
	}
	matches := map[i18n.Lang][]string{
		i18n.NL: {"Perceel", "Titel perceel", "Rang", "Onderneming", "Ondernemingsnummer", "Werkvormen", "Gemeente", "Afstand (km)", "Score", "Tekst", "CPV", "Afstand (deelscore)", "Capaciteit", "Erkenning", "Doelgroep", "Geschiktheid", "Regel", "Reden", "Rechtsgrond", "Waarom", "Diensten"},
		i18n.FR: {"Lot", "Titre du lot", "Rang", "Entreprise", "Numéro d’entreprise", "Formes d’emploi", "Commune", "Distance (km)", "Score", "Texte", "CPV", "Distance (score partiel)", "Capacité", "Agrément", "Groupes cibles", "Admissibilité", "Règle", "Motif", "Base légale", "Pourquoi", "Services"},
		i18n.EN: {"Lot", "Lot title", "Rank", "Enterprise", "Company number", "Work forms", "Municipality", "Distance (km)", "Score", "Text", "CPV", "Distance (part score)", "Capacity", "Recognition", "Target group", "Eligibility", "Rule", "Reason", "Legal basis", "Why", "Services"},
	}
	for _, tc := range []struct {
		lang   i18n.Lang
		query  string // appended to the path
		header map[string]string
	}{
		{i18n.NL, "", nil},
		{i18n.FR, "&lang=fr", nil},
		{i18n.EN, "", map[string]string{"Accept-Language": "en-GB,en;q=0.9"}},
	} {
		for _, ex := range []struct {
			path string
			want []string
		}{
			{"/api/v1/offerings?category=schoonmaak", offerings[tc.lang]},
			{"/api/v1/tenders/" + tender + "/matches?page=1", matches[tc.lang]},
		} {
			for _, format := range []string{"xlsx", "csv"} {
				path := ex.path + "&format=" + format + tc.query
				resp, body := f.doWith(t, "buyerA", "GET", path, "", tc.header)
				if resp.StatusCode != 200 {
					t.Fatalf("%s: %d %.200s", path, resp.StatusCode, body)
				}
				var got []string
				if format == "xlsx" {
					x, err := excelize.OpenReader(strings.NewReader(body))
					if err != nil {
						t.Fatal(err)
					}
					if s := x.GetSheetList()[0]; s != export.AboutSheetIn(tc.lang) {
						t.Errorf("%s %s: first sheet %q", tc.lang, path, s)
					}
					rows, err := x.GetRows(x.GetSheetList()[1])
					x.Close()
					if err != nil || len(rows) < 2 {
						t.Fatalf("%s %s: %d rows (%v), want a header and matches", tc.lang, path, len(rows), err)
					}
					got = rows[0]
				} else {
					r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
					r.Comma, _ = export.CSVSeparators(tc.lang)
					recs, err := r.ReadAll()
					if err != nil || len(recs) < 2 {
						t.Fatalf("%s %s: %d records (%v), want a header and rows", tc.lang, path, len(recs), err)
					}
					got = recs[0]
				}
				if strings.Join(got, "|") != strings.Join(ex.want, "|") {
					t.Errorf("%s %s: header\n%q\nwant\n%q", tc.lang, path, got, ex.want)
				}
			}
		}
	}
}

// TestExportCSVNumbersLanguage: a CSV of a lot's matches writes its
// numbers as the spreadsheets of its language read them: in Dutch and
// French ";" between values and a decimal comma (Excel in Belgium), in
// English "," and a decimal point; the score and its parts rounded to 3
// decimals, the kilometres to 1 (they were written as the JSON has them:
// "0.03682416874338516", "9.6").
func TestExportCSVNumbersLanguage(t *testing.T) {
	f, d := demoFixture(t)
	path := "/api/v1/tenders/" + firstPublished(d) + "/matches?include_ineligible=true&size=20"
	res := matchesPage(t, f, path)
	var want [][]*float64 // per match: km, score, text, cpv, distance, capacity, recognition
	for _, l := range res.Lots {
		for _, m := range l.Matches {
			score := m.Score
			row := []*float64{m.Explanation.DistanceKm, &score}
			for _, p := range []string{"text", "cpv", "distance", "capacity", "recognition"} {
				x := m.Explanation.Parts[p]
				row = append(row, &x)
			}
			want = append(want, row)
		}
	}
	if len(want) == 0 {
		t.Fatal("no matches: nothing to compare")
	}
	for _, tc := range []struct {
		lang        i18n.Lang
		comma, sign string
	}{{i18n.NL, ";", ","}, {i18n.FR, ";", ","}, {i18n.EN, ",", "."}} {
		resp, body := f.do(t, "anonymous", "GET", path+"&format=csv&lang="+string(tc.lang), "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %.200s", tc.lang, resp.StatusCode, body)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
		r.Comma = rune(tc.comma[0])
		recs, err := r.ReadAll()
		if err != nil || len(recs) != len(want)+1 || len(recs[0]) < 14 {
			t.Fatalf("%s: %d records of %d fields (%v), want %d rows read with %q", tc.lang, len(recs), len(recs[0]), err, len(want), tc.comma)
		}
		for i, w := range want {
			rec := recs[i+1]
			for j, x := range w {
				cell, digits := rec[7+j], 3
				if j == 0 {
					digits = 1 // kilometres
				}
				exp := ""
				if x != nil {
					exp = strings.Replace(strconv.FormatFloat(*x, 'f', digits, 64), ".", tc.sign, 1)
				}
				if cell != exp {
					t.Errorf("%s row %d, %s: %q, want %q", tc.lang, i+2, recs[0][7+j], cell, exp)
				}
			}
		}
	}
}
