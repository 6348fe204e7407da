package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"koppel"
)

// Random streams of this file, after those of demo.go.
const (
	streamTargetGroup = streamPostcode + 1 + iota
	streamInternship
)

// groupChance is how often an enterprise of a work form declares a target
// group: maatwerkbedrijven and maatwerkafdelingen employ people with an
// arbeidshandicap, often also a psychosocial vulnerability; LDE projects
// long-term and low-skilled jobseekers, people in art. 60 and newcomers;
// arbeidszorg people with a psychosocial vulnerability. transition is how
// often it runs transition paths (LDE projects lead to the regular economy
// by design, maatwerkbedrijven often).
var groupChance = map[koppel.WorkForm]struct {
	groups     map[koppel.TargetGroup]float64
	transition float64
}{
	koppel.Maatwerkbedrijf:        {map[koppel.TargetGroup]float64{koppel.TargetDisability: 1, koppel.TargetPsychosocial: 0.6, koppel.TargetLongTerm: 0.3}, 0.55},
	koppel.Maatwerkafdeling:       {map[koppel.TargetGroup]float64{koppel.TargetDisability: 1, koppel.TargetPsychosocial: 0.4}, 0.3},
	koppel.LokaleDiensteneconomie: {map[koppel.TargetGroup]float64{koppel.TargetLongTerm: 1, koppel.TargetLowSkilled: 0.6, koppel.TargetArt60: 0.4, koppel.TargetNewcomer: 0.3, koppel.TargetOlderJobseeker: 0.2}, 0.8},
	koppel.Arbeidszorg:            {map[koppel.TargetGroup]float64{koppel.TargetPsychosocial: 1, koppel.TargetDisability: 0.5}, 0.1},
	koppel.Invoegbedrijf:          {map[koppel.TargetGroup]float64{koppel.TargetLongTerm: 1, koppel.TargetLowSkilled: 0.5}, 0.2},
	koppel.Cooperatie:             {map[koppel.TargetGroup]float64{koppel.TargetLongTerm: 0.4, koppel.TargetNewcomer: 0.3}, 0.05},
	koppel.SocialeOnderneming:     {map[koppel.TargetGroup]float64{koppel.TargetLongTerm: 0.4, koppel.TargetNewcomer: 0.3, koppel.TargetExOffender: 0.15}, 0.05},
}

// targetGroups draws the declared target groups and transition paths of
// enterprise i of work form f, from its own random stream so that the rest
// of the dataset does not change. About one in eight declares none (their
// profile leaves it empty).
func targetGroups(seed int64, i int, f koppel.WorkForm) ([]koppel.TargetGroup, bool) {
	r := rng(seed, streamTargetGroup, uint64(i))
	if chance(r, 0.12) {
		return nil, false
	}
	c := groupChance[f]
	var out []koppel.TargetGroup
	for _, g := range koppel.TargetGroups { // in the list's order
		if p, ok := c.groups[g.Group]; ok && chance(r, p) {
			out = append(out, g.Group)
		}
	}
	return out, chance(r, c.transition)
}

// internshipPlan is an internship place a buyer of a kind offers.
type internshipPlan struct {
	buyer buyerKind
	work  koppel.InternshipWork
	title string
	what  string
}

var internshipPlans = []internshipPlan{
	{basisschool, "poetsen", "Stage in de poetsploeg", "Mee poetsen met de poetsploeg van de school na de lesuren: klaslokalen, gangen en sanitair."},
	{secundaire, "klussen", "Stage bij het klusteam", "Kleine herstellingen, schilderwerk en het onderhoud van de schoolgebouwen, samen met de technisch assistent."},
	{gemeente, "groen", "Stage in de groendienst", "Maaien, snoeien en het onderhoud van parken en speelpleinen met de ploeg van de gemeentelijke groendienst."},
	{basisschool, "keuken", "Stage in de schoolkeuken", "Helpen bij het bereiden en opdienen van de warme maaltijden en de afwas."},
	{secundaire, "onthaal", "Stage aan het onthaal", "Bezoekers en leerlingen ontvangen, de telefoon aannemen en post verdelen."},
	{scholengroep, "poetsen", "Stage in de poetsploeg van de campus", "Dagelijkse schoonmaak van klaslokalen en sporthal, met een vaste mentor."},
	{gemeente, "fietsen", "Stage in het gemeentelijke fietspunt", "Herstelling en onderhoud van dienstfietsen en leenfietsen."},
	{basisschool, "groen", "Stage bij het onderhoud van de speelplaats en schooltuin", "Schooltuin, speelplaats en groen rond de school onderhouden."},
}

// GenerateInternships returns fictional internship places offered by demo
// schools and municipalities, one for every three tenders (at least one
// when there are tenders), with IDs demo-stage-001, …; most open, every
// fourth with one place already taken. They depend only on the seed and
// their position.
func GenerateInternships(o Options) []*koppel.Internship {
	if o.Tenders <= 0 {
		return nil
	}
	n := max(o.Tenders/3, 1)
	out := make([]*koppel.Internship, n)
	for i := range out {
		out[i] = genInternship(rng(o.Seed, streamInternship, uint64(i)), i)
	}
	return out
}

func genInternship(r *rand.Rand, i int) *koppel.Internship {
	plan := internshipPlans[i%len(internshipPlans)]
	p := pickPlace(r)
	b := buyerFor(r, plan.buyer, p)
	start := time.Date(2026, time.Month(between(r, 2, 10)), 1, 0, 0, 0, 0, time.UTC)
	places := between(r, 1, 3)
	in := &koppel.Internship{
		ID:          fmt.Sprintf("demo-stage-%03d", i+1),
		Owner:       b.Name,
		Host:        b.Name,
		Title:       plan.title,
		Work:        plan.work,
		Description: plan.what + " Fictieve demo-stageplaats: de school of gemeente bestaat niet.",
		Address:     koppel.Address{Street: fmt.Sprintf("%s %d", pick(r, streets), between(r, 1, 120)), Postcode: p.Postcode, City: p.City},
		Start:       koppel.DateOf(start),
		End:         koppel.DateOf(start.AddDate(0, 3, -1)),
		Places:      places,
		Contact: koppel.InternshipContact{
			Name:  pick(r, []string{"Facilitair coördinator", "Technisch coördinator", "Directie", "Diensthoofd"}),
			Email: "stages@" + slugify(strings.TrimSuffix(b.Name, " (demo)")) + ".example",
			Phone: phone(r, p.Province),
		},
		Status: koppel.InternshipOpen,
	}
	if i%4 == 3 && places > 1 {
		in.Filled = 1
	}
	in.CreatedAt = ReferenceDate.AddDate(0, 0, -between(r, 1, 60))
	in.UpdatedAt = in.CreatedAt
	return in
}
