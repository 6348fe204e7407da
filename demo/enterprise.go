package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"koppel"
)

// Company numbers: the first eight digits run over 04000000..09999999 in an
// order scrambled by an affine permutation (a is coprime with kboSpace), so
// they are unique without remembering them and do not look sequential.
const (
	kboBase  = 4_000_000
	kboSpace = 6_000_000
	kboMul   = 1_234_567
)

func kboFor(seed int64, i int) koppel.KBO {
	off := rng(seed, streamKBO, 0).Uint64N(kboSpace)
	n := kboBase + int((uint64(i)*kboMul+off)%kboSpace)
	return koppel.KBO(fmt.Sprintf("%08d%02d", n, koppel.KBOCheckDigits(n)))
}

// formMix is the share of each primary work form, per thousand, after the
// size of the real sector in Flanders: about 140 maatwerkbedrijven, 20
// maatwerkafdelingen and 180 LDE projects, a large number of arbeidszorg
// initiatives, some coöperaties and other social enterprises, and a few
// invoegbedrijven left (that form is being phased out).
var formMix = []struct {
	form   koppel.WorkForm
	weight int
}{
	{koppel.Maatwerkbedrijf, 300},
	{koppel.Maatwerkafdeling, 43},
	{koppel.LokaleDiensteneconomie, 390},
	{koppel.Arbeidszorg, 130},
	{koppel.Cooperatie, 45},
	{koppel.SocialeOnderneming, 70},
	{koppel.Invoegbedrijf, 22},
}

// pickForm returns the work form of enterprise i. The forms follow a
// golden-ratio sequence with a seeded start rather than independent draws,
// so that every prefix of the dataset (300 enterprises, or the first 50 of
// a million) has close to the shares of formMix.
func pickForm(seed int64, i int) koppel.WorkForm {
	const phi = 0.6180339887498949
	start := rng(seed, streamForm, 0).Float64()
	u := start + float64(i)*phi
	n := int((u - float64(int(u))) * 1000)
	for _, f := range formMix {
		if n < f.weight {
			return f.form
		}
		n -= f.weight
	}
	return koppel.Maatwerkbedrijf
}

// categoryWeight is how common each category is as an activity of an
// enterprise of a work form, in the order of koppel.Categories:
// maatwerkbedrijven do industrial cleaning, green maintenance and packaging;
// LDE projects local services such as bike points, ironing workshops and
// handyman services; arbeidszorg green work, kitchens, recycling and
// workshop tasks.
var categoryWeight = map[koppel.WorkForm][]int{
	//                              sch gro fts klu cat was kri log ene dru spo
	koppel.Maatwerkbedrijf:        {20, 20, 3, 8, 6, 5, 5, 18, 4, 8, 3},
	koppel.Maatwerkafdeling:       {25, 20, 2, 8, 5, 3, 2, 25, 3, 5, 2},
	koppel.LokaleDiensteneconomie: {12, 15, 14, 14, 10, 14, 10, 2, 5, 1, 3},
	koppel.Arbeidszorg:            {3, 22, 10, 8, 14, 5, 16, 12, 0, 5, 5},
	koppel.Cooperatie:             {10, 12, 6, 10, 12, 4, 10, 8, 16, 8, 4},
	koppel.SocialeOnderneming:     {12, 12, 6, 10, 14, 4, 10, 10, 12, 6, 4},
	koppel.Invoegbedrijf:          {20, 15, 4, 14, 6, 4, 6, 10, 15, 2, 4},
}

// anyWeight weights the categories evenly-ish for the occasional offering
// outside an enterprise's activities.
var anyWeight = []int{20, 18, 7, 10, 8, 7, 9, 9, 4, 4, 4}

func pickCategory(r *rand.Rand, weights []int) koppel.Category {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return koppel.Categories[i].Category
		}
		n -= w
	}
	return koppel.Categories[0].Category
}

// related lists, per category index, the categories an enterprise named
// after that activity plausibly also offers: a cleaning team also cleans
// sports halls, a bike point also sells refurbished bikes.
var related = [][]int{
	{5, 10},    // schoonmaak: was & strijk, sportzalen
	{3},        // groenonderhoud: klusjes
	{6},        // fietsen: kringloop
	{1, 8, 10}, // klusjes: groen, renovatie, sportinfrastructuur
	{},         // catering
	{0},        // was & strijk: schoonmaak
	{7, 2},     // kringloop: logistiek, fietsen
	{9, 6},     // logistiek: drukwerk, kringloop
	{3},        // energie & renovatie: klusjes
	{7},        // drukwerk: logistiek
	{3, 0},     // sport: klusjes, schoonmaak
}

// profile is what genOfferings needs to know of an enterprise beyond the
// domain value: its activities.
type profile struct {
	cats       []koppel.Category // main activity first
	specialist bool              // the name says one activity
}

func genEnterprise(r *rand.Rand, seed int64, i int) (*koppel.Enterprise, profile) {
	form := pickForm(seed, i)
	// The first enterprises take each category in turn as main activity, so
	// even a small dataset covers every category.
	var main koppel.Category
	if i < len(koppel.Categories) {
		main = koppel.Categories[i].Category
	} else {
		main = pickCategory(r, categoryWeight[form])
	}
	pl := pickPlace(r)
	id := enterpriseName(r, form, main, pl)
	p := profile{cats: []koppel.Category{main}, specialist: id.specialist}
	if id.specialist {
		// A name that says one activity: at most one related one besides.
		if rel := related[categoryIndex(main)]; len(rel) > 0 && chance(r, 0.35) {
			p.cats = append(p.cats, koppel.Categories[pick(r, rel)].Category)
		}
	} else {
		for n := between(r, 1, 3); n > 0; n-- {
			c := pickCategory(r, categoryWeight[form])
			dup := false
			for _, x := range p.cats {
				dup = dup || x == c
			}
			if !dup {
				p.cats = append(p.cats, c)
			}
		}
	}
	e := &koppel.Enterprise{
		KBO:  kboFor(seed, i),
		Name: id.name,
		Address: koppel.Address{
			Street: fmt.Sprintf("%s %d", pick(r, streets), between(r, 1, 250)),
		},
	}
	e.Address.Postcode, e.Address.City = address(rng(seed, streamPostcode, uint64(i)), pl)
	e.Recognitions = recognitions(r, form)
	e.FTETotal, e.FTETarget = fte(r, form)
	e.ServiceArea = serviceArea(r, form, id.public, pl)
	e.PublicServiceMission = publicServiceMission(r, form, id)
	e.TargetGroups, e.TransitionPaths = targetGroups(seed, i, form)
	slug := slugify(id.name)
	e.Contact = koppel.Contact{
		Email:   "info@" + slug + ".example",
		Phone:   phone(r, pl.Province),
		Website: "https://www." + slug + ".example",
	}
	e.Languages = languages(r, pl)
	if chance(r, 0.35) {
		e.Certifications = subset(r, certifications, between(r, 1, 2))
	}
	e.Description = enterpriseDescription(r, e, form, id, p.cats, pl)
	e.CreatedAt = ReferenceDate.AddDate(0, 0, -between(r, 30, 900)).Add(time.Duration(r.IntN(8*3600)) * time.Second)
	e.UpdatedAt = e.CreatedAt.AddDate(0, 0, r.IntN(30))
	return e, p
}

// publicServiceMission says whether an enterprise qualifies for lots
// reserved under art. 77 (res-pub-ser): local governments' services always
// do, some non-profit LDE and arbeidszorg organisations and maatwerkbedrijven
// have confirmed it, companies do not; for the rest it is unknown (nil).
func publicServiceMission(r *rand.Rand, form koppel.WorkForm, id identity) *bool {
	yes, no := true, false
	x := r.Float64()
	switch {
	case id.public:
		return &yes
	case form == koppel.LokaleDiensteneconomie && x < 0.3,
		form == koppel.Arbeidszorg && x < 0.25,
		form == koppel.Maatwerkbedrijf && x < 0.1:
		return &yes
	case form == koppel.Maatwerkbedrijf && x > 0.8,
		form == koppel.Maatwerkafdeling,
		(form == koppel.SocialeOnderneming || form == koppel.Invoegbedrijf || form == koppel.Cooperatie) && x < 0.6:
		return &no
	}
	return nil
}

var certifications = []string{"VCA", "ISO 9001", "ISO 14001", "ESF", "EU Ecolabel", "EMAS"}

func recognitions(r *rand.Rand, form koppel.WorkForm) []koppel.Recognition {
	out := []koppel.Recognition{recognition(r, form)}
	switch {
	case form == koppel.Maatwerkbedrijf && chance(r, 0.3),
		form == koppel.LokaleDiensteneconomie && chance(r, 0.15):
		out = append(out, recognition(r, koppel.Arbeidszorg))
	case form == koppel.SocialeOnderneming && chance(r, 0.2):
		out = append(out, recognition(r, koppel.LokaleDiensteneconomie))
	case form == koppel.Cooperatie && chance(r, 0.15):
		out = append(out, recognition(r, koppel.Maatwerkafdeling))
	}
	return out
}

// recognition returns a work form with a fictional recognition number and
// validity: most run to 2028–2031, some expire during 2027 (soon, for a
// demo shown in 2026), a few have expired already. Forms without a Flemish recognition get no number or
// dates.
func recognition(r *rand.Rand, form koppel.WorkForm) koppel.Recognition {
	info, _ := form.Info()
	rec := koppel.Recognition{Form: form}
	if !info.Recognised {
		return rec
	}
	from := koppel.NewDate(between(r, 2014, 2024), time.Month(between(r, 1, 12)), 1)
	rec.ValidFrom = from
	rec.Number = fmt.Sprintf("DEMO-%s-%d-%04d", info.Short, from.Time().Year(), r.IntN(10000))
	n := r.IntN(100)
	switch {
	case form == koppel.Invoegbedrijf && n < 70, n < 5: // expired
		rec.ValidTo = koppel.NewDate(between(r, 2024, 2025), time.Month(between(r, 1, 12)), 28)
	case n < 20: // expires during 2027
		rec.ValidTo = koppel.NewDate(2027, time.Month(between(r, 1, 12)), 28)
	case n < 90:
		rec.ValidTo = koppel.NewDate(between(r, 2028, 2031), time.Month(between(r, 1, 12)), 28)
	default: // no end date known
	}
	if !rec.ValidTo.IsZero() && rec.ValidTo.Before(rec.ValidFrom) {
		rec.ValidFrom = koppel.NewDate(rec.ValidTo.Time().Year()-5, 1, 1)
	}
	return rec
}

// fte returns total and target-group staff in FTE typical of the form; about
// one in ten enterprises has unknown figures (nil), so eligibility must say
// "te verifiëren".
func fte(r *rand.Rand, form koppel.WorkForm) (total, target *float64) {
	switch n := r.IntN(100); {
	case n < 7:
		return nil, nil
	case n < 10:
		t, _ := fteKnown(r, form)
		return ptr(t), nil
	}
	t, g := fteKnown(r, form)
	return ptr(t), ptr(g)
}

func fteKnown(r *rand.Rand, form koppel.WorkForm) (total, target float64) {
	var share float64
	switch form {
	case koppel.Maatwerkbedrijf:
		// Skewed: many around 50–150 FTE, a few large ones up to 600.
		total = 20 + 580*r.Float64()*r.Float64()*r.Float64()
		share = 0.65 + 0.27*r.Float64()
	case koppel.Maatwerkafdeling:
		total = 5 + 15*r.Float64()
		share = 0.75 + 0.25*r.Float64()
	case koppel.LokaleDiensteneconomie:
		total = 5 + 25*r.Float64()
		share = 0.7 + 0.25*r.Float64()
	case koppel.Arbeidszorg:
		total = 2 + 10*r.Float64()
		share = 0.4 + 0.5*r.Float64()
	case koppel.Invoegbedrijf:
		total = 5 + 35*r.Float64()
		share = 0.3 + 0.3*r.Float64()
	default: // coöperatie, sociale onderneming: often under 30%
		total = 3 + 60*r.Float64()*r.Float64()
		share = 0.05 + 0.4*r.Float64()
	}
	total = round1(total)
	target = round1(total * share)
	if (form == koppel.Maatwerkafdeling || form == koppel.LokaleDiensteneconomie) && target < 5 {
		target = min(5, total) // these forms need at least 5 FTE target group
	}
	return total, min(target, total)
}

// serviceArea returns where an enterprise works: a radius of 15 to 40 km
// around its base, or its own municipality with the nearest others (local
// governments' services and most LDE projects work locally), or whole
// provinces.
func serviceArea(r *rand.Rand, form koppel.WorkForm, public bool, home place) koppel.ServiceArea {
	n := r.IntN(100)
	local := public || form == koppel.LokaleDiensteneconomie && n < 50
	switch {
	case public:
		return koppel.ServiceArea{Municipalities: []string{home.City}}
	case local || n < 15:
		near := nearby(home, 25)
		k := min(len(near), between(r, 1, 5))
		m := []string{home.City}
		for _, q := range near[:k] {
			m = append(m, q.City)
		}
		return koppel.ServiceArea{Municipalities: m}
	case n < 25:
		a := koppel.ServiceArea{Provinces: []string{home.Province}}
		if chance(r, 0.4) {
			a.Provinces = append(a.Provinces, neighbourProvince[home.Province])
		}
		return a
	}
	return koppel.ServiceArea{RadiusKm: float64(5 * between(r, 3, 8))}
}

var neighbourProvince = map[string]string{
	"Antwerpen":       "Vlaams-Brabant",
	"Vlaams-Brabant":  "Antwerpen",
	"Limburg":         "Antwerpen",
	"Oost-Vlaanderen": "West-Vlaanderen",
	"West-Vlaanderen": "Oost-Vlaanderen",
}

// phone returns a Belgian number in the unassigned 000 block of the
// province's zone, e.g. +32 9 000 12 34 or +32 50 00 12 34.
func phone(r *rand.Rand, province string) string {
	z := phoneZone(province)
	if len(z) == 1 {
		return fmt.Sprintf("+32 %s 000 %02d %02d", z, r.IntN(100), r.IntN(100))
	}
	return fmt.Sprintf("+32 %s 00 %02d %02d", z, r.IntN(100), r.IntN(100))
}

// frenchBorder are places near the language border or Brussels where
// enterprises more often also work in French.
var frenchBorder = map[string]bool{"1500": true, "1600": true, "1700": true, "1780": true, "1930": true, "3080": true, "3090": true, "9600": true, "8930": true, "9500": true, "3400": true}

func languages(r *rand.Rand, p place) []string {
	fr := 0.07
	if frenchBorder[p.Postcode] {
		fr = 0.5
	}
	l := []string{"nl"}
	if chance(r, fr) {
		l = append(l, "fr")
	}
	if chance(r, 0.08) {
		l = append(l, "en")
	}
	return l
}

func slugify(s string) string {
	n := koppel.Normalize(s)
	var b strings.Builder
	dash := false
	for _, c := range n {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		} else {
			dash = true
		}
	}
	return b.String()
}

func enterpriseDescription(r *rand.Rand, e *koppel.Enterprise, form koppel.WorkForm, id identity, cats []koppel.Category, p place) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is %s uit %s", e.Name, formNoun[form], p.City)
	if len(e.Recognitions) > 1 {
		fmt.Fprintf(&b, " met ook een werking %s", strings.ToLower(e.Recognitions[1].Form.Label()))
	}
	b.WriteString(". ")
	if id.oldName != "" {
		fmt.Fprintf(&b, "Tot het maatwerkdecreet van 2019 heette het bedrijf %s. ", id.oldName)
	}
	if e.FTETotal != nil && e.FTETarget != nil {
		fmt.Fprintf(&b, "We werken met %s VTE, waarvan %s VTE doelgroepwerknemers. ", dutchNum(*e.FTETotal), dutchNum(*e.FTETarget))
	}
	labels := make([]string, len(cats))
	for i, c := range cats {
		labels[i] = strings.ToLower(c.Label())
	}
	region := "de regio " + p.City
	if len(e.ServiceArea.Provinces) > 0 {
		region = "de provincie " + strings.Join(e.ServiceArea.Provinces, " en ")
	}
	fmt.Fprintf(&b, "Ons aanbod: %s, voor %s in %s. ", strings.Join(labels, "; "), pick(r, clientele), region)
	b.WriteString(pick(r, missionLines))
	return b.String()
}

// formNoun names what an organisation of a work form is, in a sentence:
// "een LDE-project", not "een lokale diensteneconomie".
var formNoun = map[koppel.WorkForm]string{
	koppel.Maatwerkbedrijf:        "een maatwerkbedrijf",
	koppel.Maatwerkafdeling:       "een maatwerkafdeling",
	koppel.LokaleDiensteneconomie: "een project van de lokale diensteneconomie (LDE)",
	koppel.Arbeidszorg:            "een arbeidszorginitiatief",
	koppel.Invoegbedrijf:          "een invoegbedrijf",
	koppel.Cooperatie:             "een coöperatie",
	koppel.SocialeOnderneming:     "een sociale onderneming",
}

var clientele = []string{
	"scholen, gemeenten en bedrijven",
	"scholen en lokale besturen",
	"gemeenten, OCMW's en woonzorgcentra",
	"scholen, woonzorgcentra en kinderopvang",
	"scholengroepen, academies en sportcentra",
	"bedrijven, scholen en verenigingen",
}

var missionLines = []string{
	"Iedereen verdient een plaats op de werkvloer: onze ploegen werken onder begeleiding van ervaren werkleiders.",
	"We bieden duurzame jobs aan mensen met een afstand tot de arbeidsmarkt.",
	"Kwaliteit en begeleiding op maat gaan bij ons hand in hand.",
	"Onze medewerkers groeien via opleiding op de werkvloer naar meer zelfstandigheid.",
	"Lokaal verankerd, sociaal ondernemend en betrouwbaar in de uitvoering.",
}

// dutchNum writes a number with one decimal and a decimal comma: 39,5.
func dutchNum(f float64) string { return strings.Replace(fmt.Sprintf("%.1f", f), ".", ",", 1) }
