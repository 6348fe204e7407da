package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"koppel"
	"koppel/refdata"
	"koppel/server"
)

const stageJSON = `{"host":"Basisschool De Linde","title":"Stage in de poetsploeg","work":"poetsen","address":{"postcode":"9000"},"start":"2027-02-01","end":"2027-04-30","places":2,"contact":{"email":"facilitair@delinde.example"}}`

const stageForm = "host=Basisschool+De+Linde&title=Stage+in+de+poetsploeg&work=poetsen&postcode=9000&start=01%2F02%2F2027&end=30%2F04%2F2027&places=2&email=facilitair%40delinde.example"

// putStage stores the open offer stage-A of buyer Stad A in Gent and
// marks enterprise A as running transition paths.
func putStage(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	in := &koppel.Internship{ID: "stage-A", Owner: "Stad A", Host: "Stad A", Title: "Stage bij de groendienst", Work: "groen", Address: koppel.Address{Postcode: "9000"},
		Start: koppel.NewDate(2027, 2, 1), End: koppel.NewDate(2027, 4, 30), Places: 2, Contact: koppel.InternshipContact{Phone: "09 123 45 67"}}
	if err := in.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	if err := f.st.PutInternship(ctx, in); err != nil {
		t.Fatal(err)
	}
	e, err := f.st.FindEnterpriseByKBO(ctx, kboA)
	if err != nil {
		t.Fatal(err)
	}
	e.TransitionPaths = true
	if err := f.st.PutEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
}

func init() {
	form := "application/x-www-form-urlencoded"
	for key, mc := range map[string]matrixCase{
		"GET /api/v1/stages":               {path: "/api/v1/stages", want: all(200)},
		"POST /api/v1/stages":              {path: "/api/v1/stages", contentType: "application/json", body: stageJSON, want: statuses(401, 403, 403, 201, 201, 201)},
		"GET /api/v1/stages/:id":           {path: "/api/v1/stages/stage-A", setup: putStage, want: all(200)},
		"POST /api/v1/stages/:id/interest": {path: "/api/v1/stages/stage-A/interest", contentType: "application/json", body: `{"enterprise":"` + string(kboA) + `"}`, setup: putStage, want: statuses(401, 200, 403, 403, 403, 200)},
		"POST /api/v1/stages/:id/fill":     {path: "/api/v1/stages/stage-A/fill", contentType: "application/json", body: `{"filled":1}`, setup: putStage, want: statuses(401, 403, 403, 200, 404, 200)},
		"POST /api/v1/stages/:id/close":    {path: "/api/v1/stages/stage-A/close", contentType: "application/json", body: `{}`, setup: putStage, want: statuses(401, 403, 403, 200, 404, 200)},
		"GET /stages":                      {path: "/stages", want: all(200)},
		"GET /stages/nieuw":                {path: "/stages/nieuw", want: statuses(401, 403, 403, 200, 200, 200)},
		"POST /stages/nieuw":               {path: "/stages/nieuw", contentType: form, body: stageForm, want: statuses(401, 403, 403, 303, 303, 303)},
		"GET /stages/:id":                  {path: "/stages/stage-A", setup: putStage, want: all(200)},
		"POST /stages/:id/interesse":       {path: "/stages/stage-A/interesse", contentType: form, body: "enterprise=" + string(kboA), setup: putStage, want: statuses(401, 303, 400, 403, 403, 303)},
		"POST /stages/:id/ingevuld":        {path: "/stages/stage-A/ingevuld", contentType: form, body: "filled=1", setup: putStage, want: statuses(401, 403, 403, 303, 404, 303)},
		"POST /stages/:id/afsluiten":       {path: "/stages/stage-A/afsluiten", contentType: form, setup: putStage, want: statuses(401, 403, 403, 303, 404, 303)},
	} {
		matrix[key] = mc
	}
}

// TestInternshipFlow: a school offers places; an enterprise with
// transition paths near it is told, finds them nearest first, registers
// interest; the school sees it, fills the places and closes the offer.
func TestInternshipFlow(t *testing.T) {
	ev := &eventRecorder{}
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6}, func(s *server.Server) { s.Notifier = ev })
	f.putCleaner(t, "0202239951", "Poetsploeg Doorstroom vzw", true) // Gent, transition paths
	f.putCleaner(t, "0203201340", "Schoonmaak Schetsbeek vzw", false)
	ctx := context.Background()
	far, err := f.st.FindEnterpriseByKBO(ctx, "0202239951")
	if err != nil {
		t.Fatal(err)
	}
	far.KBO, far.Name, far.Address = "0200065765", "Doorstroom Hasselt vzw", koppel.Address{Postcode: "3500"}
	if err := far.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	if err := f.st.PutEnterprise(ctx, far); err != nil {
		t.Fatal(err)
	}
	// A place in Antwerpen, farther from Gent than the school's.
	other := strings.Replace(strings.Replace(stageJSON, `"postcode":"9000"`, `"postcode":"2000"`, 1), "De Linde", "Het Anker", 1)
	for _, body := range []string{other, stageJSON} {
		if resp, b := f.do(t, "buyerA", "POST", "/api/v1/stages", "application/json", body); resp.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", resp.StatusCode, b)
		}
	}
	if got := ev.list(); len(got) != 2 || got[1].Kind != koppel.EventInternshipPublished || got[1].Buyer != "Stad A" || len(got[1].Enterprises) != 1 || got[1].Enterprises[0] != "0202239951" {
		t.Errorf("events %+v, want one internship_published per offer, the Gent one for the Gent enterprise with transition paths only", got)
	}

	list := func(identity, path string) server.InternshipList {
		t.Helper()
		resp, body := f.do(t, identity, "GET", path, "", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
		}
		var l server.InternshipList
		if err := json.Unmarshal([]byte(body), &l); err != nil {
			t.Fatal(err)
		}
		return l
	}
	l := list("anonymous", "/api/v1/stages?postcode=Gent&radius_km=60")
	if len(l.Internships) != 2 || l.Internships[0].Host != "Basisschool De Linde" || *l.Internships[0].DistanceKm > *l.Internships[1].DistanceKm {
		t.Fatalf("list from Gent: %+v, want De Linde first, then Het Anker", l.Internships)
	}
	if l := list("anonymous", "/api/v1/stages?postcode=9000"); len(l.Internships) != 1 || l.RadiusKm != server.DefaultInternshipRadiusKm {
		t.Errorf("within the default 25 km of Gent: %d places (radius %v), want only De Linde", len(l.Internships), l.RadiusKm)
	}
	if l := list("anonymous", "/api/v1/stages?postcode=9000&work=groen"); len(l.Internships) != 0 {
		t.Errorf("groen near Gent: %d places, want none", len(l.Internships))
	}
	id := l.Internships[0].ID

	// An enterprise without transition paths may not register.
	supplier := f.addToken(t, koppel.Token{Role: koppel.RoleSupplier, Enterprise: "0203201340"})
	f.tokens["noTransition"] = supplier
	if resp, body := f.do(t, "noTransition", "POST", "/api/v1/stages/"+id+"/interest", "application/json", `{}`); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "doorstroomtrajecten") {
		t.Errorf("interest without transition paths: %d %s, want 400 naming doorstroomtrajecten", resp.StatusCode, body)
	}
	f.tokens["doorstroom"] = f.addToken(t, koppel.Token{Role: koppel.RoleSupplier, Enterprise: "0202239951"})
	// Its own place is where distances are measured from.
	if l := list("doorstroom", "/api/v1/stages"); len(l.Internships) != 1 || l.Origin == nil || l.Origin.Postcode != "9000" {
		t.Errorf("supplier's list: %+v from %+v, want De Linde from its own place", l.Internships, l.Origin)
	}
	if resp, body := f.do(t, "doorstroom", "POST", "/api/v1/stages/"+id+"/interest", "application/json", `{"message":"Een medewerker start in februari."}`); resp.StatusCode != http.StatusOK || strings.Contains(body, "Een medewerker") {
		t.Fatalf("interest: %d %s, want 200 without the interests", resp.StatusCode, body)
	}
	var in koppel.Internship
	_, body := f.do(t, "buyerA", "GET", "/api/v1/stages/"+id, "", "")
	if err := json.Unmarshal([]byte(body), &in); err != nil {
		t.Fatal(err)
	}
	if len(in.Interests) != 1 || in.Interests[0].Name != "Poetsploeg Doorstroom vzw" || in.Interests[0].Message != "Een medewerker start in februari." {
		t.Errorf("the school sees interests %+v, want the enterprise's", in.Interests)
	}
	if _, body := f.do(t, "buyerB", "GET", "/api/v1/stages/"+id, "", ""); strings.Contains(body, "Poetsploeg Doorstroom") {
		t.Errorf("another buyer sees the interests")
	}
	if _, page := f.do(t, "buyerA", "GET", "/stages/"+id, "", ""); !strings.Contains(page, "Poetsploeg Doorstroom vzw") || !strings.Contains(page, "Reacties (1)") {
		t.Errorf("the school's page does not show the interest")
	}

	// Filling every place takes it off the list; too many is refused.
	if resp, body := f.do(t, "buyerA", "POST", "/api/v1/stages/"+id+"/fill", "application/json", `{"filled":3}`); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("3 of 2 filled: %d %s, want 400", resp.StatusCode, body)
	}
	if resp, body := f.do(t, "buyerA", "POST", "/api/v1/stages/"+id+"/fill", "application/json", `{"filled":2}`); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"status":"filled"`) {
		t.Errorf("fill: %d %s, want filled", resp.StatusCode, body)
	}
	if l := list("anonymous", "/api/v1/stages?postcode=9000"); len(l.Internships) != 0 {
		t.Errorf("a filled place is still listed")
	}
	if resp, body := f.do(t, "doorstroom", "POST", "/api/v1/stages/"+id+"/interest", "application/json", `{}`); resp.StatusCode != http.StatusConflict {
		t.Errorf("interest in a filled place: %d %s, want 409", resp.StatusCode, body)
	}
	f.do(t, "buyerA", "POST", "/api/v1/stages/"+id+"/fill", "application/json", `{"filled":1}`)
	if l := list("anonymous", "/api/v1/stages?postcode=9000"); len(l.Internships) != 1 || l.Internships[0].Free() != 1 {
		t.Errorf("after freeing a place: %+v, want it listed with 1 free", l.Internships)
	}
	if resp, body := f.do(t, "buyerA", "POST", "/api/v1/stages/"+id+"/close", "application/json", `{}`); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"status":"closed"`) {
		t.Errorf("close: %d %s", resp.StatusCode, body)
	}
	if l := list("buyerA", "/api/v1/stages?mine=ja"); len(l.Internships) != 2 {
		t.Errorf("the buyer's own offers: %d, want both, closed ones too", len(l.Internships))
	}
}

// TestInternshipBadInput: plain-Dutch errors, on the API and beside the
// form's fields.
func TestInternshipBadInput(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	for body, want := range map[string]string{
		strings.Replace(stageJSON, `"places":2`, `"places":0`, 1):                     "tussen 1 en 50",
		strings.Replace(stageJSON, `"work":"poetsen"`, `"work":"raketbouw"`, 1):       "Soort werk",
		strings.Replace(stageJSON, `"end":"2027-04-30"`, `"end":"2026-04-30"`, 1):     "voor de begindatum",
		strings.Replace(stageJSON, `"postcode":"9000"`, `"postcode":"0999"`, 1):       "geen Belgische postcode",
		strings.Replace(stageJSON, `{"email":"facilitair@delinde.example"}`, `{}`, 1): "e-mailadres of telefoonnummer",
	} {
		resp, got := f.do(t, "buyerA", "POST", "/api/v1/stages", "application/json", body)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(got, want) {
			t.Errorf("got %d %s, want 400 containing %q", resp.StatusCode, got, want)
		}
	}
	for q, want := range map[string]string{"postcode=Atlantis": "geen Belgische postcode", "radius_km=veel&postcode=9000": "aantal km", "work=raketbouw": "Soort werk"} {
		if resp, got := f.do(t, "anonymous", "GET", "/api/v1/stages?"+q, "", ""); resp.StatusCode != http.StatusBadRequest || !strings.Contains(got, want) {
			t.Errorf("%s: got %d %s, want 400 containing %q", q, resp.StatusCode, got, want)
		}
	}
	bad := strings.NewReplacer("places=2", "places=twee", "end=30%2F04%2F2027", "end=30%2F02%2F2027", "postcode=9000", "postcode=").Replace(stageForm)
	resp, page := f.do(t, "buyerA", "POST", "/stages/nieuw", "application/x-www-form-urlencoded", bad)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad form: %d", resp.StatusCode)
	}
	for _, want := range []string{`id="places_error"`, `id="end_error"`, `id="postcode_error"`, "postcode van de stageplaats ontbreekt", `value="twee"`} {
		if !strings.Contains(page, want) {
			t.Errorf("form page lacks %q", want)
		}
	}
}

// TestInternshipListWithoutProfile: a supplier whose enterprise has no
// profile yet still sees the list, measured from nowhere.
func TestInternshipListWithoutProfile(t *testing.T) {
	f := newFixture(t, server.RateLimits{})
	putStage(t, f)
	f.tokens["newcomer"] = f.addToken(t, koppel.Token{Role: koppel.RoleSupplier, Enterprise: "0200065765"})
	resp, body := f.do(t, "newcomer", "GET", "/api/v1/stages", "", "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "stage-A") || strings.Contains(body, `"origin"`) {
		t.Errorf("got %d %s, want 200 listing stage-A without an origin", resp.StatusCode, body)
	}
	if resp, _ := f.do(t, "anonymous", "GET", "/api/v1/stages?kbo=0200065765", "", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown enterprise named: %d, want 404", resp.StatusCode)
	}
}

// TestInternshipFreePlacesLanguage: the free places of an offer take the
// plural of the number free, not of the places in all ("1 place libre
// sur 2", "2 places libres sur 3"), in every language.
func TestInternshipFreePlacesLanguage(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	ctx := context.Background()
	for _, p := range []struct {
		id             string
		places, filled int
	}{{"stage-1", 2, 1}, {"stage-2", 3, 1}} {
		in := &koppel.Internship{ID: p.id, Owner: "Stad A", Host: "Stad A", Title: "Stage " + p.id, Work: "groen", Address: koppel.Address{Postcode: "9000"},
			Start: koppel.NewDate(2027, 2, 1), End: koppel.NewDate(2027, 4, 30), Places: p.places, Filled: p.filled, Contact: koppel.InternshipContact{Phone: "09 123 45 67"}}
		if err := in.Validate(refdata.Load()); err != nil {
			t.Fatal(err)
		}
		if err := f.st.PutInternship(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		lang       string
		want, nots []string
	}{
		{"nl", []string{"1 vrije plaats op 2", "2 vrije plaatsen op 3"}, []string{"1 vrije plaatsen", "2 vrije plaats "}},
		{"fr", []string{"1 place libre sur 2", "2 places libres sur 3"}, []string{"1 places", "2 place "}},
		{"en", []string{"1 free place out of 2", "2 free places out of 3"}, []string{"1 free places", "2 free place "}},
	} {
		resp, page := f.do(t, "anonymous", "GET", "/stages?lang="+tc.lang, "", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.lang, resp.StatusCode)
		}
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the list does not say %q", tc.lang, w)
			}
		}
		for _, w := range tc.nots {
			if strings.Contains(page, w) {
				t.Errorf("%s: the list says %q", tc.lang, w)
			}
		}
	}
}
