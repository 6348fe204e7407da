package server_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
	"koppel/server"
)

// The capacity routes in the authorization matrix (public), the page in
// the pages rendered in every language, translated throughout.
func init() {
	matrix["GET /api/v1/capacity"] = matrixCase{path: "/api/v1/capacity?category=schoonmaak", want: all(200)}
	matrix["GET /capaciteit"] = matrixCase{path: "/capaciteit", want: all(200)}
	pageCases = append(pageCases, struct {
		path, who string
		want      []string
	}{"/capaciteit?category=schoonmaak", "anonymous", []string{"select#category option[selected]", "figure.capmap svg.map[role=img]", "#capacity-summary", "table.capacity-all tbody tr td[data-label]", "ul.legend li"}})
	translatedPages["/capaciteit"] = true
}

const kboOostende koppel.KBO = "0417497106"

// capacityFixture adds to the fixture (where enterprise B, based in Gent
// with no service area, offers cleaning with 2 VTE, and tender
// published-A has a cleaning lot in Gent) an enterprise based in
// Brugge that works only in Oostende with 4 VTE of cleaning, a published
// tender with a cleaning lot in Brugge and one in Oostende, and a need
// for cleaning sent in Brugge.
func capacityFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, server.RateLimits{})
	ctx := context.Background()
	ref := refdata.Load()
	total := 10.0
	e := &koppel.Enterprise{KBO: kboOostende, Name: "Fictieve Kustpoets", Address: koppel.Address{Postcode: "8000"},
		ServiceArea: koppel.ServiceArea{Municipalities: []string{"Oostende"}}, FTETotal: &total}
	if err := e.Validate(ref); err != nil {
		t.Fatal(err)
	}
	o := &koppel.Offering{ID: "K1", Enterprise: kboOostende, Title: "Poetsen aan zee", Category: "schoonmaak", CPV: []koppel.CPV{"90911200"}, Capacity: 4, Unit: "VTE"}
	if _, err := f.st.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) { yield(o, nil) }, "replace"); err != nil {
		t.Fatal(err)
	}
	tender := &koppel.Tender{ID: "kust", Owner: "Stad A", Status: koppel.TenderPublished, Title: "Schoonmaak aan de kust", Buyer: koppel.Buyer{Name: "Stad A"},
		Deadline: koppel.DateOf(time.Now().AddDate(0, 1, 0)),
		Lots: []koppel.Lot{{ID: "1", Title: "Poetsen stadhuis Brugge", CPV: []koppel.CPV{"90911200"}, Postcode: "8000"},
			{ID: "2", Title: "Poetsen stadhuis Oostende", CPV: []koppel.CPV{"90911200"}, Postcode: "8400"}}}
	if err := tender.Validate(ref); err != nil {
		t.Fatal(err)
	}
	if err := f.st.PutTender(ctx, tender); err != nil {
		t.Fatal(err)
	}
	need := &koppel.Need{ID: "kust-1", Owner: "Stad A", Title: "Poetsdienst", Category: "schoonmaak", Postcode: "8000",
		AnswerBy: koppel.DateOf(time.Now().AddDate(0, 0, 7)), Status: koppel.NeedOpen, SentAt: time.Now().UTC()}
	if err := f.st.CreateNeed(ctx, need); err != nil {
		t.Fatal(err)
	}
	return f
}

func getCapacity(t *testing.T, f *fixture, category string) *koppel.CapacityMap {
	t.Helper()
	resp, body := f.do(t, "anonymous", "GET", "/api/v1/capacity?category="+category, "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %.300s", resp.StatusCode, body)
	}
	var m koppel.CapacityMap
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func municipality(m *koppel.CapacityMap, name string) koppel.MunicipalityCapacity {
	for _, mc := range m.Municipalities {
		if mc.Municipality == name {
			return mc
		}
	}
	return koppel.MunicipalityCapacity{}
}

// TestCapacityAPI asks the real server for the capacity map of cleaning:
// the capacity where each enterprise works, the demand, the white spot,
// and a new answer once the catalogue changes.
func TestCapacityAPI(t *testing.T) {
	f := capacityFixture(t)
	m := getCapacity(t, f, "poetsen") // an alias of schoonmaak
	if m.Category != "schoonmaak" || m.Enterprises != 2 || m.CapacityFTE != 6 {
		t.Errorf("category %q with %d enterprises, %v VTE; want schoonmaak, 2, 6", m.Category, m.Enterprises, m.CapacityFTE)
	}
	for _, tt := range []struct {
		muni                 string
		fte                  float64
		ents, tenders, needs int
	}{
		{"Gent", 2, 1, 1, 0},     // B, its own municipality; published-A
		{"Oostende", 4, 1, 1, 0}, // the Brugge enterprise's only municipality
		{"Brugge", 0, 0, 1, 1},   // its base, which it does not serve
		{"Antwerpen", 0, 0, 0, 0},
	} {
		mc := municipality(m, tt.muni)
		if mc.CapacityFTE != tt.fte || mc.Enterprises != tt.ents || mc.Tenders != tt.tenders || mc.Needs != tt.needs {
			t.Errorf("%s: %v VTE, %d enterprises, %d lots, %d needs; want %v, %d, %d, %d", tt.muni, mc.CapacityFTE, mc.Enterprises, mc.Tenders, mc.Needs, tt.fte, tt.ents, tt.tenders, tt.needs)
		}
	}
	if len(m.WhiteSpots) != 1 || m.WhiteSpots[0].Municipality != "Brugge" {
		t.Errorf("white spots %+v, want Brugge only", m.WhiteSpots)
	}
	if len(m.Municipalities) < 290 || len(m.Municipalities) > 310 {
		t.Errorf("%d municipalities, want the about 300 of Flanders", len(m.Municipalities))
	}
	for _, d := range m.Demand {
		if d.Kind == "need" && d.Title != "" {
			t.Errorf("a need shows its title %q on the public map", d.Title)
		}
	}

	// The Brugge enterprise now also works in Brugge: the cache must not
	// answer the old map.
	e, err := f.st.FindEnterpriseByKBO(context.Background(), kboOostende)
	if err != nil {
		t.Fatal(err)
	}
	e.ServiceArea.Municipalities = append(e.ServiceArea.Municipalities, "Brugge")
	if err := f.st.PutEnterprise(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	m = getCapacity(t, f, "schoonmaak")
	if got := municipality(m, "Brugge").CapacityFTE; got != 4 {
		t.Errorf("Brugge after the change: %v VTE, want 4", got)
	}
	if len(m.WhiteSpots) != 0 {
		t.Errorf("white spots %+v after the change, want none (2 demands, 4 VTE)", m.WhiteSpots)
	}

	for _, q := range []string{"", "niets-bekends"} {
		resp, body := f.do(t, "anonymous", "GET", "/api/v1/capacity?category="+q, "", "")
		if resp.StatusCode != 400 || !strings.Contains(body, "categorie") {
			t.Errorf("category %q: status %d %.200s; want 400 naming the category", q, resp.StatusCode, body)
		}
	}
}

// TestCapacityPageMarkup checks the page against the API: the map is an
// image with a name and a description, the summary says the same, the
// white spots and the table hold the API's numbers, written the Dutch way.
func TestCapacityPageMarkup(t *testing.T) {
	f := capacityFixture(t)
	m := getCapacity(t, f, "schoonmaak")
	resp, body := f.do(t, "anonymous", "GET", "/capaciteit?category=schoonmaak", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	svg := doc.Find("figure.capmap svg.map")
	if role, _ := svg.Attr("role"); role != "img" {
		t.Errorf("map role %q, want img", role)
	}
	labelled, _ := svg.Attr("aria-labelledby")
	var name []string
	for _, id := range strings.Fields(labelled) {
		name = append(name, strings.TrimSpace(svg.Find("#"+id).Text()))
	}
	if len(name) != 2 || !strings.Contains(name[0], "Schoonmaak") {
		t.Fatalf("map named %q, want a title naming the category and a description", name)
	}
	summary := strings.TrimSpace(doc.Find("#capacity-summary").Text())
	if name[1] != summary {
		t.Errorf("map description %q differs from the summary %q", name[1], summary)
	}
	for _, want := range []string{"2 ondernemingen, samen 6 VTE", "Oostende (4 VTE)", "Gent (2 VTE)", "3 percelen van opdrachten en 1 aanvraag", "1 witte vlek: Brugge"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary %q lacks %q", summary, want)
		}
	}
	if n := svg.Find("circle.cell").Length(); n != len(m.Municipalities) {
		t.Errorf("%d municipalities drawn, want %d", n, len(m.Municipalities))
	}
	if svg.Find("circle.tender").Length() != 3 || svg.Find("circle.need").Length() != 1 {
		t.Errorf("%d tender dots and %d need dots, want 3 (Gent, Brugge, Oostende) and 1", svg.Find("circle.tender").Length(), svg.Find("circle.need").Length())
	}
	if n := doc.Find("ul.legend li").Length(); n != len(m.Breaks)+3 {
		t.Errorf("%d legend entries, want %d shades and the two kinds of dots", n, len(m.Breaks)+1)
	}

	// The white spots: Brugge, its demand and no capacity.
	spots := doc.Find("table.white-spots tbody tr")
	if spots.Length() != 1 {
		t.Fatalf("%d white spots, want 1", spots.Length())
	}
	cell := func(row *goquery.Selection, label string) string {
		return strings.TrimSpace(row.Find("td[data-label='" + label + "']").Text())
	}
	if g, d, c := cell(spots, "Gemeente"), cell(spots, "Vraag"), cell(spots, "Capaciteit"); g != "Brugge" || !strings.HasPrefix(d, "2 (1 perceel, 1 aanvraag)") || c != "0 VTE" {
		t.Errorf("white spot %q %q %q, want Brugge, 2 (1 perceel, 1 aanvraag), 0 VTE", g, d, c)
	}

	// The table holds every municipality with the API's numbers.
	rows := doc.Find("table.capacity-all tbody tr")
	if rows.Length() != len(m.Municipalities) {
		t.Fatalf("%d rows, want %d", rows.Length(), len(m.Municipalities))
	}
	rows.Each(func(i int, row *goquery.Selection) {
		mc := m.Municipalities[i]
		wantFTE := strings.ReplaceAll(strconv.FormatFloat(mc.CapacityFTE, 'f', -1, 64), ".", ",") + " VTE"
		if cell(row, "Gemeente") != mc.Municipality || cell(row, "Capaciteit") != wantFTE || cell(row, "Vraag") != strconv.Itoa(mc.Demand()) {
			t.Errorf("row %d: %q %q %q, want %q %q %d", i, cell(row, "Gemeente"), cell(row, "Capaciteit"), cell(row, "Vraag"), mc.Municipality, wantFTE, mc.Demand())
		}
	})

	// Without a category the page shows the first; an unknown one is
	// said beside the field.
	resp, body = f.do(t, "anonymous", "GET", "/capaciteit", "", "")
	if resp.StatusCode != 200 || !strings.Contains(body, `<option value="schoonmaak" selected>`) {
		t.Errorf("default page: status %d, first category not selected", resp.StatusCode)
	}
	resp, body = f.do(t, "anonymous", "GET", "/capaciteit?category=onbestaand", "", "")
	if resp.StatusCode != 400 || !strings.Contains(body, `id="category-error"`) {
		t.Errorf("unknown category: status %d, no error beside the field", resp.StatusCode)
	}
}

// TestEnterpriseMapCoveredMunicipalities: an enterprise's page shades the
// municipalities its service area covers and lists them; a radius covers
// the municipalities within it, a list of municipalities only those.
func TestEnterpriseMapCoveredMunicipalities(t *testing.T) {
	f := capacityFixture(t)
	a, err := f.st.FindEnterpriseByKBO(context.Background(), kboA)
	if err != nil {
		t.Fatal(err)
	}
	a.ServiceArea = koppel.ServiceArea{RadiusKm: 10} // around Gent
	if err := f.st.PutEnterprise(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		kbo        koppel.KBO
		want, not  []string
		atLeast    int
		descPhrase string
	}{
		{kboOostende, []string{"Oostende"}, []string{"Brugge"}, 1, "omvat 1 gemeente in Vlaanderen"},
		{kboA, []string{"Gent", "Merelbeke", "Destelbergen"}, []string{"Brugge", "Aalst"}, 3, "gemeenten in Vlaanderen"},
	} {
		t.Run(string(tt.kbo), func(t *testing.T) {
			resp, body := f.do(t, "anonymous", "GET", "/ondernemingen/"+string(tt.kbo), "", "")
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			var shaded []string
			doc.Find("svg.map circle.cell.covered title").Each(func(_ int, s *goquery.Selection) { shaded = append(shaded, s.Text()) })
			listed := doc.Find("details.covered p").Text()
			if len(shaded) < tt.atLeast || strings.Count(listed, ",")+1 != len(shaded) {
				t.Errorf("%d municipalities shaded (%q), listed %q", len(shaded), shaded, listed)
			}
			for _, m := range tt.want {
				if !strings.Contains(strings.Join(shaded, "|")+"|", m+"|") || !strings.Contains(listed, m) {
					t.Errorf("%s not shaded or listed: %q / %q", m, shaded, listed)
				}
			}
			for _, m := range tt.not {
				if strings.Contains(strings.Join(shaded, "|")+"|", m+"|") {
					t.Errorf("%s shaded, outside the area", m)
				}
			}
			if desc := doc.Find("svg.map desc").Text(); !strings.Contains(desc, tt.descPhrase) {
				t.Errorf("map description %q lacks %q", desc, tt.descPhrase)
			}
		})
	}

	// In English, the province of Limburg: its municipalities' names
	// (Herk-de-Stad) are names, not Dutch left in the page.
	a.ServiceArea = koppel.ServiceArea{Provinces: []string{"Limburg"}}
	if err := f.st.PutEnterprise(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	resp, body := f.do(t, "anonymous", "GET", "/ondernemingen/"+string(kboA)+"?lang=en", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Find("details.covered summary").Text(); !strings.HasSuffix(got, "municipalities in the service area") || !strings.Contains(doc.Find("details.covered").Text(), "Herk-de-Stad") {
		t.Errorf("covered municipalities in English: %q", got)
	}
	if w := dutchLeft(doc, i18n.EN); w != "" {
		t.Errorf("Dutch left in the English page: …%s…", w)
	}
}
