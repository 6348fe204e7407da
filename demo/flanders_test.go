package demo

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"koppel"
	"koppel/refdata"
)

// cpvFits says, per category, what the Dutch CPV label of a fitting code
// talks about, and cpvNever what no code of the category may be about (the
// labels are the official ones from refdata, not the demo's own tables).
var (
	cpvFits = map[koppel.Category]*regexp.Regexp{
		"schoonmaak":                 regexp.MustCompile(`(?i)reinig|schoonma|wassen van ramen|desinfect`),
		"groenonderhoud":             regexp.MustCompile(`(?i)groen|park|terrein|bomen|heggen|tuin|onkruid|sportvelden`),
		"fietsen":                    regexp.MustCompile(`(?i)fiets|voertuig|parkeerruimte`),
		"klusjes":                    regexp.MustCompile(`(?i)reparatie|onderhoud|schilder|verhuiz`),
		"catering":                   regexp.MustCompile(`(?i)catering|maaltijd|kantine`),
		"was-strijk":                 regexp.MustCompile(`(?i)was|pers|textiel|kleermaker`),
		"kringloop":                  regexp.MustCompile(`(?i)afval|recycl|meubilair|computer|reparatie|verhuiz`),
		"logistiek":                  regexp.MustCompile(`(?i)verpak|verzend|opslag|magazijn|koerier|post|kantoorbode`),
		"energie-renovatie":          regexp.MustCompile(`(?i)isolatie|energie|opknap|schilder|verlichting|zonne`),
		"drukwerk-digitalisering":    regexp.MustCompile(`(?i)druk|scan|document|archiv`),
		"sport-schoolinfrastructuur": regexp.MustCompile(`(?i)sport|speelplaats|huismeester`),
	}
	cpvNever = regexp.MustCompile(`(?i)beteugelen|parkeerovertreding|vervoersdiensten|abonnement`)
)

// titleCPV are words of an offering's title that call for a particular
// kind of code: a bike repair is a repair of vehicles, a bike park a
// parking service, window cleaning the washing of windows.
var titleCPV = []struct {
	title, label *regexp.Regexp
}{
	{regexp.MustCompile(`(?i)fietsherstel|fietsonderhoud|fietspunt: herstelling|réparation et entretien de vélos|bicycle repair`), regexp.MustCompile(`(?i)voertuig`)},
	{regexp.MustCompile(`(?i)fietsenstalling|fietsenparking|parking vélos|bicycle parking`), regexp.MustCompile(`(?i)parkeerruimte`)},
	{regexp.MustCompile(`(?i)ramen wassen|glasreiniging|vitres|window`), regexp.MustCompile(`(?i)wassen van ramen`)},
	{regexp.MustCompile(`(?i)strijk|repassage|ironing`), regexp.MustCompile(`(?i)pers|was`)},
	{regexp.MustCompile(`(?i)schoolmaaltijd|repas scolaires|school meals`), regexp.MustCompile(`(?i)school`)},
}

// checkCPV reports what is wrong with the codes of something titled title
// in category cat; "" when they fit.
func checkCPV(t *testing.T, ref *refdata.Data, cat koppel.Category, title string, codes []koppel.CPV) string {
	t.Helper()
	fit, ok := cpvFits[cat]
	if !ok {
		return "no rule for category " + string(cat)
	}
	var labels []string
	for _, c := range codes {
		e, ok := ref.CPV(c)
		if !ok {
			return "CPV " + string(c) + " is not in the vocabulary"
		}
		if !fit.MatchString(e.NL) || cpvNever.MatchString(e.NL) {
			return "CPV " + string(c) + " " + e.NL + " does not fit " + string(cat)
		}
		labels = append(labels, e.NL)
	}
	for _, tc := range titleCPV {
		if tc.title.MatchString(title) && !slices.ContainsFunc(labels, tc.label.MatchString) {
			return "no CPV label matching " + tc.label.String() + " among " + strings.Join(labels, "; ")
		}
	}
	return ""
}

func TestOfferingCPVFitsService(t *testing.T) {
	ref := refdata.Load()
	d := Generate(DefaultOptions())
	bikes := 0
	for _, o := range d.Offerings {
		if len(o.CPV) == 0 {
			t.Errorf("offering %s %q has no CPV code", o.Key(), o.Title)
		}
		if msg := checkCPV(t, ref, o.Category, o.Title, o.CPV); msg != "" {
			t.Errorf("offering %s %q: %s", o.Key(), o.Title, msg)
		}
		if o.Category == "fietsen" {
			bikes++
		}
	}
	if bikes == 0 {
		t.Fatal("no bike offerings to check")
	}
	// Every service template, not only those the default seed happened to
	// draw: a wrong code in a rare template must fail too.
	for ci, g := range catGens {
		cat := koppel.Categories[ci].Category
		for _, s := range g.services {
			for _, title := range slices.Concat(s.titles, s.fr, s.en) {
				if msg := checkCPV(t, ref, cat, title, s.cpv); msg != "" {
					t.Errorf("service %q of %s: %s", title, cat, msg)
				}
			}
		}
	}
	for _, tn := range d.Tenders {
		for _, l := range tn.Lots {
			if len(l.Clauses) > 0 && l.Clauses[0].Kind == koppel.ClauseReservedPubSer {
				continue // social-service codes (art. 77), checked in TestDefaultDataset
			}
			if msg := checkCPV(t, ref, lotCategory(l), l.Title, l.CPV); msg != "" {
				t.Errorf("tender %s lot %s %q: %s", tn.ID, l.ID, l.Title, msg)
			}
		}
	}
}

// lotCategory finds the category of a demo lot from its title.
func lotCategory(l koppel.Lot) koppel.Category {
	for c, ts := range lotTitles {
		for _, lt := range ts {
			if lt.title == l.Title {
				return c
			}
		}
	}
	for c, s := range socialLots {
		if s.title == l.Title {
			return c
		}
	}
	for _, sc := range scenarios {
		for _, lp := range sc.lots {
			if lp.title != nil && lp.title.title == l.Title {
				return lp.cat
			}
		}
	}
	return ""
}

func TestNoDuplicateTitles(t *testing.T) {
	for _, o := range []Options{DefaultOptions(), {Seed: 5, Enterprises: 40, OfferingsPerEnterprise: 60}} {
		err := Stream(o, func(e *koppel.Enterprise, offs []*koppel.Offering) error {
			seen := map[string]string{}
			for _, of := range offs {
				if id, dup := seen[of.Title]; dup {
					t.Errorf("enterprise %s %q: title %q on %s and %s", e.KBO, e.Name, of.Title, id, of.ID)
				}
				seen[of.Title] = of.ID
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestPlacedByPopulation(t *testing.T) {
	o := Options{Seed: DefaultSeed, Enterprises: 3000, OfferingsPerEnterprise: 1}
	count := map[string]int{}
	if err := Stream(o, func(e *koppel.Enterprise, _ []*koppel.Offering) error {
		count[municipalityOf(t, e)]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, p := range places {
		total += p.Pop
	}
	// Each place's share is its population's share, within what chance
	// allows (four standard deviations of the binomial count).
	for _, p := range places {
		want := float64(o.Enterprises) * float64(p.Pop) / float64(total)
		sd := math.Sqrt(want * (1 - float64(p.Pop)/float64(total)))
		if got := float64(count[p.City]); math.Abs(got-want) > 4*sd+1 {
			t.Errorf("%s: %g enterprises, want about %.0f (population %d000)", p.City, got, want, p.Pop)
		}
	}
	// The central cities hold more enterprises than the small towns.
	d := Generate(DefaultOptions())
	inCity := map[string]int{}
	districts := 0
	for _, e := range d.Enterprises {
		inCity[municipalityOf(t, e)]++
		if e.Address.City != municipalityOf(t, e) {
			districts++
		}
	}
	if districts == 0 {
		t.Error("no enterprise in a district of a city (2100 Deurne, 9050 Gentbrugge …)")
	}
	for _, c := range []string{"Antwerpen", "Gent", "Brugge", "Leuven"} {
		if inCity[c] < inCity["Veurne"]+2 {
			t.Errorf("%s has %d enterprises, Veurne %d", c, inCity[c], inCity["Veurne"])
		}
	}
}

func TestWorkFormMix(t *testing.T) {
	for _, n := range []int{300, 1000} {
		o := Options{Seed: DefaultSeed, Enterprises: n, OfferingsPerEnterprise: 1}
		forms := map[koppel.WorkForm]int{}
		if err := Stream(o, func(e *koppel.Enterprise, _ []*koppel.Offering) error {
			forms[e.Recognitions[0].Form]++
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for _, f := range formMix {
			want := float64(n*f.weight) / 1000
			if got := float64(forms[f.form]); math.Abs(got-want) > 0.01*float64(n)+1 {
				t.Errorf("%d enterprises: %d %s, want %.0f", n, forms[f.form], f.form, want)
			}
		}
		// The sector's order: LDE projects, maatwerkbedrijven, arbeidszorg,
		// then maatwerkafdelingen (about 20 of 140 maatwerkbedrijven).
		if !(forms[koppel.LokaleDiensteneconomie] > forms[koppel.Maatwerkbedrijf] && forms[koppel.Maatwerkbedrijf] > forms[koppel.Arbeidszorg] &&
			forms[koppel.Arbeidszorg] > forms[koppel.Maatwerkafdeling] && forms[koppel.Maatwerkafdeling]*5 < forms[koppel.Maatwerkbedrijf]) {
			t.Errorf("%d enterprises: work forms %v out of the sector's proportions", n, forms)
		}
	}
}

// activityOf returns the category whose activity word the name carries.
func activityOf(name string) (koppel.Category, bool) {
	for ci, words := range activityWords {
		for _, w := range words {
			if strings.Contains(name, w) {
				return koppel.Categories[ci].Category, true
			}
		}
	}
	return "", false
}

func TestNamesFitWorkFormAndActivity(t *testing.T) {
	d := Generate(DefaultOptions())
	offsOf := map[koppel.KBO][]*koppel.Offering{}
	for _, o := range d.Offerings {
		offsOf[o.Enterprise] = append(offsOf[o.Enterprise], o)
	}
	fictional := regexp.MustCompile(strings.Join(inventedHead, "|") + "|Fictie|Voorbeeld")
	named := 0
	for _, e := range d.Enterprises {
		form := e.Recognitions[0].Form
		if !fictional.MatchString(e.Name) {
			t.Errorf("%q is not marked as fictional", e.Name)
		}
		low := strings.ToLower(e.Name)
		for word, f := range map[string]koppel.WorkForm{"werkplaats": koppel.Maatwerkbedrijf, "maatwerkbedrijf": koppel.Maatwerkbedrijf,
			"maatwerkafdeling": koppel.Maatwerkafdeling, "lde ": koppel.LokaleDiensteneconomie, "arbeidszorg": koppel.Arbeidszorg, "coöperatie": koppel.Cooperatie} {
			if strings.Contains(low, word) && form != f {
				t.Errorf("%q is a %s", e.Name, form)
			}
		}
		if strings.Contains(strings.ToLower(e.Description), "sociale werkplaats") && form != koppel.Maatwerkbedrijf {
			t.Errorf("%q (%s) mentions a sociale werkplaats", e.Name, form)
		}
		cat, ok := activityOf(e.Name)
		if !ok {
			continue
		}
		named++
		ci := categoryIndex(cat)
		for _, o := range offsOf[e.KBO] {
			if o.Category != cat && !slices.Contains(related[ci], categoryIndex(o.Category)) {
				t.Errorf("%q offers %q (%s)", e.Name, o.Title, o.Category)
			}
		}
		if first := offsOf[e.KBO][0]; first.Category != cat {
			t.Errorf("%q: first offering %q is %s", e.Name, first.Title, first.Category)
		}
	}
	if named < len(d.Enterprises)/3 {
		t.Errorf("only %d of %d names say an activity", named, len(d.Enterprises))
	}
}

func TestRealisticFacts(t *testing.T) {
	d := Generate(DefaultOptions())
	today := koppel.DateOf(ReferenceDate)
	var psmYes, psmPublic, current, expired, soon, recs int
	for _, e := range d.Enterprises {
		form := e.Recognitions[0].Form
		if e.PublicServiceMission != nil && *e.PublicServiceMission {
			psmYes++
			if form == koppel.SocialeOnderneming || form == koppel.Invoegbedrijf {
				t.Errorf("%q (%s) has a public-service mission", e.Name, form)
			}
			if strings.Contains(e.Name, "OCMW") || strings.Contains(e.Name, "Lokaal bestuur") {
				psmPublic++
			}
		}
		if (strings.Contains(e.Name, "OCMW") || strings.Contains(e.Name, "Lokaal bestuur")) && (e.PublicServiceMission == nil || !*e.PublicServiceMission) {
			t.Errorf("%q: public body without public-service mission", e.Name)
		}
		a := e.ServiceArea
		if a.IsZero() {
			t.Errorf("%q has no service area", e.Name)
		}
		if a.RadiusKm != 0 && (a.RadiusKm < 15 || a.RadiusKm > 40) {
			t.Errorf("%q: radius %g km", e.Name, a.RadiusKm)
		}
		if len(a.Municipalities) > 0 && a.Municipalities[0] != municipalityOf(t, e) {
			t.Errorf("%q in %s: municipalities %v", e.Name, e.Address.City, a.Municipalities)
		}
		for _, r := range e.Recognitions {
			info, _ := r.Form.Info()
			if !info.Recognised {
				continue
			}
			recs++
			switch {
			case !r.ValidOn(today):
				expired++
			case r.ValidTo.IsZero() || r.ValidTo.Time().Year() > 2027:
				current++
			default:
				soon++
			}
		}
	}
	if psmYes == 0 || psmPublic == 0 || psmYes == len(d.Enterprises) {
		t.Errorf("%d enterprises with a public-service mission, %d of them public bodies", psmYes, psmPublic)
	}
	if current < recs*7/10 || soon == 0 || expired == 0 || expired > recs/10 {
		t.Errorf("recognitions: %d current, %d expiring by 2027, %d expired of %d; want mostly current, some expiring, a few expired", current, soon, expired, recs)
	}
}

// municipalityOf is the municipality of an enterprise's postcode, from the
// reference data.
func municipalityOf(t *testing.T, e *koppel.Enterprise) string {
	t.Helper()
	p, ok := refdata.Load().Postcode(e.Address.Postcode)
	if !ok {
		t.Fatalf("%q: postcode %s unknown", e.Name, e.Address.Postcode)
	}
	return p.Municipality
}
