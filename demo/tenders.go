package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"koppel"
)

type buyerKind int

const (
	basisschool buyerKind = iota
	secundaire
	scholengroep
	gemeente
	ocmw
	intercommunale
)

// lotPlan is one lot of a tender scenario: its category, whether it is the
// social-service variant (reserved for public-service-mission organisations,
// with a CPV code from the eForms social-service list) and its clauses.
type lotPlan struct {
	cat     koppel.Category
	social  bool
	clauses []koppel.Clause
	title   *lotTitle // the lot's wording when the buyer needs a particular one
	// groups are the target groups the buyer wishes (koppel.Lot.TargetGroups).
	groups []koppel.TargetGroup
}

type scenario struct {
	buyer buyerKind
	title string
	lots  []lotPlan
}

// Clause texts as a buyer would write them in the specifications.
var (
	resWS = koppel.Clause{Kind: koppel.ClauseReservedWS,
		Text: "Deelname aan dit perceel is voorbehouden aan maatwerkbedrijven en aan ondernemers die de sociale en professionele integratie van personen met een handicap of kansengroepen beogen, met minstens 30 % werknemers uit die groepen (art. 15 wet van 17 juni 2016)."}
	resPubSer = koppel.Clause{Kind: koppel.ClauseReservedPubSer,
		Text: "Dit perceel is voorbehouden aan organisaties met een openbaredienstverleningstaak die hun winst herinvesteren, voor maximaal drie jaar (art. 77 richtlijn 2014/24/EU)."}
	resExec = koppel.Clause{Kind: koppel.ClauseReservedExecution,
		Text: "De uitvoering van dit perceel is voorbehouden aan programma's voor beschutte arbeid."}
	execCond = koppel.Clause{Kind: koppel.ClauseExecutionCondition, SocialObjectives: []string{"opp"},
		Text: "De opdrachtnemer zet voor de uitvoering minstens 20% van het arbeidsvolume in met werknemers uit kansengroepen, via eigen aanwerving of via een onderneming uit de sociale economie."}
	subcontr = koppel.Clause{Kind: koppel.ClauseSubcontracting, SocialObjectives: []string{"opp"},
		Text: "De opdrachtnemer besteedt minstens 10% van de opdrachtwaarde uit aan een maatwerkbedrijf of een andere onderneming uit de sociale economie."}
	internship = koppel.Clause{Kind: koppel.ClauseInternship, SocialObjectives: []string{"opp"},
		Text: "De opdrachtnemer biedt tijdens de looptijd twee stageplaatsen van drie maanden aan doelgroepwerknemers in de laatste fase van hun doorstroomtraject, onder toegelaten terbeschikkingstelling en met een doorstroombegeleider."}
)

func award(weight float64) koppel.Clause {
	return koppel.Clause{Kind: koppel.ClauseAwardCriterion, SocialObjectives: []string{"opp"}, Weight: weight,
		Text: fmt.Sprintf("Gunningscriterium sociale meerwaarde (%g%%): het aantal uren dat door doelgroepwerknemers wordt gepresteerd en de begeleiding die ze krijgen.", weight)}
}

// scenarios rotate over the tenders. Over ten tenders they cover every
// category and every clause kind at least twice.
var scenarios = []scenario{
	{basisschool, "Schoonmaak en groenonderhoud van de school", []lotPlan{
		{cat: "schoonmaak", clauses: []koppel.Clause{resWS, internship}},
		{cat: "groenonderhoud", clauses: []koppel.Clause{resWS}}}},
	{ocmw, "Maaltijden en linnendienst voor het OCMW", []lotPlan{
		{cat: "catering", social: true, clauses: []koppel.Clause{resPubSer}},
		{cat: "was-strijk", clauses: []koppel.Clause{resExec}}}},
	{gemeente, "Onderhoud van het openbaar groen en klusjesdienst", []lotPlan{
		{cat: "groenonderhoud", clauses: []koppel.Clause{execCond}, groups: []koppel.TargetGroup{koppel.TargetLongTerm}},
		{cat: "klusjes", clauses: []koppel.Clause{subcontr}}}},
	{scholengroep, "Raamovereenkomst schoonmaak van de scholen", []lotPlan{
		{cat: "schoonmaak", clauses: []koppel.Clause{award(15), execCond}, groups: []koppel.TargetGroup{koppel.TargetDisability}}}},
	{gemeente, "Fietspunt en openstellen van de sporthal", []lotPlan{
		{cat: "fietsen", clauses: []koppel.Clause{resWS, internship}},
		{cat: "sport-schoolinfrastructuur", social: true, clauses: []koppel.Clause{resPubSer}}}},
	{secundaire, "Schoolmaaltijden en digitalisering van het archief", []lotPlan{
		{cat: "catering", clauses: []koppel.Clause{award(10)}, title: &lotTitle{"Levering van warme schoolmaaltijden", []koppel.CPV{"55523100", "55524000"}}},
		{cat: "drukwerk-digitalisering", clauses: []koppel.Clause{resExec}}}},
	{intercommunale, "Kringloop en logistiek van de containerparken", []lotPlan{
		{cat: "kringloop", clauses: []koppel.Clause{resWS}},
		{cat: "logistiek", clauses: []koppel.Clause{subcontr}}}},
	{gemeente, "Energierenovatie van gemeentelijke gebouwen", []lotPlan{
		{cat: "energie-renovatie", clauses: []koppel.Clause{execCond, subcontr}}}},
	{secundaire, "Onderhoud van de sportinfrastructuur en klusjes", []lotPlan{
		{cat: "sport-schoolinfrastructuur", clauses: []koppel.Clause{award(20)}},
		{cat: "klusjes", clauses: []koppel.Clause{resWS}}}},
	{ocmw, "Facilitaire diensten voor het woonzorgcentrum", []lotPlan{
		{cat: "was-strijk", clauses: []koppel.Clause{resWS}},
		{cat: "schoonmaak", clauses: []koppel.Clause{resExec}, title: &lotTitle{"Schoonmaak van de kamers en gemeenschappelijke ruimten", []koppel.CPV{"90911200", "90911100"}}},
		{cat: "catering", social: true, clauses: []koppel.Clause{resPubSer}}}},
}

// lotTitle is a lot as a buyer words it, with the CPV codes it would carry.
type lotTitle struct {
	title string
	cpv   []koppel.CPV
}

// lotTitles per category.
var lotTitles = map[koppel.Category][]lotTitle{
	"schoonmaak": {
		{"Dagelijkse schoonmaak van klaslokalen en sanitair", []koppel.CPV{"90919300", "90911200"}},
		{"Schoonmaak van kantoren en vergaderzalen", []koppel.CPV{"90919200", "90911200"}},
		{"Schoonmaak van de turnzaal en kleedkamers", []koppel.CPV{"90911200"}},
		{"Glasreiniging en periodieke schoonmaak", []koppel.CPV{"90911300", "90911200"}}},
	"groenonderhoud": {
		{"Groenonderhoud van speelplaatsen en schooltuinen", []koppel.CPV{"77311000", "77314000"}},
		{"Maaien, snoeien en haagscheren", []koppel.CPV{"77340000", "77314000"}},
		{"Onderhoud van parken en begraafplaatsen", []koppel.CPV{"77313000", "77310000"}},
		{"Pesticidenvrij onkruidbeheer van verhardingen", []koppel.CPV{"77312000"}}},
	"fietsen": {
		{"Uitbating van een fietspunt aan het station", []koppel.CPV{"50100000", "98351000"}},
		{"Bewaakte fietsenstalling", []koppel.CPV{"98351000", "98351100"}},
		{"Onderhoud van de dienstfietsen", []koppel.CPV{"50100000"}}},
	"klusjes": {
		{"Klusjesdienst voor de schoolgebouwen", []koppel.CPV{"50800000", "50700000"}},
		{"Kleine herstellingen en schilderwerken", []koppel.CPV{"50800000", "45442100"}},
		{"Technisch onderhoud van gemeentelijke gebouwen", []koppel.CPV{"50700000", "50710000"}}},
	"catering": {
		{"Levering van warme schoolmaaltijden", []koppel.CPV{"55523100", "55524000"}},
		{"Soep en broodjes voor de leerlingen", []koppel.CPV{"55524000", "55520000"}},
		{"Catering voor vergaderingen en recepties", []koppel.CPV{"55520000"}}},
	"was-strijk": {
		{"Was en strijk van werkkledij", []koppel.CPV{"98310000", "98315000"}},
		{"Linnendienst voor het woonzorgcentrum", []koppel.CPV{"98311100", "98311000"}}},
	"kringloop": {
		{"Ophaling en hergebruik van afgeschreven meubilair", []koppel.CPV{"90514000", "90510000"}},
		{"Kringloopwerking op de containerparken", []koppel.CPV{"90514000"}}},
	"logistiek": {
		{"Verpakking en verzending van mailings", []koppel.CPV{"79921000", "79571000"}},
		{"Interne postdienst en koerier", []koppel.CPV{"64122000", "64120000"}}},
	"energie-renovatie": {
		{"Dakisolatie van schoolgebouwen", []koppel.CPV{"45261410", "45321000"}},
		{"Energiezuinige verlichting en kleine ingrepen", []koppel.CPV{"45316000", "71314300"}}},
	"drukwerk-digitalisering": {
		{"Digitalisering van het leerlingenarchief", []koppel.CPV{"79999100", "72512000"}},
		{"Scannen van bouwdossiers", []koppel.CPV{"79999100"}}},
	"sport-schoolinfrastructuur": {
		{"Openstellen en onderhoud van sportzalen", []koppel.CPV{"92610000", "98341140"}},
		{"Nazicht en onderhoud van turntoestellen", []koppel.CPV{"50870000"}}},
}

// Social-service variants for res-pub-ser lots: the first CPV code is on the
// eForms social-service-cpv list (art. 77 of the directive).
var socialLots = map[koppel.Category]struct {
	title string
	cpv   []koppel.CPV
}{
	"catering":                   {"Maaltijden aan huis en sociaal restaurant voor senioren", []koppel.CPV{"85320000", "55520000"}},
	"sport-schoolinfrastructuur": {"Buurtsport: openstellen en begeleiden van de sporthal voor kwetsbare jongeren", []koppel.CPV{"92600000", "92610000"}},
}

var schoolNames = []string{"De Fictieve Linde", "Sint-Voorbeeld", "De Verzonnen Eik", "Het Denkbeeldig Klaverblad", "De Regenboog van Nergenshuizen", "Sint-Fabel", "De Kladblokvlinder", "Het Proefbos"}

func buyerFor(r *rand.Rand, k buyerKind, p place) koppel.Buyer {
	b := koppel.Buyer{Postcode: p.Postcode, City: p.City}
	switch k {
	case basisschool:
		b.Name = pick(r, []string{"Basisschool ", "Vrije Basisschool ", "Gemeentelijke Basisschool "}) + pick(r, schoolNames) + " (demo)"
		b.LegalType = "body-pl"
	case secundaire:
		b.Name = pick(r, []string{"GO! Atheneum ", "Sint-Voorbeeldcollege ", "Secundaire school "}) + inventedName(r) + " (demo)"
		b.LegalType = "body-pl-ra"
	case scholengroep:
		b.Name = "Scholengroep Voorbeeld " + p.City + " (demo)"
		b.LegalType = "body-pl"
	case gemeente:
		b.Name = "Lokaal bestuur Voorbeeld " + p.City + " (demo)"
		b.LegalType = "la"
	case ocmw:
		b.Name = "OCMW Voorbeeld " + p.City + " (demo)"
		b.LegalType = "body-pl-la"
	case intercommunale:
		b.Name = "Intercommunale Voorbeeldwerk " + p.Province + " (demo)"
		b.LegalType = "body-pl-la"
	}
	return b
}

// GenerateTenders returns o.Tenders fictional tenders with IDs demo-2027-001,
// demo-2027-002, …: mostly published, every tenth from the ninth on a draft
// (Owner set to the buyer's name), the sixth closed. They depend only on the
// seed and their position, not on the enterprises.
func GenerateTenders(o Options) []*koppel.Tender {
	if o.Tenders <= 0 {
		return nil
	}
	out := make([]*koppel.Tender, o.Tenders)
	for i := range out {
		out[i] = genTender(rng(o.Seed, streamTender, uint64(i)), i)
	}
	return out
}

func genTender(r *rand.Rand, i int) *koppel.Tender {
	sc := scenarios[i%len(scenarios)]
	p := pickPlace(r)
	b := buyerFor(r, sc.buyer, p)
	deadline := koppel.NewDate(2027, time.Month(between(r, 1, 6)), between(r, 1, 28))
	t := &koppel.Tender{
		ID:     fmt.Sprintf("demo-2027-%03d", i+1),
		Buyer:  b,
		Title:  sc.title + " – " + p.City,
		Status: koppel.TenderPublished,
		Source: koppel.TenderSource{Kind: "form"},
	}
	switch {
	case i == 5:
		t.Status = koppel.TenderClosed
		deadline = koppel.NewDate(2026, time.December, between(r, 1, 20))
	case i%10 == 8:
		t.Status = koppel.TenderDraft
		t.Owner = b.Name
	}
	t.Deadline = deadline
	t.Description = fmt.Sprintf("%s zoekt voor %s een uitvoerder voor %d %s. Fictieve demo-opdracht: de aanbestedende overheid bestaat niet.",
		b.Name, p.City, len(sc.lots), map[bool]string{true: "perceel", false: "percelen"}[len(sc.lots) == 1])
	for k, lp := range sc.lots {
		t.Lots = append(t.Lots, genLot(r, k, lp, p, deadline, sc.buyer == scholengroep || sc.buyer == intercommunale))
	}
	t.CreatedAt = ReferenceDate.AddDate(0, 0, between(r, 0, 300))
	if dl := deadline.Time().AddDate(0, 0, -30); t.CreatedAt.After(dl) {
		t.CreatedAt = dl
	}
	t.UpdatedAt = t.CreatedAt.AddDate(0, 0, r.IntN(10))
	return t
}

func genLot(r *rand.Rand, k int, lp lotPlan, home place, deadline koppel.Date, regional bool) koppel.Lot {
	info, _ := lp.cat.Info()
	l := koppel.Lot{ID: fmt.Sprintf("LOT-%d", k+1)}
	if s, ok := socialLots[lp.cat]; ok && lp.social {
		l.Title = s.title
		l.CPV = append([]koppel.CPV(nil), s.cpv...)
	} else {
		lt := pick(r, lotTitles[lp.cat])
		if lp.title != nil {
			lt = *lp.title
		}
		l.Title = lt.title
		l.CPV = append([]koppel.CPV(nil), lt.cpv[:between(r, 1, len(lt.cpv))]...)
	}
	// The place of performance is the buyer's own postcode or, for regional
	// buyers, now and then another place in the same province (a campus, a
	// container park).
	pl := home
	if regional && chance(r, 0.4) {
		if near := nearby(home, 30); len(near) > 0 {
			pl = pick(r, near)
		}
	}
	l.Postcode, l.City = pl.Postcode, pl.City
	start := deadline.Time().AddDate(0, between(r, 2, 4), 0)
	l.Start = koppel.NewDate(start.Year(), start.Month(), 1)
	years := between(r, 1, 3)
	l.End = koppel.DateOf(l.Start.Time().AddDate(years, 0, -1))
	l.VolumeFTE = round1(0.5 + 5.5*r.Float64())
	l.Value = float64(int(l.VolumeFTE*float64(years)*between2(r, 38, 52)) * 1000)
	l.Description = fmt.Sprintf("%s in %s, %s VTE per jaar, van %s tot %s. Categorie: %s.",
		l.Title, pl.City, dutchNum(l.VolumeFTE), l.Start.Dutch(), l.End.Dutch(), info.Label)
	for _, c := range lp.clauses {
		c.SocialObjectives = append([]string(nil), c.SocialObjectives...)
		l.Clauses = append(l.Clauses, c)
	}
	l.TargetGroups = slices.Clone(lp.groups)
	return l
}

// between2 returns a random float in [lo, hi] as a whole number.
func between2(r *rand.Rand, lo, hi int) float64 { return float64(between(r, lo, hi)) }
