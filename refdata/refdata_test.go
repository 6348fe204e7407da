package refdata

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

func TestCPV(t *testing.T) {
	d := Load()
	if got, want := d.CPVCount(), 9454; got != want {
		t.Errorf("CPVCount() = %v, want %v", got, want)
	}
	tests := []struct {
		code   koppel.CPV
		ok     bool
		check  int
		nl, fr string
	}{
		{"90911200", true, 8, "Reiniging van gebouwen", "Services de nettoyage de bâtiments"},
		{"90910000", true, 9, "Reinigingsdiensten", "Services de nettoyage"},
		{"03000000", true, 1, "Landbouw- en veeteelt-, kwekerij-, visserij-, bosbouw- en aanverwante producten", "Produits agricoles, de l'élevage, de la pêche, de la sylviculture et produits connexes"},
		{"90911201", false, 0, "", ""},
		{"", false, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.code), func(t *testing.T) {
			e, ok := d.CPV(tt.code)
			if ok != tt.ok {
				t.Fatalf("CPV(%q) ok = %v, want %v", tt.code, ok, tt.ok)
			}
			if !ok {
				return
			}
			if e.Check != tt.check || e.NL != tt.nl || e.FR != tt.fr || e.EN == "" {
				t.Errorf("CPV(%q) = %+v, want check %v, nl %q, fr %q and an English label", tt.code, e, tt.check, tt.nl, tt.fr)
			}
		})
	}
}

func codes(es []koppel.CPVEntry) []koppel.CPV {
	out := make([]koppel.CPV, len(es))
	for i, e := range es {
		out[i] = e.Code
	}
	return out
}

func TestCPVChildren(t *testing.T) {
	d := Load()
	tests := []struct {
		code     koppel.CPV
		contains []koppel.CPV
		excludes []koppel.CPV
	}{
		{"90910000", []koppel.CPV{"90911000", "90919000"}, []koppel.CPV{"90911200", "90910000"}},
		{"90911000", []koppel.CPV{"90911100", "90911200", "90911300"}, nil},
		{"90000000", []koppel.CPV{"90900000"}, []koppel.CPV{"90910000"}},
		{"90911200", nil, nil},
		{"12345678", nil, nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.code), func(t *testing.T) {
			got := codes(d.CPVChildren(tt.code))
			for _, c := range tt.contains {
				if !slices.Contains(got, c) {
					t.Errorf("CPVChildren(%q) = %v, want it to contain %v", tt.code, got, c)
				}
			}
			for _, c := range tt.excludes {
				if slices.Contains(got, c) {
					t.Errorf("CPVChildren(%q) = %v, want it without %v", tt.code, got, c)
				}
			}
			if !slices.IsSorted(got) {
				t.Errorf("CPVChildren(%q) = %v, want sorted", tt.code, got)
			}
			for _, c := range got {
				if !strings.HasPrefix(string(c), tt.code.Significant()) {
					t.Errorf("CPVChildren(%q) contains %v, not below it", tt.code, c)
				}
			}
		})
	}
	// Every code but the divisions is somebody's child, exactly once.
	seen := map[koppel.CPV]int{}
	for _, e := range d.cpv {
		for _, c := range d.CPVChildren(e.Code) {
			seen[c.Code]++
		}
	}
	for _, e := range d.cpv {
		want := 1
		if e.Code.Level() == 1 {
			want = 0
		}
		if got := seen[e.Code]; got != want {
			t.Errorf("code %v is a child %v times, want %v", e.Code, got, want)
		}
	}
}

func TestCPVSearch(t *testing.T) {
	d := Load()
	tests := []struct {
		q     string
		limit int
		want  koppel.CPV // must be among the results
		first koppel.CPV // if set, the first result
	}{
		{"reiniging", 20, "90911200", ""},
		{"Reiniging van gebouwen", 5, "90911200", "90911200"},
		{"nettoyage", 0, "90911200", ""},
		{"nettoyage", 3, "90910000", ""},
		{"reiniging", 5, "90911200", ""},
		{"NETTOYAGE bâtiments", 5, "90911200", ""},
		{"nettoyage batiments", 5, "90911200", ""},
		{"building-cleaning", 5, "90911200", ""},
		{"reinig geb", 10, "90911200", ""},
		{"groengebieden", 20, "77310000", ""},
		{"catering scholen", 5, "55524000", "55524000"},
		{"9091", 0, "90911200", "90910000"},
		{"90911200-8", 0, "90911200", "90911200"},
		{"90 91", 0, "90911200", "90910000"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got := codes(d.CPVSearch(tt.q, tt.limit))
			if !slices.Contains(got, tt.want) {
				t.Errorf("CPVSearch(%q, %d) = %v, want it to contain %v", tt.q, tt.limit, got, tt.want)
			}
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("CPVSearch(%q, %d) = %v, want %v first", tt.q, tt.limit, got, tt.first)
			}
			if tt.limit > 0 && len(got) > tt.limit {
				t.Errorf("CPVSearch(%q, %d) returned %v results, want at most %v", tt.q, tt.limit, len(got), tt.limit)
			}
		})
	}
	t.Run("prefix", func(t *testing.T) {
		got := codes(d.CPVSearch("9091", 0))
		if len(got) < 10 {
			t.Errorf("CPVSearch(9091) = %v, want at least 10 codes", got)
		}
		for _, c := range got {
			if !strings.HasPrefix(string(c), "9091") {
				t.Errorf("CPVSearch(9091) contains %v", c)
			}
		}
	})
	for _, q := range []string{"", "  ", "r", "xyzzyplugh", "-", "123456789"} {
		if got := d.CPVSearch(q, 10); len(got) != 0 {
			t.Errorf("CPVSearch(%q) = %v, want nothing", q, codes(got))
		}
	}
}

// TestCPVSearchDomain checks that the social economy's words lead to their
// service codes first, that services come before goods, and that a query
// with an unknown word still offers the codes of the words it knows.
func TestCPVSearchDomain(t *testing.T) {
	d := Load()
	tests := []struct{ q, first string }{
		{"groenonderhoud", "77310000"},
		{"groen", "77310000"},
		{"poetsen", "90911200"},
		{"poetsdienst", "90911200"},
		{"fietsherstelling", "50100000"},
		{"fietsherstellingen", "50100000"},
		{"maaien", "77314000"},
		{"klusjes", "50700000"},
		{"linnendienst", "98310000"},
		{"ramen wassen", "90911300"},
		{"schoolmaaltijden", "55523100"},
		{"reiniging xyzzyplugh", "90911200"},
		{"tonte", "77314000"},
		{"tondre", "77314000"},
		{"mowing", "77314000"},
		{"jardinage", "77310000"},
		{"buanderie", "98310000"},
		{"déménagement", "98392000"},
		{"réparation vélos", "50100000"},
	}
	for _, tt := range tests {
		got := codes(d.CPVSearch(tt.q, 15))
		if len(got) == 0 || string(got[0]) != tt.first {
			t.Errorf("CPVSearch(%q) = %v, want %s first", tt.q, got, tt.first)
		}
		goods := false
		for _, c := range got {
			g := string(c) < "45" || strings.HasPrefix(string(c), "48")
			if goods && !g {
				t.Errorf("CPVSearch(%q) = %v: service %s after goods", tt.q, got, c)
			}
			goods = goods || g
		}
	}
	for _, g := range d.domainGroups() {
		for _, c := range g.codes {
			if _, ok := d.CPV(c); !ok {
				t.Errorf("domain code %s is not in the vocabulary", c)
			}
		}
	}
}

func TestValidateCPV(t *testing.T) {
	d := Load()
	tests := []struct {
		in   string
		code string // error code, "" for valid
	}{
		{"90911200-8", ""},
		{"90911200", ""},
		{"90911200-7", koppel.EINVALID},
		{"90911201-8", koppel.EINVALID},
		{"9091120", koppel.EINVALID},
	}
	for _, tt := range tests {
		_, err := koppel.ValidateCPV(d, tt.in)
		if got := koppel.ErrorCode(err); got != tt.code {
			t.Errorf("ValidateCPV(%q): got %v, want %v (%v)", tt.in, got, tt.code, err)
		}
	}
}

func TestPostcode(t *testing.T) {
	d := Load()
	tests := []struct {
		in   string
		ok   bool
		want koppel.Place // coordinates checked separately
	}{
		{"9000", true, koppel.Place{Postcode: "9000", Name: "Gent", Municipality: "Gent", MunicipalityFR: "Gand", NIS: "44021",
			Province: "Oost-Vlaanderen", ProvinceFR: "Flandre-Orientale", Region: "Vlaanderen"}},
		{" 9100\n", true, koppel.Place{Postcode: "9100", Name: "Sint-Niklaas", Municipality: "Sint-Niklaas", MunicipalityFR: "Saint-Nicolas", NIS: "46021",
			Province: "Oost-Vlaanderen", ProvinceFR: "Flandre-Orientale", Region: "Vlaanderen"}},
		{"1000", true, koppel.Place{Postcode: "1000", Name: "Brussel", Municipality: "Brussel", MunicipalityFR: "Bruxelles", NIS: "21004", Region: "Brussel"}},
		{"4000", true, koppel.Place{Postcode: "4000", Name: "Luik", Municipality: "Luik", MunicipalityFR: "Liège", NIS: "62063",
			Province: "Luik", ProvinceFR: "Liège", Region: "Wallonië"}},
		{"9030", true, koppel.Place{Postcode: "9030", Name: "Mariakerke", Municipality: "Gent", MunicipalityFR: "Gand", NIS: "44021",
			Province: "Oost-Vlaanderen", ProvinceFR: "Flandre-Orientale", Region: "Vlaanderen"}},
		{"9999", false, koppel.Place{}},
		{"900", false, koppel.Place{}},
		{"", false, koppel.Place{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := d.Postcode(tt.in)
			if ok != tt.ok {
				t.Fatalf("Postcode(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			}
			if !ok {
				return
			}
			if got.Lat < 49.4 || got.Lat > 51.6 || got.Lon < 2.5 || got.Lon > 6.5 {
				t.Errorf("Postcode(%q) at %v,%v, want a point in Belgium", tt.in, got.Lat, got.Lon)
			}
			got.Lat, got.Lon = 0, 0
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Postcode(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
	gent, _ := d.Postcode("9000")
	if km := koppel.DistanceKm(gent.Lat, gent.Lon, 51.054, 3.725); km > 3 {
		t.Errorf("Gent is %v km from its centre, want under 3", km)
	}
}

func TestPlacesConsistent(t *testing.T) {
	d := Load()
	provinces := d.Provinces()
	for _, p := range d.places {
		if p.Name == "" || p.Municipality == "" || p.MunicipalityFR == "" || len(p.NIS) != 5 {
			t.Errorf("incomplete place %+v", p)
		}
		switch {
		case p.Region == "Brussel" && p.Province != "":
			t.Errorf("Brussels place %+v has a province", p)
		case p.Region != "Brussel" && !slices.Contains(provinces, p.Province):
			t.Errorf("place %+v has an unknown province", p)
		}
		wantRegion := map[byte]string{'1': "Vlaanderen", '3': "Vlaanderen", '4': "Vlaanderen", '5': "Wallonië", '6': "Wallonië", '7': "Vlaanderen", '8': "Wallonië", '9': "Wallonië"}[p.NIS[0]]
		if p.NIS[:2] == "21" {
			wantRegion = "Brussel"
		} else if p.NIS[0] == '2' { // 23/24 Vlaams-Brabant, 25 Waals-Brabant
			wantRegion = map[string]string{"23": "Vlaanderen", "24": "Vlaanderen", "25": "Wallonië"}[p.NIS[:2]]
		}
		if p.Region != wantRegion {
			t.Errorf("place %+v: region %v, want %v from its NIS code", p, p.Region, wantRegion)
		}
	}
}

func postcodes(ps []koppel.Place) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Postcode
	}
	return out
}

func TestPostcodesByName(t *testing.T) {
	d := Load()
	tests := []struct {
		name      string
		first     string   // first postcode, "" for no result
		contains  []string // other postcodes expected
		firstName string   // Name of the first place, if set
	}{
		{"Gent", "9000", []string{"9030", "9031", "9032", "9040", "9041", "9042", "9050", "9051", "9052"}, "Gent"},
		{"gand", "9000", []string{"9030", "9031"}, ""},
		{"GENT ", "9000", nil, ""},
		{"Sint-Niklaas", "9100", []string{"9111", "9112"}, "Sint-Niklaas"},
		{"sint niklaas", "9100", nil, ""},
		{"St-Niklaas", "9100", nil, ""},
		{"Saint-Nicolas", "4420", []string{"9100"}, ""}, // a Walloon municipality too
		{"Drongen", "9031", nil, "Drongen"},
		{"Brussel", "1000", []string{"1020", "1120", "1130"}, "Brussel"},
		{"Bruxelles", "1000", nil, ""},
		{"Ixelles", "1050", nil, "Elsene"},
		{"Liège", "4000", []string{"4020", "4030"}, "Luik"},
		{"luik", "4000", nil, ""},
		{"Antwerpen", "2000", []string{"2018", "2060", "2100"}, ""},
		{"Fourons", "3790", []string{"3798"}, "Voeren"},
		{"'s-Gravenwezel", "2970", nil, ""},
		{"Nergensland", "", nil, ""},
		{"", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := d.PostcodesByName(tt.name)
			pcs := postcodes(got)
			if tt.first == "" {
				if len(got) != 0 {
					t.Errorf("PostcodesByName(%q) = %v, want none", tt.name, pcs)
				}
				return
			}
			if len(got) == 0 || pcs[0] != tt.first {
				t.Fatalf("PostcodesByName(%q) = %v, want %v first", tt.name, pcs, tt.first)
			}
			for _, pc := range tt.contains {
				if !slices.Contains(pcs, pc) {
					t.Errorf("PostcodesByName(%q) = %v, want it to contain %v", tt.name, pcs, pc)
				}
			}
			if tt.firstName != "" && got[0].Name != tt.firstName {
				t.Errorf("PostcodesByName(%q)[0].Name: got %v, want %v", tt.name, got[0].Name, tt.firstName)
			}
			seen := map[string]bool{}
			for _, pc := range pcs {
				if seen[pc] {
					t.Errorf("PostcodesByName(%q) = %v, want each postcode once", tt.name, pcs)
				}
				seen[pc] = true
			}
		})
	}
}

func TestResolvePlace(t *testing.T) {
	d := Load()
	tests := []struct {
		in       string
		postcode string // "" for no match
		name     string
	}{
		{"9000", "9000", "Gent"},
		{"B-9000", "9000", "Gent"},
		{"9031 Drongen", "9031", "Drongen"},
		{"9051 Sint-Denijs-Westrem", "9051", "Sint-Denijs-Westrem"},
		{"9051 Gent", "9051", "Afsnee"},
		{"Gent", "9000", "Gent"},
		{"Gand", "9000", "Gent"},
		{"Sint-Niklaas (Oost-Vlaanderen)", "9100", "Sint-Niklaas"},
		{"Brugge, België", "8000", "Brugge"},
		{"  Ixelles ", "1050", "Elsene"},
		{"9999", "", ""},
		{"Oost-Vlaanderen", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := d.ResolvePlace(tt.in)
			if ok != (tt.postcode != "") {
				t.Fatalf("ResolvePlace(%q) = %+v, %v; want found %v", tt.in, got, ok, tt.postcode != "")
			}
			if got.Postcode != tt.postcode || got.Name != tt.name {
				t.Errorf("ResolvePlace(%q): got %v %v, want %v %v", tt.in, got.Postcode, got.Name, tt.postcode, tt.name)
			}
		})
	}
}

func TestMunicipalities(t *testing.T) {
	d := Load()
	ms := d.Municipalities()
	if len(ms) < 570 || len(ms) > 590 {
		t.Errorf("len(Municipalities()) = %v, want about 581", len(ms))
	}
	for _, m := range []string{"Gent", "Sint-Niklaas", "Brussel", "Luik", "Antwerpen"} {
		if !slices.Contains(ms, m) {
			t.Errorf("Municipalities() lacks %v", m)
		}
	}
	for i := 1; i < len(ms); i++ {
		if nameKey(ms[i-1]) > nameKey(ms[i]) || ms[i-1] == ms[i] {
			t.Errorf("Municipalities() not sorted or not distinct at %v, %v", ms[i-1], ms[i])
		}
	}
	ms[0] = "changed"
	if d.Municipalities()[0] == "changed" {
		t.Errorf("Municipalities() shares its slice with the caller")
	}
}

func TestProvinces(t *testing.T) {
	d := Load()
	want := []string{"Antwerpen", "Henegouwen", "Limburg", "Luik", "Luxemburg", "Namen", "Oost-Vlaanderen", "Vlaams-Brabant", "Waals-Brabant", "West-Vlaanderen", "Brussel"}
	if diff := cmp.Diff(want, d.Provinces()); diff != "" {
		t.Errorf("Provinces() mismatch (-want +got):\n%s", diff)
	}
	tests := []struct {
		in, want string
	}{
		{"Oost-Vlaanderen", "Oost-Vlaanderen"},
		{"oost vlaanderen", "Oost-Vlaanderen"},
		{"Flandre-Orientale", "Oost-Vlaanderen"},
		{"Flandre orientale", "Oost-Vlaanderen"},
		{"O-Vl.", "Oost-Vlaanderen"},
		{"OVL", "Oost-Vlaanderen"},
		{"East Flanders", "Oost-Vlaanderen"},
		{"Provincie West-Vlaanderen", "West-Vlaanderen"},
		{"Brabant Flamand", "Vlaams-Brabant"},
		{"brabant wallon", "Waals-Brabant"},
		{"Hainaut", "Henegouwen"},
		{"Liège", "Luik"},
		{"province de Namur", "Namen"},
		{"Luxembourg", "Luxemburg"},
		{"Limbourg", "Limburg"},
		{"Anvers", "Antwerpen"},
		{"Bruxelles-Capitale", "Brussel"},
		{"Brussels Hoofdstedelijk Gewest", "Brussel"},
		{"Vlaanderen", ""},
		{"Gent", ""},
		{"n/a", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := d.ParseProvince(tt.in)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("ParseProvince(%q): got %q %v, want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestCodelists(t *testing.T) {
	d := Load()
	tests := []struct {
		list, code, nl string
	}{
		{ListReservedProcurement, "res-ws", "Deelname is voorbehouden aan beschutte werkplaatsen en ondernemers die de maatschappelijke en professionele integratie van gehandicapten of kansarmen tot doel hebben."},
		{ListReservedProcurement, "res-pub-ser", ""},
		{ListReservedExecution, "yes", "Ja"},
		{ListStrategicProcurement, "soc-obj", "Verwezenlijking van sociale doelstellingen"},
		{ListSocialObjective, "opp", "Werkgelegenheidskansen voor langdurig werklozen, kansarmen en/of personen met een handicap"},
		{ListSocialObjective, "work-cond", ""},
		{ListBuyerLegalType, "body-pl", "Publiekrechtelijke instelling"},
		{ListSocialServiceCPV, "85311000", ""},
		{ListNUTS3, "BE234", "Arr. Gent"},
	}
	for _, tt := range tests {
		t.Run(tt.list+"/"+tt.code, func(t *testing.T) {
			c, ok := d.Code(tt.list, tt.code)
			if !ok {
				t.Fatalf("Code(%q, %q) not found", tt.list, tt.code)
			}
			if c.List != tt.list || c.Code != tt.code || c.EN == "" || c.NL == "" || c.FR == "" {
				t.Errorf("Code(%q, %q) = %+v, want complete", tt.list, tt.code, c)
			}
			if tt.nl != "" && c.NL != tt.nl {
				t.Errorf("Code(%q, %q).NL: got %v, want %v", tt.list, tt.code, c.NL, tt.nl)
			}
			if !slices.Contains(d.Codelist(tt.list), c) {
				t.Errorf("Codelist(%q) lacks %+v", tt.list, c)
			}
		})
	}
	sizes := map[string]int{ListReservedProcurement: 3, ListReservedExecution: 3, ListStrategicProcurement: 4, ListSocialObjective: 7, ListSocialServiceCPV: 115, ListBuyerLegalType: 19, ListNUTS3: 45}
	for list, want := range sizes {
		if got := len(d.Codelist(list)); got != want {
			t.Errorf("len(Codelist(%q)): got %v, want %v", list, got, want)
		}
	}
	if got := d.Codelist("no-such-list"); got != nil {
		t.Errorf("Codelist(no-such-list): got %v, want nil", got)
	}
	if _, ok := d.Code(ListSocialObjective, "res-ws"); ok {
		t.Errorf("Code(social-objective, res-ws) found, want not found")
	}
	for _, tt := range []struct {
		c    koppel.CPV
		want bool
	}{{"85311000", true}, {"75121000", true}, {"90911200", false}, {"85311001", false}} {
		if got := d.IsSocialServiceCPV(tt.c); got != tt.want {
			t.Errorf("IsSocialServiceCPV(%v): got %v, want %v", tt.c, got, tt.want)
		}
	}
}

func TestLoadOnceConcurrent(t *testing.T) {
	ds := make(chan *Data, 8)
	for range 8 {
		go func() { ds <- Load() }()
	}
	first := <-ds
	for range 7 {
		if d := <-ds; d != first {
			t.Errorf("Load() returned different values")
		}
	}
	// The search index is built on first use, concurrently here.
	fresh, err := load()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan []koppel.CPVEntry, 4)
	for range 4 {
		go func() { done <- fresh.CPVSearch("reiniging gebouwen", 3) }()
	}
	for range 4 {
		if got := codes(<-done); !slices.Contains(got, "90911200") {
			t.Errorf("concurrent CPVSearch: got %v, want 90911200 among them", got)
		}
	}
	if !strings.Contains(Notice(), "CC BY 4.0") {
		t.Errorf("Notice() lacks the licence")
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadWithSearchIndex adds the CPV word index that the first
// CPVSearch builds.
func BenchmarkLoadWithSearchIndex(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		d, err := load()
		if err != nil {
			b.Fatal(err)
		}
		d.searchIndex()
	}
}

func BenchmarkPostcode(b *testing.B) {
	d := Load()
	for b.Loop() {
		if _, ok := d.Postcode("9000"); !ok {
			b.Fatal("9000 not found")
		}
	}
}

func BenchmarkPostcodesByName(b *testing.B) {
	d := Load()
	for b.Loop() {
		if ps := d.PostcodesByName("Sint-Niklaas"); len(ps) == 0 {
			b.Fatal("Sint-Niklaas not found")
		}
	}
}

func BenchmarkCPVSearch(b *testing.B) {
	d := Load()
	for _, q := range []string{"reiniging", "nettoyage bat", "r", "9091"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				d.CPVSearch(q, 20)
			}
		})
	}
}

func TestPostcodesNear(t *testing.T) {
	d := Load()
	gent, _ := d.Postcode("9000")
	has := func(list []NearbyPostcode, pc string) bool {
		for _, n := range list {
			if n.Postcode == pc {
				return true
			}
		}
		return false
	}
	near30, near20 := d.PostcodesNear(gent.Lat, gent.Lon, 30), d.PostcodesNear(gent.Lat, gent.Lon, 20)
	if len(near30) == 0 || near30[0].Postcode != "9000" || near30[0].Km != 0 {
		t.Fatalf("nearest to Gent = %+v, want 9000 at 0 km first", near30[:min(3, len(near30))])
	}
	if !has(near30, "9300") || has(near20, "9300") {
		t.Errorf("Aalst (9300, about 26 km): in 30 km %v, in 20 km %v; want only in 30", has(near30, "9300"), has(near20, "9300"))
	}
}

func TestProvinceOutlines(t *testing.T) {
	d := Load()
	got := map[string]koppel.ProvinceOutline{}
	for _, o := range d.ProvinceOutlines() {
		got[o.Province] = o
	}
	for _, p := range []string{"Antwerpen", "Limburg", "Oost-Vlaanderen", "West-Vlaanderen", "Vlaams-Brabant", "Brussel"} {
		o, ok := got[p]
		if !ok || len(o.Rings) == 0 || len(o.Rings[0]) < 10 {
			t.Errorf("no outline for %s", p)
		}
	}
	// Each province's outline contains its own main towns: the postcodes'
	// coordinates and the outlines agree.
	for pc, prov := range map[string]string{"2000": "Antwerpen", "3500": "Limburg", "3790": "Limburg", "9000": "Oost-Vlaanderen", "8000": "West-Vlaanderen", "3000": "Vlaams-Brabant", "1000": "Brussel"} {
		pl, _ := d.Postcode(pc)
		if !inside(got[prov].Rings, pl.Lon, pl.Lat) {
			t.Errorf("%s (%s) lies outside the outline of %s", pc, pl.Name, prov)
		}
		if prov != "Vlaams-Brabant" && inside(got["Vlaams-Brabant"].Rings, pl.Lon, pl.Lat) {
			t.Errorf("%s (%s) lies inside Vlaams-Brabant", pc, pl.Name)
		}
	}
}

// inside is the even-odd rule for a point in rings (holes and separate
// parts included).
func inside(rings [][][2]float64, x, y float64) bool {
	in := false
	for _, ring := range rings {
		for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
			a, b := ring[i], ring[j]
			if (a[1] > y) != (b[1] > y) && x < (b[0]-a[0])*(y-a[1])/(b[1]-a[1])+a[0] {
				in = !in
			}
		}
	}
	return in
}
