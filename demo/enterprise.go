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

// formMix is the share of each primary work form; maatwerkbedrijven are the
// largest group, invoegbedrijven are being phased out.
var formMix = []struct {
	form   koppel.WorkForm
	weight int
}{
	{koppel.Maatwerkbedrijf, 38},
	{koppel.LokaleDiensteneconomie, 20},
	{koppel.Arbeidszorg, 11},
	{koppel.Maatwerkafdeling, 9},
	{koppel.Cooperatie, 8},
	{koppel.SocialeOnderneming, 10},
	{koppel.Invoegbedrijf, 4},
}

func pickForm(r *rand.Rand) koppel.WorkForm {
	n := r.IntN(100)
	for _, f := range formMix {
		if n < f.weight {
			return f.form
		}
		n -= f.weight
	}
	return koppel.Maatwerkbedrijf
}

// categoryWeight is how common each category is as an enterprise's main
// activity, in the order of koppel.Categories.
var categoryWeight = []int{20, 18, 7, 10, 8, 7, 9, 9, 4, 4, 4}

func pickCategory(r *rand.Rand) koppel.Category {
	total := 0
	for _, w := range categoryWeight {
		total += w
	}
	n := r.IntN(total)
	for i, w := range categoryWeight {
		if n < w {
			return koppel.Categories[i].Category
		}
		n -= w
	}
	return koppel.Categories[0].Category
}

// profile is what genOfferings needs to know of an enterprise beyond the
// domain value: its activities.
type profile struct {
	cats []koppel.Category // main activity first
}

func genEnterprise(r *rand.Rand, seed int64, i int) (*koppel.Enterprise, profile) {
	form := pickForm(r)
	// The first enterprises take each category in turn as main activity, so
	// even a small dataset covers every category.
	var main koppel.Category
	if i < len(koppel.Categories) {
		main = koppel.Categories[i].Category
	} else {
		main = pickCategory(r)
	}
	p := profile{cats: []koppel.Category{main}}
	for n := between(r, 0, 3); n > 0; n-- {
		c := pickCategory(r)
		dup := false
		for _, x := range p.cats {
			dup = dup || x == c
		}
		if !dup {
			p.cats = append(p.cats, c)
		}
	}
	pl := pick(r, places)
	name := enterpriseName(r, form, main)
	e := &koppel.Enterprise{
		KBO:  kboFor(seed, i),
		Name: name,
		Address: koppel.Address{
			Street:   fmt.Sprintf("%s %d", pick(r, streets), between(r, 1, 250)),
			Postcode: pl.Postcode,
			City:     pl.City,
		},
	}
	e.Recognitions = recognitions(r, form)
	e.FTETotal, e.FTETarget = fte(r, form)
	e.ServiceArea = serviceArea(r, pl)
	slug := slugify(name)
	e.Contact = koppel.Contact{
		Email:   "info@" + slug + ".example",
		Phone:   phone(r, pl.Province),
		Website: "https://www." + slug + ".example",
	}
	e.Languages = languages(r, pl)
	if chance(r, 0.35) {
		e.Certifications = subset(r, certifications, between(r, 1, 2))
	}
	e.Description = enterpriseDescription(r, e, form, p.cats, pl)
	e.CreatedAt = ReferenceDate.AddDate(0, 0, -between(r, 30, 900)).Add(time.Duration(r.IntN(8*3600)) * time.Second)
	e.UpdatedAt = e.CreatedAt.AddDate(0, 0, r.IntN(30))
	return e, p
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
// validity: most run to 2028–2031, some expire during 2027, some have
// expired already. Forms without a Flemish recognition get no number or
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
	case form == koppel.Invoegbedrijf && n < 70, n < 12: // expired
		rec.ValidTo = koppel.NewDate(between(r, 2024, 2025), time.Month(between(r, 1, 12)), 28)
	case n < 30: // expires during 2027
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

func serviceArea(r *rand.Rand, home place) koppel.ServiceArea {
	a := koppel.ServiceArea{RadiusKm: float64(5 * between(r, 2, 10))}
	switch n := r.IntN(100); {
	case n < 20:
		var same []string
		for _, p := range places {
			if p.Province == home.Province && p.City != home.City {
				same = append(same, p.City)
			}
		}
		a.Municipalities = append([]string{home.City}, subset(r, same, between(r, 2, 5))...)
	case n < 30:
		a.Provinces = []string{home.Province}
		if chance(r, 0.4) {
			a.Provinces = append(a.Provinces, neighbourProvince[home.Province])
		}
	}
	return a
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

func enterpriseDescription(r *rand.Rand, e *koppel.Enterprise, form koppel.WorkForm, cats []koppel.Category, p place) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is een %s uit %s", e.Name, strings.ToLower(form.Label()), p.City)
	if len(e.Recognitions) > 1 {
		fmt.Fprintf(&b, " met ook een werking %s", strings.ToLower(e.Recognitions[1].Form.Label()))
	}
	b.WriteString(". ")
	if e.FTETotal != nil && e.FTETarget != nil {
		fmt.Fprintf(&b, "We werken met %s VTE, waarvan %s VTE doelgroepwerknemers. ", dutchNum(*e.FTETotal), dutchNum(*e.FTETarget))
	}
	labels := make([]string, len(cats))
	for i, c := range cats {
		labels[i] = strings.ToLower(c.Label())
	}
	fmt.Fprintf(&b, "Ons aanbod: %s, voor %s in de regio %s. ", strings.Join(labels, "; "), pick(r, clientele), p.Province)
	b.WriteString(pick(r, missionLines))
	return b.String()
}

var clientele = []string{
	"scholen, gemeenten en bedrijven",
	"scholen en lokale besturen",
	"gemeenten, OCMW's en woonzorgcentra",
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
